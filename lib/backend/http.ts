import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { apiKeyActor, type VerifiedApiKey } from '@/lib/auth/api-keys';
import type { Actor } from '@/lib/data/actor';
import { ApiError, detail, streamLimited } from '@/lib/api/errors';
import { readJson } from '@/lib/api/http';
import { setBodyLimit, UNAUTHENTICATED_BODY_BYTES } from '@/lib/net/bounded-body';
import { AppError } from '@/lib/data/errors';
import { databaseUnavailableMessage, databaseUnavailableReason } from '@/lib/data/db-unavailable';
import { StreamLimitError } from '@/lib/sync/jobs/event-stream';
import { EndpointBusyError } from '@/lib/sync/jobs/run-store';
import { authenticateBackend } from './auth';
import { logLine } from './log-ring';

// The wrapper of every /api/backend/* handler: authentication (none, read or write), JSON
// replies, and one mapping of thrown errors to `{"detail": …}` bodies (field errors add
// `errors: {field: [messages]}` to a 400).

export interface BackendRequest {
  req: Request;
  params: Record<string, string>;
  /** The caller's key; null for the unauthenticated routes. */
  key: VerifiedApiKey | null;
  /** The key as a data-layer actor; null for the unauthenticated routes. */
  actor: Actor | null;
}

export interface BackendReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** `none`: open route; `read`: any active key; `sync`: operator or admin keys; `admin`: admin keys. */
export type BackendAccess = 'none' | 'read' | 'sync' | 'admin';

type RouteContext = { params: Promise<Record<string, string | string[]>> };

const json = (status: number, body: unknown, headers?: Record<string, string>) =>
  status === 204 ? new Response(null, { status, headers }) : Response.json(body ?? null, { status, headers });

/** Field errors → ApiError 400 `{"detail": "<first error>", "errors": {field: [...]}}`. */
export function badRequest(errors: Record<string, string[]>): ApiError {
  const first = Object.entries(errors)[0];
  return new ApiError(400, { detail: first ? `${first[0]}: ${first[1][0]}` : 'Invalid request body.', errors });
}

/** Parses `body` with `schema` or throws a 400 with the field errors (keys are the body's field names). */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const errors: Record<string, string[]> = {};
  for (const issue of parsed.error.issues)
    (errors[issue.path.length > 0 ? String(issue.path[0]) : 'non_field_errors'] ??= []).push(issue.message);
  throw badRequest(errors);
}

/** The request's JSON body ({} when empty); 415/400 `{"detail"}` for other media types or broken JSON. */
export async function readBody(req: Request): Promise<unknown> {
  return req.headers.get('content-length') === '0' ? {} : readJson(req);
}

/** A positive integer path id, or 404. */
export function idParam(value: string | undefined, label: string): number {
  if (!value || !/^\d{1,15}$/.test(value)) throw detail(404, `No ${label} matches the given query.`);
  return Number(value);
}

function toReply(err: unknown): BackendReply {
  if (err instanceof ApiError) return { status: err.status, body: err.body, headers: err.headers };
  if (err instanceof EndpointBusyError) return { status: 409, body: { detail: err.message } };
  if (err instanceof StreamLimitError) return toReply(streamLimited(err));
  if (err instanceof AppError) {
    if (err.code === 'validation') {
      const apiErr = badRequest(
        Object.keys(err.fieldErrors).length > 0 ? err.fieldErrors : { non_field_errors: [err.message] },
      );
      return { status: 400, body: apiErr.body };
    }
    const status = { not_found: 404, conflict: 409, forbidden: 403, unauthenticated: 401 }[err.code];
    return { status, body: { detail: err.message } };
  }
  const unavailable = databaseUnavailableReason(err);
  if (unavailable)
    return { status: 503, body: { detail: databaseUnavailableMessage(unavailable) }, headers: { 'Retry-After': '5' } };
  const requestId = randomUUID();
  console.error(`Backend API request ${requestId} failed:`, err);
  logLine('ERROR', `Request ${requestId} failed: ${err instanceof Error ? err.message : String(err)}`);
  return { status: 500, body: { detail: `Internal server error (request id ${requestId}; see the server log).` } };
}

/**
 * Wraps a backend handler: `export const GET = backendRoute('read', async ({ key }) => ({ status: 200, body }))`.
 * A handler may return a Response itself (the event stream).
 */
export function backendRoute(
  access: BackendAccess,
  handler: (request: BackendRequest) => Promise<BackendReply | Response>,
) {
  return async (req: Request, ctx?: RouteContext): Promise<Response> => {
    const started = Date.now();
    const done = (res: Response) => {
      const { pathname } = new URL(req.url);
      logLine(
        res.status >= 500 ? 'ERROR' : res.status >= 400 ? 'WARNING' : 'INFO',
        `${req.method} ${pathname} ${res.status} ${Date.now() - started} ms`,
      );
      return res;
    };
    try {
      // Anyone may send a body to an open route (register-key): it gets the small limit.
      if (access === 'none') setBodyLimit(req, UNAUTHENTICATED_BODY_BYTES);
      const key = access === 'none' ? null : await authenticateBackend(req, { need: access });
      const raw = (await ctx?.params) ?? {};
      const params = Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join('/') : v]));
      const reply = await handler({ req, params, key, actor: key ? apiKeyActor(key) : null });
      return done(reply instanceof Response ? reply : json(reply.status, reply.body, reply.headers));
    } catch (err) {
      const reply = toReply(err);
      return done(json(reply.status, reply.body, reply.headers));
    }
  };
}
