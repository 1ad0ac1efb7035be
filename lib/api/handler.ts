import { getDb } from '@/db/client';
import type { Actor } from '@/lib/data/actor';
import type { ModelDefinition } from '@/lib/models/define-model';
import { authenticate } from './auth';
import type { ApiContext } from './context';
import { ApiError, detail, methodNotAllowed, toApiError } from './errors';
import { readJson, type ApiReply, type ApiRequest } from './http';
import { getRow, listRows } from './list';
import { resolveApiPath, type ApiRoute } from './paths';
import { envelope, MAX_LIMIT, parsePage, requestedFields } from './query';
import { createContext, renderRows } from './render';
import { bulkDelete, bulkWrite, deleteOne } from './writes';

// The generic NetBox-style endpoints for every model of the registry:
// list/detail GET, POST (one object or a list), PUT/PATCH/DELETE on a detail URL or in bulk on
// the list URL. Paths come from lib/api/paths.ts; nothing here is written per model.

function allowed(model: ModelDefinition, detailRoute: boolean): string[] {
  const { creatable, editable, deletable } = model.meta;
  const write = [...(editable ? ['PUT', 'PATCH'] : []), ...(deletable ? ['DELETE'] : [])];
  return ['GET', 'HEAD', 'OPTIONS', ...(!detailRoute && creatable ? ['POST'] : []), ...write];
}

/** Renders written objects from a fresh context: nothing read before the writes is reused. */
async function render(ctx: ApiContext, model: ModelDefinition, ids: number[]): Promise<unknown[]> {
  const fresh = createContext(ctx.db, ctx.origin);
  const rows = await Promise.all(ids.map((id) => getRow(fresh, model, id)));
  return renderRows(fresh, model, rows, requestedFields(model, null));
}

/** A one-object write reports its errors as a dict, not as the bulk form's list of dicts. */
function unwrapSingle(err: unknown): never {
  throw err instanceof ApiError && err.status === 400 && Array.isArray(err.body) ? new ApiError(400, err.body[0]) : err;
}

function asList(body: unknown, method: string): unknown[] {
  if (!Array.isArray(body))
    throw new ApiError(400, { non_field_errors: [`Bulk ${method} requires a list of objects, each with an "id".`] });
  if (body.length > MAX_LIMIT)
    throw new ApiError(400, { non_field_errors: [`A bulk request may hold at most ${MAX_LIMIT} objects.`] });
  return body;
}

async function listEndpoint(r: ApiRequest, ctx: ApiContext, actor: Actor, model: ModelDefinition): Promise<ApiReply> {
  const method = r.req.method;
  if (method === 'GET' || method === 'HEAD') {
    const page = parsePage(r.url.searchParams);
    const { rows, count } = await listRows(ctx, model, r.url.searchParams, page);
    const results = await renderRows(ctx, model, rows, requestedFields(model, r.url.searchParams));
    return {
      status: 200,
      body: envelope(r.origin, r.url, page, count, results, rows.at(-1)?.id as number | undefined),
    };
  }
  const body = await readJson(r.req);
  if (method === 'POST') {
    const ids = Array.isArray(body)
      ? await bulkWrite(ctx, actor, model, asList(body, method), 'create', r.requestId)
      : await bulkWrite(ctx, actor, model, [body], 'create', r.requestId).catch(unwrapSingle);
    const out = await render(ctx, model, ids);
    return { status: 201, body: Array.isArray(body) ? out : out[0] };
  }
  if (method === 'DELETE') {
    await bulkDelete(ctx, actor, model, asList(body, method));
    return { status: 204 };
  }
  const ids = await bulkWrite(
    ctx,
    actor,
    model,
    asList(body, method),
    method === 'PUT' ? 'replace' : 'update',
    r.requestId,
  );
  return { status: 200, body: await render(ctx, model, ids) };
}

async function detailEndpoint(
  r: ApiRequest,
  ctx: ApiContext,
  actor: Actor,
  model: ModelDefinition,
  id: string,
): Promise<ApiReply> {
  const method = r.req.method;
  if (method === 'GET' || method === 'HEAD') {
    const row = await getRow(ctx, model, id);
    return { status: 200, body: (await renderRows(ctx, model, [row], requestedFields(model, r.url.searchParams)))[0] };
  }
  if (method === 'DELETE') {
    await deleteOne(ctx, actor, model, id);
    return { status: 204 };
  }
  const body = await readJson(r.req);
  const row = await getRow(ctx, model, id);
  const item = typeof body === 'object' && body !== null && !Array.isArray(body) ? { ...body, id: row.id } : body;
  const [written] = await bulkWrite(
    ctx,
    actor,
    model,
    [item],
    method === 'PUT' ? 'replace' : 'update',
    r.requestId,
  ).catch(unwrapSingle);
  return { status: 200, body: (await render(ctx, model, [written]))[0] };
}

function indexBody(origin: string, route: Extract<ApiRoute, { kind: 'index' }>): Record<string, string> {
  const prefix = route.path ? `${route.path}/` : '';
  return Object.fromEntries(route.children.map((child) => [child, `${origin}/api/${prefix}${child}/`]));
}

/** Serves every registry-generated API URL; unknown paths are 404 before authentication, as in NetBox. */
export async function serveApi(r: ApiRequest): Promise<ApiReply> {
  const route = resolveApiPath(r.url.pathname);
  if (!route) throw detail(404, 'Not found.');
  const actor = await authenticate(r.req, r.requestId);
  const method = r.req.method;
  if (route.kind === 'empty') {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, ['GET', 'HEAD', 'OPTIONS']);
    return { status: 200, body: { count: 0, next: null, previous: null, results: [] } };
  }
  if (route.kind === 'index') {
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed(method, ['GET', 'HEAD', 'OPTIONS']);
    return { status: 200, body: indexBody(r.origin, route) };
  }
  const model = route.model;
  const allow = allowed(model, route.kind === 'detail');
  if (!allow.includes(method)) throw methodNotAllowed(method, allow);
  const ctx = createContext(await getDb(), r.origin);
  try {
    return route.kind === 'list'
      ? await listEndpoint(r, ctx, actor, model)
      : await detailEndpoint(r, ctx, actor, model, route.id);
  } catch (err) {
    throw toApiError(model, err, r.requestId);
  }
}
