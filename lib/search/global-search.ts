import { getTableColumns, inArray, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Database } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { buildOrder, columnOf } from '@/lib/data/list-filters';
import { dataDb } from '@/lib/data/transaction';
import type { ModelDefinition } from '@/lib/models/define-model';
import { getModel } from '@/lib/models/registry';
import { modelMatch, parseSearchText, searchableModels, valueContains, valueEquals, type ModelMatch } from './match';
import type { SearchGroup, SearchHit, SearchResult } from './types';

/** Groups count their matches up to this many; beyond it they say "1,000+". */
export const COUNT_CAP = 1000;
export const DEFAULT_PER_GROUP = 5;
const MAX_PER_GROUP = 20;

type Row = Record<string, unknown>;
const table = (model: ModelDefinition) => model.table as PgTable;

/** The first foreign key among a model's list columns names its owner (a NIC's VM, a backup's VM). */
function parentField(model: ModelDefinition) {
  return model.meta.list.columns
    .map((key) => model.meta.fields.find((f) => f.key === key))
    .find((f) => f?.kind === 'fk' && f.fk);
}

async function loadParents(
  db: Database,
  model: ModelDefinition,
  rows: Row[],
): Promise<Map<number, SearchHit['parent']>> {
  const field = parentField(model);
  const parents = new Map<number, SearchHit['parent']>();
  const target = field?.fk ? getModel(field.fk) : undefined;
  if (!field || !target) return parents;
  const ids = [...new Set(rows.map((r) => r[field.key]).filter((v): v is number => typeof v === 'number'))];
  if (ids.length === 0) return parents;
  const found = await db
    .select()
    .from(table(target))
    .where(inArray(columnOf(target, 'id'), ids));
  const byId = new Map(found.map((r) => [r.id as number, r]));
  for (const row of rows) {
    const parent = byId.get(row[field.key] as number);
    if (parent)
      parents.set(row.id as number, { display: target.display(parent), href: `/${target.meta.key}/${parent.id}` });
  }
  return parents;
}

/** "VMID: 101" when the match is not visible in the object's name. */
function matchContext(match: ModelMatch, row: Row, display: string, q: string): string | null {
  for (const field of match.fields) {
    const value = row[field.key];
    if (valueContains(field, value, q) && String(value) !== display) return `${field.label}: ${String(value)}`;
  }
  return null;
}

/** Sorts exact matches first (0) ahead of the rest (1). */
const exactFirst = (match: ModelMatch) => sql`case when ${match.exact} then 0 else 1 end`;

/**
 * The first hits among the first COUNT_CAP + 1 matches, each row carrying how many there are: one
 * scan that stops at the cap, then a sort of at most that many rows (never a walk of the whole
 * default-order index when the matches sort last). Every exact match also contains the text, so
 * "exact first, then the default order" picks what separate exact and contains queries would.
 */
function cappedHits(db: Database, model: ModelDefinition, match: ModelMatch, perGroup: number) {
  const id = columnOf(model, 'id');
  const capped = db
    .select({ id })
    .from(table(model))
    .where(match.contains)
    .limit(COUNT_CAP + 1);
  return db
    .select({ row: getTableColumns(table(model)), n: sql<number>`count(*) over ()` })
    .from(table(model))
    .where(inArray(id, capped))
    .orderBy(exactFirst(match), ...buildOrder(model, null))
    .limit(perGroup);
}

/**
 * Past the cap the first hits may lie beyond the capped matches. Ranking all matches would test
 * every row of a table a broad text matches, so the exact ones come from the lower(column)
 * indexes and the rest from the default-order index, which reaches a common text's first matches
 * at once. The rank keeps the planner off the default-order index for the few exact rows.
 */
async function broadHits(db: Database, model: ModelDefinition, match: ModelMatch, perGroup: number): Promise<Row[]> {
  const [exactRows, rows] = await Promise.all([
    db
      .select()
      .from(table(model))
      .where(match.exact)
      .orderBy(exactFirst(match), ...buildOrder(model, null))
      .limit(perGroup) as Promise<Row[]>,
    db
      .select()
      .from(table(model))
      .where(match.contains)
      .orderBy(...buildOrder(model, null))
      .limit(perGroup) as Promise<Row[]>,
  ]);
  const exactIds = new Set(exactRows.map((r) => r.id));
  return [...exactRows, ...rows.filter((r) => !exactIds.has(r.id))].slice(0, perGroup);
}

/**
 * One group. Usually a single query: the matches, capped at COUNT_CAP + 1 by one index scan,
 * counted and ranked together. Only when the cap is hit (a broad text) are the first hits looked
 * up again among all the matches.
 */
async function searchModel(
  db: Database,
  model: ModelDefinition,
  q: string,
  perGroup: number,
): Promise<SearchGroup | null> {
  const match = modelMatch(model, q);
  if (!match) return null;
  const first = await cappedHits(db, model, match, perGroup);
  const total = Number(first[0]?.n ?? 0);
  if (total === 0) return null;
  const picked = total > COUNT_CAP ? await broadHits(db, model, match, perGroup) : first.map((r) => r.row as Row);
  const parents = await loadParents(db, model, picked);
  const hits = picked.map((row): SearchHit => {
    const display = model.display(row);
    return {
      id: row.id as number,
      display,
      href: `/${model.meta.key}/${row.id}`,
      exact: match.fields.some((f) => valueEquals(f, row[f.key], q)),
      context: matchContext(match, row, display, q),
      parent: parents.get(row.id as number) ?? null,
    };
  });
  return {
    model: model.meta.key,
    label: model.meta.labelPlural,
    count: Math.min(total, COUNT_CAP),
    countCapped: total > COUNT_CAP,
    listHref: `/${model.meta.key}?${new URLSearchParams({ q })}`,
    hits,
  };
}

/**
 * Searches every model with a `globalSearch` hint at once (groups run in parallel, each with a
 * LIMIT and a capped count, on trigram/btree-indexed fields). Groups holding an exact match
 * (a vmid, an IP without its prefix length, a MAC in any case) come first.
 * AppError('validation') for a text shorter than 2 or longer than 200 characters.
 */
export async function globalSearch(
  actor: Actor,
  rawQuery: unknown,
  perGroup = DEFAULT_PER_GROUP,
): Promise<SearchResult> {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
  const q = parseSearchText(rawQuery);
  const limit = Math.min(Math.max(Math.trunc(perGroup) || DEFAULT_PER_GROUP, 1), MAX_PER_GROUP);
  const db = await dataDb();
  const groups = (await Promise.all(searchableModels().map((model) => searchModel(db, model, q, limit)))).filter(
    (g): g is SearchGroup => g !== null,
  );
  const hasExact = (g: SearchGroup) => g.hits.some((h) => h.exact);
  // A stable sort keeps the registry's priority order within "exact first" and "the rest".
  groups.sort((a, b) => Number(hasExact(b)) - Number(hasExact(a)));
  return { q, groups };
}
