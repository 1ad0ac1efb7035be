import { randomUUID } from 'node:crypto';
import { and, asc, count, inArray, not, type SQL } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { ModelDefinition } from '@/lib/models/define-model';
import { bulkEditableFields } from '@/lib/models/bulk-fields';
import { getModel } from '@/lib/models/registry';
import { blocksDelete } from '@/lib/models/on-delete';
import type { ListQuery } from '@/lib/models/types';
import type { Actor } from './actor';
import { AppError, validationError } from './errors';
import { buildWhere, columnOf } from './list-filters';
import { deleteRows, updateRows } from './records';
import { dataDb } from './transaction';
import { assertCan } from './permissions';

// Bulk work on a list: the rows a user ticked, or every row matching the list's filter. Each action
// runs in one transaction and gives every row the single-object checks (updateRows / deleteRows),
// so validation, sync-owned fields, role checks and the change log (one entry per object, one
// request id for the whole action) are exactly those of a single edit, and any failure rolls every
// row back.

/** The most rows one bulk action touches; beyond it the user narrows the filter first. */
export const MAX_BULK_ROWS = 100_000;

/** Ticked rows are sent as ids (one page at most); larger selections are a filter. */
const MAX_TICKED = 10_000;

export type Selection = { ids: number[] } | { query: Pick<ListQuery, 'q' | 'filters'> };

export interface BulkEdit {
  /** Field key → new value, as a form would submit it. */
  set?: Record<string, unknown>;
  /** Tag ids to add to / remove from every row. */
  addTags?: number[];
  removeTags?: number[];
}

export interface DeleteEffect {
  model: string;
  label: string;
  count: number;
  onDelete: string;
}

function modelOrThrow(key: string): ModelDefinition {
  const model = getModel(key);
  if (!model) throw new AppError('not_found', `Unknown model "${key}".`);
  return model;
}

function assertWriter(actor: Actor): void {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
  assertCan(actor, 'annotate');
}

function isId(v: unknown): v is number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v > 0;
}

function selectionWhere(model: ModelDefinition, selection: Selection): SQL | undefined {
  if ('ids' in selection) {
    if (!Array.isArray(selection.ids) || !selection.ids.every(isId))
      throw validationError({ ids: ['Row ids must be positive whole numbers.'] });
    if (selection.ids.length > MAX_TICKED)
      throw validationError({
        ids: [`At most ${MAX_TICKED} rows can be ticked; select all rows matching a filter instead.`],
      });
    return inArray(columnOf(model, 'id'), selection.ids.length > 0 ? selection.ids : [0]);
  }
  return buildWhere(model, { q: selection.query.q ?? '', filters: selection.query.filters ?? {} });
}

/** How many rows a selection holds now (the count shown next to "all matching"). */
export async function countSelection(actor: Actor, modelKey: string, selection: Selection): Promise<number> {
  await getReadable(actor);
  const model = modelOrThrow(modelKey);
  const db = await dataDb();
  const [{ n }] = await db
    .select({ n: count() })
    .from(model.table as PgTable)
    .where(selectionWhere(model, selection));
  return Number(n);
}

async function getReadable(actor: Actor): Promise<void> {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
}

/** The ids a selection holds, in id order; refuses selections above MAX_BULK_ROWS. */
export async function resolveSelection(actor: Actor, modelKey: string, selection: Selection): Promise<number[]> {
  await getReadable(actor);
  const model = modelOrThrow(modelKey);
  const db = await dataDb();
  const rows = (await db
    .select({ id: columnOf(model, 'id') })
    .from(model.table as PgTable)
    .where(selectionWhere(model, selection))
    .orderBy(asc(columnOf(model, 'id')))
    .limit(MAX_BULK_ROWS + 1)) as { id: number }[];
  if (rows.length > MAX_BULK_ROWS)
    throw new AppError(
      'conflict',
      `More than ${MAX_BULK_ROWS.toLocaleString('en-US')} rows are selected; narrow the filter first.`,
    );
  return rows.map((r) => r.id);
}

export function bulkEditableKeys(model: ModelDefinition): string[] {
  return bulkEditableFields(model.meta).map((f) => f.key);
}

function checkEdit(model: ModelDefinition, edit: BulkEdit): void {
  const errors: Record<string, string[]> = {};
  const allowed = new Set(bulkEditableKeys(model));
  for (const key of Object.keys(edit.set ?? {})) {
    if (!allowed.has(key))
      errors[key] = [`${model.meta.fields.find((f) => f.key === key)?.label ?? key} cannot be changed in bulk.`];
  }
  const add = edit.addTags ?? [];
  const remove = edit.removeTags ?? [];
  if ((add.length > 0 || remove.length > 0) && !model.meta.taggable)
    errors.tags = [`${model.meta.labelPlural} cannot be tagged.`];
  if (![...add, ...remove].every(isId)) errors.tags = ['Tags must be given by id.'];
  if (add.some((id) => remove.includes(id))) errors.tags = ['The same tag cannot be both added and removed.'];
  if (Object.keys(edit.set ?? {}).length === 0 && add.length === 0 && remove.length === 0)
    errors.nonFieldErrors = ['Choose a field to set or tags to add or remove.'];
  if (Object.keys(errors).length > 0) throw new AppError('validation', Object.values(errors).flat().join(' '), errors);
}

