import { asc, inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { objectChanges } from '@/db/schema';
import type { ChangeEntry } from '@/lib/data/change-log';

// A preview runs the real stages on a transaction that is rolled back: the stages write exactly
// as a run would (their own transactions become savepoints), the change log they write is read
// back before the rollback, and nothing of it stays.

/** Carries the result out of the transaction it rolls back. */
class Discard<T> extends Error {
  constructor(readonly value: T) {
    super('preview: writes discarded');
  }
}

/** Runs `work` inside one transaction and rolls it back whatever happens; returns what `work` returned. */
export async function withDiscardedWrites<T>(db: Database, work: (tx: Database) => Promise<T>): Promise<T> {
  try {
    await db.transaction(async (tx) => {
      throw new Discard(await work(tx as unknown as Database));
    });
  } catch (error) {
    if (error instanceof Discard) return error.value as T;
    throw error;
  }
  throw new Error('unreachable: a discarded transaction committed');
}

/** The change-log entries written under the run ids `requestIds` (as they stand inside `tx`), in write order. */
export async function readRunChanges(tx: Database, requestIds: string[]): Promise<ChangeEntry[]> {
  if (requestIds.length === 0) return [];
  const rows = await tx
    .select()
    .from(objectChanges)
    .where(inArray(objectChanges.requestId, requestIds))
    .orderBy(asc(objectChanges.id));
  return rows.map((r) => ({
    action: r.action,
    objectType: r.changedObjectType,
    objectId: r.changedObjectId,
    repr: r.objectRepr,
    pre: r.prechangeData as Record<string, unknown> | null,
    post: r.postchangeData as Record<string, unknown> | null,
  }));
}
