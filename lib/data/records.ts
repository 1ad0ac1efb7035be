import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { pushAfterWrite } from '@/lib/backend-client/hooks';
import { afterCommit, dataDb } from './transaction';
import { taggedItems, tags } from '@/db/schema';
import type { ModelDefinition } from '@/lib/models/define-model';
import { getModel } from '@/lib/models/registry';
import { blocksDelete } from '@/lib/models/on-delete';
import type { BriefRef, ListQuery, ListResult, RecordDTO } from '@/lib/models/types';
import type { Actor } from './actor';
import { recordChanges } from './change-log';
import { mapDbError } from './db-errors';
import { snapshotRow, toDTOs, loadTags } from './dto';
import { AppError, notFound, validationError } from './errors';
import { checkEndpointTarget } from '@/lib/net/endpoint-target';
import { assertCan, can } from './permissions';
import { ANNOTATION_FIELDS } from '@/lib/auth/roles';
import { buildOrder, buildWhere, columnOf, searchCondition } from './list-filters';
import { readPage } from './read-page';
import { changedValues, prepareWrite } from './write-input';
import { checkMultiReferences, runWriteRules } from './write-rules';

type Row = Record<string, unknown>;

function modelOrThrow(key: string): ModelDefinition {
  const model = getModel(key);
  if (!model) throw new AppError('not_found', `Unknown model "${key}".`);
  return model;
}

function assertCanRead(actor: Actor): void {
  assertCan(actor, 'read');
}

/**
 * What a role may write: administrators anything; operators only the user-owned text of
 * inventory objects (description, comments, tags), never an admin-only model (endpoints,
 * settings); viewers nothing. `changed` are the field keys the write would change.
 */
function assertCanUpdate(actor: Actor, model: ModelDefinition, changed: string[]): void {
  if (can(actor, 'admin')) return;
  assertCan(actor, 'annotate');
  if (model.meta.adminOnly)
    throw new AppError(
      'forbidden',
      `You do not have permission to change ${model.meta.labelPlural.toLowerCase()} (administrators only).`,
    );
  const other = changed.filter((key) => !ANNOTATION_FIELDS.has(key));
  if (other.length > 0) {
    throw new AppError(
      'forbidden',
      `Operators can change descriptions, comments and tags only, not ${other.join(', ')}.`,
    );
  }
}

const table = (model: ModelDefinition) => model.table as PgTable;

/** The SSRF check of a new or changed address, outside the write transaction (it may wait on DNS). */
async function checkOutboundTarget(
  db: Database,
  model: ModelDefinition,
  values: Row,
  existing: Row | null,
): Promise<void> {
  if (!model.meta.outboundTarget) return;
  if (existing && !['domain', 'ipAddressId'].some((key) => key in values && values[key] !== existing[key])) return;
  const errors = await checkEndpointTarget(db, { ...(existing ?? {}), ...values });
  if (Object.keys(errors).length > 0) throw validationError(errors);
}

async function selectById(db: Database, model: ModelDefinition, id: number): Promise<Row | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const rows = await db
    .select()
    .from(table(model))
    .where(eq(columnOf(model, 'id'), id))
    .limit(1);
  return rows[0] ?? null;
}

async function tagSlugs(db: Database, model: ModelDefinition, id: number): Promise<string[] | undefined> {
  if (!model.meta.taggable) return undefined;
  return ((await loadTags(db, model.meta.objectType, [id])).get(id) ?? []).map((t) => t.slug);
}

async function replaceTags(
  tx: Database,
  model: ModelDefinition,
  id: number,
  tagIds: number[] | undefined,
): Promise<void> {
  if (tagIds === undefined) return;
  await tx
    .delete(taggedItems)
    .where(and(eq(taggedItems.objectType, model.meta.objectType), eq(taggedItems.objectId, id)));
  if (tagIds.length > 0)
    await tx
      .insert(taggedItems)
      .values(tagIds.map((tagId) => ({ tagId, objectType: model.meta.objectType, objectId: id })));
}

