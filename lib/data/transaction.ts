import { AsyncLocalStorage } from 'node:async_hooks';
import { getDb, type Database } from '@/db/client';

// A unit of work spanning several data-layer calls (NetBox's all-or-nothing bulk writes): inside
// `inTransaction`, every DAL call runs on the same transaction, and their own transactions
// become savepoints. Outside it, each call opens its own, as before.

const current = new AsyncLocalStorage<Database>();

/** The database the DAL should use now: the surrounding unit of work, else the pool. */
export async function dataDb(): Promise<Database> {
  return current.getStore() ?? (await getDb());
}

/** Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws. */
export async function inTransaction<T>(work: () => Promise<T>): Promise<T> {
  if (current.getStore()) return work();
  const db = await getDb();
  return db.transaction((tx) => current.run(tx as unknown as Database, work));
}
