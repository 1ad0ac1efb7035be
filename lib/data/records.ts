import { and, count, eq, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import { pushAfterWrite } from '@/lib/backend-client/hooks';
import { afterCommit, dataDb } from './transaction';
import { taggedItems } from '@/db/schema';
import type { ModelDefinition } from '@/lib/models/define-model';
import { getModel } from '@/lib/models/registry';
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
  if (model.meta.adminOnly) throw new AppError('forbidden', `You do not have permission to change ${model.meta.labelPlural.toLowerCase()} (administrators only).`);
  const other = changed.filter((key) => !ANNOTATION_FIELDS.has(key));
  if (other.length > 0) {
    throw new AppError('forbidden', `Operators can change descriptions, comments and tags only, not ${other.join(', ')}.`);
  }
}

const table = (model: ModelDefinition) => model.table as PgTable;

/** The SSRF check of a new or changed address, outside the write transaction (it may wait on DNS). */
async function checkOutboundTarget(db: Database, model: ModelDefinition, values: Row, existing: Row | null): Promise<void> {
  if (!model.meta.outboundTarget) return;
  if (existing && !['domain', 'ipAddressId'].some((key) => key in values && values[key] !== existing[key])) return;
  const errors = await checkEndpointTarget(db, { ...(existing ?? {}), ...values });
  if (Object.keys(errors).length > 0) throw validationError(errors);
}

async function selectById(db: Database, model: ModelDefinition, id: number): Promise<Row | null> {
  if (!Number.isSafeInteger(id) || id < 1) return null;
  const rows = (await db.select().from(table(model)).where(eq(columnOf(model, 'id'), id)).limit(1)) as Row[];
  return rows[0] ?? null;
}

async function tagSlugs(db: Database, model: ModelDefinition, id: number): Promise<string[] | undefined> {
  if (!model.meta.taggable) return undefined;
  return ((await loadTags(db, model.meta.objectType, [id])).get(id) ?? []).map((t) => t.slug);
}

async function replaceTags(tx: Database, model: ModelDefinition, id: number, tagIds: number[] | undefined): Promise<void> {
  if (tagIds === undefined) return;
  await tx.delete(taggedItems).where(and(eq(taggedItems.objectType, model.meta.objectType), eq(taggedItems.objectId, id)));
  if (tagIds.length > 0) await tx.insert(taggedItems).values(tagIds.map((tagId) => ({ tagId, objectType: model.meta.objectType, objectId: id })));
}