/** One page of a model's rows with the total count, filtered, searched and sorted in SQL. */
export async function listRecords(actor: Actor, modelKey: string, query: ListQuery): Promise<ListResult> {
  assertCanRead(actor);
  const model = modelOrThrow(modelKey);
  const db = await dataDb();
  const where = buildWhere(model, query);
  const perPage = Math.min(Math.max(query.perPage, 1), 1000);
  const offset = (Math.max(query.page, 1) - 1) * perPage;
  const page = await readPage(db, model, { where, order: buildOrder(model, query.sort), limit: perPage, offset });
  return { rows: await toDTOs(db, model, page.rows), rowCount: page.count ?? 0 };
}

/** One row as a DTO; AppError('not_found') when it does not exist. */
export async function getRecord(actor: Actor, modelKey: string, id: number): Promise<RecordDTO> {
  assertCanRead(actor);
  const model = modelOrThrow(modelKey);
  const db = await dataDb();
  const row = await selectById(db, model, id);
  if (!row) throw notFound(model.meta.label.toLowerCase());
  return (await toDTOs(db, model, [row]))[0];
}

/** Validates and inserts a row, its tags and its change-log entry in one transaction. */
export async function createRecord(actor: Actor, modelKey: string, input: Row): Promise<RecordDTO> {
  assertCan(actor, 'admin');
  const model = modelOrThrow(modelKey);
  if (!model.meta.creatable && actor.kind !== 'sync' && actor.kind !== 'system') {
    throw new AppError('forbidden', `${model.meta.labelPlural} are created by the Proxmox sync, not by hand.`);
  }
  const db = await dataDb();
  const { values, tagIds } = prepareWrite(model, actor, input, null);
  await checkOutboundTarget(db, model, values, null);
  if (model.meta.singleton) {
    const [{ n }] = await db.select({ n: count() }).from(table(model));
    if (Number(n) > 0)
      throw new AppError('conflict', `Only one ${model.meta.label} may exist; edit the existing one.`, {
        nonFieldErrors: [`Only one ${model.meta.label} may exist; edit the existing one.`],
      });
  }
  try {
    const row = await db.transaction(async (tx) => {
      await runWriteRules(tx, model, values, null);
      await checkMultiReferences(tx, model, values);
      const [inserted] = await tx.insert(table(model)).values(values).returning();
      await replaceTags(tx, model, inserted.id as number, tagIds);
      const slugs = await tagSlugs(tx, model, inserted.id as number);
      await recordChanges(tx, actor, [
        {
          action: 'create',
          objectType: model.meta.objectType,
          objectId: inserted.id as number,
          repr: model.display(inserted),
          pre: null,
          post: snapshotRow(model, inserted, slugs),
        },
      ]);
      return inserted;
    });
    await afterCommit(() => pushAfterWrite(model.meta.key, 'save', row.id as number));
    return (await toDTOs(db, model, [row]))[0];
  } catch (err) {
    if (err instanceof AppError) throw err;
    mapDbError(model, err);
  }
}

/** Applies a partial update; a no-op update writes neither the row nor the change log. */
export async function updateRecord(actor: Actor, modelKey: string, id: number, input: Row): Promise<RecordDTO> {
  const model = modelOrThrow(modelKey);
  const { rows } = await writeUpdates(
    actor,
    model,
    [id],
    () => input,
    (_id, _display, err) => err,
  );
  return (await toDTOs(await dataDb(), model, rows))[0];
}

/** The input one row of a batch update gets, from its current tag ids (a bulk tag edit adds to them). */
export type RowInput = (tagIds: number[]) => Row;
/** The error a failed row of a batch update throws (bulk actions name the row in it). */
export type RowErrorOf = (id: number, display: string, err: AppError) => AppError;

