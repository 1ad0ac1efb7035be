import { eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { ModelDefinition } from '@/lib/models/define-model';
import { allModels } from '@/lib/models/registry';
import type { FieldMeta } from '@/lib/models/types';
import { columnOf, escapeLike } from '@/lib/data/list-filters';
import { validationError } from '@/lib/data/errors';
import { MAX_QUERY_LENGTH, MIN_QUERY_LENGTH } from './limits';

// How one search text matches one model: which of its fields apply to the text, and the SQL for
// "contains" (what is listed and counted) and "equals" (what is ranked first). Driven by each
// model's `globalSearch` hint and field kinds, never by a query written per model.

/** PostgreSQL `integer` columns (vmid, job ids) reject larger parameters with an error. */
const MAX_INT4 = 2_147_483_647;
const INTEGER_TEXT = /^\d{1,10}$/;
/** Characters an IPv4/IPv6 address with an optional prefix length can hold. */
const IP_TEXT = /^[0-9a-f.:/]+$/i;
const TEXT_KINDS = new Set(['text', 'textarea', 'choice']);

/** The searched text, trimmed; AppError('validation') when it is too short or too long. */
export function parseSearchText(raw: unknown): string {
  const q = typeof raw === 'string' ? raw.trim() : '';
  if (q.length < MIN_QUERY_LENGTH) throw validationError({ q: [`Type at least ${MIN_QUERY_LENGTH} characters.`] });
  if (q.length > MAX_QUERY_LENGTH)
    throw validationError({ q: [`Ensure the search has no more than ${MAX_QUERY_LENGTH} characters.`] });
  return q;
}

/** Models the global search covers, in group order. */
export function searchableModels(): ModelDefinition[] {
  return allModels()
    .filter((m) => m.meta.globalSearch)
    .sort((a, b) => a.meta.globalSearch!.priority - b.meta.globalSearch!.priority);
}

/** The fields of a model the global search matches (its hint, else its list search fields). */
export function searchFields(model: ModelDefinition): FieldMeta[] {
  const keys = model.meta.globalSearch?.fields ?? model.meta.list.search;
  return keys.flatMap((key) => model.meta.fields.filter((f) => f.key === key));
}

/** Whether a field can match the text at all: numbers only match numbers, addresses only address-like text. */
export function fieldApplies(field: FieldMeta, q: string): boolean {
  if (field.kind === 'integer') return INTEGER_TEXT.test(q) && Number(q) <= MAX_INT4;
  if (field.kind === 'ip') return IP_TEXT.test(q);
  return TEXT_KINDS.has(field.kind);
}

/**
 * "Equals" for one field: integers by value, text case-insensitively, an IP with any prefix length.
 * Written as `lower(column) = lower(text)` (what ILIKE without wildcards compares in a UTF-8
 * database) so the btree indexes on `lower(column)` serve it: a trigram index cannot narrow a
 * short text whose trigrams every row has (a MAC's "BC:24:11", an IP's "10.1").
 */
function exactCondition(model: ModelDefinition, field: FieldMeta, q: string): SQL {
  const column = columnOf(model, field.key);
  if (field.kind === 'integer') return eq(column, Number(q));
  const equal = sql`lower(${column}) = lower(${q})`;
  // IP_TEXT is ASCII, so lower-casing here is PostgreSQL's lower(); a constant prefix can use the index.
  if (field.kind === 'ip' && !q.includes('/'))
    return or(equal, sql`lower(${column}) like ${`${escapeLike(q.toLowerCase())}/%`}`)!;
  return equal;
}

/** "Contains" for one field; integers have no substring match, so they match by value. */
function containsCondition(model: ModelDefinition, field: FieldMeta, q: string): SQL {
  if (field.kind === 'integer') return exactCondition(model, field, q);
  return ilike(columnOf(model, field.key), `%${escapeLike(q)}%`);
}

export interface ModelMatch {
  fields: FieldMeta[];
  contains: SQL;
  exact: SQL;
}

/** A varchar(n) column cannot hold a text longer than n, so a volid or UPID skips the MAC column. */
function fitsColumn(model: ModelDefinition, field: FieldMeta, q: string): boolean {
  const { length } = columnOf(model, field.key) as { length?: number };
  return typeof length !== 'number' || [...q].length <= length; // PostgreSQL counts code points
}

/** The conditions for one model, or null when none of its searched fields can match the text. */
export function modelMatch(model: ModelDefinition, q: string): ModelMatch | null {
  const fields = searchFields(model).filter((f) => fieldApplies(f, q) && fitsColumn(model, f, q));
  if (fields.length === 0) return null;
  return {
    fields,
    contains: or(...fields.map((f) => containsCondition(model, f, q)))!,
    exact: or(...fields.map((f) => exactCondition(model, f, q)))!,
  };
}

/** Whether a stored value equals the text the way `exactCondition` compares (used for ranking and labels). */
export function valueEquals(field: FieldMeta, value: unknown, q: string): boolean {
  if (value === null || value === undefined) return false;
  const text = String(value).toLowerCase();
  const wanted = q.toLowerCase();
  return text === wanted || (field.kind === 'ip' && !wanted.includes('/') && text.startsWith(`${wanted}/`));
}

/** Whether a stored value contains the text the way `containsCondition` compares. */
export function valueContains(field: FieldMeta, value: unknown, q: string): boolean {
  if (value === null || value === undefined) return false;
  if (field.kind === 'integer') return String(value) === String(Number(q));
  return String(value).toLowerCase().includes(q.toLowerCase());
}
