import { sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { dataDb } from '@/lib/data/transaction';

/** The database for a dashboard read, after checking that someone is asking (any signed-in actor may read). */
export async function dashboardDb(actor: Actor): Promise<Database> {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
  return dataDb();
}

/**
 * Runs one whole-table aggregate without parallel workers. The dashboard already runs its
 * loaders side by side, and PostgreSQL starts each parallel worker as a fresh backend with cold
 * catalog caches: on a scan of 100k guests or 150k backups that start-up costs more than the
 * split saves (about twice as slow on the 100k-guest benchmark database). `set local` ends with
 * the transaction; PGlite accepts the setting and never plans parallel anyway.
 */
export async function serialAggregate<T>(actor: Actor, work: (db: Database) => Promise<T>): Promise<T> {
  const db = await dashboardDb(actor);
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local max_parallel_workers_per_gather = 0`);
    return work(tx as unknown as Database);
  });
}

/** `count(*)` and `sum(...)` come back as strings from pg and numbers from PGlite. */
export const toNumber = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));
