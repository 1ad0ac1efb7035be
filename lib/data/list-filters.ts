import { and, asc, desc, eq, gte, ilike, inArray, isNull, lte, not, or, sql, type SQL } from 'drizzle-orm';
import type { PgColumn } from 'drizzle-orm/pg-core';
import type { ModelDefinition } from '@/lib/models/define-model';
import type { FieldMeta, ListQuery } from '@/lib/models/types';
import { isSortable } from '@/lib/query/list-query';
import { validationError } from './errors';

type Lookup = 'exact' | 'n' | 'gte' | 'lte' | 'ic' | 'nic' | 'isw' | 'empty';
const LOOKUPS = new Set<Lookup>(['exact', 'n', 'gte', 'lte', 'ic', 'nic', 'isw', 'empty']);

/** `%` and `_` are wildcards in LIKE; a search for them must match them literally. */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

export function columnOf(model: ModelDefinition, key: string): PgColumn {
  return (model.table as unknown as Record<string, PgColumn>)[key];
}

/** Parses one filter value for a field, or reports why it is invalid (NetBox answers 400). */
function parseValue(field: FieldMeta, raw: string): { value: unknown } | { error: string } {
  switch (field.kind) {
    case 'integer':
    case 'fk':
      return /^-?\d+$/.test(raw) ? { value: Number(raw) } : { error: `"${raw}" is not a valid whole number.` };
    case 'number':
      return raw.trim() !== '' && !Number.isNaN(Number(raw))
        ? { value: Number(raw) }
        : { error: `"${raw}" is not a valid number.` };
    case 'boolean':
    case 'nullboolean':
      if (['true', '1', 'True'].includes(raw)) return { value: true };
      if (['false', '0', 'False'].includes(raw)) return { value: false };
      return { error: `"${raw}" is not a valid boolean.` };
    case 'datetime': {
      const d = new Date(raw);
      return Number.isNaN(d.getTime()) ? { error: `"${raw}" is not a valid date/time.` } : { value: d };
    }
    case 'choice':
      return field.choices?.some((c) => c.value === raw)
        ? { value: raw }
        : { error: `Select a valid choice. ${raw} is not one of the available choices.` };
    default:
      return { value: raw };
  }
}

function conditionFor(
  column: PgColumn,
  field: FieldMeta,
  lookup: Lookup,
  raws: string[],
  errors: Record<string, string[]>,
): SQL | undefined {
  if (lookup === 'empty') {
    const wantEmpty = raws.some((r) => r === 'true' || r === '1');
    const empty =
      field.kind === 'text' || field.kind === 'textarea' ? or(isNull(column), eq(column, ''))! : isNull(column);
    return wantEmpty ? empty : not(empty);
  }
  if (
    (lookup === 'ic' || lookup === 'nic' || lookup === 'isw') &&
    !['text', 'textarea', 'ip', 'choice'].includes(field.kind)
  ) {
    errors[field.key] = [`Lookup "${lookup}" does not apply to this field.`];
    return undefined;
  }
  if (lookup === 'ic' || lookup === 'nic' || lookup === 'isw') {
    const parts = raws.map((r) => ilike(column, lookup === 'isw' ? `${escapeLike(r)}%` : `%${escapeLike(r)}%`));
    const any = or(...parts)!;
    return lookup === 'nic' ? not(any) : any;
  }
  const nullWanted = raws.includes('null') && field.nullable;
  const values: unknown[] = [];
  for (const raw of raws.filter((r) => !(r === 'null' && field.nullable))) {
    const parsed = parseValue(field, raw);
    if ('error' in parsed) (errors[field.key] ??= []).push(parsed.error);
    else values.push(parsed.value);
  }
  if (lookup === 'gte' || lookup === 'lte') {
    if (values.length === 0) return undefined;
    return lookup === 'gte' ? gte(column, values[0]) : lte(column, values[0]);
  }
  const parts: SQL[] = [];
  if (values.length === 1) parts.push(eq(column, values[0]));
  else if (values.length > 1) parts.push(inArray(column, values));
  if (nullWanted) parts.push(isNull(column));
  if (parts.length === 0) return undefined;
  const match = or(...parts)!;
  return lookup === 'n' ? or(not(match), nullWanted ? sql`false` : isNull(column)) : match;
}

/** WHERE clause for a list query: field filters (NetBox lookups) AND the quick search. */
export function buildWhere(
  model: ModelDefinition,
  query: Pick<ListQuery, 'filters' | 'q'>,
  extra: SQL[] = [],
): SQL | undefined {
  const conditions: SQL[] = [...extra];
  const errors: Record<string, string[]> = {};
  for (const [name, raws] of Object.entries(query.filters)) {
    if (raws.length === 0) continue;
    const [key, lookupText] = name.split('__');
    const lookup = (lookupText ?? 'exact') as Lookup;
    const virtual = model.virtualFilters[key];
    if (virtual && lookup === 'exact') {
      const ids = raws.filter((r) => /^\d{1,15}$/.test(r)).map(Number);
      if (ids.length !== raws.length) errors[key] = ['Enter whole-number ids.'];
      else conditions.push(virtual.where(ids));
      continue;
    }
    const field = model.meta.fields.find((f) => f.key === key && f.kind !== 'secret' && f.kind !== 'json');
    if (!field || !LOOKUPS.has(lookup)) continue;
    const condition = conditionFor(columnOf(model, key), field, lookup, raws, errors);
    if (condition) conditions.push(condition);
  }
  if (Object.keys(errors).length > 0) throw validationError(errors);
  const q = query.q.trim();
  if (q) conditions.push(searchCondition(model, q));
  return conditions.length > 0 ? and(...conditions) : undefined;
}

/** Quick search: case-insensitive substring over the text search fields, exact on numeric ones. */
export function searchCondition(model: ModelDefinition, q: string): SQL {
  const parts: SQL[] = [];
  for (const key of model.meta.list.search) {
    const field = model.meta.fields.find((f) => f.key === key);
    if (!field) continue;
    const column = columnOf(model, key);
    if (field.kind === 'integer') {
      if (/^\d{1,15}$/.test(q)) parts.push(eq(column, Number(q)));
    } else parts.push(ilike(column, `%${escapeLike(q)}%`));
  }
  if (/^\d{1,15}$/.test(q)) parts.push(eq(columnOf(model, 'id'), Number(q)));
  return parts.length > 0 ? or(...parts)! : sql`false`;
}

/** ORDER BY for a list: the requested sortable field (the default when none), then id for stable pages. */
export function buildOrder(model: ModelDefinition, sort: ListQuery['sort']): SQL[] {
  // A sort the model cannot honour is refused: falling back would show rows in an order the
  // caller did not ask for while claiming the one it did.
  const field = sort ? model.meta.fields.find((f) => f.key === sort.key) : undefined;
  if (sort && (!field || !isSortable(field)))
    throw validationError({ sort: [field ? `${field.label} cannot be sorted.` : `Unknown sort key "${sort.key}".`] });
  const wanted = sort ?? model.meta.list.defaultSort;
  const column = columnOf(model, wanted.key);
  const id = columnOf(model, 'id');
  return wanted.key === 'id'
    ? [wanted.desc ? desc(id) : asc(id)]
    : [wanted.desc ? desc(column) : asc(column), wanted.desc ? desc(id) : asc(id)];
}
