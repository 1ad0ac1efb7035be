// List filtering, ordering and pagination as NetBox's filtersets and NetBoxPagination do them:
// repeated parameters OR, different ones AND, `tag` ANDs slugs, `cf_<name>` per custom field
// type, unknown parameters ignored, invalid values of known filters → 400.
import { collator } from './models/common';
import { normalizeMac } from './models/mac';
import { parseIp } from './models/ip';
import { NetboxError, type Errors, type ModelSpec, type Row } from './models/types';
import type { Store } from './store';
import { customFieldsFor } from './write';

export const DEFAULT_PAGE = 50;
export const MAX_PAGE = 1000;
const RESERVED = new Set(['limit', 'offset', 'start', 'brief', 'ordering', 'fields', 'omit', 'exclude', 'format', 'q']);
const LOOKUP = /^(.*?)__(n|ic|nic|ie|nie|isw|nisw|iew|niew|empty|gt|gte|lt|lte)$/;

type Pred = (row: Row) => boolean;
const invalidChoice = (v: string) => `Select a valid choice. ${v} is not one of the available choices.`;

function stringTest(lookup: string | undefined, values: string[]): (v: unknown) => boolean {
  const lower = values.map((v) => v.toLowerCase());
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  switch (lookup) {
    case undefined:
      return (v) => values.includes(s(v));
    case 'n':
      return (v) => !values.includes(s(v));
    case 'ic':
      return (v) => lower.some((x) => s(v).toLowerCase().includes(x));
    case 'nic':
      return (v) => !lower.some((x) => s(v).toLowerCase().includes(x));
    case 'ie':
      return (v) => lower.includes(s(v).toLowerCase());
    case 'nie':
      return (v) => !lower.includes(s(v).toLowerCase());
    case 'isw':
      return (v) => lower.some((x) => s(v).toLowerCase().startsWith(x));
    case 'nisw':
      return (v) => !lower.some((x) => s(v).toLowerCase().startsWith(x));
    case 'iew':
      return (v) => lower.some((x) => s(v).toLowerCase().endsWith(x));
    case 'niew':
      return (v) => !lower.some((x) => s(v).toLowerCase().endsWith(x));
    case 'empty':
      return (v) => (s(v) === '') === (values[0] === 'true');
    default:
      return () => true;
  }
}

function numbers(key: string, values: string[], errors: Errors): number[] {
  const out: number[] = [];
  for (const v of values) {
    if (!/^-?\d+(\.\d+)?$/.test(v.trim())) {
      errors[key] = ['Enter a number.'];
      return [];
    }
    out.push(Number(v));
  }
  return out;
}

function numberTest(lookup: string | undefined, nums: number[]): (v: unknown) => boolean {
  const n = (v: unknown) => (v === null || v === undefined ? NaN : Number(v));
  switch (lookup) {
    case undefined:
      return (v) => nums.includes(n(v));
    case 'n':
      return (v) => !nums.includes(n(v));
    case 'gt':
      return (v) => n(v) > nums[0];
    case 'gte':
      return (v) => n(v) >= nums[0];
    case 'lt':
      return (v) => n(v) < nums[0];
    case 'lte':
      return (v) => n(v) <= nums[0];
    default:
      return () => true;
  }
}

/** Interface endpoint, its parent field and content type, for filters on what an IP or MAC is assigned to. */
const ASSIGNED: Record<string, [string, string, string]> = {
  virtual_machine: ['virtualization/interfaces', 'virtual_machine', 'virtualization.vminterface'],
  device: ['dcim/interfaces', 'device', 'dcim.interface'],
};

function relatedIds(
  store: Store,
  endpoint: string,
  key: string,
  values: string[],
  byId: boolean,
  errors: Errors,
): Set<number> | null {
  const out = new Set<number>();
  if (!store.has(endpoint)) return out;
  const target = store.model(endpoint);
  const attr = target.fields.some(([n]) => n === 'slug') ? 'slug' : 'name';
  for (const v of values) {
    if (v === 'null') continue;
    let id: number | undefined;
    if (byId) id = /^\d+$/.test(v) && store.get(endpoint, Number(v)) ? Number(v) : undefined;
    else for (const r of store.all(endpoint)) if (String(r[attr]) === v) id = r.id;
    if (id === undefined) {
      errors[key] = [invalidChoice(v)];
      return null;
    }
    out.add(id);
  }
  return out;
}

