import { count, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import type { ModelDefinition } from '@/lib/models/define-model';

type Row = Record<string, unknown>;

export interface PageRequest {
  where: SQL | undefined;
  order: SQL[];
  limit: number;
  offset: number;
  /** false skips the COUNT (the API's cursor mode, where no total is promised). */
  withCount?: boolean;
}

/**
 * One page of a model's rows and the number of rows matching `where`: the one list reader behind
 * the list pages (listRecords), the REST API (lib/api/list.ts) and the explorer's relation pages.
 * The two queries run together; callers build `where` and `order` with lib/data/list-filters.ts.
 */
export async function readPage(
  db: Database,
  model: ModelDefinition,
  { where, order, limit, offset, withCount = true }: PageRequest,
): Promise<{ rows: Row[]; count: number | null }> {
  const table = model.table as PgTable;
  const [rows, total] = await Promise.all([
    db
      .select()
      .from(table)
      .where(where)
      .orderBy(...order)
      .limit(limit)
      .offset(offset),
    withCount ? db.select({ n: count() }).from(table).where(where) : null,
  ]);
  return { rows, count: total ? Number(total[0]?.n ?? 0) : null };
}
