import { randomUUID } from 'node:crypto';
import { objectChanges } from '@/db/schema';
import type { Database } from '@/db/client';
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

/** A request id groups the changes of one user action or sync run (NetBox's request_id). */
export function requestIdOf(actor: Actor): string {
  return actor.requestId ?? (actor.kind === 'sync' ? actor.runId : randomUUID());
}

/** Writes ObjectChange rows; call inside the transaction that made the change. */
export async function recordChanges(tx: Database, actor: Actor, entries: ChangeEntry[]): Promise<void> {
  // The change log does not log itself (rows written by hand or by retention jobs).
  entries = entries.filter((e) => e.objectType !== 'core.objectchange');
  if (entries.length === 0) return;
  const requestId = requestIdOf(actor);
  await tx.insert(objectChanges).values(
    entries.map((e) => ({
      userId: actor.kind === 'user' ? actor.userId : null,
      userName: actorName(actor),
      requestId,
      action: e.action,
      changedObjectType: e.objectType,
      changedObjectId: e.objectId,
      objectRepr: e.repr.slice(0, 200),
      prechangeData: e.pre,
      postchangeData: e.post,
    })),
  );
}