/** One page of a model's rows with the total count, filtered, searched and sorted in SQL. */
export async function listRecords(actor: Actor, modelKey: string, query: ListQuery): Promise<ListResult> {
  assertCanRead(actor);
  const model = modelOrThrow(modelKey);
  const db = await dataDb();
  const where = buildWhere(model, query);
  const perPage = Math.min(Math.max(query.perPage, 1), 1000);
  const offset = (Math.max(query.page, 1) - 1) * perPage;
  const [rows, total] = await Promise.all([
    db.select().from(table(model)).where(where).orderBy(...buildOrder(model, query.sort)).limit(perPage).offset(offset) as Promise<Row[]>,
    db.select({ n: count() }).from(table(model)).where(where),
  ]);
  return { rows: await toDTOs(db, model, rows), rowCount: Number(total[0]?.n ?? 0) };
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
    if (Number(n) > 0) throw new AppError('conflict', `Only one ${model.meta.label} may exist; edit the existing one.`, { nonFieldErrors: [`Only one ${model.meta.label} may exist; edit the existing one.`] });
  }
  try {
    const row = await db.transaction(async (tx) => {
      await runWriteRules(tx, model, values, null);
      await checkMultiReferences(tx, model, values);
      const [inserted] = (await tx.insert(table(model)).values(values).returning()) as Row[];
      await replaceTags(tx, model, inserted.id as number, tagIds);
      const slugs = await tagSlugs(tx, model, inserted.id as number);
      await recordChanges(tx, actor, [
        { action: 'create', objectType: model.meta.objectType, objectId: inserted.id as number, repr: model.display(inserted), pre: null, post: snapshotRow(model, inserted, slugs) },
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
  const row = await updateRow(actor, modelKey, id, input);
  return (await toDTOs(await dataDb(), model, [row]))[0];
}

/**
 * updateRecord without building the DTO: the same checks, write and change-log entry, for bulk
 * actions that touch thousands of rows and show none of them.
 */
export async function updateRow(actor: Actor, modelKey: string, id: number, input: Row): Promise<Row> {
  assertCan(actor, 'annotate');
  const model = modelOrThrow(modelKey);
  if (model.meta.adminOnly) assertCanUpdate(actor, model, []);
  const db = await dataDb();
  if (model.meta.outboundTarget) {
    const current = await selectById(db, model, id);
    if (current) await checkOutboundTarget(db, model, prepareWrite(model, actor, input, current).values, current);
  }
  try {
    const row = await db.transaction(async (tx) => {
      const existing = await selectById(tx, model, id);
      if (!existing) throw notFound(model.meta.label.toLowerCase());
      const { values, tagIds } = prepareWrite(model, actor, input, existing);
      const changes = changedValues(existing, values);
      const preSlugs = await tagSlugs(tx, model, id);
      const tagsChanged = tagIds !== undefined && preSlugs !== undefined && JSON.stringify([...tagIds].sort()) !== JSON.stringify(await tagIdsOf(tx, model, id));
      assertCanUpdate(actor, model, Object.keys(changes));
      if (Object.keys(changes).length === 0 && !tagsChanged) return existing;
      await runWriteRules(tx, model, { ...existing, ...changes }, id);
      await checkMultiReferences(tx, model, changes);
      let updated = existing;
      if (Object.keys(changes).length > 0 || tagsChanged) {
        [updated] = (await tx.update(table(model)).set({ ...changes, ...(model.meta.fields.some((f) => f.key === 'lastUpdated') ? { lastUpdated: new Date() } : {}) }).where(eq(columnOf(model, 'id'), id)).returning()) as Row[];
      }
      await replaceTags(tx, model, id, tagIds);
      await recordChanges(tx, actor, [
        { action: 'update', objectType: model.meta.objectType, objectId: id, repr: model.display(updated), pre: snapshotRow(model, existing, preSlugs), post: snapshotRow(model, updated, await tagSlugs(tx, model, id)) },
      ]);
      return updated;
    });
    await afterCommit(() => pushAfterWrite(model.meta.key, 'save', id));
    return row;
  } catch (err) {
    if (err instanceof AppError) throw err;
    mapDbError(model, err);
  }
}

async function tagIdsOf(db: Database, model: ModelDefinition, id: number): Promise<number[]> {
  const rows = await db.select({ tagId: taggedItems.tagId }).from(taggedItems).where(and(eq(taggedItems.objectType, model.meta.objectType), eq(taggedItems.objectId, id)));
  return rows.map((r) => r.tagId).sort();
}

/** What deleting a row would do to the objects that reference it (shown before confirming). */
export async function describeDelete(actor: Actor, modelKey: string, id: number): Promise<{ model: string; label: string; count: number; onDelete: string }[]> {
  assertCanRead(actor);
  const model = modelOrThrow(modelKey);
  const db = await dataDb();
  const out = [];
  for (const rel of model.meta.related.filter((r) => !r.indirect)) {
    const relModel = getModel(rel.model)!;
    const [{ n }] = await db.select({ n: count() }).from(table(relModel)).where(eq(columnOf(relModel, rel.field), id));
    if (Number(n) > 0) out.push({ model: rel.model, label: `${rel.label} (${relModel.meta.fields.find((f) => f.key === rel.field)?.label ?? rel.field})`, count: Number(n), onDelete: rel.onDelete });
  }
  return out;
}

/** Deletes a row with its change-log entry; AppError('conflict') when dependants block it. */
export async function deleteRecord(actor: Actor, modelKey: string, id: number): Promise<void> {
  assertCan(actor, 'admin');
  const model = modelOrThrow(modelKey);
  if (!model.meta.deletable) throw new AppError('forbidden', `${model.meta.labelPlural} cannot be deleted.`);
  const db = await dataDb();
  const blockers = (await describeDelete(actor, modelKey, id)).filter((d) => d.onDelete === 'restrict' || d.onDelete === 'no action');
  if (blockers.length > 0) {
    throw new AppError('conflict', `Cannot delete this ${model.meta.label.toLowerCase()}: ${blockers.map((b) => `${b.count} ${b.label}`).join(', ')} depend on it.`);
  }
  try {
    await db.transaction(async (tx) => {
      const existing = await selectById(tx, model, id);
      if (!existing) throw notFound(model.meta.label.toLowerCase());
      const slugs = await tagSlugs(tx, model, id);
      await tx.delete(table(model)).where(eq(columnOf(model, 'id'), id));
      await tx.delete(taggedItems).where(and(eq(taggedItems.objectType, model.meta.objectType), eq(taggedItems.objectId, id)));
      await recordChanges(tx, actor, [
        { action: 'delete', objectType: model.meta.objectType, objectId: id, repr: model.display(existing), pre: snapshotRow(model, existing, slugs), post: null },
      ]);
    });
    await afterCommit(() => pushAfterWrite(model.meta.key, 'delete', id));
  } catch (err) {
    if (err instanceof AppError) throw err;
    mapDbError(model, err);
  }
}

/** Brief matches for a foreign-key picker: indexed search, never the whole table. */
export async function searchOptions(actor: Actor, modelKey: string, q: string, limit = 20): Promise<BriefRef[]> {
  assertCanRead(actor);
  const model = modelOrThrow(modelKey);
  const db = await dataDb();
  const text = q.trim().slice(0, 100);
  const where = text ? searchCondition(model, text) : undefined;
  const rows = (await db.select().from(table(model)).where(where).orderBy(...buildOrder(model, null)).limit(Math.min(Math.max(limit, 1), 50))) as Row[];
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

