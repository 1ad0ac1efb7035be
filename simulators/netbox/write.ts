// Creates, updates and deletes objects with the checks NetBox applies, in its order: field
// parsing (400 with every field's errors), uniqueness, then the model's clean(). Deletes follow
// the FKs' on_delete: PROTECT → 409, CASCADE, SET_NULL, and generic relations cascade.
import { FieldError, parseField, resolveRelated } from './fields';
import { addError, NetboxError, type Errors, type ModelSpec, type Row } from './models/types';
import type { Store } from './store';

export interface WriteContext {
  store: Store;
  now: () => Date;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const hasErrors = (e: Errors) => Object.keys(e).length > 0;

/** NetBox timestamps: ISO 8601 with microseconds. */
let lastStamp: [number, string] = [NaN, ''];
export function timestamp(d: Date): string {
  const ms = d.getTime();
  if (ms !== lastStamp[0]) lastStamp = [ms, d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z')];
  return lastStamp[1];
}

function validContentType(
  store: Store,
  value: string,
  errors: Errors,
  field: string,
  allowed?: Record<string, string>,
): boolean {
  if (!/^[a-z_]+\.[a-z_]+$/.test(value)) {
    addError(errors, field, "Invalid value. Specify a content type as '<app_label>.<model_name>'.");
    return false;
  }
  const known = allowed
    ? value in allowed && store.has(allowed[value])
    : store.endpoints().some((ep) => store.model(ep).contentType === value);
  if (!known) addError(errors, field, `Invalid content type: ${value}`);
  return known;
}

/**
 * `tags` is a list serializer in NetBox: a non-list is a `non_field_errors` dict, and item errors
 * come back one entry per item (`{}` for the good ones).
 */
function parseTags(store: Store, value: unknown, errors: Errors): number[] | undefined {
  if (!Array.isArray(value)) {
    errors.tags = {
      non_field_errors: [
        `Expected a list of items but got type "${typeof value === 'string' ? 'str' : value === null ? 'NoneType' : typeof value}".`,
      ],
    };
    return undefined;
  }
  const ids: number[] = [];
  const itemErrors: unknown[] = [];
  let failed = false;
  for (const item of value) {
    try {
      const id = resolveRelated(store, 'extras/tags', item);
      if (id !== null && !ids.includes(id)) ids.push(id);
      itemErrors.push({});
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      itemErrors.push(err.messages);
      failed = true;
    }
  }
  if (failed) (errors as Record<string, unknown>).tags = itemErrors;
  return ids;
}

/** Custom field definitions that apply to a model. */
export function customFieldsFor(store: Store, model: ModelSpec): Row[] {
  return store.customFieldsOf(model.contentType);
}

/** CustomField.validate(): the value's type against the field's; null is always allowed here. */
function customValueError(cf: Row, value: unknown): string | null {
  if (value === null || value === '') return null;
  switch (cf.type) {
    case 'text':
    case 'longtext':
    case 'url':
      if (typeof value !== 'string') return 'Value must be a string.';
      if (cf.validation_regex && !new RegExp(String(cf.validation_regex)).test(value))
        return `Values must match this regex: ${String(cf.validation_regex)}`;
      return null;
    case 'integer':
      if (!Number.isInteger(value)) return 'Value must be an integer.';
      if (cf.validation_minimum != null && (value as number) < Number(cf.validation_minimum))
        return `Value must be at least ${String(cf.validation_minimum)}`;
      if (cf.validation_maximum != null && (value as number) > Number(cf.validation_maximum))
        return `Value must not exceed ${String(cf.validation_maximum)}`;
      return null;
    case 'decimal':
      return typeof value === 'number' && Number.isFinite(value) ? null : 'Value must be a decimal.';
    case 'boolean':
      return typeof value === 'boolean' ? null : 'Value must be true or false.';
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)
        ? null
        : 'Date values must be in ISO 8601 format (YYYY-MM-DD).';
    case 'datetime':
      return typeof value === 'string' && !Number.isNaN(Date.parse(value))
        ? null
        : 'Date and time values must be in ISO 8601 format (YYYY-MM-DD HH:MM:SS).';
    case 'object':
      return Number.isInteger(value) ? null : 'Value must be an object ID, not ' + typeof value;
    case 'multiobject':
      return Array.isArray(value) && value.every(Number.isInteger)
        ? null
        : 'Value must be a list of object IDs, not ' + typeof value;
    default:
      return null;
  }
}

function parseCustomFields(
  store: Store,
  model: ModelSpec,
  value: unknown,
  existing: Record<string, unknown> | undefined,
  errors: Errors,
): Record<string, unknown> | undefined {
  if (!isObject(value)) {
    addError(
      errors,
      'custom_fields',
      'Invalid data format. Custom field data must be passed as a dictionary mapping field names to their values.',
    );
    return undefined;
  }
  const defs = new Map(customFieldsFor(store, model).map((cf) => [String(cf.name), cf]));
  const unknown: Record<string, string[]> = {};
  for (const name of Object.keys(value).sort())
    if (!defs.has(name)) unknown[name] = [`Custom field '${name}' does not exist for this object type.`];
  if (Object.keys(unknown).length) {
    errors.custom_fields = unknown;
    return undefined;
  }
  return { ...(existing ?? {}), ...value };
}

/** Model-level custom field checks (CustomFieldsMixin.clean): types and required values. */
function cleanCustomFields(store: Store, model: ModelSpec, row: Row, errors: Errors): void {
  const data = (row.custom_fields ?? {}) as Record<string, unknown>;
  for (const cf of customFieldsFor(store, model)) {
    const name = String(cf.name);
    const err = customValueError(cf, data[name] ?? null);
    if (err) addError(errors, 'non_field_errors', `Invalid value for custom field '${name}': ${err}`);
    else if (cf.required && (data[name] === null || data[name] === undefined || data[name] === ''))
      addError(errors, 'non_field_errors', `Missing required custom field '${name}'.`);
  }
}

function cleanGeneric(store: Store, model: ModelSpec, row: Row, errors: Errors): void {
  const g = model.generic;
  if (!g) return;
  const type = row[g.typeField];
  const id = row[g.idField];
  if (type == null && id == null) return;
  if (type == null) return addError(errors, g.typeField, 'This field is required.');
  if (id == null) return addError(errors, g.idField, 'This field is required.');
  if (!validContentType(store, String(type), errors, g.typeField, g.targets)) return;
  if (!store.get(g.targets[String(type)], id as number))
    addError(errors, g.idField, `Related object not found using the provided numeric ID: ${String(id)}`);
}

/** Parses a body into a candidate row (errors collected), without saving. */
function build(ctx: WriteContext, model: ModelSpec, body: unknown, old: Row | undefined, partial: boolean): Row {
  const { store } = ctx;
  if (!isObject(body)) {
    const got = Array.isArray(body)
      ? 'list'
      : body === null
        ? 'NoneType'
        : typeof body === 'string'
          ? 'str'
          : typeof body === 'number'
            ? 'int'
            : typeof body;
    throw new NetboxError(400, { non_field_errors: [`Invalid data. Expected a dictionary, but got ${got}.`] });
  }
  const errors: Errors = {};
  const row: Row = old ? { ...old } : { id: 0 };
  for (const [name, field] of model.fields) {
    if (field.kind === 'computed') continue;
    if (name in body) {
      try {
        row[name] = parseField(store, field, body[name]);
        if (name === 'object_types' && Array.isArray(row[name]))
          for (const t of row[name] as string[]) validContentType(store, t, errors, name);
      } catch (err) {
        if (!(err instanceof FieldError)) throw err;
        errors[name] = err.messages;
      }
    } else if ((!old || !partial) && 'required' in field && field.required) {
      errors[name] = ['This field is required.'];
    } else if (!old) {
      row[name] =
        'default' in field && field.default !== undefined
          ? field.default
          : field.kind === 'string' && !field.nullable
            ? ''
            : field.kind === 'strings'
              ? []
              : null;
    }
  }
  if (model.tagged) {
    if ('tags' in body) row.tags = parseTags(store, body.tags, errors) ?? [];
    else if (!old) row.tags = [];
  }
  if (model.customFields) {
    // On create every field starts at its default; given values win. A PATCH merges.
    const base = old
      ? (old.custom_fields as Record<string, unknown>)
      : Object.fromEntries(customFieldsFor(store, model).map((cf) => [String(cf.name), cf.default ?? null]));
    row.custom_fields =
      'custom_fields' in body ? (parseCustomFields(store, model, body.custom_fields, base, errors) ?? {}) : base;
  }
  if (hasErrors(errors)) throw new NetboxError(400, errors);
  return row;
}

/** Uniqueness, then the model's clean(); throws the 400. */
function check(ctx: WriteContext, model: ModelSpec, row: Row, old: Row | undefined): void {
  const { store } = ctx;
  model.prepare?.(row, old, store, store.profile);
  const errors: Errors = {};
  cleanGeneric(store, model, row, errors);
  if (hasErrors(errors)) throw new NetboxError(400, errors);
  model.unique.forEach((rule, i) => {
    const holders = store.uniqueHolders(model.endpoint, i, rule, row);
    if (holders.length)
      for (const [k, v] of Object.entries(rule.error(row, store.get(model.endpoint, holders[0]))))
        if (!errors[k]) errors[k] = v;
  });
  if (hasErrors(errors)) throw new NetboxError(400, errors);
  model.clean?.(row, old, store, store.profile, errors);
  if (model.customFields) cleanCustomFields(store, model, row, errors);
  if (hasErrors(errors)) throw new NetboxError(400, errors);
}

export function createObject(ctx: WriteContext, endpoint: string, body: unknown): Row {
  const model = ctx.store.model(endpoint);
  const row = build(ctx, model, body, undefined, false);
  check(ctx, model, row, undefined);
  row.id = ctx.store.allocateId(endpoint);
  row.created = row.last_updated = timestamp(ctx.now());
  ctx.store.atomic(() => {
    ctx.store.put(endpoint, row);
    model.after?.(ctx.store, row, undefined);
  });
  return ctx.store.get(endpoint, row.id)!;
}

export function notFound(model: ModelSpec): NetboxError {
  return new NetboxError(404, { detail: `No ${model.className} matches the given query.` });
}

export function updateObject(ctx: WriteContext, endpoint: string, id: number, body: unknown, partial: boolean): Row {
  const model = ctx.store.model(endpoint);
  const old = ctx.store.get(endpoint, id);
  if (!old) throw notFound(model);
  const row = build(ctx, model, body, old, partial);
  check(ctx, model, row, old);
  row.last_updated = timestamp(ctx.now());
  ctx.store.atomic(() => {
    ctx.store.put(endpoint, row);
    model.after?.(ctx.store, row, old);
  });
  return ctx.store.get(endpoint, id)!;
}

/** Deletes with Django's on_delete semantics; PROTECTed dependants → 409 and nothing deleted. */
export function deleteObject(ctx: WriteContext, endpoint: string, id: number): void {
  const { store } = ctx;
  const model = store.model(endpoint);
  if (!store.get(endpoint, id)) throw notFound(model);
  store.atomic(() => {
    const protectedBy: string[] = [];
    const deleted = new Set<string>();
    const visit = (ep: string, rowId: number) => {
      const key = `${ep}:${rowId}`;
      if (deleted.has(key) || !store.get(ep, rowId)) return;
      deleted.add(key);
      const m = store.model(ep);
      for (const other of store.endpoints()) {
        const om = store.model(other);
        for (const [fname, f] of om.fields) {
          if (f.kind !== 'fk' || f.to !== ep) continue;
          for (const refId of [...store.referrers(other, fname, rowId)]) {
            if (deleted.has(`${other}:${refId}`)) continue;
            if (f.onDelete === 'protect') {
              const r = store.get(other, refId)!;
              protectedBy.push(`${om.display(r, store)} (${refId})`);
            } else if (f.onDelete === 'cascade') visit(other, refId);
            else store.patch(other, refId, { [fname]: null });
          }
        }
        if (om.generic && Object.values(om.generic.targets).includes(ep)) {
          for (const refId of [...store.referrers(other, om.generic.typeField, `${m.contentType}:${rowId}`)]) {
            if (om.generic.onDelete === 'cascade') visit(other, refId);
            else store.patch(other, refId, { [om.generic.typeField]: null, [om.generic.idField]: null });
          }
        }
        if (ep === 'extras/tags' && om.tagged) {
          for (const refId of [...store.referrers(other, 'tags', rowId)]) {
            const r = store.get(other, refId)!;
            store.patch(other, refId, { tags: (r.tags as number[]).filter((t) => t !== rowId) });
          }
        }
      }
      const old = store.get(ep, rowId)!;
      if (ep === 'extras/custom-fields') dropCustomField(store, old);
      store.remove(ep, rowId);
      m.after?.(store, undefined, old);
    };
    visit(endpoint, id);
    if (protectedBy.length) {
      throw new NetboxError(409, {
        detail: `Unable to delete object. ${protectedBy.length} dependent objects were found: ${protectedBy.join(', ')}`,
      });
    }
  });
}

function dropCustomField(store: Store, cf: Row): void {
  const name = String(cf.name);
  for (const ep of store.endpoints()) {
    const m = store.model(ep);
    if (!m.customFields || !(cf.object_types as string[]).includes(m.contentType)) continue;
    for (const row of [...store.all(ep)]) {
      const data = row.custom_fields as Record<string, unknown> | undefined;
      if (data && name in data) {
        const { [name]: _gone, ...rest } = data;
        store.patch(ep, row.id, { custom_fields: rest });
      }
    }
  }
}
