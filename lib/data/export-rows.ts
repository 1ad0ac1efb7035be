import { and, asc, gt } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { getModel } from '@/lib/models/registry';
import type { ListQuery } from '@/lib/models/types';
import type { Actor } from './actor';
import { AppError } from './errors';
import { buildWhere, columnOf } from './list-filters';
import { dataDb } from './transaction';

type Row = Record<string, unknown>;

/**
 * Every row matching a list's filter, in id order, as batches read by keyset (`id > last`), so
 * an export of any size holds one batch at a time and never pays for a deep OFFSET. The filter
 * is checked before the first batch is read: a bad filter throws here, not mid-stream.
 */
export async function openRowBatches(actor: Actor, modelKey: string, query: Pick<ListQuery, 'q' | 'filters'>, batchSize = 1000): Promise<() => Promise<Row[]>> {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
  const model = getModel(modelKey);
  if (!model) throw new AppError('not_found', `Unknown model "${modelKey}".`);
  const where = buildWhere(model, { q: query.q, filters: query.filters });
  const id = columnOf(model, 'id');
  let last = 0;
  let done = false;
  return async () => {
    if (done) return [];
    const db = await dataDb();
    const rows = await db.select().from(model.table as PgTable).where(and(where, gt(id, last))).orderBy(asc(id)).limit(batchSize);
    if (rows.length < batchSize) done = true;
    if (rows.length > 0) last = rows[rows.length - 1].id as number;
    return rows;
  };
}
