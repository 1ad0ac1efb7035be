import { loadTags } from '@/lib/data/dto';
import type { ModelDefinition } from '@/lib/models/define-model';
import type { ApiContext, Row } from './context';
import { customFieldsForWrite } from './custom-fields';
import { ApiError } from './errors';
import { RelatedLookupError, resolveReference } from './related';
import { fieldByApi, isContentTypeField } from './specs';

// A NetBox write body → the DAL's input (field keys). Related objects and tags are accepted by
// id or by attribute dict; choices must be bare values; read-only and unknown names are ignored
// as DRF ignores them (sync-owned columns are the DAL's to refuse); `custom_fields` merges into
// the stored values; `add_tags`/`remove_tags` (NetBox 4.6) edit the tag set. Errors are keyed
// by API name, NetBox-style.

export type WriteMode = 'create' | 'replace' | 'update';
type Errors = Record<string, unknown>;
const IGNORED = new Set(['id', 'created', 'last_updated', 'changelog_message']);

async function tagIds(ctx: ApiContext, value: unknown, name: string, errors: Errors): Promise<number[] | undefined> {
  if (!Array.isArray(value)) {
    errors[name] = [`Expected a list of items but got type "${typeof value}".`];
    return undefined;
  }
  const ids: number[] = [];
  const messages: string[] = [];
  for (const item of value) {
    try {
      ids.push(await resolveReference(ctx, 'tags', item));
    } catch (err) {
      if (!(err instanceof RelatedLookupError)) throw err;
      messages.push(err.message);
    }
  }
  if (messages.length > 0) errors[name] = messages;
  return ids;
}

async function applyTags(
  ctx: ApiContext,
  model: ModelDefinition,
  body: Record<string, unknown>,
  existing: Row | null,
  input: Row,
  errors: Errors,
): Promise<void> {
  const { tags, add_tags: add, remove_tags: remove } = body;
  if (tags === undefined && add === undefined && remove === undefined) return;
  if (!model.meta.taggable) {
    errors.tags = ['This object cannot be tagged.'];
    return;
  }
  if (tags !== undefined && (add !== undefined || remove !== undefined)) {
    errors.non_field_errors = ['Cannot specify both "tags" and "add_tags"/"remove_tags".'];
    return;
  }
  if (tags !== undefined) {
    input.tags = await tagIds(ctx, tags, 'tags', errors);
    return;
  }
  if (remove !== undefined && !existing) errors.remove_tags = ['Tags cannot be removed when creating an object.'];
  const adding = add === undefined ? [] : ((await tagIds(ctx, add, 'add_tags', errors)) ?? []);
  const removing = remove === undefined ? [] : ((await tagIds(ctx, remove, 'remove_tags', errors)) ?? []);
  if (adding.some((id) => removing.includes(id)))
    errors.non_field_errors = ['The same tag cannot be both added and removed.'];
  const current = existing
    ? ((await loadTags(ctx.db, model.meta.objectType, [existing.id as number])).get(existing.id as number) ?? []).map(
        (t) => t.id,
      )
    : [];
  input.tags = [...new Set([...current, ...adding])].filter((id) => !removing.includes(id));
}

/** Translates one object of a write body; throws ApiError(400) with every problem at once. */
export async function toDalInput(
  ctx: ApiContext,
  model: ModelDefinition,
  body: unknown,
  existing: Row | null,
  mode: WriteMode,
): Promise<Row> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new ApiError(400, {
      non_field_errors: [`Invalid data. Expected a dictionary, but got ${Array.isArray(body) ? 'list' : typeof body}.`],
    });
  }
  const data = body as Record<string, unknown>;
  const input: Row = {};
  const errors: Errors = {};
  for (const [name, value] of Object.entries(data)) {
    if (IGNORED.has(name) || name === 'tags' || name === 'add_tags' || name === 'remove_tags') continue;
    if (name === 'custom_fields' && model.meta.fields.some((f) => f.key === 'customFields')) {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        errors.custom_fields = ['Invalid data. Expected a dictionary.'];
        continue;
      }
      const cf = await customFieldsForWrite(ctx, model, existing, value as Record<string, unknown>);
      if (Object.keys(cf.errors).length > 0) errors.custom_fields = cf.errors;
      input.customFields = cf.values;
      continue;
    }
    const field = fieldByApi(model, name);
    if (!field || field.key === 'id' || field.key === 'created' || field.key === 'lastUpdated') continue;
    if (field.kind === 'fk' && field.fk && value !== null) {
      try {
        input[field.key] = await resolveReference(ctx, field.fk, value);
      } catch (err) {
        if (!(err instanceof RelatedLookupError)) throw err;
        errors[name] = [err.message];
      }
      continue;
    }
    if (field.kind === 'choice' && !isContentTypeField(field) && typeof value === 'object' && value !== null) {
      errors[name] = ['Value must be passed directly (e.g. "foo": 123); do not use a dictionary or list.'];
      continue;
    }
    input[field.key] = value;
  }
  await applyTags(ctx, model, data, existing, input, errors);
  if (mode === 'replace') {
    for (const field of model.meta.fields) {
      if (field.required && !field.readOnly && !(field.api in data)) errors[field.api] ??= ['This field is required.'];
    }
  }
  if (Object.keys(errors).length > 0) throw new ApiError(400, errors);
  return input;
}
