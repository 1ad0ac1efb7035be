import { randomUUID } from 'node:crypto';
import { objectChanges } from '@/db/schema';
import type { Database } from '@/db/client';
import { insertRows } from '@/db/bulk-insert';
import { actorName, type Actor } from './actor';

export type ChangeAction = 'create' | 'update' | 'delete';

export interface ChangeEntry {
  action: ChangeAction;
  objectType: string;
  objectId: number;
  repr: string;
  pre: Record<string, unknown> | null;
  post: Record<string, unknown> | null;
}

/** The length of NetBox's `object_repr`. */
const REPR_LENGTH = 200;

/** A request id groups the changes of one user action or sync run (NetBox's request_id). */
export function requestIdOf(actor: Actor): string {
  return actor.requestId ?? (actor.kind === 'sync' ? actor.runId : randomUUID());
}

/**
 * Writes ObjectChange rows (one JSON parameter per statement: db/bulk-insert.ts, as a sync
 * stage or bulk edit logs thousands at once), all under the actor's name and one request id; call inside
 * the transaction that made the change. The only writer of the change log (pages, API and sync).
 */
export async function recordChanges(tx: Database, actor: Actor, entries: ChangeEntry[]): Promise<void> {
  // The change log does not log itself (rows written by hand or by retention jobs).
  entries = entries.filter((e) => e.objectType !== 'core.objectchange');
  if (entries.length === 0) return;
  const requestId = requestIdOf(actor);
  const userId = actor.kind === 'user' ? actor.userId : null;
  const userName = actorName(actor);
  await insertRows(
    tx,
    objectChanges,
    entries.map((e) => ({
      userId,
      userName,
      requestId,
      action: e.action,
      changedObjectType: e.objectType,
      changedObjectId: e.objectId,
      objectRepr: e.repr.slice(0, REPR_LENGTH),
      prechangeData: e.pre,
      postchangeData: e.post,
    })),
  );
}