function filterFor(store: Store, model: ModelSpec, key: string, values: string[], errors: Errors): Pred | null {
  const m = LOOKUP.exec(key);
  const base = m ? m[1] : key;
  const lookup = m ? m[2] : undefined;
  const fields = new Map(model.fields);

  if (base === 'id') {
    const nums = numbers(key, values, errors);
    return nums.length ? (r) => numberTest(lookup, nums)(r.id) : null;
  }
  if (base === 'tag' || base === 'tag_id') {
    const ids = relatedIds(store, 'extras/tags', key, values, base === 'tag_id', errors);
    if (!ids || !model.tagged) return null;
    const has = (r: Row, t: number) => ((r.tags as number[]) ?? []).includes(t);
    if (lookup === 'n') return (r) => ![...ids].some((t) => has(r, t));
    return (r) => [...ids].every((t) => has(r, t));
  }
  if (base === 'tag__any') return null;
  if (base.startsWith('cf_') && model.customFields) {
    const cf = customFieldsFor(store, model).find((c) => c.name === base.slice(3) && c.filter_logic !== 'disabled');
    if (!cf) return null;
    const name = String(cf.name);
    const get = (r: Row) => ((r.custom_fields ?? {}) as Record<string, unknown>)[name];
    if (cf.type === 'integer' || cf.type === 'decimal') {
      const nums = numbers(key, values, errors);
      return nums.length ? (r) => numberTest(lookup, nums)(get(r)) : null;
    }
    if (cf.type === 'boolean')
      return (r) => values.some((v) => String(get(r)) === String(v === 'true' || v === '1' || v === 'True'));
    const loose = cf.filter_logic === 'loose' && ['text', 'longtext', 'url'].includes(String(cf.type));
    const test = stringTest(lookup ?? (loose ? 'ic' : undefined), values);
    return (r) => test(get(r));
  }
  if (
    store.has('ipam/ip-addresses') &&
    (model.endpoint === 'ipam/ip-addresses' || model.endpoint === 'dcim/mac-addresses')
  ) {
    const assigned = base.replace(/_id$/, '');
    if (assigned in ASSIGNED) {
      const [ifaceEp, parentField, ctype] = ASSIGNED[assigned];
      const parents = relatedIds(
        store,
        parentField === 'device' ? 'dcim/devices' : 'virtualization/virtual-machines',
        key,
        values,
        base.endsWith('_id'),
        errors,
      );
      if (!parents) return null;
      return (r) =>
        r.assigned_object_type === ctype &&
        parents.has(store.get(ifaceEp, r.assigned_object_id as number)?.[parentField] as number);
    }
    if (base === 'vminterface_id' || base === 'interface_id') {
      const ctype = base === 'vminterface_id' ? 'virtualization.vminterface' : 'dcim.interface';
      const nums = numbers(key, values, errors);
      return (r) => r.assigned_object_type === ctype && nums.includes(r.assigned_object_id as number);
    }
    if (base === 'assigned_to_interface')
      return (r) =>
        (r.assigned_object_type != null) === (values[0] === 'true' || values[0] === 'True' || values[0] === '1');
  }
  if (model.endpoint === 'ipam/ip-addresses' && base === 'address' && !lookup) {
    const parsed = values.map((v) => ({ v, ip: parseIp(v) }));
    return (r) =>
      parsed.some(({ v, ip }) => (ip ? (v.includes('/') ? r.address === ip.text : r._host === ip.host) : false));
  }
  if (model.endpoint === 'ipam/ip-addresses' && base === 'family') return (r) => values.includes(String(r._family));
  if (base === 'site_id' && model.endpoint === 'virtualization/clusters' && store.profile.clusterScope) {
    const ids = relatedIds(store, 'dcim/sites', key, values, true, errors);
    return ids ? (r) => ids.has(r._site as number) : null;
  }
  if (
    base === 'mac_address' &&
    (model.endpoint === 'dcim/interfaces' || model.endpoint === 'virtualization/interfaces') &&
    store.profile.macObjects
  ) {
    const macs = values.map((v) => normalizeMac(v) ?? v.toUpperCase());
    const ctype = model.contentType;
    return (r) =>
      [...store.referrers('dcim/mac-addresses', 'assigned_object_type', `${ctype}:${r.id}`)].some((id) =>
        macs.includes(String(store.get('dcim/mac-addresses', id)?.mac_address)),
      );
  }
  // Components filter by their parent's cluster.
  if (
    base === 'cluster_id' &&
    (model.endpoint === 'virtualization/interfaces' || model.endpoint === 'virtualization/virtual-disks')
  ) {
    const ids = relatedIds(store, 'virtualization/clusters', key, values, true, errors);
    return ids
      ? (r) => ids.has(store.get('virtualization/virtual-machines', r.virtual_machine as number)?.cluster as number)
      : null;
  }

  // Plain model fields and their FKs (`cluster_id=3`, `site=<slug>`).
  const fkName =
    base.endsWith('_id') && fields.get(base.slice(0, -3))?.kind === 'fk'
      ? base.slice(0, -3)
      : fields.get(base)?.kind === 'fk'
        ? base
        : null;
  if (fkName) {
    const f = fields.get(fkName)!;
    if (f.kind !== 'fk') return null;
    const ids = relatedIds(store, f.to, key, values, base.endsWith('_id'), errors);
    if (!ids) return null;
    const wantNull = values.includes('null');
    const test = (r: Row) => (r[fkName] == null ? wantNull : ids.has(r[fkName] as number));
    return lookup === 'n' ? (r) => !test(r) : test;
  }
  const field = fields.get(base);
  if (!field || field.kind === 'computed' || field.kind === 'json' || field.kind === 'strings') return null;
  if (field.kind === 'choice') {
    for (const v of values)
      if (v !== 'null' && !field.choices.some((c) => String(c) === v)) {
        errors[key] = [invalidChoice(v)];
        return null;
      }
    const test = (r: Row) => values.includes(r[base] == null ? 'null' : String(r[base]));
    return lookup === 'n' ? (r) => !test(r) : test;
  }
  if (field.kind === 'int' || field.kind === 'decimal') {
    const nums = numbers(key, values, errors);
    return nums.length ? (r) => numberTest(lookup, nums)(r[base]) : null;
  }
  if (field.kind === 'bool') return (r) => values.some((v) => r[base] === (v === 'true' || v === 'True' || v === '1'));
  if (field.kind === 'string' && field.mac && !lookup) {
    const macs = values.map((v) => normalizeMac(v) ?? v);
    return (r) => macs.includes(String(r[base]));
  }
  const test = stringTest(lookup, values);
  return (r) => test(r[base]);
}

