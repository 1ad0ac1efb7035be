// One API request, in NetBox's order: authentication (403), URL resolution (301 without the
// trailing slash, 404), method (405), write permission (403), then the list/detail operation.
import type { IncomingMessage } from 'node:http';
import { cursorPage, MAX_PAGE, pageLinks, pageOf, query, sortRows } from '../filters';
import { NetboxError, type Row } from '../models/types';
import { createRenderer } from '../render';
import type { Store } from '../store';
import type { VersionProfile } from '../versions';
import { createObject, deleteObject, notFound, updateObject, type WriteContext } from '../write';
import { authenticate, mayWrite, type Tokens, type WriteTokens } from './auth';
import type { FaultState } from './faults';

export interface Answer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Objects carried by the request body or returned by a read, for the request log. */
  objects?: number;
}

export interface HandlerEnv {
  store: Store;
  profile: VersionProfile;
  tokens: Tokens;
  writeTokens: WriteTokens;
  faults: FaultState;
  write: WriteContext;
  maxBodyBytes: number;
  /** Serve `/__sim/…` (request log, faults, latency) for a simulator running in another process. */
  control?: { requests: () => unknown[]; reset: () => void };
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);
const LIST_METHODS = 'GET, POST, PUT, PATCH, DELETE, HEAD, OPTIONS';
const DETAIL_METHODS = 'GET, PUT, PATCH, DELETE, HEAD, OPTIONS';
const ROOT_APPS = [
  'circuits',
  'core',
  'dcim',
  'extras',
  'ipam',
  'plugins',
  'status',
  'tenancy',
  'users',
  'virtualization',
  'vpn',
  'wireless',
];

const notAllowed = (method: string): Answer => ({ status: 405, body: { detail: `Method "${method}" not allowed.` } });

export function faultAnswer(status: number, p: VersionProfile): Answer {
  if (status === 500)
    return {
      status,
      body: {
        error: 'Simulated failure',
        exception: 'SimulatedFault',
        netbox_version: p.full,
        python_version: p.python,
      },
    };
  if (status >= 502 && status <= 504) return { status, body: undefined };
  return { status, body: { detail: `Simulated failure (HTTP ${status}).` } };
}

async function readBody(req: IncomingMessage, max: number): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > max) throw new NetboxError(413, { detail: `Request body exceeds ${max} bytes.` });
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new NetboxError(400, { detail: `JSON parse error - ${(err as Error).message}` });
  }
}

function status(p: VersionProfile): Record<string, unknown> {
  return {
    'django-version': p.django,
    ...(p.v46 ? { hostname: 'netbox-simulator' } : {}),
    installed_apps: {
      django_filters: '25.1',
      django_prometheus: '2.3.1',
      django_rq: '3.0',
      django_tables2: '2.7.5',
      drf_spectacular: '0.28.0',
      mptt: '0.17.0',
      rest_framework: '3.15.2',
      taggit: '6.1.0',
      timezone_field: '7.1',
    },
    'netbox-version': p.full,
    'netbox-full-version': `${p.full}-simulator`,
    plugins: {},
    'python-version': p.python,
    'rq-workers-running': 1,
  };
}

