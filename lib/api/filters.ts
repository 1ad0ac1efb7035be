import { gt, ilike, inArray, lt, not, or, sql, type SQL } from 'drizzle-orm';
import { tags, taggedItems } from '@/db/schema';
import { columnOf, escapeLike } from '@/lib/data/list-filters';
import type { ModelDefinition } from '@/lib/models/define-model';
import type { FieldMeta } from '@/lib/models/types';
import { normalizeDatetime } from '@/lib/query/list-query';
import { translateCustomFieldFilter } from './cf-filters';
import type { ApiContext } from './context';
import { ApiError } from './errors';
import { idsByNaturalKey } from './related';
import { fieldByApi } from './specs';

// NetBox query parameters → the DAL's filter map (keyed by field key, with its lookups) plus SQL
// conditions for what the DAL does not express (other lookups, tags, custom fields). Filter
// names are API names; FKs accept `<name>_id=<id>` and `<name>=<name or slug>`; repeating a
// parameter ORs its values; different parameters AND; unknown parameters are ignored.

/** Query parameters that are not filters. */
export const RESERVED = new Set([
  'limit',
  'offset',
  'start',
  'ordering',
  'brief',
  'fields',
  'omit',
  'exclude',
  'q',
  'format',
  'brief_fields',
]);
const DAL_LOOKUPS = new Set(['n', 'ic', 'nic', 'isw', 'gte', 'lte', 'empty']);
const SQL_LOOKUPS = new Set(['lt', 'gt', 'ie', 'nie', 'iew', 'niew', 'nisw', 'regex', 'iregex']);
const TEXT_KINDS = new Set(['text', 'textarea', 'ip', 'choice']);

export interface TranslatedFilters {
  filters: Record<string, string[]>;
  extra: SQL[];
  /** DAL filter key → the parameter it came from, to report DAL errors under the parameter name. */
  paramOf: Map<string, string>;
}

const snake = (key: string) => key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

function sqlLookup(model: ModelDefinition, field: FieldMeta, lookup: string, values: string[]): SQL | string {
  const column = columnOf(model, field.key);
  if (lookup === 'lt' || lookup === 'gt') {
    const parse = (v: string) =>
      field.kind === 'datetime' ? normalizeDatetime(v) : /^-?\d+(\.\d+)?$/.test(v.trim()) ? Number(v) : null;
    const parsed = values.map(parse);
    if (!['integer', 'number', 'datetime'].includes(field.kind) || parsed.some((p) => p === null))
      return 'Enter a number or date.';
    const value = field.kind === 'datetime' ? new Date(parsed[0] as string) : parsed[0];
    return lookup === 'lt' ? lt(column, value) : gt(column, value);
  }
  if (!TEXT_KINDS.has(field.kind)) return `Lookup "${lookup}" does not apply to this field.`;
  if (lookup === 'regex' || lookup === 'iregex')
    return or(...values.map((v) => (lookup === 'regex' ? sql`${column} ~ ${v}` : sql`${column} ~* ${v}`)))!;
  const pattern = (v: string) =>
    lookup.endsWith('ie') ? escapeLike(v) : lookup.endsWith('iew') ? `%${escapeLike(v)}` : `${escapeLike(v)}%`;
  const any = or(...values.map((v) => ilike(column, pattern(v))))!;
  return lookup.startsWith('n') ? not(any) : any;
}

/** `?tag=a&tag=b` (all of them), `?tag__n=a` (none of them); unknown slugs are a 400 like NetBox's. */
async function tagConditions(
  ctx: ApiContext,
  model: ModelDefinition,
  wanted: string[],
  excluded: string[],
): Promise<SQL[]> {
  const slugs = [...new Set([...wanted, ...excluded])];
  const known = new Set(
    (await ctx.db.select({ slug: tags.slug }).from(tags).where(inArray(tags.slug, slugs))).map((t) => t.slug),
  );
  const unknown = slugs.filter((s) => !known.has(s));
  if (unknown.length > 0)
    throw new ApiError(400, {
      tag: unknown.map((s) => `Select a valid choice. ${s} is not one of the available choices.`),
    });
  const tagged = (slug: string) =>
    sql`${columnOf(model, 'id')} in (select ${taggedItems.objectId} from ${taggedItems} inner join ${tags} on ${tags.id} = ${taggedItems.tagId} where ${taggedItems.objectType} = ${model.meta.objectType} and ${tags.slug} = ${slug})`;
  return [...wanted.map(tagged), ...excluded.map((slug) => not(tagged(slug)))];
}

