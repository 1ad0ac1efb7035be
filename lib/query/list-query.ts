import type { FieldMeta, ListQuery, ModelMeta } from '@/lib/models/types';

// One parser for list URLs, shared by pages, the data table and (later) the JSON list route, so UI
// links and API query strings mean the same thing. It never throws: bad values fall back silently.

export type ListParams = URLSearchParams | Record<string, string | string[] | undefined>;

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 1000;
const MAX_Q_LENGTH = 200;
/** Parameters that are never field filters. `cols` belongs to the data table (column chooser). */
export const RESERVED_PARAMS = new Set(['page', 'per_page', 'sort', 'q', 'cols']);

const RANGE_KINDS = new Set(['integer', 'number', 'datetime']);
const UNSORTABLE_KINDS = new Set(['json', 'secret']);

function reader(params: ListParams): (key: string) => string[] {
  if (params instanceof URLSearchParams) return (key) => params.getAll(key);
  return (key) => {
    const value = params[key];
    if (value === undefined) return [];
    return Array.isArray(value) ? value : [value];
  };
}

function paramKeys(params: ListParams): string[] {
  return params instanceof URLSearchParams ? [...new Set(params.keys())] : Object.keys(params);
}

function positiveInt(raw: string | undefined, min: number, max: number): number | null {
  if (raw === undefined || !/^\d+$/.test(raw.trim())) return null;
  const n = Number(raw.trim());
  return Number.isSafeInteger(n) && n >= min && n <= max ? n : null;
}

/** Datetimes without a zone are read as UTC so results never depend on the server's time zone. */
export function normalizeDatetime(raw: string): string | null {
  const text = raw.trim();
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return null;
  const zoned = /T\d{2}:\d{2}/.test(text) && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? `${text}Z` : text;
  const time = Date.parse(zoned);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function normalizeNumber(raw: string, integer: boolean): string | null {
  const text = raw.trim();
  if (text === '') return null;
  if (integer) return /^-?\d+$/.test(text) && Number.isSafeInteger(Number(text)) ? String(Number(text)) : null;
  const n = Number(text);
  return Number.isFinite(n) ? String(n) : null;
}

/** Canonical form of one equality filter value, or null when the value is invalid for the kind. */
function normalizeValue(field: FieldMeta, raw: string): string | null {
  const text = raw.trim();
  if (text === '') return null;
  switch (field.kind) {
    case 'integer':
      return normalizeNumber(text, true);
    case 'number':
      return normalizeNumber(text, false);
    case 'boolean':
      return text === 'true' || text === 'false' ? text : null;
    case 'nullboolean':
      return text === 'true' || text === 'false' || text === 'null' ? text : null;
    case 'choice':
      return field.choices?.some((c) => c.value === text) ? text : null;
    case 'fk':
      return positiveInt(text, 1, Number.MAX_SAFE_INTEGER) === null ? null : String(Number(text));
    case 'datetime':
    case 'json':
    case 'secret':
      return null;
    default:
      return text;
  }
}

function normalizeRangeValue(field: FieldMeta, raw: string): string | null {
  if (field.kind === 'datetime') return normalizeDatetime(raw);
  return normalizeNumber(raw, field.kind === 'integer');
}

/** Fields a list can be ordered by: everything except JSON documents and secrets. */
export function isSortable(field: FieldMeta): boolean {
  return !UNSORTABLE_KINDS.has(field.kind);
}

/** Fields that accept `<key>__gte` / `<key>__lte` range filters. */
export function isRangeFilterable(field: FieldMeta): boolean {
  return RANGE_KINDS.has(field.kind);
}

function parseSort(meta: ModelMeta, raw: string | undefined): ListQuery['sort'] {
  const fallback = { ...meta.list.defaultSort };
  if (!raw) return fallback;
  const desc = raw.startsWith('-');
  const key = desc ? raw.slice(1) : raw;
  const field = meta.fields.find((f) => f.key === key);
  return field && isSortable(field) ? { key, desc } : fallback;
}

function parseFilters(meta: ModelMeta, params: ListParams): Record<string, string[]> {
  const get = reader(params);
  const byKey = new Map(meta.fields.map((f) => [f.key, f]));
  const filters: Record<string, string[]> = {};
  for (const name of paramKeys(params)) {
    if (RESERVED_PARAMS.has(name)) continue;
    if (meta.virtualFilters?.some((v) => v.key === name)) {
      const ids = [...new Set(get(name).filter((v) => /^\d{1,15}$/.test(v)))];
      if (ids.length > 0) filters[name] = ids;
      continue;
    }
    const range = /^(.+)__(gte|lte)$/.exec(name);
    const field = byKey.get(range ? range[1] : name);
    if (!field) continue;
    if (range) {
      if (!isRangeFilterable(field)) continue;
      const value = get(name)
        .map((v) => normalizeRangeValue(field, v))
        .find((v) => v !== null);
      if (value) filters[name] = [value];
      continue;
    }
    const values = [
      ...new Set(
        get(name)
          .map((v) => normalizeValue(field, v))
          .filter((v) => v !== null),
      ),
    ];
    if (values.length > 0) filters[name] = values;
  }
  return filters;
}

/**
 * Parses list URL parameters: `page` (≥ 1), `per_page` (1..1000), `sort` (`key` or `-key`, sortable
 * fields only), `q`, and per-field filters (`key=value`, repeated = OR; `key__gte`/`key__lte`).
 */
export function parseListQuery(meta: ModelMeta, params: ListParams): ListQuery {
  const get = reader(params);
  return {
    page: positiveInt(get('page')[0], 1, Number.MAX_SAFE_INTEGER) ?? 1,
    perPage: positiveInt(get('per_page')[0], 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE,
    sort: parseSort(meta, get('sort')[0]),
    q: (get('q')[0] ?? '').trim().slice(0, MAX_Q_LENGTH),
    filters: parseFilters(meta, params),
  };
}

function isDefaultSort(meta: ModelMeta, sort: ListQuery['sort']): boolean {
  const d = meta.list.defaultSort;
  return sort === null || (sort.key === d.key && sort.desc === d.desc);
}

/**
 * The inverse of `parseListQuery`: a query string (without `?`) that leaves out defaults, so
 * links stay short and one state has one URL. Filters keep their insertion order.
 */
export function serializeListQuery(meta: ModelMeta, query: Partial<ListQuery>): string {
  const params = new URLSearchParams();
  if (query.q) params.set('q', query.q);
  for (const [key, values] of Object.entries(query.filters ?? {})) {
    for (const value of values) params.append(key, value);
  }
  if (query.sort && !isDefaultSort(meta, query.sort)) {
    params.set('sort', `${query.sort.desc ? '-' : ''}${query.sort.key}`);
  }
  if (query.perPage && query.perPage !== DEFAULT_PER_PAGE) params.set('per_page', String(query.perPage));
  if (query.page && query.page > 1) params.set('page', String(query.page));
  return params.toString();
}
