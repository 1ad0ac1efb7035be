import type { Database } from '@/db/client';
import { recordChanges, type ChangeAction, type ChangeEntry } from '@/lib/data/change-log';
import { snapshotRow } from '@/lib/data/dto';
import type { ModelDefinition } from '@/lib/models/define-model';
import type { SyncContext } from '../context';

/** The change-log entry of one row the sync created, updated or deleted (snapshots as the DAL takes them). */
export function syncChange(
  model: ModelDefinition,
  action: ChangeAction,
  row: Record<string, unknown> & { id: number },
  pre: Record<string, unknown> | null,
  post: Record<string, unknown> | null,
): ChangeEntry {
  return {
    action,
    objectType: model.meta.objectType,
    objectId: row.id,
    repr: model.display(row),
    pre: pre ? snapshotRow(model, pre) : null,
    post: post ? snapshotRow(model, post) : null,
  };
}

/**
 * Every change the sync logs goes through here: user "sync", the run id as request id, written by
 * the data layer's one change-log writer.
 */
export function recordSyncChanges(tx: Database, ctx: SyncContext, entries: ChangeEntry[]): Promise<void> {
  return recordChanges(tx, { kind: 'sync', runId: ctx.runId }, entries);
}
