import { asc, desc, eq, gte, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { AppError } from '@/lib/data/errors';
import { buildOrder, buildWhere, columnOf } from '@/lib/data/list-filters';
import { readPage } from '@/lib/data/read-page';
import type { ModelDefinition } from '@/lib/models/define-model';
import { cacheRows, type ApiContext, type Row } from './context';
import { ApiError, objectNotFound } from './errors';
import { translateFilters } from './filters';
import type { Page } from './query';
import { apiNameOf, fieldByApi, isExposed } from './specs';

// Reading rows for the API. The WHERE clause is the DAL's own (buildWhere: field filters with
// their lookups and the quick search `q`), extended with the conditions the DAL has no
// vocabulary for (tags, custom fields, more lookups) through its `extra` parameter; ordering
// follows DRF's OrderingFilter (`?ordering=a,-b`, unknown fields dropped, then the default).

const table = (model: ModelDefinition) => model.table as PgTable;

/** ORDER BY for `?ordering=`; an id tiebreaker keeps pages stable. */
export function orderingOf(model: ModelDefinition, ordering: string | null): SQL[] {
  const terms = (ordering ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  const order: SQL[] = [];
  let byId = false;
  for (const term of terms) {
    const name = term.replace(/^-/, '');
    const field =
      name === 'id'
        ? model.meta.fields.find((f) => f.key === 'id')
        : (fieldByApi(model, name) ?? fieldByApi(model, name.replace(/_id$/, '')));
    if (!field || !isExposed(field) || field.kind === 'json') continue;
    order.push(term.startsWith('-') ? desc(columnOf(model, field.key)) : asc(columnOf(model, field.key)));
    byId ||= field.key === 'id';
  }
  if (order.length === 0) return buildOrder(model, null);
  return byId ? order : [...order, asc(columnOf(model, 'id'))];
}

function isInvalidRegex(err: unknown): boolean {
  for (let e = err, i = 0; e && typeof e === 'object' && i < 4; e = (e as { cause?: unknown }).cause, i++) {
    if ((e as { code?: unknown }).code === '2201B') return true;
  }
  return false;
}

/** One page of rows and the total count (null in cursor mode) for a list request. */
export async function listRows(
  ctx: ApiContext,
  model: ModelDefinition,
  params: URLSearchParams,
  page: Page,
): Promise<{ rows: Row[]; count: number | null }> {
  const { filters, extra, paramOf } = await translateFilters(ctx, model, params);
  const cursor = page.start !== undefined;
  if (cursor) extra.push(gte(columnOf(model, 'id'), page.start!));
  let where: SQL | undefined;
  try {
    where = buildWhere(model, { filters, q: (params.get('q') ?? '').slice(0, 200) }, extra);
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'validation') throw err;
    const body: Record<string, string[]> = {};
    for (const [key, messages] of Object.entries(err.fieldErrors))
      body[paramOf.get(key) ?? apiNameOf(model, key)] = messages;
    throw new ApiError(400, body);
  }
  try {
    const order = cursor ? [asc(columnOf(model, 'id'))] : orderingOf(model, params.get('ordering'));
    const { rows, count } = await readPage(ctx.db, model, {
      where,
      order,
      limit: page.limit,
      offset: page.offset,
      withCount: !cursor,
    });
    cacheRows(ctx, model.meta.key, rows);
    return { rows, count };
  } catch (err) {
    if (isInvalidRegex(err)) throw new ApiError(400, { detail: 'Invalid regular expression in a regex filter.' });
    throw err;
  }
}

/** The row behind a detail URL, or NetBox's 404. */
export async function getRow(ctx: ApiContext, model: ModelDefinition, rawId: string | number): Promise<Row> {
  const id = typeof rawId === 'number' ? rawId : /^\d{1,15}$/.test(rawId) ? Number(rawId) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) throw objectNotFound(model);
  const [row] = await ctx.db
    .select()
    .from(table(model))
    .where(eq(columnOf(model, 'id'), id))
    .limit(1);
  if (!row) throw objectNotFound(model);
  cacheRows(ctx, model.meta.key, [row]);
  return row;
}
