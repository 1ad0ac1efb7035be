import { AsyncLocalStorage } from 'node:async_hooks';
import { getDb, type Database } from '@/db/client';

// A unit of work spanning several data-layer calls (NetBox's all-or-nothing bulk writes): inside
// `inTransaction`, every DAL call runs on the same transaction, and their own transactions
// become savepoints. Outside it, each call opens its own, as before.

const current = new AsyncLocalStorage<Database>();
/** Work to run once the surrounding unit of work has committed (side effects outside the database). */
const committed = new AsyncLocalStorage<(() => Promise<void>)[]>();

/**
 * Runs `effect` after the current write is committed: at once outside a unit of work, else when
 * `inTransaction` commits (never when it rolls back). For effects outside the database, such as
 * pushing an endpoint to the backend, which must not see uncommitted or rolled-back rows.
 */
export async function afterCommit(effect: () => Promise<void>): Promise<void> {
  const queue = committed.getStore();
  if (queue) queue.push(effect);
  else await effect();
}

/** The database the DAL should use now: the surrounding unit of work, else the pool. */
export async function dataDb(): Promise<Database> {
  return current.getStore() ?? (await getDb());
}

/** Runs `work` in one transaction: it commits when `work` resolves and rolls back when it throws. */
export async function inTransaction<T>(work: () => Promise<T>): Promise<T> {
  if (current.getStore()) return work();
  const db = await getDb();
  const effects: (() => Promise<void>)[] = [];
  const result = await committed.run(effects, () =>
    db.transaction((tx) => current.run(tx as unknown as Database, work)),
  );
  for (const effect of effects) await effect();
  return result;
}
