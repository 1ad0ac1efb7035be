import pkg from '@/package.json';
import type { ModelDefinition } from '@/lib/models/define-model';
import { getModel, registryVersion } from '@/lib/models/registry';
import type { FieldMeta } from '@/lib/models/types';
import type { JsonSchema } from './computed';
import { API_VERSION } from './http';
import { modelSchemas, NESTED_TAG } from './openapi-schemas';
import { apiModelKeys, apiPathOf } from './paths';
import { isExposed, schemaName } from './specs';
import { OBJECT_SYNC_TYPES } from '@/lib/sync/scope/object-scope';

// `GET /api/schema/`: an OpenAPI 3.0 document generated from the registry — one list and one
// detail path per model with its filters (API names, NetBox lookups), and the component schemas
// of openapi-schemas.ts. Built once per process.

const ref = (name: string): JsonSchema => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema) => ({ content: { 'application/json': { schema } } });
const LOOKUPS: Record<string, string[]> = {
  text: ['n', 'ic', 'nic', 'isw', 'nisw', 'iew', 'niew', 'ie', 'nie', 'empty', 'regex', 'iregex'],
  number: ['n', 'lt', 'lte', 'gt', 'gte', 'empty'],
  fk: ['n'],
  choice: ['n'],
};

function lookupsOf(field: FieldMeta): string[] {
  if (field.kind === 'fk' || field.kind === 'choice') return LOOKUPS[field.kind];
  if (['integer', 'number', 'datetime'].includes(field.kind)) return LOOKUPS.number;
  if (['text', 'textarea', 'ip'].includes(field.kind)) return LOOKUPS.text;
  return [];
}

function query(
  name: string,
  description: string,
  schema: JsonSchema = { type: 'array', items: { type: 'string' } },
): JsonSchema {
  return {
    in: 'query',
    name,
    description,
    schema,
    ...(schema.type === 'array' ? { explode: true, style: 'form' } : {}),
  };
}

function listParameters(model: ModelDefinition): JsonSchema[] {
  const params: JsonSchema[] = [];
  for (const field of model.meta.fields) {
    if (!isExposed(field) || field.kind === 'json') continue;
    const bases = field.kind === 'fk' ? [field.api, `${field.api}_id`] : [field.api];
    for (const base of bases) {
      params.push(query(base, field.label));
      for (const lookup of lookupsOf(field)) params.push(query(`${base}__${lookup}`, field.label));
    }
  }
  for (const vf of model.meta.virtualFilters)
    params.push(query(vf.key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase(), vf.label));
  if (model.meta.taggable)
    params.push(
      query('tag', 'Tag (slug); repeat to require every tag'),
      query('tag__n', 'Tag (slug) the object must not carry'),
    );
  params.push(
    query('q', 'Search', { type: 'string' }),
    query('ordering', 'Which field to use when ordering the results (prefix "-" for descending, comma-separated).', {
      type: 'string',
    }),
    // Inline like NetBox's own schema: clients (nb_inventory) read `name` from every parameter.
    query('limit', 'Number of results to return per page.', { type: 'integer' }),
    query('offset', 'The initial index from which to return the results.', { type: 'integer' }),
    query('start', 'Cursor pagination: return objects with an id at least this (count is null).', { type: 'integer' }),
    query('brief', 'Return the brief representation', { type: 'boolean' }),
    query('fields', 'Comma-separated fields to include', { type: 'string' }),
    query('omit', 'Comma-separated fields to leave out', { type: 'string' }),
  );
  return params;
}

