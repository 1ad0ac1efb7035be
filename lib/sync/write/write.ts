import { and, eq, inArray } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { objectChanges, taggedItems } from '@/db/schema';
import type { ModelDefinition } from '@/lib/models/define-model';
import { snapshotRow } from '@/lib/data/dto';
import { insertRows, insertRowsReturning } from '@/db/bulk-insert';
import { bulkUpdate } from './bulk-update';
import type { ReconcilePlan, Row } from './reconcile';
import type { SyncContext } from '../context';

const CHUNK = 1000;
/** Below this many updates, one statement per row is simpler and as fast. */
const BULK_THRESHOLD = 20;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export interface WriteOptions {
  /** What happens to rows Proxmox no longer has: deleted, or updated with `staleValues`. */
  removal: 'delete' | 'stale' | 'none';
  staleValues?: Row;
  /** Tags given to every created row (the Proxbox tag). */
  tagIds?: number[];
  /**
   * Also put `tagIds` back on kept rows that lack them (the object type's overwrite_*_tags flag).
   * Off, they are given at creation only and a user who removes one keeps it removed.
   */
  retag?: boolean;
}

export interface WriteResult {
  created: Row[];
  updated: Row[];
  removed: Row[];
  unchanged: Row[];
}

type ChangeRow = typeof objectChanges.$inferInsert;

/**
 * Applies a reconcile plan in bulk inside the caller's transaction: multi-row inserts with
 * RETURNING, one UPDATE per changed row, bulk deletes, and an ObjectChange per change (user
 * "sync", request id = the run id). A plan with nothing to do issues no statement at all.
 */
export async function applyPlan(
  tx: Database,
  ctx: SyncContext,
  model: ModelDefinition,
  plan: ReconcilePlan<Row>,
  options: WriteOptions,
): Promise<WriteResult> {
  const table = model.table as PgTable;
  const idColumn = (table as unknown as Record<string, PgColumn>).id;
  const changes: ChangeRow[] = [];
  const log = (action: ChangeRow['action'], row: Row, pre: Row | null, post: Row | null) =>
    changes.push({
      userName: 'sync',
      requestId: ctx.runId,
      action,
      changedObjectType: model.meta.objectType,
      changedObjectId: row.id as number,
      objectRepr: model.display(row).slice(0, 200),
      prechangeData: pre ? snapshotRow(model, pre) : null,
      postchangeData: post ? snapshotRow(model, post) : null,
    });

  const created = await insertRowsReturning(tx, table, plan.create);
  for (const row of created) log('create', row, null, row);
  if (options.tagIds?.length && model.meta.taggable && created.length > 0) {
    const assignments = created.flatMap((row) =>
      options.tagIds!.map((tagId) => ({ tagId, objectType: model.meta.objectType, objectId: row.id as number })),
    );
    await insertRows(tx, taggedItems, assignments, { onConflictDoNothing: true });
  }

  const updated: Row[] = [];
  const now = new Date();
  const hasLastUpdated = model.meta.fields.some((f) => f.key === 'lastUpdated');
  const stamped = plan.update.map(({ existing, changes: set }) => ({
    id: existing.id as number,
    existing,
    changes: hasLastUpdated ? { ...set, lastUpdated: now } : set,
  }));
  if (stamped.length > BULK_THRESHOLD) {
    const byId = new Map(stamped.map((u) => [u.id, u.existing]));
    for (const row of await bulkUpdate(tx, table, stamped)) {
      log('update', row, byId.get(row.id as number)!, row);
      updated.push(row);
    }
  } else {
    for (const { id, existing, changes: values } of stamped) {
      const [row] = (await tx.update(table).set(values).where(eq(idColumn, id)).returning()) as Row[];
      log('update', row, existing, row);
      updated.push(row);
    }
  }

  const removed: Row[] = [];
  if (options.removal === 'delete' && plan.remove.length > 0) {
    for (const batch of chunks(plan.remove)) {
      await tx.delete(table).where(
        inArray(
          idColumn,
          batch.map((r) => r.id as number),
        ),
      );
      for (const row of batch) log('delete', row, row, null);
    }
    removed.push(...plan.remove);
  } else if (options.removal === 'stale' && options.staleValues) {
    for (const existing of plan.remove) {
      const stale = Object.entries(options.staleValues).some(([k, v]) => existing[k] !== v);
      if (!stale) continue;
      const [row] = (await tx
        .update(table)
        .set({ ...options.staleValues, ...(hasLastUpdated ? { lastUpdated: now } : {}) })
        .where(eq(idColumn, existing.id as number))
        .returning()) as Row[];
      log('update', row, existing, row);
      removed.push(row);
    }
  }
  if (options.retag && options.tagIds?.length && model.meta.taggable)
    await retag(
      tx,
      model.meta.objectType,
      options.tagIds,
      [...updated, ...plan.unchanged].map((r) => r.id as number),
    );
  await insertRows(tx, objectChanges, changes);
  return { created, updated, removed, unchanged: plan.unchanged };
}

/** Gives each of `ids` the tags it lacks among `tagIds`; writes nothing when all have them. */
async function retag(tx: Database, objectType: string, tagIds: number[], ids: number[]): Promise<void> {
  for (const batch of chunks(ids)) {
    const have = await tx
      .select({ objectId: taggedItems.objectId, tagId: taggedItems.tagId })
      .from(taggedItems)
      .where(
        and(
          eq(taggedItems.objectType, objectType),
          inArray(taggedItems.objectId, batch),
          inArray(taggedItems.tagId, tagIds),
        ),
      );
    const present = new Set(have.map((r) => `${r.objectId}:${r.tagId}`));
    const missing = batch.flatMap((objectId) =>
      tagIds.filter((tagId) => !present.has(`${objectId}:${tagId}`)).map((tagId) => ({ tagId, objectType, objectId })),
    );
    if (missing.length) await tx.insert(taggedItems).values(missing).onConflictDoNothing();
  }
}