/** Handles one request (after latency and faults) and returns what to send. */
export async function handle(req: IncomingMessage, url: URL, env: HandlerEnv): Promise<Answer> {
  const method = (req.method ?? 'GET').toUpperCase();
  const path = url.pathname;
  if (path.startsWith('/__sim/') && env.control) return controlRequest(req, method, path, env, env.control);
  if (!path.startsWith('/api/') && path !== '/api') return { status: 404, body: { detail: 'Not found.' } };
  if (!path.endsWith('/')) return { status: 301, headers: { Location: `${path}/${url.search}` } };

  const auth = authenticate(req.headers.authorization, env.tokens, env.profile);
  if (!auth.ok) return { status: 403, body: { detail: auth.detail } };

  if (path === '/api/') {
    if (method !== 'GET') return notAllowed(method);
    return { status: 200, body: Object.fromEntries(ROOT_APPS.map((a) => [a, `${url.origin}/api/${a}/`])) };
  }
  if (path === '/api/status/') {
    if (method !== 'GET') return notAllowed(method);
    return { status: 200, body: status(env.profile) };
  }
  const m = /^\/api\/([a-z-]+)\/([a-z-]+)\/(?:(\d+)\/)?$/.exec(path);
  const endpoint = m ? `${m[1]}/${m[2]}` : '';
  if (!m || !env.store.has(endpoint)) return { status: 404, body: { detail: 'Not found.' } };
  const id = m[3] === undefined ? undefined : Number(m[3]);
  const allowed = (id === undefined ? LIST_METHODS : DETAIL_METHODS).split(', ');
  if (!allowed.includes(method)) return notAllowed(method);
  if (!SAFE.has(method) && !mayWrite(auth.identity, env.writeTokens))
    return { status: 403, body: { detail: 'You do not have permission to perform this action.' } };
  if (method === 'OPTIONS')
    return {
      status: 200,
      body: { name: endpoint, renders: ['application/json'], parses: ['application/json', 'multipart/form-data'] },
    };

  const renderer = createRenderer(env.store, url.origin);
  const brief = (url.searchParams.get('brief') ?? '') !== '';
  const shape = (ep: string, row: Row) =>
    pick(renderer.render(ep, row, brief && (method === 'GET' || method === 'HEAD')), url.searchParams);
  const model = env.store.model(endpoint);
  const body = SAFE.has(method) ? undefined : await readBody(req, env.maxBodyBytes);

  if (id !== undefined) {
    const row = env.store.get(endpoint, id);
    if (!row) throw notFound(model);
    switch (method) {
      case 'GET':
      case 'HEAD':
        return { status: 200, body: shape(endpoint, row), objects: 1 };
      case 'PUT':
      case 'PATCH': {
        const updated = updateObject(env.write, endpoint, id, body, method === 'PATCH');
        return { status: 200, body: shape(endpoint, updated), objects: 1 };
      }
      case 'DELETE':
        deleteObject(env.write, endpoint, id);
        return { status: 204, objects: 1 };
    }
  }

  switch (method) {
    case 'GET':
    case 'HEAD': {
      if (env.profile.v46 && url.searchParams.has('start')) {
        const { rows, next } = cursorPage(env.store, endpoint, url);
        return {
          status: 200,
          body: { count: null, next, previous: null, results: rows.map((r) => shape(endpoint, r)) },
          objects: rows.length,
        };
      }
      const rows = query(env.store, endpoint, url.searchParams);
      const { limit, offset } = pageOf(url.searchParams);
      const page = rows.slice(offset, offset + Math.min(limit, MAX_PAGE));
      const links = pageLinks(url, rows.length, limit, offset);
      return {
        status: 200,
        body: { count: rows.length, ...links, results: page.map((r) => shape(endpoint, r)) },
        objects: page.length,
      };
    }
    case 'POST': {
      if (!Array.isArray(body)) {
        const row = createObject(env.write, endpoint, body ?? {});
        return { status: 201, body: shape(endpoint, row), objects: 1 };
      }
      const created = bulkCreate(env, endpoint, body);
      return { status: 201, body: created.map((r) => shape(endpoint, r)), objects: body.length };
    }
    case 'PUT':
    case 'PATCH': {
      const items = bulkItems(body);
      const rows = env.store.atomic(() =>
        items
          .filter((item) => env.store.get(endpoint, item.id))
          .map((item) => {
            const { id: itemId, ...rest } = item.data;
            void itemId;
            return updateObject(env.write, endpoint, item.id, rest, method === 'PATCH');
          }),
      );
      const ordered = sortRows(
        env.store,
        model,
        rows.map((r) => env.store.get(endpoint, r.id)!),
      );
      return { status: 200, body: ordered.map((r) => shape(endpoint, r)), objects: items.length };
    }
    case 'DELETE': {
      const items = bulkItems(body);
      env.store.atomic(() => {
        for (const item of items) if (env.store.get(endpoint, item.id)) deleteObject(env.write, endpoint, item.id);
      });
      return { status: 204, objects: items.length };
    }
  }
  return notAllowed(method);
}

/**
 * The control API of a simulator in another process (the CLI's `--control`), behind the same
 * tokens: `GET/DELETE /__sim/requests`, `POST /__sim/faults` with `{method?, path?, pathRegex?,
 * after?, status, count?}`, `DELETE /__sim/faults`, `PUT /__sim/latency` with `{ms}`.
 */