/** Rows of `endpoint` matching the query, in order; throws 400 for invalid filter values. */
export function query(store: Store, endpoint: string, params: URLSearchParams): Row[] {
  const model = store.model(endpoint);
  const errors: Errors = {};
  const preds: Pred[] = [];
  const keys = [...new Set(params.keys())];
  for (const key of keys) {
    if (RESERVED.has(key)) continue;
    const values = params.getAll(key);
    const pred = filterFor(store, model, key, values, errors);
    if (pred) preds.push(pred);
  }
  if (Object.keys(errors).length) throw new NetboxError(400, errors);
  const q = params.get('q')?.trim().toLowerCase();
  if (q)
    preds.push((r) =>
      model.search.some((f) =>
        String(r[f] ?? '')
          .toLowerCase()
          .includes(q),
      ),
    );
  const rows: Row[] = [];
  for (const r of store.all(endpoint)) if (preds.every((p) => p(r))) rows.push(r);
  return sort(store, model, rows, params.get('ordering'));
}

function sort(store: Store, model: ModelSpec, rows: Row[], ordering: string | null): Row[] {
  const fields = new Map(model.fields);
  const terms = (ordering ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter((t) => {
      const name = t.replace(/^-/, '');
      const f = fields.get(name);
      return name === 'id' || (f && f.kind !== 'computed' && f.kind !== 'json');
    });
  if (terms.length) {
    return rows.sort((a, b) => {
      for (const t of terms) {
        const name = t.replace(/^-/, '');
        const av = a[name];
        const bv = b[name];
        const d =
          typeof av === 'number' && typeof bv === 'number'
            ? av - bv
            : collator.compare(String(av ?? ''), String(bv ?? ''));
        if (d) return t.startsWith('-') ? -d : d;
      }
      return a.id - b.id;
    });
  }
  return sortRows(store, model, rows);
}

/** Rows in the model's default order (NetBox's `Meta.ordering`), ties by id. */
export function sortRows(store: Store, model: ModelSpec, rows: Row[]): Row[] {
  return rows.sort((a, b) => (model.order ? model.order(a, b, store) : 0) || a.id - b.id);
}

/** `limit`/`offset` as NetBoxPagination reads them: bad values ignored, 0 = the maximum, capped at 1000. */
export function pageOf(params: URLSearchParams): { limit: number; offset: number } {
  const rawLimit = params.get('limit');
  let limit = DEFAULT_PAGE;
  if (rawLimit !== null && /^\d+$/.test(rawLimit.trim())) {
    const n = Number(rawLimit);
    limit = n === 0 ? MAX_PAGE : Math.min(n, MAX_PAGE);
  }
  const rawOffset = params.get('offset');
  const offset = rawOffset !== null && /^\d+$/.test(rawOffset.trim()) ? Number(rawOffset) : 0;
  return { limit, offset };
}

/** DRF's next/previous links: the request URL with `limit`/`offset` replaced (previous drops offset at 0). */
export function pageLinks(
  requestUrl: URL,
  count: number,
  limit: number,
  offset: number,
): { next: string | null; previous: string | null } {
  const link = (off: number | null) => {
    const u = new URL(requestUrl.toString());
    u.searchParams.set('limit', String(limit));
    if (off === null) u.searchParams.delete('offset');
    else u.searchParams.set('offset', String(off));
    return u.toString();
  };
  const next = offset + limit < count ? link(offset + limit) : null;
  const previous = offset <= 0 ? null : offset - limit <= 0 ? link(null) : link(offset - limit);
  return { next, previous };
}

/**
 * Cursor pagination (NetBox 4.6): `?start=<id>&limit=N` → objects with id ≥ start in id order,
 * no count, `next` = `start=<last id + 1>` while pages are full. Not combinable with offset or
 * ordering.
 */
export function cursorPage(store: Store, endpoint: string, url: URL): { rows: Row[]; next: string | null } {
  const params = url.searchParams;
  const raw = params.get('start') ?? '';
  if (!/^\d+$/.test(raw.trim())) throw new NetboxError(400, { start: ['Must be a non-negative integer.'] });
  if (params.has('offset')) throw new NetboxError(400, { detail: "'start' and 'offset' are mutually exclusive." });
  if (params.has('ordering'))
    throw new NetboxError(400, { detail: 'Ordering cannot be specified in conjunction with cursor-based pagination.' });
  const start = Number(raw);
  const { limit } = pageOf(params);
  const filtered = query(store, endpoint, params)
    .filter((r) => r.id >= start)
    .sort((a, b) => a.id - b.id);
  const rows = filtered.slice(0, limit);
  let next: string | null = null;
  // Like NetBox, a full page always links on (it does not look ahead); a short page ends the walk.
  if (rows.length === limit) {
    const u = new URL(url.toString());
    u.searchParams.set('start', String(rows[rows.length - 1].id + 1));
    u.searchParams.set('limit', String(limit));
    next = u.toString();
  }
  return { rows, next };
}
