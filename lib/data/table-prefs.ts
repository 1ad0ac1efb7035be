import { and, eq } from 'drizzle-orm';
import { userTablePreferences } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { columnFields } from '@/lib/query/visible-columns';
import { MAX_PER_PAGE } from '@/lib/query/list-query';
import type { Actor } from './actor';
import { AppError, validationError } from './errors';
import { dataDb } from './transaction';

// A user's list layout per model (visible columns in order, page size), kept in the database so
// it follows the user across browsers. Only people have preferences; API keys and the sync do not.

export interface TablePrefs {
  /** Visible column keys in display order; null = the model's defaults. */
  columns: string[] | null;
  perPage: number | null;
}

function userIdOf(actor: Actor): number {
  if (!actor) throw new AppError('unauthenticated', 'Authentication credentials were not provided.');
  if (actor.kind !== 'user') throw new AppError('forbidden', 'Only signed-in users have table preferences.');
  return actor.userId;
}

function knownColumns(modelKey: string): Set<string> {
  const model = getModel(modelKey);
  if (!model) throw new AppError('not_found', `Unknown model "${modelKey}".`);
  return new Set(columnFields(model.meta).map((f) => f.key));
}

/** The stored layout, with columns the model no longer has dropped; null when none is stored. */
export async function getTablePrefs(actor: Actor, modelKey: string): Promise<TablePrefs | null> {
  const userId = userIdOf(actor);
  const known = knownColumns(modelKey);
  const db = await dataDb();
  const [row] = await db
    .select()
    .from(userTablePreferences)
    .where(and(eq(userTablePreferences.userId, userId), eq(userTablePreferences.modelKey, modelKey)))
    .limit(1);
  if (!row) return null;
  const columns = row.columns?.split(',').filter((k) => known.has(k)) ?? [];
  return { columns: columns.length > 0 ? columns : null, perPage: row.perPage };
}

/** Stores the layout; fields left undefined keep their stored value. */
export async function saveTablePrefs(actor: Actor, modelKey: string, prefs: Partial<TablePrefs>): Promise<void> {
  const userId = userIdOf(actor);
  const known = knownColumns(modelKey);
  const errors: Record<string, string[]> = {};
  if (prefs.columns) {
    if (prefs.columns.length === 0 || prefs.columns.some((k) => !known.has(k))) errors.columns = ['Unknown column.'];
    else if (new Set(prefs.columns).size !== prefs.columns.length) errors.columns = ['A column is listed twice.'];
  }
  if (
    prefs.perPage !== undefined &&
    prefs.perPage !== null &&
    !(Number.isSafeInteger(prefs.perPage) && prefs.perPage >= 1 && prefs.perPage <= MAX_PER_PAGE)
  ) {
    errors.perPage = [`Page size must be between 1 and ${MAX_PER_PAGE}.`];
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const set: Partial<typeof userTablePreferences.$inferInsert> = { lastUpdated: new Date() };
  if (prefs.columns !== undefined) set.columns = prefs.columns?.join(',') ?? null;
  if (prefs.perPage !== undefined) set.perPage = prefs.perPage;
  const db = await dataDb();
  await db
    .insert(userTablePreferences)
    .values({ userId, modelKey, columns: set.columns ?? null, perPage: set.perPage ?? null })
    .onConflictDoUpdate({ target: [userTablePreferences.userId, userTablePreferences.modelKey], set });
}

/** Forgets the layout: the list shows the model's defaults again. */
export async function resetTablePrefs(actor: Actor, modelKey: string): Promise<void> {
  const userId = userIdOf(actor);
  knownColumns(modelKey);
  const db = await dataDb();
  await db
    .delete(userTablePreferences)
    .where(and(eq(userTablePreferences.userId, userId), eq(userTablePreferences.modelKey, modelKey)));
}
