import type { ModelDefinition } from '@/lib/models/define-model';
import { getModel } from '@/lib/models/registry';
import type { FieldMeta } from '@/lib/models/types';
import { computedFields, type JsonSchema } from './computed';
import { derivedCustomFields } from './custom-fields';
import { fieldList } from './render';
import { briefFields, choiceLabel, fieldByApi, isContentTypeField, isExposed, schemaName } from './specs';

// OpenAPI 3.0 component schemas generated from the registry's field metadata: the response
// object, its brief form, the writable request body and the paginated list of every model.

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const SYSTEM_WRITE = new Set(['id', 'created', 'lastUpdated', 'customFields']);

function withNull(schema: JsonSchema, nullable: boolean): JsonSchema {
  if (!nullable) return schema;
  return '$ref' in schema ? { allOf: [schema], nullable: true } : { ...schema, nullable: true };
}

function scalar(field: FieldMeta): JsonSchema {
  switch (field.kind) {
    case 'integer':
      return {
        type: 'integer',
        ...(field.min !== undefined ? { minimum: field.min } : {}),
        ...(field.max !== undefined ? { maximum: field.max } : {}),
      };
    case 'number':
      return { type: 'number', format: 'double' };
    case 'boolean':
    case 'nullboolean':
      return { type: 'boolean' };
    case 'datetime':
      return { type: 'string', format: 'date-time' };
    case 'json':
      return {};
    default:
      return {
        type: 'string',
        ...(field.maxLength ? { maxLength: field.maxLength } : {}),
        ...(field.pattern ? { pattern: field.pattern } : {}),
      };
  }
}

function responseProperty(field: FieldMeta): JsonSchema {
  const nullable = field.nullable || field.kind === 'nullboolean' || field.kind === 'json';
  if (field.kind === 'fk' && field.fk) return withNull(ref(`Brief${schemaName(getModel(field.fk)!)}`), nullable);
  if (field.kind === 'choice' && !isContentTypeField(field)) {
    const values = (field.choices ?? []).map((c) => c.value);
    return withNull(
      {
        type: 'object',
        properties: {
          value: { type: 'string', enum: values },
          label: { type: 'string', enum: values.map((v) => choiceLabel(field, v)) },
        },
      },
      nullable,
    );
  }
  if (field.kind === 'choice') return withNull({ type: 'string' }, nullable);
  return withNull({ ...scalar(field), ...(field.readOnly ? { readOnly: true } : {}) }, nullable);
}

/** Properties of a rendered object for a list of API field names. */
function properties(model: ModelDefinition, names: string[]): Record<string, JsonSchema> {
  const computed = computedFields(model);
  const props: Record<string, JsonSchema> = {};
  for (const name of names) {
    const field = fieldByApi(model, name);
    if (computed[name]) props[name] = computed[name].schema;
    else if (name === 'id') props.id = { type: 'integer', readOnly: true };
    else if (name === 'url' || name === 'display_url') props[name] = { type: 'string', format: 'uri', readOnly: true };
    else if (name === 'display') props.display = { type: 'string', readOnly: true };
    else if (name === 'tags') props.tags = { type: 'array', items: ref('NestedTag') };
    else if (name === 'custom_fields') {
      const derived = Object.fromEntries(
        derivedCustomFields(model).map((n) => [n, { nullable: true, readOnly: true }]),
      );
      props.custom_fields = { type: 'object', properties: derived, additionalProperties: true };
    } else if (name === 'created' || name === 'last_updated')
      props[name] = { type: 'string', format: 'date-time', readOnly: true, nullable: true };
    else if (field && isExposed(field)) props[name] = responseProperty(field);
  }
  return props;
}

function requestSchema(model: ModelDefinition, partial: boolean): JsonSchema {
  const props: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const field of model.meta.fields) {
    if (SYSTEM_WRITE.has(field.key) || field.readOnly || field.hidden) continue;
    const nullable = field.nullable || field.kind === 'nullboolean';
    if (field.kind === 'fk')
      props[field.api] = withNull(
        { oneOf: [{ type: 'integer' }, { type: 'object', additionalProperties: true }] },
        nullable,
      );
    else if (field.kind === 'choice')
      props[field.api] = withNull({ type: 'string', enum: (field.choices ?? []).map((c) => c.value) }, nullable);
    else if (field.kind === 'secret') props[field.api] = withNull({ type: 'string', writeOnly: true }, nullable);
    else props[field.api] = withNull(scalar(field), nullable);
    if (field.required && !partial) required.push(field.api);
  }
  if (model.meta.taggable)
    props.tags = {
      type: 'array',
      items: { oneOf: [{ type: 'integer' }, { type: 'object', additionalProperties: true }] },
    };
  if (model.meta.fields.some((f) => f.key === 'customFields'))
    props.custom_fields = { type: 'object', additionalProperties: true };
  return { type: 'object', properties: props, ...(required.length > 0 ? { required } : {}) };
}

/** Every component schema of one model: `<Name>`, `Brief<Name>`, `<Name>Request`, `Patched<Name>Request`, `Paginated<Name>List`. */
export function modelSchemas(model: ModelDefinition): Record<string, JsonSchema> {
  const name = schemaName(model);
  const required = [
    'id',
    'url',
    'display',
    ...model.meta.fields.filter((f) => f.required && isExposed(f)).map((f) => f.api),
  ];
  const brief = ['id', 'url', 'display', ...briefFields(model)];
  return {
    [name]: { type: 'object', required, properties: properties(model, fieldList(model, 'full')) },
    [`Brief${name}`]: { type: 'object', required: ['id', 'url', 'display'], properties: properties(model, brief) },
    [`${name}Request`]: requestSchema(model, false),
    [`Patched${name}Request`]: requestSchema(model, true),
    [`Paginated${name}List`]: {
      type: 'object',
      required: ['count', 'results'],
      properties: {
        count: { type: 'integer' },
        next: { type: 'string', format: 'uri', nullable: true },
        previous: { type: 'string', format: 'uri', nullable: true },
        results: { type: 'array', items: ref(name) },
      },
    },
  };
}

export const NESTED_TAG: JsonSchema = {
  type: 'object',
  required: ['id', 'url', 'display', 'name', 'slug'],
  properties: {
    id: { type: 'integer', readOnly: true },
    url: { type: 'string', format: 'uri', readOnly: true },
    display_url: { type: 'string', format: 'uri', readOnly: true },
    display: { type: 'string', readOnly: true },
    name: { type: 'string' },
    slug: { type: 'string' },
    color: { type: 'string' },
  },
};