function modelPaths(model: ModelDefinition): Record<string, JsonSchema> {
  const name = schemaName(model);
  const tag = apiPathOf(model.meta.key).split('/').slice(0, -1).join('/') || 'api';
  const op = (verb: string) => `${apiPathOf(model.meta.key).replace(/[/-]/g, '_')}_${verb}`;
  const { creatable, editable, deletable } = model.meta;
  const id = {
    in: 'path',
    name: 'id',
    required: true,
    schema: { type: 'integer' },
    description: `A unique integer value identifying this ${model.meta.label.toLowerCase()}.`,
  };
  const bulkBody = (schema: string) => ({
    required: true,
    ...json({
      type: 'array',
      items: { allOf: [ref(schema)], required: ['id'], properties: { id: { type: 'integer' } } },
    }),
  });
  const list: JsonSchema = {
    get: {
      operationId: op('list'),
      tags: [tag],
      parameters: listParameters(model),
      responses: { 200: { description: '', ...json(ref(`Paginated${name}List`)) } },
    },
  };
  const detail: JsonSchema = {
    get: {
      operationId: op('retrieve'),
      tags: [tag],
      parameters: [id],
      responses: { 200: { description: '', ...json(ref(name)) } },
    },
  };
  if (creatable)
    list.post = {
      operationId: op('create'),
      tags: [tag],
      requestBody: {
        required: true,
        ...json({ oneOf: [ref(`${name}Request`), { type: 'array', items: ref(`${name}Request`) }] }),
      },
      responses: { 201: { description: '', ...json(ref(name)) } },
    };
  if (editable) {
    list.put = {
      operationId: op('bulk_update'),
      tags: [tag],
      requestBody: bulkBody(`${name}Request`),
      responses: { 200: { description: '', ...json({ type: 'array', items: ref(name) }) } },
    };
    list.patch = {
      operationId: op('bulk_partial_update'),
      tags: [tag],
      requestBody: bulkBody(`Patched${name}Request`),
      responses: { 200: { description: '', ...json({ type: 'array', items: ref(name) }) } },
    };
    detail.put = {
      operationId: op('update'),
      tags: [tag],
      parameters: [id],
      requestBody: { required: true, ...json(ref(`${name}Request`)) },
      responses: { 200: { description: '', ...json(ref(name)) } },
    };
    detail.patch = {
      operationId: op('partial_update'),
      tags: [tag],
      parameters: [id],
      requestBody: json(ref(`Patched${name}Request`)),
      responses: { 200: { description: '', ...json(ref(name)) } },
    };
  }
  if (deletable) {
    list.delete = {
      operationId: op('bulk_destroy'),
      tags: [tag],
      requestBody: bulkBody(`Patched${name}Request`),
      responses: { 204: { description: 'No response body' } },
    };
    detail.delete = {
      operationId: op('destroy'),
      tags: [tag],
      parameters: [id],
      responses: { 204: { description: 'No response body' } },
    };
  }
  const path = `/api/${apiPathOf(model.meta.key)}/`;
  return { [path]: list, [`${path}{id}/`]: detail };
}

let cached: JsonSchema | null = null;
let cachedVersion = -1;

/** The OpenAPI 3.0 document of the whole API. */
export function openApiDocument(): JsonSchema {
  if (cached && cachedVersion === registryVersion()) return cached;
  cachedVersion = registryVersion();
  const models = apiModelKeys().map((key) => getModel(key)!);
  const schemas: Record<string, JsonSchema> = { NestedTag: NESTED_TAG };
  let paths: Record<string, JsonSchema> = {
    '/api/status/': {
      get: {
        operationId: 'status_retrieve',
        tags: ['status'],
        responses: { 200: { description: '', ...json({ type: 'object', additionalProperties: {} }) } },
      },
    },
  };
  for (const model of models) {
    Object.assign(schemas, modelSchemas(model));
    paths = { ...paths, ...modelPaths(model) };
  }
  paths['/api/plugins/proxbox/sync/'] = {
    post: {
      operationId: 'plugins_proxbox_sync_create',
      tags: ['plugins'],
      description:
        'Starts a sync of the given endpoints and stages (all when omitted), or of one object (its endpoint and stages); answers 202 with the job.',
      requestBody: {
        content: {
          'application/json': {
            schema: {
              type: 'object',
              properties: {
                endpoints: { type: 'array', items: { type: 'integer' } },
                stages: { type: 'array', items: { type: 'string' } },
                object: {
                  type: 'object',
                  properties: {
                    type: { type: 'string', enum: [...OBJECT_SYNC_TYPES] },
                    id: { type: 'integer', minimum: 1 },
                  },
                  required: ['type', 'id'],
                  additionalProperties: false,
                },
              },
              additionalProperties: false,
            },
          },
        },
      },
      responses: {
        202: { description: 'The recorded sync job' },
        400: { description: 'Invalid body' },
        403: { description: 'Not allowed' },
        409: { description: 'The endpoint is already being synced' },
      },
    },
  };
  paths['/api/plugins/proxbox/sync-jobs/{id}/stream/'] = {
    get: {
      operationId: 'plugins_proxbox_sync_jobs_stream',
      tags: ['plugins'],
      description:
        "The run's progress events as server-sent events (step, discovery, substep, item_progress, phase_summary, error_detail, error, one final complete; proxbox-api's event contract).",
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      responses: {
        200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: { type: 'string' } } } },
      },
    },
  };
  cached = {
    openapi: '3.0.3',
    info: {
      title: 'Proxbox REST API',
      version: `${pkg.version} (NetBox API ${API_VERSION})`,
      description: 'NetBox-compatible REST API of Proxbox.',
    },
    paths,
    components: {
      schemas,
      parameters: {
        limit: query('limit', 'Number of results to return per page (default 50, at most 1000; 0 = the maximum).', {
          type: 'integer',
        }),
        offset: query('offset', 'The initial index from which to return the results.', { type: 'integer' }),
      },
      securitySchemes: {
        tokenAuth: {
          type: 'apiKey',
          in: 'header',
          name: 'Authorization',
          description: 'API key with the prefix "Token " or "Bearer ".',
        },
        proxboxApiKey: { type: 'apiKey', in: 'header', name: 'X-Proxbox-API-Key' },
        cookieAuth: { type: 'apiKey', in: 'cookie', name: 'next-auth.session-token' },
      },
    },
    security: [{ tokenAuth: [] }, { proxboxApiKey: [] }, { cookieAuth: [] }],
  };
  return cached;
}
