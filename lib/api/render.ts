import type { Database } from '@/db/client';
import { loadTags } from '@/lib/data/dto';
import type { ModelDefinition } from '@/lib/models/define-model';
import { getModel } from '@/lib/models/registry';
import type { FieldMeta } from '@/lib/models/types';
import { computedFields, type Resolver } from './computed';
import { loadRows, type ApiContext, type ApiObject, type Row } from './context';
import { customFieldsResolver } from './custom-fields';
import { apiUrl, displayUrl } from './paths';
import { briefFields, choiceLabel, fieldByApi, isContentTypeField, isExposed } from './specs';

// Rows → NetBox representations: id, url, display_url, display, every column
// under its API name (choices as {value, label}, FKs as nested brief objects), computed fields,
// tags, custom_fields, created, last_updated, counters. Secrets and hidden columns never appear.

export type Shape = 'full' | 'brief' | 'nested';
const SYSTEM = new Set(['id', 'created', 'lastUpdated', 'customFields']);

/** Ordered API field names of a representation. */
export function fieldList(model: ModelDefinition, shape: Shape): string[] {
  const computed = computedFields(model);
  if (shape !== 'full') {
    const brief = briefFields(model);
    return ['id', 'url', 'display', ...(shape === 'nested' ? brief.filter((f) => !computed[f]?.counter) : brief)];
  }
  // NetBox lists the identifying columns first and description/comments after the others.
  const exposed = model.meta.fields.filter((f) => isExposed(f) && !SYSTEM.has(f.key));
  const trailing = exposed.filter((f) => f.key === 'description' || f.key === 'comments');
  const columns = [...exposed.filter((f) => !trailing.includes(f)), ...trailing].map((f) => f.api);
  const has = (key: string) => model.meta.fields.some((f) => f.key === key);
  const plain = Object.keys(computed).filter((n) => !computed[n].counter && !columns.includes(n));
  const counters = Object.keys(computed).filter((n) => computed[n].counter);
  return [
    'id',
    'url',
    'display_url',
    'display',
    ...columns,
    ...plain,
    ...(model.meta.taggable ? ['tags'] : []),
    ...(has('customFields') ? ['custom_fields'] : []),
    ...(has('created') ? ['created'] : []),
    ...(has('lastUpdated') ? ['last_updated'] : []),
    ...counters,
  ];
}

/** NetBox writes host addresses with their mask: `10.0.0.5` → `10.0.0.5/32`. */
function withPrefix(address: string): string {
  return address.includes('/') ? address : `${address}/${address.includes(':') ? 128 : 32}`;
}

function columnValue(field: FieldMeta, value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (field.kind === 'choice') {
    if (isContentTypeField(field)) return value;
    return value === '' ? null : { value, label: choiceLabel(field, String(value)) };
  }
  if (field.kind === 'ip') return withPrefix(String(value));
  return value;
}

/** Prepares everything a page of rows needs, one batch query per relation, then builds objects. */
export async function renderRows(
  ctx: ApiContext,
  model: ModelDefinition,
  rows: Row[],
  fields: string[],
): Promise<ApiObject[]> {
  const computed = computedFields(model);
  const resolvers = new Map<string, Resolver>();
  const jobs: Promise<void>[] = [];
  for (const name of fields) {
    const def = computed[name];
    const field = def ? undefined : fieldByApi(model, name);
    if (def) {
      jobs.push(Promise.resolve(def.load(ctx, rows)).then((r) => void resolvers.set(name, r)));
    } else if (field?.kind === 'fk' && field.fk && isExposed(field)) {
      const ids = rows.map((r) => r[field.key]).filter((v): v is number => typeof v === 'number');
      jobs.push(
        ctx
          .nested(field.fk, ids)
          .then((m) => void resolvers.set(name, (row) => m.get(row[field.key] as number) ?? null)),
      );
    } else if (name === 'tags' && model.meta.taggable) {
      jobs.push(
        loadTags(
          ctx.db,
          model.meta.objectType,
          rows.map((r) => r.id as number),
        ).then((m) => {
          resolvers.set('tags', (row) =>
            (m.get(row.id as number) ?? []).map((t) => ({
              id: t.id,
              url: apiUrl(ctx.origin, 'tags', t.id),
              display_url: displayUrl(ctx.origin, 'tags', t.id),
              display: t.name,
              name: t.name,
              slug: t.slug,
              color: t.color,
            })),
          );
        }),
      );
    } else if (name === 'custom_fields') {
      jobs.push(customFieldsResolver(ctx, model, rows).then((r) => void resolvers.set(name, r)));
    }
  }
  await Promise.all(jobs);

  const key = model.meta.key;
  return rows.map((row) => {
    const id = row.id as number;
    const out: ApiObject = {};
    for (const name of fields) {
      const resolver = resolvers.get(name);
      if (resolver) out[name] = resolver(row);
      else if (name === 'id') out.id = id;
      else if (name === 'url') out.url = apiUrl(ctx.origin, key, id);
      else if (name === 'display_url') out.display_url = displayUrl(ctx.origin, key, id);
      else if (name === 'display') out.display = model.display(row);
      else {
        const field = fieldByApi(model, name);
        if (field && isExposed(field)) out[name] = columnValue(field, row[field.key]);
      }
    }
    return out;
  });
}

/** A serializer context for one request; nested objects are NetBox's brief forms without counters. */
export function createContext(db: Database, origin: string): ApiContext {
  const ctx: ApiContext = {
    db,
    origin,
    rows: new Map(),
    nested: async (modelKey, ids) => {
      const target = getModel(modelKey)!;
      const rows = await loadRows(ctx, modelKey, ids);
      const objects = await renderRows(ctx, target, [...rows.values()], fieldList(target, 'nested'));
      return new Map(objects.map((o) => [o.id as number, o]));
    },
  };
  return ctx;
}
