import { and, eq, inArray, isNull, or, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { columnOf } from '@/lib/data/list-filters';
import type { ModelDefinition } from '@/lib/models/define-model';
import { getModel } from '@/lib/models/registry';
import type { ApiContext, Row } from './context';
import { fieldByApi } from './specs';

// Finding related objects the way NetBox clients name them: by natural key in filters
// (`?cluster=prod`, `?site=<slug>`) and by id or attribute dict in write bodies
// (`"cluster": 3`, `"cluster": {"name": "prod"}`), with NetBox's error messages.

/** Fields that name an object in filters, most specific first. */
const NATURAL_KEYS = ['slug', 'name', 'model', 'address'];

export class RelatedLookupError extends Error {}

const table = (model: ModelDefinition) => model.table as PgTable;

/**
 * Ids of `targetKey` objects whose slug or name (or model / address) equals one of `values`;
 * `missing` lists values that matched nothing (NetBox answers 400 for those). `null` is passed
 * through for "is null" filters.
 */
export async function idsByNaturalKey(
  ctx: ApiContext,
  targetKey: string,
  values: string[],
): Promise<{ ids: string[]; missing: string[] }> {
  const target = getModel(targetKey)!;
  const keys = NATURAL_KEYS.filter((k) => target.meta.fields.some((f) => f.key === k));
  const wanted = values.filter((v) => v !== 'null');
  const ids = values.includes('null') ? ['null'] : [];
  if (wanted.length === 0) return { ids, missing: [] };
  if (keys.length === 0) {
    const numeric = wanted.filter((v) => /^\d+$/.test(v));
    return { ids: [...ids, ...numeric], missing: wanted.filter((v) => !/^\d+$/.test(v)) };
  }
  const columns = Object.fromEntries(keys.map((k) => [k, columnOf(target, k)]));
  // The natural-key columns are chosen at run time, so the row is read as a record of them.
  const rows: Row[] = await ctx.db
    .select({ id: columnOf(target, 'id'), ...columns })
    .from(table(target))
    .where(or(...keys.map((k) => inArray(columnOf(target, k), wanted))));
  const matched = new Set(rows.flatMap((r) => keys.map((k) => String(r[k]))));
  return { ids: [...ids, ...rows.map((r) => String(r.id))], missing: wanted.filter((v) => !matched.has(v)) };
}

function describe(attrs: unknown): string {
  return JSON.stringify(attrs);
}

/**
 * The id a write body means by `value`: a numeric id (checked to exist) or a dict of attributes
 * (API names; nested dicts resolve related objects in turn) that matches exactly one object.
 * Throws RelatedLookupError with NetBox's wording.
 */
export async function resolveReference(ctx: ApiContext, targetKey: string, value: unknown, depth = 0): Promise<number> {
  const target = getModel(targetKey)!;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const id = Number(value);
    const found =
      Number.isSafeInteger(id) && id > 0
        ? await ctx.db
            .select({ id: columnOf(target, 'id') })
            .from(table(target))
            .where(eq(columnOf(target, 'id'), id))
            .limit(1)
        : [];
    if (found.length === 0)
      throw new RelatedLookupError(`Related object not found using the provided numeric ID: ${String(value)}`);
    return id;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value) || depth > 3) {
    throw new RelatedLookupError(
      `Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: ${describe(value)}`,
    );
  }
  const conditions: SQL[] = [];
  for (const [name, attr] of Object.entries(value)) {
    const field = name === 'id' ? target.meta.fields.find((f) => f.key === 'id') : fieldByApi(target, name);
    if (!field || field.kind === 'secret' || field.kind === 'json')
      throw new RelatedLookupError(`Related object not found using the provided attributes: ${describe(value)}`);
    const resolved =
      field.kind === 'fk' && field.fk && typeof attr === 'object' && attr !== null
        ? await resolveReference(ctx, field.fk, attr, depth + 1)
        : attr;
    const numeric = field.kind === 'integer' || field.kind === 'fk' || field.kind === 'number';
    if (
      (numeric && resolved !== null && !Number.isFinite(Number(resolved))) ||
      (typeof resolved === 'object' && resolved !== null)
    ) {
      throw new RelatedLookupError(`Related object not found using the provided attributes: ${describe(value)}`);
    }
    const column = columnOf(target, field.key);
    conditions.push(resolved === null ? isNull(column) : eq(column, numeric ? Number(resolved) : resolved));
  }
  if (conditions.length === 0)
    throw new RelatedLookupError(`Related object not found using the provided attributes: ${describe(value)}`);
  const rows = await ctx.db
    .select({ id: columnOf(target, 'id') })
    .from(table(target))
    .where(and(...conditions))
    .limit(2);
  if (rows.length === 0)
    throw new RelatedLookupError(`Related object not found using the provided attributes: ${describe(value)}`);
  if (rows.length > 1)
    throw new RelatedLookupError(`Multiple objects match the provided attributes: ${describe(value)}`);
  return rows[0].id as number;
}