async function controlRequest(
  req: IncomingMessage,
  method: string,
  path: string,
  env: HandlerEnv,
  control: NonNullable<HandlerEnv['control']>,
): Promise<Answer> {
  const auth = authenticate(req.headers.authorization, env.tokens, env.profile);
  if (!auth.ok) return { status: 403, body: { detail: auth.detail } };
  const body =
    method === 'GET' || method === 'DELETE'
      ? undefined
      : ((await readBody(req, 1 << 16)) as Record<string, unknown> | undefined);
  const bad = (detail: string): Answer => ({ status: 400, body: { detail } });
  if (path === '/__sim/requests/' && method === 'GET') return { status: 200, body: { requests: control.requests() } };
  if (path === '/__sim/requests/' && method === 'DELETE') {
    control.reset();
    return { status: 204 };
  }
  if (path === '/__sim/faults/' && method === 'DELETE') {
    env.faults.clear();
    return { status: 204 };
  }
  if (path === '/__sim/faults/' && method === 'POST') {
    if (!body || typeof body.status !== 'number') return bad('status (a number) is required');
    const match = {
      method: typeof body.method === 'string' ? body.method : undefined,
      path:
        typeof body.pathRegex === 'string'
          ? new RegExp(body.pathRegex)
          : typeof body.path === 'string'
            ? body.path
            : undefined,
      after: body.after === true,
    };
    try {
      env.faults.failNext(match, body.status, typeof body.count === 'number' ? body.count : 1);
    } catch (err) {
      return bad((err as Error).message);
    }
    return { status: 204 };
  }
  if (path === '/__sim/latency/' && method === 'PUT') {
    if (!body || typeof body.ms !== 'number' || body.ms < 0) return bad('ms (a number ≥ 0) is required');
    env.faults.setLatency(body.ms);
    return { status: 204 };
  }
  return { status: 404, body: { detail: 'Not found.' } };
}

/** All-or-nothing bulk create: a list of per-item errors (`{}` for valid items) when any fails. */
function bulkCreate(env: HandlerEnv, endpoint: string, items: unknown[]): Row[] {
  return env.store.atomic(() => {
    const created: Row[] = [];
    const errors: unknown[] = [];
    let failed = false;
    for (const item of items) {
      try {
        created.push(createObject(env.write, endpoint, item));
        errors.push({});
      } catch (err) {
        if (!(err instanceof NetboxError) || err.status !== 400) throw err;
        failed = true;
        errors.push(err.body);
      }
    }
    if (failed) throw new NetboxError(400, errors);
    return created;
  });
}

/** Bulk update/delete bodies: a list of objects each with an integer `id`. */
function bulkItems(body: unknown): { id: number; data: Record<string, unknown> }[] {
  if (!Array.isArray(body))
    throw new NetboxError(400, {
      non_field_errors: [
        `Expected a list of items but got type "${body === null || body === undefined ? 'NoneType' : 'dict'}".`,
      ],
    });
  let bad = false;
  const errors = body.map((item) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      bad = true;
      return { non_field_errors: ['Invalid data. Expected a dictionary, but got list.'] };
    }
    const id = (item as Record<string, unknown>).id;
    if (id === undefined || id === null) {
      bad = true;
      return { id: ['This field is required.'] };
    }
    if (!Number.isInteger(typeof id === 'string' && /^\d+$/.test(id) ? Number(id) : id)) {
      bad = true;
      return { id: ['A valid integer is required.'] };
    }
    return {};
  });
  if (bad) throw new NetboxError(400, errors);
  return body.map((item: Record<string, unknown>) => ({ id: Number(item.id), data: item }));
}

/** `?fields=a,b` keeps only those keys; `?omit=a,b` drops them (`fields` wins). */
function pick(obj: Record<string, unknown>, params: URLSearchParams): Record<string, unknown> {
  const fields = params.get('fields');
  if (fields) {
    const keep = new Set(fields.split(',').map((f) => f.trim()));
    return Object.fromEntries(Object.entries(obj).filter(([k]) => keep.has(k)));
  }
  const omit = params.get('omit');
  if (omit) {
    const drop = new Set(omit.split(',').map((f) => f.trim()));
    return Object.fromEntries(Object.entries(obj).filter(([k]) => !drop.has(k)));
  }
  return obj;
}
