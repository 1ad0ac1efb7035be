'use server';

import { revalidatePath } from 'next/cache';
import { getDb } from '@/db/client';
import { requireUser } from '@/lib/auth/session';
import { actorName } from '@/lib/data/actor';
import {
  bulkDelete,
  bulkEditableKeys,
  bulkUpdate,
  countSelection,
  describeBulkDelete,
  resolveSelection,
  type DeleteEffect,
  type Selection,
} from '@/lib/data/bulk';
import { AppError } from '@/lib/data/errors';
import { formDataToObject } from '@/lib/forms/form-data';
import { getModel } from '@/lib/models/registry';
import { parseListQuery } from '@/lib/query/list-query';
import { isObjectSyncType } from '@/lib/sync/scope/object-scope';
import { EndpointBusyError } from '@/lib/sync/jobs/run-store';
import { startSyncJob } from '@/lib/sync/jobs/start';

// Bulk actions of the list pages. A selection arrives either as ticked ids or as the list's URL
// query string ("every row matching the filter"), which is parsed here exactly as the list page
// parsed it, so the rows acted on are the rows the count was shown for.

export interface BulkSelectionInput {
  ids?: number[];
  /** The list's search string (`?q=…&status=active`), for "all matching". */
  search?: string;
}

export interface BulkResult {
  message?: string;
  error?: string;
}

function toSelection(modelKey: string, input: BulkSelectionInput): Selection {
  const meta = getModel(modelKey)?.meta;
  if (!meta) throw new AppError('not_found', 'Unknown object type.');
  if (Array.isArray(input.ids)) return { ids: input.ids };
  if (typeof input.search !== 'string') throw new AppError('validation', 'Nothing is selected.');
  const { q, filters } = parseListQuery(meta, new URLSearchParams(input.search));
  return { query: { q, filters } };
}

function failure(error: unknown): BulkResult {
  if (error instanceof AppError) return { error: error.message };
  throw error;
}

const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** The number of rows "all matching" stands for right now. */
export async function countSelectionAction(modelKey: string, input: BulkSelectionInput): Promise<number> {
  const actor = await requireUser();
  return countSelection(actor, modelKey, toSelection(modelKey, input));
}

/** The dependants a bulk delete would delete, unlink or be blocked by. */
export async function previewBulkDeleteAction(
  modelKey: string,
  input: BulkSelectionInput,
): Promise<{ selected: number; effects: DeleteEffect[] } | { error: string }> {
  const actor = await requireUser();
  try {
    return await describeBulkDelete(actor, modelKey, toSelection(modelKey, input));
  } catch (error) {
    return failure(error) as { error: string };
  }
}

export async function bulkDeleteAction(modelKey: string, input: BulkSelectionInput): Promise<BulkResult> {
  const actor = await requireUser();
  const meta = getModel(modelKey)?.meta;
  try {
    const { deleted } = await bulkDelete(actor, modelKey, toSelection(modelKey, input));
    revalidatePath(`/${modelKey}`);
    return { message: `Deleted ${plural(deleted, meta!.label.toLowerCase(), meta!.labelPlural.toLowerCase())}.` };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Bulk edit: the form carries `field` (the key to set, or empty), that field's input as the model
 * form renders it, and `addTags` / `removeTags` ids.
 */
export async function bulkEditAction(
  modelKey: string,
  input: BulkSelectionInput,
  formData: FormData,
): Promise<BulkResult> {
  const actor = await requireUser();
  const model = getModel(modelKey);
  if (!model) return { error: 'Unknown object type.' };
  const key = formData.get('field');
  const set: Record<string, unknown> = {};
  if (typeof key === 'string' && key !== '') {
    if (!bulkEditableKeys(model).includes(key)) return { error: 'This field cannot be changed in bulk.' };
    const parsed = formDataToObject(
      { ...model.meta, fields: model.meta.fields.filter((f) => f.key === key) },
      formData,
    );
    set[key] = key in parsed ? parsed[key] : null;
  }
  const ids = (name: string) =>
    formData
      .getAll(name)
      .map(Number)
      .filter((n) => Number.isSafeInteger(n) && n > 0);
  try {
    const { selected, changed } = await bulkUpdate(actor, modelKey, toSelection(modelKey, input), {
      set,
      addTags: ids('addTags'),
      removeTags: ids('removeTags'),
    });
    revalidatePath(`/${modelKey}`);
    return {
      message: `Updated ${plural(changed, model.meta.label.toLowerCase(), model.meta.labelPlural.toLowerCase())} of ${selected.toLocaleString('en-US')} selected.`,
    };
  } catch (error) {
    return failure(error);
  }
}

/** The most objects one "Sync now" queues: each is a job, and a run page per job. */
const MAX_BULK_SYNC = 200;

/**
 * "Sync now" for the selected objects: one per-object run each. Objects whose endpoint is busy
 * (a run already queued or running for it, including one queued by this action) are reported,
 * not queued: runs of one endpoint never overlap.
 */
export async function bulkSyncAction(modelKey: string, input: BulkSelectionInput): Promise<BulkResult> {
  const actor = await requireUser();
  const meta = getModel(modelKey)?.meta;
  if (!meta?.bulkSync || !isObjectSyncType(modelKey))
    return { error: `${meta?.labelPlural ?? 'These objects'} cannot be synced from the list.` };
  try {
    const ids = await resolveSelection(actor, modelKey, toSelection(modelKey, input));
    if (ids.length > MAX_BULK_SYNC)
      return {
        error: `At most ${MAX_BULK_SYNC} objects can be synced at once; ${ids.length.toLocaleString('en-US')} are selected.`,
      };
    const db = await getDb();
    let queued = 0;
    const refused: string[] = [];
    for (const id of ids) {
      try {
        await startSyncJob(db, actor, { object: { type: modelKey, id }, requestedBy: actorName(actor) });
        queued++;
      } catch (error) {
        if (!(error instanceof AppError) && !(error instanceof EndpointBusyError)) throw error;
        refused.push(`#${id}: ${error.message}`);
      }
    }
    revalidatePath('/sync-jobs');
    const head = `Queued ${plural(queued, 'sync', 'syncs')}.`;
    return refused.length === 0
      ? { message: head }
      : {
          error: `${head} Not queued: ${refused.slice(0, 5).join('; ')}${refused.length > 5 ? ` and ${refused.length - 5} more` : ''}.`,
        };
  } catch (error) {
    return failure(error);
  }
}