interface Target {
  field?: FieldMeta;
  /** DAL filter key (a field key or a virtual filter key). */
  key: string;
  /** Resolve values by natural key on this model first (`?cluster=prod`). */
  natural?: string;
}

/** What a filter base name (without lookup) refers to on `model`. */
function targetOf(model: ModelDefinition, base: string): Target | null {
  const field = fieldByApi(model, base);
  if (field && field.kind !== 'secret' && field.kind !== 'json')
    return field.kind === 'fk' ? { field, key: field.key, natural: field.fk } : { field, key: field.key };
  if (base === 'id') return { field: model.meta.fields.find((f) => f.key === 'id'), key: 'id' };
  const fk = base.endsWith('_id') ? fieldByApi(model, base.slice(0, -3)) : undefined;
  if (fk?.kind === 'fk') return { field: fk, key: fk.key };
  for (const vf of model.meta.virtualFilters) {
    if (snake(vf.key) === base) return { key: vf.key };
    if (snake(vf.key) === `${base}_id`) return { key: vf.key, natural: vf.fk };
  }
  return null;
}

export async function translateFilters(
  ctx: ApiContext,
  model: ModelDefinition,
  params: URLSearchParams,
): Promise<TranslatedFilters> {
  const out: TranslatedFilters = { filters: {}, extra: [], paramOf: new Map() };
  const errors: Record<string, string[]> = {};
  for (const param of new Set(params.keys())) {
    if (RESERVED.has(param) || param === 'tag' || param === 'tag__n') continue;
    const values = params
      .getAll(param)
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (values.length === 0) continue;
    const cut = param.lastIndexOf('__');
    const suffix = cut > 0 ? param.slice(cut + 2) : '';
    const lookup = DAL_LOOKUPS.has(suffix) || SQL_LOOKUPS.has(suffix) ? suffix : '';
    const base = lookup ? param.slice(0, cut) : param;
    if (base.startsWith('cf_')) {
      const cf = translateCustomFieldFilter(model, param, values);
      if (cf && 'sql' in cf) out.extra.push(cf.sql);
      else if (cf)
        apply(
          out,
          errors,
          model,
          { field: model.meta.fields.find((f) => f.key === cf.field), key: cf.field },
          cf.lookup,
          values,
          param,
        );
      continue;
    }
    const target = targetOf(model, base);
    if (!target) continue;
    let resolved = values;
    if (target.natural) {
      const { ids, missing } = await idsByNaturalKey(ctx, target.natural, values);
      if (missing.length > 0) {
        errors[param] = missing.map((v) => `Select a valid choice. ${v} is not one of the available choices.`);
        continue;
      }
      resolved = ids;
    }
    apply(out, errors, model, target, lookup, resolved, param);
  }
  if (Object.keys(errors).length > 0) throw new ApiError(400, errors);
  if (model.meta.taggable && (params.has('tag') || params.has('tag__n')))
    out.extra.push(...(await tagConditions(ctx, model, params.getAll('tag'), params.getAll('tag__n'))));
  return out;
}

/** Routes one filter to the DAL (its lookups) or to an SQL condition (the others). */
function apply(
  out: TranslatedFilters,
  errors: Record<string, string[]>,
  model: ModelDefinition,
  target: Target,
  lookup: string,
  values: string[],
  param: string,
): void {
  if (SQL_LOOKUPS.has(lookup)) {
    const condition = target.field
      ? sqlLookup(model, target.field, lookup, values)
      : `Lookup "${lookup}" does not apply to this filter.`;
    if (typeof condition === 'string') errors[param] = [condition];
    else out.extra.push(condition);
    return;
  }
  const name = lookup ? `${target.key}__${lookup}` : target.key;
  out.filters[name] = [...(out.filters[name] ?? []), ...values];
  out.paramOf.set(target.key, param);
}
