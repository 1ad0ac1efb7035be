import type { Actor } from '@/lib/data/actor';
import { loadTags } from '@/lib/data/dto';
import { createRecord, deleteRecord, describeDelete, updateRecord } from '@/lib/data/records';
import { prepareWrite } from '@/lib/data/write-input';
import type { ModelDefinition } from '@/lib/models/define-model';
import type { ApiContext, Row } from './context';
import { ApiError, detail, toApiError } from './errors';
import { getRow } from './list';
import { toDalInput, type WriteMode } from './write-input';

// Writes through the DAL (createRecord/updateRecord/deleteRecord), so every change is validated
// there and change-logged with the API key or user as its author. Bulk operations are
// all-or-nothing by validation first and compensation after, because the DAL opens one
// transaction per call and offers none that spans several (see bulkWrite).

export interface Planned {
  input: Row;
  existing: Row | null;
  /** Tag ids before an update, to restore them if a bulk request is undone. */
  previousTags?: number[];
}

/** NetBox's 409 body for a delete that dependants block. */
async function assertDeletable(actor: Actor, model: ModelDefinition, id: number): Promise<void> {
  const blockers = (await describeDelete(actor, model.meta.key, id)).filter((d) => d.onDelete === 'restrict' || d.onDelete === 'no action');
  if (blockers.length === 0) return;
  const total = blockers.reduce((n, b) => n + b.count, 0);
  throw detail(409, `Unable to delete object. ${total} dependent objects were found: ${blockers.map((b) => `${b.count} ${b.label}`).join(', ')}`);
}

/** Translates and validates one item without writing (DAL field rules included). */
export async function planWrite(ctx: ApiContext, actor: Actor, model: ModelDefinition, body: unknown, existing: Row | null, mode: WriteMode): Promise<Planned> {
  const input = await toDalInput(ctx, model, body, existing, mode);
  prepareWrite(model, actor, input, existing);
  return { input, existing };
}

/** Applies one planned write; returns the id written. */
export async function applyWrite(actor: Actor, model: ModelDefinition, plan: Planned): Promise<number> {
  if (!plan.existing) return (await createRecord(actor, model.meta.key, plan.input)).id;
  const id = plan.existing.id as number;
  await updateRecord(actor, model.meta.key, id, plan.input);
  return id;
}

/** Deletes one object after NetBox's dependant check. */
export async function deleteOne(ctx: ApiContext, actor: Actor, model: ModelDefinition, rawId: string | number): Promise<void> {
  const row = await getRow(ctx, model, rawId);
  await assertDeletable(actor, model, row.id as number);
  await deleteRecord(actor, model.meta.key, row.id as number);
}

/** Undoes applied writes of a failed bulk request: deletes what was created, restores what was updated. */
async function compensate(actor: Actor, model: ModelDefinition, applied: { plan: Planned; id: number }[]): Promise<void> {
  for (const { plan, id } of applied.reverse()) {
    try {
      if (!plan.existing) await deleteRecord(actor, model.meta.key, id);
      else {
        const secret = new Set(model.meta.fields.filter((f) => f.kind === 'secret').map((f) => f.key));
        const revert: Row = Object.fromEntries(Object.keys(plan.input).filter((k) => k !== 'tags' && !secret.has(k)).map((k) => [k, plan.existing![k]]));
        if (plan.input.tags !== undefined) revert.tags = plan.previousTags;
        await updateRecord(actor, model.meta.key, id, revert);
      }
    } catch (err) {
      console.error(`Bulk ${model.meta.key} request: could not undo the write to #${id}:`, err);
    }
  }
}

/** The body of a bulk request that failed on item `index`: one dict per item, `{}` for the others. */
function itemErrors(count: number, index: number, err: ApiError): ApiError {
  if (err.status !== 400) return err;
  return new ApiError(400, Array.from({ length: count }, (_, i) => (i === index ? err.body : {})));
}

/**
 * Bulk create/update: every item is translated and validated (the DAL's prepareWrite, related
 * objects, sync-owned fields) before the first write; any invalid item → 400 and nothing is
 * written. If a write then fails (a constraint only the database sees, e.g. a duplicate slug
 * within the batch, or a concurrent change), the writes already applied are undone through the
 * DAL (created objects deleted, updated ones restored) before the error is returned.
 */
export async function bulkWrite(ctx: ApiContext, actor: Actor, model: ModelDefinition, items: unknown[], mode: WriteMode, requestId: string): Promise<number[]> {
  const plans: Planned[] = [];
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      let existing: Row | null = null;
      if (mode !== 'create') {
        const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
        if (id === undefined || id === null) throw new ApiError(400, { id: ['This field is required.'] });
        existing = await getRow(ctx, model, String(id)).catch((e: unknown) => {
          throw e instanceof ApiError && e.status === 404 ? new ApiError(400, { id: [String((e.body as { detail: string }).detail)] }) : e;
        });
      }
      const plan = await planWrite(ctx, actor, model, item, existing, mode);
      if (existing && model.meta.taggable) plan.previousTags = ((await loadTags(ctx.db, model.meta.objectType, [existing.id as number])).get(existing.id as number) ?? []).map((t) => t.id);
      plans.push(plan);
      errors.push({});
    } catch (err) {
      const apiErr = toApiError(model, err, requestId);
      if (apiErr.status !== 400) throw apiErr;
      errors.push(apiErr.body);
    }
  }
  if (plans.length !== items.length) throw new ApiError(400, errors);
  const applied: { plan: Planned; id: number }[] = [];
  for (const [index, plan] of plans.entries()) {
    try {
      applied.push({ plan, id: await applyWrite(actor, model, plan) });
    } catch (err) {
      await compensate(actor, model, applied);
      throw itemErrors(items.length, index, toApiError(model, err, requestId));
    }
  }
  return applied.map((a) => a.id);
}

/** Bulk delete: every id must exist and be deletable (dependants checked) before any is deleted. */
export async function bulkDelete(ctx: ApiContext, actor: Actor, model: ModelDefinition, items: unknown[]): Promise<void> {
  const ids: number[] = [];
  for (const item of items) {
    const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    if (id === undefined || id === null) throw new ApiError(400, items.map((it) => (it === item ? { id: ['This field is required.'] } : {})));
    const row = await getRow(ctx, model, String(id));
    await assertDeletable(actor, model, row.id as number);
    ids.push(row.id as number);
  }
  for (const id of ids) await deleteRecord(actor, model.meta.key, id);
}