/** An error on one row of a bulk action, naming the row so the user can find it. */
function rowError(model: ModelDefinition, id: number, display: string, err: AppError): AppError {
  const detail =
    err.code === 'validation'
      ? Object.values(err.fieldErrors ?? {})
          .flat()
          .join(' ') || err.message
      : err.message;
  return new AppError(err.code, `${model.meta.label} “${display}” (#${id}): ${detail}`, err.fieldErrors);
}

/**
 * Sets fields and adds/removes tags on every selected row in one transaction: each row gets
 * updateRecord's checks and change-log entry (updateRows); rows the edit does not change are not
 * written. Resolves with how many rows were selected and how many changed.
 */
export async function bulkUpdate(
  actor: Actor,
  modelKey: string,
  selection: Selection,
  edit: BulkEdit,
): Promise<{ selected: number; changed: number }> {
  assertWriter(actor);
  const model = modelOrThrow(modelKey);
  if (!model.meta.editable) throw new AppError('forbidden', `${model.meta.labelPlural} cannot be edited.`);
  checkEdit(model, edit);
  const ids = await resolveSelection(actor, modelKey, selection);
  const scoped: Actor = { ...actor, requestId: actor.requestId ?? randomUUID() };
  const add = edit.addTags ?? [];
  const remove = edit.removeTags ?? [];
  const touchesTags = add.length > 0 || remove.length > 0;
  const inputFor = (current: number[]): Record<string, unknown> => ({
    ...(edit.set ?? {}),
    ...(touchesTags ? { tags: [...new Set([...current, ...add])].filter((t) => !remove.includes(t)) } : {}),
  });
  const changed = await updateRows(scoped, modelKey, ids, inputFor, (id, display, err) =>
    rowError(model, id, display, err),
  );
  return { selected: ids.length, changed };
}

/**
 * What deleting the selection would do to dependants, summed over the selected rows (the single
 * delete's preview, aggregated): one count per relation, rows inside the selection excluded.
 */
export async function describeBulkDelete(
  actor: Actor,
  modelKey: string,
  selection: Selection,
): Promise<{ selected: number; effects: DeleteEffect[] }> {
  await getReadable(actor);
  const model = modelOrThrow(modelKey);
  const ids = await resolveSelection(actor, modelKey, selection);
  const db = await dataDb();
  const chosen = db
    .select({ id: columnOf(model, 'id') })
    .from(model.table as PgTable)
    .where(selectionWhere(model, selection));
  const effects: DeleteEffect[] = [];
  for (const rel of model.meta.related.filter((r) => !r.indirect)) {
    const relModel = getModel(rel.model)!;
    // A row of the selection that points at another one goes with it, so it is no dependant.
    const self = rel.model === model.meta.key ? not(inArray(columnOf(relModel, 'id'), chosen)) : undefined;
    const [{ n }] = await db
      .select({ n: count() })
      .from(relModel.table as PgTable)
      .where(and(inArray(columnOf(relModel, rel.field), chosen), self));
    if (Number(n) > 0)
      effects.push({
        model: rel.model,
        label: `${rel.label} (${relModel.meta.fields.find((f) => f.key === rel.field)?.label ?? rel.field})`,
        count: Number(n),
        onDelete: rel.onDelete,
      });
  }
  return { selected: ids.length, effects };
}

/** Deletes every selected row in one transaction (deleteRows); refused as a whole when dependants block it. */
export async function bulkDelete(actor: Actor, modelKey: string, selection: Selection): Promise<{ deleted: number }> {
  assertWriter(actor);
  const model = modelOrThrow(modelKey);
  if (!model.meta.deletable) throw new AppError('forbidden', `${model.meta.labelPlural} cannot be deleted.`);
  const { effects } = await describeBulkDelete(actor, modelKey, selection);
  const blockers = effects.filter((e) => blocksDelete(e.onDelete));
  if (blockers.length > 0) {
    throw new AppError(
      'conflict',
      `Cannot delete these ${model.meta.labelPlural.toLowerCase()}: ${blockers.map((b) => `${b.count} ${b.label}`).join(', ')} depend on them.`,
    );
  }
  const ids = await resolveSelection(actor, modelKey, selection);
  const scoped: Actor = { ...actor, requestId: actor.requestId ?? randomUUID() };
  const deleted = await deleteRows(scoped, modelKey, ids, (id, display, err) => rowError(model, id, display, err));
  return { deleted };
}
