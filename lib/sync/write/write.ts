import { and, eq } from 'drizzle-orm';
import { anyOf } from '@/db/array-param';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { taggedItems } from '@/db/schema';
import type { ChangeAction, ChangeEntry } from '@/lib/data/change-log';
import type { ModelDefinition } from '@/lib/models/define-model';
import { insertRows, insertRowsReturning } from '@/db/bulk-insert';
import { bulkUpdate } from './bulk-update';
import { recordSyncChanges, syncChange } from './change-log';
import type { ReconcilePlan } from './reconcile';
import type { SyncContext } from '../context';
import { takeTurn, turnDue } from '../turns';

const CHUNK = 1000;
/** Below this many updates, one statement per row is simpler and as fast. */
const BULK_THRESHOLD = 20;

function chunks<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** A row as a stage reads it from its table (`$inferSelect`): every synced table has a numeric id. */
export type StoredRow = Record<string, unknown> & { id: number };
/** A row as a stage's mapper builds it for its table (`$inferInsert`). */
export type DesiredRow = Record<string, unknown>;

export interface WriteOptions<D extends DesiredRow> {
  /** What happens to rows Proxmox no longer has: deleted, or updated with `staleValues`. */
  removal: 'delete' | 'stale' | 'none';
  staleValues?: Partial<D>;
  /** Tags given to every created row (the Proxbox tag). */
  tagIds?: number[];
  /**
   * Also put `tagIds` back on kept rows that lack them (the object type's overwrite_*_tags flag).
   * Off, they are given at creation only and a user who removes one keeps it removed.
   */
  retag?: boolean;
}

export interface WriteResult<S extends StoredRow> {
  created: S[];
  updated: S[];
  removed: S[];
  unchanged: S[];
}

/**
 * The one place rows read back from `model.table` get the stage's row type. The registry types a
 * model's table as any PgTable, so Drizzle cannot tie what it returns to the plan's rows; the stage
 * read the plan's stored rows from that same table, so they have its `$inferSelect` shape.
 */
function asStored<S extends StoredRow>(rows: Record<string, unknown>[]): S[] {
  return rows as S[];
}

/**
 * Applies a reconcile plan in bulk inside the caller's transaction: multi-row inserts with
 * RETURNING, one UPDATE per changed row, bulk deletes, and an ObjectChange per change (user
 * "sync", request id = the run id). A plan with nothing to do issues no statement at all.
 */
export async function applyPlan<S extends StoredRow, D extends DesiredRow>(
  tx: Database,
  ctx: SyncContext,
  model: ModelDefinition,
  plan: ReconcilePlan<S, D>,
  options: WriteOptions<D>,
): Promise<WriteResult<S>> {
  const table = model.table as PgTable;
  const idColumn = (table as unknown as Record<string, PgColumn>).id;
  const changes: ChangeEntry[] = [];
  // Snapshots of thousands of rows: built with turns for the reads in flight (../turns.ts).
  const log = (action: ChangeAction, row: S, pre: S | null, post: S | null) =>
    changes.push(syncChange(model, action, row, pre, post));

  const created = asStored<S>(await insertRowsReturning(tx, table, plan.create));
  for (const row of created) {
    if (turnDue()) await takeTurn();
    log('create', row, null, row);
  }
  if (options.tagIds?.length && model.meta.taggable && created.length > 0) {
    const assignments = created.flatMap((row) =>
      options.tagIds!.map((tagId) => ({ tagId, objectType: model.meta.objectType, objectId: row.id })),
    );
    await insertRows(tx, taggedItems, assignments, { onConflictDoNothing: true });
  }

  const updated: S[] = [];
  const now = new Date();
  const hasLastUpdated = model.meta.fields.some((f) => f.key === 'lastUpdated');
  const stamped = plan.update.map(({ existing, changes: set }) => ({
    id: existing.id,
    existing,
    changes: hasLastUpdated ? { ...set, lastUpdated: now } : set,
  }));
  if (stamped.length > BULK_THRESHOLD) {
    const byId = new Map(stamped.map((u) => [u.id, u.existing]));
    for (const row of asStored<S>(await bulkUpdate(tx, table, stamped))) {
      if (turnDue()) await takeTurn();
      log('update', row, byId.get(row.id)!, row);
      updated.push(row);
    }
  } else {
    for (const { id, existing, changes: values } of stamped) {
      const [row] = asStored<S>(await tx.update(table).set(values).where(eq(idColumn, id)).returning());
      log('update', row, existing, row);
      updated.push(row);
    }
  }

  const removed: S[] = [];
  if (options.removal === 'delete' && plan.remove.length > 0) {
    for (const batch of chunks(plan.remove)) {
      await tx.delete(table).where(
        anyOf(
          idColumn,
          batch.map((r) => r.id),
        ),
      );
      for (const row of batch) {
        if (turnDue()) await takeTurn();
        log('delete', row, row, null);
      }
    }
    removed.push(...plan.remove);
  } else if (options.removal === 'stale' && options.staleValues) {
    for (const existing of plan.remove) {
      const stale = Object.entries(options.staleValues).some(([k, v]) => existing[k] !== v);
      if (!stale) continue;
      const [row] = asStored<S>(
        await tx
          .update(table)
          .set({ ...options.staleValues, ...(hasLastUpdated ? { lastUpdated: now } : {}) })
          .where(eq(idColumn, existing.id))
          .returning(),
      );
      log('update', row, existing, row);
      removed.push(row);
    }
  }
  if (options.retag && options.tagIds?.length && model.meta.taggable)
    await retag(
      tx,
      model.meta.objectType,
      options.tagIds,
      [...updated, ...plan.unchanged].map((r) => r.id),
    );
  await recordSyncChanges(tx, ctx, changes);
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
          anyOf(taggedItems.objectId, batch),
          anyOf(taggedItems.tagId, tagIds),
        ),
      );
    const present = new Set(have.map((r) => `${r.objectId}:${r.tagId}`));
    const missing = batch.flatMap((objectId) =>
      tagIds.filter((tagId) => !present.has(`${objectId}:${tagId}`)).map((tagId) => ({ tagId, objectType, objectId })),
    );
    if (missing.length) await tx.insert(taggedItems).values(missing).onConflictDoNothing();
  }
}
