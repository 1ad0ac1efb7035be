import fs from 'node:fs';
import path from 'node:path';
import { fixturePath } from '../../fixtures/paths';

// A small OpenAPI 3.0 schema validator for checking our responses against NetBox's own schemas
// (tests/fixtures/netbox: the 4.2.2 subset with the 4.6.8 excerpt overlaid, see its
// PROVENANCE.md). Responses are validated strictly, with these documented relaxations only:
//  1. go-netbox removed `null` from nullable enums and dropped `nullable` from choice objects,
//     while NetBox renders a blank choice as null → a `{value, label}` choice object may be null;
//  2. NetBox drops related-object counters from brief objects nested in another object
//     (BaseModelSerializer with nested=True) → nested Brief* schemas do not require `*_count`;
//  3. ObjectChange.user is rendered null for changes without a user (DRF returns None for a
//     null relation) although the spec lists it as a required, non-nullable BriefUser;
//  4. `pattern`s are the fields' input validators: NetBox itself renders blank fields as ""
//     (e.g. IPAddress.dns_name), so an empty string is not checked against them.

type Schema = Record<string, unknown>;
export interface OpenApiDoc {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
  components: { schemas: Record<string, Schema> };
}

export function loadNetBoxSpec(dir = fixturePath('netbox')): OpenApiDoc {
  const subset = JSON.parse(fs.readFileSync(path.join(dir, 'openapi-subset.json'), 'utf8')) as OpenApiDoc;
  const excerpt = JSON.parse(fs.readFileSync(path.join(dir, 'openapi-4.6.8-excerpt.json'), 'utf8')) as OpenApiDoc;
  Object.assign(subset.components.schemas, excerpt.components.schemas);
  return subset;
}

/** The schema of `GET <path>`'s 200 response, e.g. `/api/dcim/sites/{id}/`. */
export function responseSchema(doc: OpenApiDoc, apiPath: string): Schema {
  const schema = doc.paths[apiPath]?.get?.responses?.['200']?.content?.['application/json']?.schema;
  if (!schema) throw new Error(`no GET 200 schema for ${apiPath}`);
  return schema;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isChoiceObject(schema: Schema): boolean {
  const props = schema.properties as Record<string, Schema> | undefined;
  return schema.type === 'object' && !!props && Object.keys(props).sort().join() === 'label,value';
}

function typeMatches(type: unknown, value: unknown): boolean {
  switch (type) {
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'array':
      return Array.isArray(value);
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

/** Every violation of `schema` by `value`, as `$.path: message` strings (empty = valid). */
export function validate(
  doc: OpenApiDoc,
  schema: Schema,
  value: unknown,
  at = '$',
  name = '',
  nested = false,
): string[] {
  if (typeof schema.$ref === 'string') {
    const refName = schema.$ref.split('/').pop()!;
    const target = doc.components.schemas[refName];
    if (!target) return [`${at}: unresolved ${schema.$ref}`];
    return validate(doc, target, value, at, refName, nested);
  }
  if (value === null && (schema.nullable || isChoiceObject(schema) || (name === 'BriefUser' && at.endsWith('.user'))))
    return [];
  const errors: string[] = [];
  if (Array.isArray(schema.allOf)) {
    for (const sub of schema.allOf as Schema[]) errors.push(...validate(doc, sub, value, at, '', nested));
  }
  for (const key of ['oneOf', 'anyOf'] as const) {
    const options = schema[key] as Schema[] | undefined;
    if (options && !options.some((o) => validate(doc, o, value, at, '', nested).length === 0))
      errors.push(`${at}: matches none of ${key}`);
  }
  if (value === null) {
    if (schema.type !== undefined || Array.isArray(schema.enum)) errors.push(`${at}: null is not allowed`);
    return errors;
  }
  if (schema.type !== undefined && !typeMatches(schema.type, value))
    return [...errors, `${at}: expected ${String(schema.type)}, got ${JSON.stringify(value)}`];
  if (Array.isArray(schema.enum) && !schema.enum.includes(value))
    errors.push(`${at}: ${JSON.stringify(value)} not in enum ${JSON.stringify(schema.enum)}`);
  if (typeof value === 'string') {
    if (schema.format === 'date-time' && !(DATE_TIME.test(value) && !Number.isNaN(Date.parse(value))))
      errors.push(`${at}: not a date-time: ${value}`);
    if (schema.format === 'uri' && !/^https?:\/\/[^\s]+$/.test(value)) errors.push(`${at}: not a uri: ${value}`);
    if (schema.format === 'uuid' && !UUID.test(value)) errors.push(`${at}: not a uuid: ${value}`);
    if (typeof schema.maxLength === 'number' && value.length > schema.maxLength)
      errors.push(`${at}: longer than ${schema.maxLength}`);
    if (typeof schema.minLength === 'number' && value.length < schema.minLength)
      errors.push(`${at}: shorter than ${schema.minLength}`);
    if (typeof schema.pattern === 'string' && value !== '' && !new RegExp(schema.pattern).test(value))
      errors.push(`${at}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    const { minimum, maximum, exclusiveMinimum, exclusiveMaximum } = schema as {
      minimum?: number;
      maximum?: number;
      exclusiveMinimum?: boolean;
      exclusiveMaximum?: boolean;
    };
    if (minimum !== undefined && (exclusiveMinimum ? value <= minimum : value < minimum))
      errors.push(`${at}: below minimum ${minimum}`);
    if (maximum !== undefined && (exclusiveMaximum ? value >= maximum : value > maximum))
      errors.push(`${at}: above maximum ${maximum}`);
  }
  if (Array.isArray(value) && schema.items)
    value.forEach((item, i) => errors.push(...validate(doc, schema.items as Schema, item, `${at}[${i}]`, '', true)));
  if (typeof value === 'object' && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    const relaxCounts = nested && name.startsWith('Brief');
    for (const key of (schema.required as string[] | undefined) ?? []) {
      if (!(key in object) && !(relaxCounts && key.endsWith('_count'))) errors.push(`${at}: missing required "${key}"`);
    }
    const props = (schema.properties ?? {}) as Record<string, Schema>;
    for (const [key, sub] of Object.entries(props)) {
      if (key in object) errors.push(...validate(doc, sub, object[key], `${at}.${key}`, '', true));
    }
  }
  return errors;
}
