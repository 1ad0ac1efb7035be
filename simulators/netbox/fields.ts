// Parsing one written field value the way DRF and NetBox's serializer fields do, with their
// messages. Each parser returns the stored value or throws a FieldError with the message list.
import { normalizeMac } from './models/mac';
import type { FieldSpec, Row } from './models/types';
import type { Store } from './store';

export class FieldError extends Error {
  constructor(readonly messages: string[]) {
    super(messages.join(' '));
  }
}
const fail = (message: string): never => {
  throw new FieldError([message]);
};

const TRUE = new Set<unknown>([
  true,
  1,
  '1',
  'true',
  'True',
  'TRUE',
  't',
  'T',
  'y',
  'Y',
  'yes',
  'Yes',
  'YES',
  'on',
  'On',
  'ON',
]);
const FALSE = new Set<unknown>([
  false,
  0,
  '0',
  'false',
  'False',
  'FALSE',
  'f',
  'F',
  'n',
  'N',
  'no',
  'No',
  'NO',
  'off',
  'Off',
  'OFF',
]);
const SLUG = /^[-a-zA-Z0-9_]+$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Python's repr of a filter dict, as NetBox prints it in "Related object not found …" messages. */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'string') return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  return `{${Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => `'${k}': ${pyRepr(v)}`)
    .join(', ')}}`;
}

/** `{"site": {"slug": "x"}, "name": "R1"}` → `{site__slug: 'x', name: 'R1'}` (Django's lookup form). */
function flatten(attrs: Record<string, unknown>, prefix = ''): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(attrs)) {
    if (isObject(v)) Object.assign(out, flatten(v, `${prefix}${k}__`));
    else out[`${prefix}${k}`] = v;
  }
  return out;
}

function sameValue(stored: unknown, wanted: unknown): boolean {
  if (stored === wanted) return true;
  if (stored === null || stored === undefined || wanted === null || wanted === undefined)
    return (stored ?? null) === (wanted ?? null);
  return String(stored) === String(wanted);
}

/** Does `row` of `endpoint` match every attribute (nested dicts follow FKs)? Unknown attributes throw. */
const fieldMaps = new WeakMap<object, Map<string, FieldSpec>>();
function fieldMap(store: Store, endpoint: string): Map<string, FieldSpec> {
  const model = store.model(endpoint);
  let map = fieldMaps.get(model);
  if (!map) fieldMaps.set(model, (map = new Map(model.fields)));
  return map;
}

function matches(store: Store, endpoint: string, row: Row, attrs: Record<string, unknown>): boolean {
  const fields = fieldMap(store, endpoint);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'id' || k === 'pk') {
      if (!sameValue(row.id, v)) return false;
      continue;
    }
    const field = fields.get(k);
    if (!field || field.kind === 'computed') fail(`Cannot resolve keyword '${k}' into field.`);
    if (field!.kind === 'fk' && isObject(v)) {
      const target = typeof row[k] === 'number' ? store.get(field!.to, row[k] as number) : undefined;
      if (!target || !matches(store, field!.to, target, v)) return false;
    } else if (!sameValue(row[k], v)) return false;
  }
  return true;
}

/** NetBox's `get_related_object_by_attrs`: a numeric id or a dict of attributes naming exactly one object. */
export function resolveRelated(store: Store, endpoint: string, value: unknown): number | null {
  if (value === null) return null;
  if (isObject(value)) {
    const params = pyRepr(flatten(value));
    if (!store.has(endpoint)) fail(`Related object not found using the provided attributes: ${params}`);
    const found: number[] = [];
    for (const row of store.all(endpoint)) {
      if (matches(store, endpoint, row, value)) {
        found.push(row.id);
        if (found.length > 1) break;
      }
    }
    if (found.length === 0) fail(`Related object not found using the provided attributes: ${params}`);
    if (found.length > 1) fail(`Multiple objects match the provided attributes: ${params}`);
    return found[0];
  }
  const id =
    typeof value === 'number' ? value : typeof value === 'string' && /^\s*-?\d+\s*$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(id)) {
    fail(
      `Related objects must be referenced by numeric ID or by dictionary of attributes. Received an unrecognized value: ${typeof value === 'string' ? value : JSON.stringify(value)}`,
    );
  }
  if (!store.get(endpoint, id)) fail(`Related object not found using the provided numeric ID: ${id}`);
  return id;
}

function parseInteger(value: unknown): number {
  if (typeof value === 'boolean' || isObject(value) || Array.isArray(value)) fail('A valid integer is required.');
  const n =
    typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n)) fail('A valid integer is required.');
  return n;
}

function bounds(n: number, min?: number, max?: number): void {
  if (min !== undefined && n < min) fail(`Ensure this value is greater than or equal to ${min}.`);
  if (max !== undefined && n > max) fail(`Ensure this value is less than or equal to ${max}.`);
}

/** Parses one written value of `field`; `undefined` never reaches here. */
export function parseField(store: Store, field: FieldSpec, value: unknown): unknown {
  if (value === null) {
    const nullable =
      field.kind === 'fk' ? !field.required : field.kind === 'json' || ('nullable' in field && field.nullable === true);
    if (!nullable) fail('This field may not be null.');
    return null;
  }
  switch (field.kind) {
    case 'string': {
      if (typeof value !== 'string' && typeof value !== 'number') fail('Not a valid string.');
      const s = String(value).trim();
      if (s === '' && field.required) fail('This field may not be blank.');
      if (field.max !== undefined && s.length > field.max)
        fail(`Ensure this field has no more than ${field.max} characters.`);
      if (field.slug && !SLUG.test(s))
        fail('Enter a valid “slug” consisting of letters, numbers, underscores or hyphens.');
      if (field.mac) {
        if (s === '' && field.nullable) return null;
        const mac = normalizeMac(s);
        if (!mac) fail(`Invalid MAC address format: ${s}`);
        return mac;
      }
      return s;
    }
    case 'int': {
      const n = parseInteger(value);
      bounds(n, field.min, field.max);
      return n;
    }
    case 'decimal': {
      if (typeof value === 'boolean' || isObject(value) || Array.isArray(value)) fail('A valid number is required.');
      const n =
        typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
      if (!Number.isFinite(n)) fail('A valid number is required.');
      bounds(n, field.min, field.max);
      return n;
    }
    case 'bool':
      if (TRUE.has(value)) return true;
      if (FALSE.has(value)) return false;
      return fail('Must be a valid boolean.');
    case 'choice': {
      if (isObject(value) || Array.isArray(value))
        fail('Value must be passed directly (e.g. "foo": 123); do not use a dictionary or list.');
      if (value === '' && !field.required && field.nullable) return null;
      const hit = field.choices.find((c) => String(c) === String(value));
      if (hit === undefined) fail(`"${String(value)}" is not a valid choice.`);
      return hit;
    }
    case 'fk':
      return resolveRelated(store, field.to, value);
    case 'json':
      return value;
    case 'strings':
      if (!Array.isArray(value))
        fail(`Expected a list of items but got type "${typeof value === 'string' ? 'str' : typeof value}".`);
      for (const v of value as unknown[]) if (typeof v !== 'string') fail('Not a valid string.');
      return [...new Set(value as string[])];
    case 'computed':
      return undefined;
  }
}
