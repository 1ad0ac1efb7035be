import type { Actor } from '@/lib/data/actor';
import { inTransaction } from '@/lib/data/transaction';
import { createRecord, deleteRecord, describeDelete, updateRecord } from '@/lib/data/records';
import { prepareWrite } from '@/lib/data/write-input';
import type { ModelDefinition } from '@/lib/models/define-model';
import type { ApiContext, Row } from './context';
import { ApiError, detail, toApiError } from './errors';
import { getRow } from './list';
import { toDalInput, type WriteMode } from './write-input';

// Writes through the DAL (createRecord/updateRecord/deleteRecord), so every change is validated
// there and change-logged with the API key or user as its author. Bulk operations validate every
// item first, then apply them in one transaction (inTransaction): all or nothing.

export interface Planned {
  input: Row;
  existing: Row | null;
}

/** NetBox's 409 body for a delete that dependants block. */
async function assertDeletable(actor: Actor, model: ModelDefinition, id: number): Promise<void> {
  const blockers = (await describeDelete(actor, model.meta.key, id)).filter(
    (d) => d.onDelete === 'restrict' || d.onDelete === 'no action',
  );
  if (blockers.length === 0) return;
  const total = blockers.reduce((n, b) => n + b.count, 0);
  throw detail(
    409,
    `Unable to delete object. ${total} dependent objects were found: ${blockers.map((b) => `${b.count} ${b.label}`).join(', ')}`,
  );
}

/** Translates and validates one item without writing (DAL field rules included). */
export async function planWrite(
  ctx: ApiContext,
  actor: Actor,
  model: ModelDefinition,
  body: unknown,
  existing: Row | null,
  mode: WriteMode,
): Promise<Planned> {
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
export async function deleteOne(
  ctx: ApiContext,
  actor: Actor,
  model: ModelDefinition,
  rawId: string | number,
): Promise<void> {
  const row = await getRow(ctx, model, rawId);
  await assertDeletable(actor, model, row.id as number);
  await deleteRecord(actor, model.meta.key, row.id as number);
}

/** The body of a bulk request that failed on item `index`: one dict per item, `{}` for the others. */
function itemErrors(count: number, index: number, err: ApiError): ApiError {
  if (err.status !== 400) return err;
  return new ApiError(
    400,
    Array.from({ length: count }, (_, i) => (i === index ? err.body : {})),
  );
}

/**
 * Bulk create/update: every item is translated and validated (the DAL's prepareWrite, related
 * objects, sync-owned fields) before the first write; any invalid item → 400 and nothing is
 * written. The writes then run in one transaction, so a failure only the database sees (a
 * duplicate slug within the batch, a concurrent change) rolls all of them back.
 */
export async function bulkWrite(
  ctx: ApiContext,
  actor: Actor,
  model: ModelDefinition,
  items: unknown[],
  mode: WriteMode,
  requestId: string,
): Promise<number[]> {
  const plans: Planned[] = [];
  const errors: unknown[] = [];
  for (const item of items) {
    try {
      let existing: Row | null = null;
      if (mode !== 'create') {
        const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
        if (id === undefined || id === null) throw new ApiError(400, { id: ['This field is required.'] });
        existing = await getRow(ctx, model, String(id)).catch((e: unknown) => {
          throw e instanceof ApiError && e.status === 404
            ? new ApiError(400, { id: [String((e.body as { detail: string }).detail)] })
            : e;
        });
      }
      plans.push(await planWrite(ctx, actor, model, item, existing, mode));
      errors.push({});
    } catch (err) {
      const apiErr = toApiError(model, err, requestId);
      if (apiErr.status !== 400) throw apiErr;
      errors.push(apiErr.body);
    }
  }
  if (plans.length !== items.length) throw new ApiError(400, errors);
  return inTransaction(async () => {
    const ids: number[] = [];
    for (const [index, plan] of plans.entries()) {
      try {
        ids.push(await applyWrite(actor, model, plan));
      } catch (err) {
        throw itemErrors(items.length, index, toApiError(model, err, requestId));
      }
    }
    return ids;
  });
}

/** Bulk delete: every id must exist and be deletable (dependants checked) before any is deleted. */
export async function bulkDelete(
  ctx: ApiContext,
  actor: Actor,
  model: ModelDefinition,
  items: unknown[],
): Promise<void> {
  const ids: number[] = [];
  for (const item of items) {
    const id = typeof item === 'object' && item !== null ? (item as { id?: unknown }).id : undefined;
    if (id === undefined || id === null)
      throw new ApiError(
        400,
        items.map((it) => (it === item ? { id: ['This field is required.'] } : {})),
      );
    const row = await getRow(ctx, model, String(id));
    await assertDeletable(actor, model, row.id as number);
    ids.push(row.id as number);
  }
  await inTransaction(async () => {
    for (const id of ids) await deleteRecord(actor, model.meta.key, id);
  });
}