/**
 * updateRecord for many rows of one model in one transaction, for bulk actions that touch
 * thousands of rows and show none of them. Every row gets updateRecord's checks (input
 * validation, sync-owned fields, role, write rules) and its own change-log entry; what is the same
 * for every row is done once per batch of 500: reading the rows and their tags, checking the tag
 * ids, writing the tags and inserting the change-log entries. The first failing row (in `ids`
 * order) rolls back every row. Resolves with how many rows changed.
 */
export async function updateRows(
  actor: Actor,
  modelKey: string,
  ids: number[],
  inputFor: RowInput,
  rowError: RowErrorOf,
): Promise<number> {
  const model = modelOrThrow(modelKey);
  return (await writeUpdates(actor, model, ids, inputFor, rowError)).changed;
}

const UPDATE_BATCH = 500;

async function writeUpdates(
  actor: Actor,
  model: ModelDefinition,
  ids: number[],
  inputFor: RowInput,
  rowError: RowErrorOf,
): Promise<{ rows: Row[]; changed: number }> {
  assertCan(actor, 'annotate');
  if (model.meta.adminOnly) assertCanUpdate(actor, model, []);
  const db = await dataDb();
  if (model.meta.outboundTarget) {
    // The SSRF check may wait on DNS, so it runs before the write transaction. A row's address
    // fields do not depend on its tags.
    for (let start = 0; start < ids.length; start += UPDATE_BATCH) {
      for (const current of await selectByIds(db, model, ids.slice(start, start + UPDATE_BATCH))) {
        await named(model, current.id as number, model.display(current), rowError, () =>
          checkOutboundTarget(db, model, prepareWrite(model, actor, inputFor([]), current).values, current),
        );
      }
    }
  }
  const rows: Row[] = [];
  const changed: number[] = [];
  try {
    await db.transaction(async (tx) => {
      for (let start = 0; start < ids.length; start += UPDATE_BATCH) {
        const batch = await updateBatch(tx, actor, model, ids.slice(start, start + UPDATE_BATCH), inputFor, rowError);
        changed.push(...batch.changed);
        // Only a single update returns its row; a bulk action would hold every row in memory.
        if (ids.length === 1) rows.push(...batch.rows);
      }
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    mapDbError(model, err);
  }
  for (const id of changed) await afterCommit(() => pushAfterWrite(model.meta.key, 'save', id));
  return { rows, changed: changed.length };
}

/** Runs `work` for one row, turning its failure (database errors mapped first) into `rowError`'s. */
async function named<T>(
  model: ModelDefinition,
  id: number,
  display: string,
  rowError: RowErrorOf,
  work: () => Promise<T>,
): Promise<T> {
  try {
    return await work();
  } catch (err) {
    let appError = err;
    if (!(err instanceof AppError)) {
      try {
        mapDbError(model, err);
      } catch (mapped) {
        appError = mapped;
      }
    }
    throw appError instanceof AppError ? rowError(id, display, appError) : appError;
  }
}

async function selectByIds(db: Database, model: ModelDefinition, ids: number[]): Promise<Row[]> {
  const valid = ids.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (valid.length === 0) return [];
  return await db
    .select()
    .from(table(model))
    .where(inArray(columnOf(model, 'id'), valid));
}

function sameIds(a: number[], b: number[]): boolean {
  const set = new Set(b);
  return a.length === set.size && a.every((id) => set.has(id));
}

async function updateBatch(
  tx: Database,
  actor: Actor,
  model: ModelDefinition,
  ids: number[],
  inputFor: RowInput,
  rowError: RowErrorOf,
): Promise<{ rows: Row[]; changed: number[] }> {
  const existingById = new Map((await selectByIds(tx, model, ids)).map((r) => [r.id as number, r]));
  const tagsBefore = model.meta.taggable
    ? await loadTags(tx, model.meta.objectType, ids)
    : new Map<number, { id: number; slug: string }[]>();
  const stampsUpdate = model.meta.fields.some((f) => f.key === 'lastUpdated');
  // A write rule reads other rows (an address must be unique), so each row is written before the
  // next one is checked; without rules, rows that get the same values are written by one UPDATE.
  const writeAtOnce = model.writeRules.length > 0;
  const updated = new Map<number, Row>();
  const pending = new Map<string, { set: Row; ids: number[] }>();
  const newTags = new Map<number, number[]>();
  const write = (id: number, set: Row) =>
    named(
      model,
      id,
      model.display(existingById.get(id)!),
      rowError,
      async () =>
        await tx
          .update(table(model))
          .set(set)
          .where(eq(columnOf(model, 'id'), id))
          .returning(),
    );
  for (const id of ids) {
    const existing = existingById.get(id);
    if (!existing) throw rowError(id, `#${id}`, notFound(model.meta.label.toLowerCase()));
    const set = await named(model, id, model.display(existing), rowError, async () => {
      const { values, tagIds } = prepareWrite(
        model,
        actor,
        inputFor((tagsBefore.get(id) ?? []).map((t) => t.id)),
        existing,
      );
      const changes = changedValues(existing, values);
      const tagsChanged =
        tagIds !== undefined &&
        model.meta.taggable &&
        !sameIds(
          tagIds,
          (tagsBefore.get(id) ?? []).map((t) => t.id),
        );
      assertCanUpdate(actor, model, Object.keys(changes));
      if (Object.keys(changes).length === 0 && !tagsChanged) return null;
      await runWriteRules(tx, model, { ...existing, ...changes }, id);
      await checkMultiReferences(tx, model, changes);
      if (tagsChanged) newTags.set(id, tagIds);
      return changes;
    });
    if (!set) continue;
    if (stampsUpdate) set.lastUpdated = new Date(0);
    // A tags-only change of a model without a last-updated stamp leaves the row itself as it is.
    if (Object.keys(set).length === 0) updated.set(id, existing);
    else if (writeAtOnce) updated.set(id, (await write(id, stampNow(set)))[0]);
    else {
      const key = JSON.stringify(set);
      if (!pending.has(key)) pending.set(key, { set, ids: [] });
      pending.get(key)!.ids.push(id);
    }
  }
  for (const group of pending.values()) {
    const set = stampNow(group.set);
    let rows: Row[];
    try {
      // A savepoint, so that a constraint broken by one row can be found by writing row by row.
      rows = await tx.transaction(
        async (sp) =>
          await sp
            .update(table(model))
            .set(set)
            .where(inArray(columnOf(model, 'id'), group.ids))
            .returning(),
      );
    } catch {
      rows = [];
      for (const id of group.ids) rows.push(...(await write(id, set)));
    }
    for (const row of rows) updated.set(row.id as number, row);
  }
  await replaceTagsOf(tx, model, newTags, rowError, existingById);
  const changed = ids.filter((id) => updated.has(id));
  const tagsAfter = model.meta.taggable ? await loadTags(tx, model.meta.objectType, changed) : undefined;
  const slugs = (byId: Map<number, { slug: string }[]> | undefined, id: number) =>
    byId ? (byId.get(id) ?? []).map((t) => t.slug) : undefined;
  await recordChanges(
    tx,
    actor,
    changed.map((id) => ({
      action: 'update' as const,
      objectType: model.meta.objectType,
      objectId: id,
      repr: model.display(updated.get(id)!),
      pre: snapshotRow(model, existingById.get(id)!, slugs(model.meta.taggable ? tagsBefore : undefined, id)),
      post: snapshotRow(model, updated.get(id)!, slugs(tagsAfter, id)),
    })),
  );
  return {
    rows: ids.filter((id) => existingById.has(id)).map((id) => updated.get(id) ?? existingById.get(id)!),
    changed,
  };
}

/** The values of an update with its last-updated stamp set to now (the stamp is a placeholder until the write). */
function stampNow(set: Row): Row {
  return 'lastUpdated' in set ? { ...set, lastUpdated: new Date() } : set;
}

/**
 * Sets the tags of several rows at once (one delete, one insert). Unknown tag ids are refused
 * first, naming the first row that has one, since the insert's error could not say which row.
 */
async function replaceTagsOf(
  tx: Database,
  model: ModelDefinition,
  newTags: Map<number, number[]>,
  rowError: RowErrorOf,
  rows: Map<number, Row>,
): Promise<void> {
  if (newTags.size === 0) return;
  const wanted = [...new Set([...newTags.values()].flat())];
  const known = new Set(
    wanted.length > 0
      ? (await tx.select({ id: tags.id }).from(tags).where(inArray(tags.id, wanted))).map((t) => t.id)
      : [],
  );
  for (const [id, tagIds] of newTags) {
    const missing = tagIds.filter((t) => !known.has(t));
    if (missing.length > 0)
      throw rowError(
        id,
        model.display(rows.get(id)!),
        validationError({ tags: [`Select valid choices: no tag with id ${missing.join(', ')}.`] }),
      );
  }
  await tx
    .delete(taggedItems)
    .where(and(eq(taggedItems.objectType, model.meta.objectType), inArray(taggedItems.objectId, [...newTags.keys()])));
  const items = [...newTags].flatMap(([objectId, tagIds]) =>
    tagIds.map((tagId) => ({ tagId, objectType: model.meta.objectType, objectId })),
  );
  if (items.length > 0) await tx.insert(taggedItems).values(items);
}

/** What deleting a row would do to the objects that reference it (shown before confirming). */
export async function describeDelete(
  actor: Actor,
  modelKey: string,
  id: number,
): Promise<{ model: string; label: string; count: number; onDelete: string }[]> {
  assertCanRead(actor);
  const model = modelOrThrow(modelKey);
  const db = await dataDb();
  const out = [];
  for (const rel of model.meta.related.filter((r) => !r.indirect)) {
    const relModel = getModel(rel.model)!;
    const [{ n }] = await db
      .select({ n: count() })
      .from(table(relModel))
      .where(eq(columnOf(relModel, rel.field), id));
    if (Number(n) > 0)
      out.push({
        model: rel.model,
        label: `${rel.label} (${relModel.meta.fields.find((f) => f.key === rel.field)?.label ?? rel.field})`,
        count: Number(n),
        onDelete: rel.onDelete,
      });
  }
  return out;
}

/** Deletes a row with its change-log entry; AppError('conflict') when dependants block it. */
export async function deleteRecord(actor: Actor, modelKey: string, id: number): Promise<void> {
  assertCan(actor, 'admin');
  const model = modelOrThrow(modelKey);
  if (!model.meta.deletable) throw new AppError('forbidden', `${model.meta.labelPlural} cannot be deleted.`);
  const db = await dataDb();
  const blockers = (await describeDelete(actor, modelKey, id)).filter((d) => blocksDelete(d.onDelete));
  if (blockers.length > 0) {
    throw new AppError(
      'conflict',
      `Cannot delete this ${model.meta.label.toLowerCase()}: ${blockers.map((b) => `${b.count} ${b.label}`).join(', ')} depend on it.`,
    );
  }
  try {
    await db.transaction(async (tx) => {
      const existing = await selectById(tx, model, id);
      if (!existing) throw notFound(model.meta.label.toLowerCase());
      const slugs = await tagSlugs(tx, model, id);
      await tx.delete(table(model)).where(eq(columnOf(model, 'id'), id));
      await tx
        .delete(taggedItems)
        .where(and(eq(taggedItems.objectType, model.meta.objectType), eq(taggedItems.objectId, id)));
      await recordChanges(tx, actor, [
        {
          action: 'delete',
          objectType: model.meta.objectType,
          objectId: id,
          repr: model.display(existing),
          pre: snapshotRow(model, existing, slugs),
          post: null,
        },
      ]);
    });
    await afterCommit(() => pushAfterWrite(model.meta.key, 'delete', id));
  } catch (err) {
    if (err instanceof AppError) throw err;
    mapDbError(model, err);
  }
}

/**
 * Deletes many rows of one model in one transaction, for a bulk delete whose dependants the caller
 * has already checked for the whole selection (describeBulkDelete): per batch of 500, one read of
 * the rows and their tags, one delete of the rows and of their tags and one change-log insert,
 * one entry per row. A constraint that still refuses (a dependant added meanwhile) is found by
 * deleting that batch row by row, naming the row. Resolves with how many rows were deleted.
 */
export async function deleteRows(actor: Actor, modelKey: string, ids: number[], rowError: RowErrorOf): Promise<number> {
  assertCan(actor, 'admin');
  const model = modelOrThrow(modelKey);
  if (!model.meta.deletable) throw new AppError('forbidden', `${model.meta.labelPlural} cannot be deleted.`);
  const db = await dataDb();
  const deleted: number[] = [];
  try {
    await db.transaction(async (tx) => {
      for (let start = 0; start < ids.length; start += UPDATE_BATCH) {
        const batch = ids.slice(start, start + UPDATE_BATCH);
        const rows = new Map((await selectByIds(tx, model, batch)).map((r) => [r.id as number, r]));
        const missing = batch.find((id) => !rows.has(id));
        if (missing !== undefined) throw rowError(missing, `#${missing}`, notFound(model.meta.label.toLowerCase()));
        const tagsOf = model.meta.taggable ? await loadTags(tx, model.meta.objectType, batch) : undefined;
        try {
          await tx.transaction(async (sp) => {
            await sp.delete(table(model)).where(inArray(columnOf(model, 'id'), batch));
          });
        } catch {
          for (const id of batch)
            await named(model, id, model.display(rows.get(id)!), rowError, () =>
              tx.delete(table(model)).where(eq(columnOf(model, 'id'), id)),
            );
        }
        await tx
          .delete(taggedItems)
          .where(and(eq(taggedItems.objectType, model.meta.objectType), inArray(taggedItems.objectId, batch)));
        await recordChanges(
          tx,
          actor,
          batch.map((id) => ({
            action: 'delete' as const,
            objectType: model.meta.objectType,
            objectId: id,
            repr: model.display(rows.get(id)!),
            pre: snapshotRow(model, rows.get(id)!, tagsOf ? (tagsOf.get(id) ?? []).map((t) => t.slug) : undefined),
            post: null,
          })),
        );
        deleted.push(...batch);
      }
    });
  } catch (err) {
    if (err instanceof AppError) throw err;
    mapDbError(model, err);
  }
  for (const id of deleted) await afterCommit(() => pushAfterWrite(model.meta.key, 'delete', id));
  return deleted.length;
}

/** Brief matches for a foreign-key picker: indexed search, never the whole table. */
export async function searchOptions(actor: Actor, modelKey: string, q: string, limit = 20): Promise<BriefRef[]> {
  assertCanRead(actor);
  const model = modelOrThrow(modelKey);
  const db = await dataDb();
  const text = q.trim().slice(0, 100);
  const where = text ? searchCondition(model, text) : undefined;
  const rows = await db
    .select()
    .from(table(model))
    .where(where)
    .orderBy(...buildOrder(model, null))
    .limit(Math.min(Math.max(limit, 1), 50));
  return rows.map((r) => ({ id: r.id as number, display: model.display(r), model: model.meta.key }));
}

/** Row counts of several models at once (home page). */
export async function countRecords(actor: Actor, modelKeys: string[]): Promise<Record<string, number>> {
  assertCanRead(actor);
  const db = await dataDb();
  const entries = await Promise.all(
    modelKeys.map(async (key) => {
      const model = modelOrThrow(key);
      const [{ n }] = await db.select({ n: sql<number>`count(*)` }).from(table(model));
      return [key, Number(n)] as const;
    }),
  );
  return Object.fromEntries(entries);
}
