import { desc } from 'drizzle-orm';
import { objectChanges } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { getModelByObjectType } from '@/lib/models/registry';
import { dashboardDb } from './read';

export interface RecentChange {
  id: number;
  time: string;
  userName: string;
  action: string;
  /** Label of the changed object's model, e.g. "Virtual machine". */
  modelLabel: string;
  objectRepr: string;
  /** The object's page; for a deleted object (or an unknown model), the change entry itself. */
  href: string;
}

/** The latest `limit` change-log entries, newest first (uses the change log's time index). */
export async function recentChanges(actor: Actor, limit = 10): Promise<RecentChange[]> {
  const db = await dashboardDb(actor);
  const rows = await db
    .select({
      id: objectChanges.id,
      time: objectChanges.time,
      userName: objectChanges.userName,
      action: objectChanges.action,
      type: objectChanges.changedObjectType,
      objectId: objectChanges.changedObjectId,
      objectRepr: objectChanges.objectRepr,
    })
    .from(objectChanges)
    .orderBy(desc(objectChanges.time), desc(objectChanges.id))
    .limit(limit);
  return rows.map((r) => {
    const model = getModelByObjectType(r.type);
    return {
      id: r.id,
      time: r.time.toISOString(),
      userName: r.userName,
      action: r.action,
      modelLabel: model?.meta.label ?? r.type,
      objectRepr: r.objectRepr,
      href: model && r.action !== 'delete' ? `/${model.meta.key}/${r.objectId}` : `/object-changes/${r.id}`,
    };
  });
}
