import { count, eq, sql, type SQL } from 'drizzle-orm';
import { unionAll, type PgTable } from 'drizzle-orm/pg-core';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { buildOrder, buildWhere, columnOf } from '@/lib/data/list-filters';
import { readPage } from '@/lib/data/read-page';
import { dataDb } from '@/lib/data/transaction';
import type { ModelDefinition } from '@/lib/models/define-model';
import { getModel } from '@/lib/models/registry';
import { relationsOf, type RelationSpec } from './relations';
import type { ExpansionPage, ExplorerNodeDetails, ExplorerObject, RelationSummary } from './types';

export type { ExpansionPage, ExplorerNodeDetails, ExplorerObject, RelationSummary };

// The instance view's data: one object with the size of each of its relations, and a page of
// the neighbours behind one relation. Counts are one COUNT per relation, sent together as one
// UNION ALL; neighbours are fetched a page at a time, so an object with thousands of guests
// costs one indexed page query, never the whole set. The overview counts stop at COUNT_CAP (an
// endpoint of 100,000 guests has relations of 50,000 rows without an index of their own, and
// counting them all would take the better part of a second); expanding a relation counts it exactly.

export const EXPAND_PAGE = 50;
export const EXPAND_MAX = 200;
export const COUNT_CAP = 10_000;

type Row = Record<string, unknown>;

function assertCanRead(actor: Actor): void {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
}

function modelOrThrow(key: string): ModelDefinition {
  const model = getModel(key);
  if (!model) throw new AppError('not_found', `Unknown model "${key}".`);
  return model;
}

const table = (model: ModelDefinition) => model.table as PgTable;

function toObject(model: ModelDefinition, row: Row): ExplorerObject {
  const id = row.id as number;
  return {
    model: model.meta.key,
    modelLabel: model.meta.label,
    id,
    display: model.display(row),
    href: `/${model.meta.key}/${id}`,
  };
}

async function loadRow(model: ModelDefinition, id: number): Promise<Row> {
  const missing = new AppError('not_found', `No ${model.meta.label.toLowerCase()} with id ${id} exists.`);
  if (!Number.isSafeInteger(id) || id < 1) throw missing;
  const db = await dataDb();
  const [row] = await db
    .select()
    .from(table(model))
    .where(eq(columnOf(model, 'id'), id))
    .limit(1);
  if (!row) throw missing;
  return row;
}

/** The neighbours of `row` behind a relation, as a WHERE clause on the neighbour's table. */
function neighbourWhere(rel: RelationSpec, neighbour: ModelDefinition, row: Row): SQL {
  if (rel.direction === 'parent') {
    const id = row[rel.field];
    return typeof id === 'number' ? eq(columnOf(neighbour, 'id'), id) : sql`false`;
  }
  return buildWhere(neighbour, { filters: { [rel.field]: [String(row.id)] }, q: '' })!;
}

function summary(rel: RelationSpec, id: number, n: number, cap = Infinity): RelationSummary {
  const listHref =
    rel.direction === 'child' ? `/${rel.model}?${new URLSearchParams({ [rel.field]: String(id) })}` : null;
  return {
    key: rel.key,
    direction: rel.direction,
    model: rel.model,
    label: rel.label,
    indirect: rel.indirect,
    count: Math.min(n, cap),
    atLeast: n > cap,
    listHref,
  };
}

/**
 * Child relation sizes in one round trip: one COUNT per relation over at most `cap + 1` rows,
 * joined by UNION ALL. A result above `cap` means "more than cap".
 */
async function countChildren(rels: RelationSpec[], row: Row, cap: number): Promise<number[]> {
  if (rels.length === 0) return [];
  const db = await dataDb();
  const queries = rels.map((rel, i) => {
    const neighbour = getModel(rel.model)!;
    const rows = db
      .select({ one: sql`1` })
      .from(table(neighbour))
      .where(neighbourWhere(rel, neighbour, row))
      .limit(cap + 1)
      .as(`r${i}`);
    return db.select({ i: sql<number>`${i}::int`, n: count() }).from(rows);
  });
  const rows = queries.length === 1 ? await queries[0] : await unionAll(queries[0], queries[1], ...queries.slice(2));
  const counts = new Array<number>(rels.length).fill(0);
  for (const r of rows) counts[Number(r.i)] = Number(r.n);
  return counts;
}

/**
 * An object and the size of each of its relations (parents count 0 or 1; children are counted up
 * to `countCap`, above which `atLeast` is set).
 */
export async function describeExplorerNode(
  actor: Actor,
  modelKey: string,
  id: number,
  options: { countCap?: number } = {},
): Promise<ExplorerNodeDetails> {
  assertCanRead(actor);
  const model = modelOrThrow(modelKey);
  const row = await loadRow(model, id);
  const cap = options.countCap ?? COUNT_CAP;
  const rels = relationsOf(model.meta.key);
  const children = rels.filter((r) => r.direction === 'child');
  const childCounts = await countChildren(children, row, cap);
  const relations = rels.map((rel) =>
    summary(
      rel,
      id,
      rel.direction === 'parent' ? (row[rel.field] == null ? 0 : 1) : childCounts[children.indexOf(rel)],
      cap,
    ),
  );
  return { object: toObject(model, row), relations };
}

/**
 * One page of the objects behind a relation, in the neighbour model's list order, with the
 * relation's exact count. `limit` is 1–200 (default 50); `offset` pages on.
 */
export async function expandRelation(
  actor: Actor,
  modelKey: string,
  id: number,
  relationKey: string,
  page: { offset?: number; limit?: number } = {},
): Promise<ExpansionPage> {
  assertCanRead(actor);
  const model = modelOrThrow(modelKey);
  const offset = page.offset ?? 0;
  const limit = page.limit ?? EXPAND_PAGE;
  if (!Number.isSafeInteger(offset) || offset < 0)
    throw new AppError('validation', 'offset must be a whole number of 0 or more.', {
      offset: ['Enter a whole number of 0 or more.'],
    });
  if (!Number.isSafeInteger(limit) || limit < 1 || limit > EXPAND_MAX)
    throw new AppError('validation', `limit must be from 1 to ${EXPAND_MAX}.`, {
      limit: [`Enter a whole number from 1 to ${EXPAND_MAX}.`],
    });
  const rel = relationsOf(model.meta.key).find((r) => r.key === relationKey);
  if (!rel)
    throw new AppError('validation', `${model.meta.labelPlural} have no relation "${relationKey}".`, {
      relation: [`Unknown relation "${relationKey}".`],
    });
  const row = await loadRow(model, id);
  const neighbour = getModel(rel.model)!;
  const where = neighbourWhere(rel, neighbour, row);
  const db = await dataDb();
  const found = await readPage(db, neighbour, { where, order: buildOrder(neighbour, null), limit, offset });
  const rows = found.rows;
  const total = found.count ?? 0;
  return {
    object: toObject(model, row),
    relation: summary(rel, id, total),
    items: rows.map((r) => toObject(neighbour, r)),
    offset,
    limit,
    nextOffset: offset + rows.length < total ? offset + rows.length : null,
  };
}
