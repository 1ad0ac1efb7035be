import { and, gt, isNotNull, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { getModel } from '@/lib/models/registry';
import type { ListQuery } from '@/lib/models/types';
import type { Actor } from './actor';
import { AppError } from './errors';
import { buildOrder, buildWhere, columnOf } from './list-filters';
import { assertCan } from './permissions';
import { dataDb } from './transaction';

type Row = Record<string, unknown>;

/** Where the previous batch ended: its last row's sort value (as PostgreSQL's text) and id. */
interface Position {
  value: string | null;
  id: number;
}

const CURSOR = '__export_sort_value';

/**
 * The rows after `last` in the list's order (`buildOrder`: the sort column, PostgreSQL's default
 * NULLS LAST ascending / NULLS FIRST descending, then id in the same direction). The sort value
 * travels as the database's own text and is cast back to the column's type, so values JavaScript
 * cannot hold exactly (microsecond timestamps, big numerics) still compare equal to themselves.
 */
function after(column: PgColumn, id: PgColumn, desc: boolean, last: Position): SQL {
  if (last.value === null) {
    const laterNull = and(isNull(column), desc ? sql`${id} < ${last.id}` : sql`${id} > ${last.id}`)!;
    return desc ? or(laterNull, isNotNull(column))! : laterNull;
  }
  const value = sql`cast(${last.value} as ${sql.raw(column.getSQLType())})`;
  const beyond = desc
    ? sql`(${column}, ${id}) < (${value}, ${last.id})`
    : sql`(${column}, ${id}) > (${value}, ${last.id})`;
  // NULLs sort last ascending; a NOT NULL column has none, and without the OR an index on
  // (column, id) serves every batch as a range scan.
  return desc || column.notNull ? beyond : or(beyond, isNull(column))!;
}

/**
 * Every row matching a list's filter, in the list's order, as batches read by keyset (after the
 * last row's sort value and id), so an export of any size holds one batch at a time and never
 * pays for a deep OFFSET. The filter and sort are checked before the first batch is read: a bad
 * one throws here, not mid-stream.
 */
export async function openRowBatches(
  actor: Actor,
  modelKey: string,
  query: Pick<ListQuery, 'q' | 'filters' | 'sort'>,
  batchSize = 1000,
): Promise<() => Promise<Row[]>> {
  assertCan(actor, 'read');
  const model = getModel(modelKey);
  if (!model) throw new AppError('not_found', `Unknown model "${modelKey}".`);
  const where = buildWhere(model, { q: query.q, filters: query.filters });
  const order = buildOrder(model, query.sort);
  const wanted = query.sort ?? model.meta.list.defaultSort;
  const id = columnOf(model, 'id');
  const column = columnOf(model, wanted.key);
  const byIdOnly = wanted.key === 'id';
  let last: Position | null = null;
  let done = false;
  return async () => {
    if (done) return [];
    const db = await dataDb();
    let since: SQL | undefined;
    if (last !== null) since = byIdOnly ? (wanted.desc ? lt : gt)(id, last.id) : after(column, id, wanted.desc, last);
    const rows = (await db
      .select({ row: model.table as PgTable, cursor: sql<string | null>`${column}::text`.as(CURSOR) } as never)
      .from(model.table as PgTable)
      .where(and(where, since))
      .orderBy(...order)
      .limit(batchSize)) as unknown as { row: Row; cursor: string | null }[];
    if (rows.length < batchSize) done = true;
    if (rows.length > 0) {
      const end = rows[rows.length - 1];
      last = { value: end.cursor, id: end.row.id as number };
    }
    return rows.map((r) => r.row);
  };
}
