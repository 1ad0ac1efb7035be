import { randomUUID } from 'node:crypto';
import { BodyTooLargeError, readBodyText } from '@/lib/net/bounded-body';
import type { Actor } from '@/lib/data/actor';
import { authenticate } from './auth';
import { requestOrigin } from './context';
import { ApiError, toApiError } from './errors';
import { processMetrics, routeLabel } from '@/lib/metrics/registry';

// The wrapper every API route handler uses (like Dub's withWorkspace): a request id,
// authentication (API key or session, lib/api/auth.ts), NetBox's response headers (API-Version,
// X-Request-ID), JSON bodies, and one mapping of thrown errors to NetBox's codes and bodies.

/** The NetBox REST API version Proxbox speaks (pynetbox reads it from every response). */
export const API_VERSION = '4.6';

export interface ApiRequest {
  req: Request;
  url: URL;
  /** Also the change-log request id of every write made by this request. */
  requestId: string;
  /** Scheme and host absolute URLs are built from. */
  origin: string;
  /** The authenticated caller; null only for handlers wrapped with `{ authenticate: false }`. */
  actor: Actor | null;
}

export interface ApiReply {
  status: number;
  /** JSON-serialized unless `text` is given; omitted for 204. */
  body?: unknown;
  text?: string;
  contentType?: string;
  headers?: Record<string, string>;
}

function respond(reply: ApiReply, requestId: string): Response {
  const headers = new Headers(reply.headers);
  headers.set('API-Version', API_VERSION);
  headers.set('X-Request-ID', requestId);
  headers.set('Vary', 'Accept, Authorization, Cookie, X-Proxbox-API-Key');
  if (reply.status === 204) return new Response(null, { status: 204, headers });
  headers.set('Content-Type', reply.contentType ?? 'application/json');
  return new Response(reply.text ?? JSON.stringify(reply.body ?? null), { status: reply.status, headers });
}

/**
 * Wraps an API handler: `export const GET = withApi(async ({ actor, url }) => ({ status: 200, body }))`.
 * `{ authenticate: false }` leaves authentication to the handler (the generic endpoints answer
 * 404 for unknown paths before asking for credentials, as NetBox does).
 */
export function withApi(
  handler: (request: ApiRequest) => Promise<ApiReply>,
  options: { authenticate?: boolean } = {},
): (req: Request) => Promise<Response> {
  return async (req) => {
    const started = performance.now();
    const requestId = randomUUID();
    let response: Response;
    try {
      const actor = options.authenticate === false ? null : await authenticate(req, requestId);
      response = respond(
        await handler({ req, url: new URL(req.url), requestId, origin: requestOrigin(req), actor }),
        requestId,
      );
    } catch (err) {
      const apiErr = toApiError(null, err, requestId);
      response = respond({ status: apiErr.status, body: apiErr.body, headers: apiErr.headers }, requestId);
    }
    // Unknown paths share one label, so that probing cannot grow the series without bound.
    const route = response.status === 404 ? 'unmatched' : routeLabel(new URL(req.url).pathname);
    processMetrics().apiRequestDuration.observe(
      { method: req.method, route, status: String(response.status) },
      (performance.now() - started) / 1000,
    );
    return response;
  };
}

/** The JSON body of a write, bounded (lib/net/bounded-body.ts, 413 past the limit); DRF's 415/400 bodies for other media types and broken JSON. */
export async function readJson(req: Request): Promise<unknown> {
  const type = req.headers.get('content-type');
  if (type && !/^application\/(?:[\w.+-]+\+)?json\b/i.test(type))
    throw new ApiError(415, { detail: `Unsupported media type "${type}" in request.` });
  let text: string;
  try {
    text = await readBodyText(req);
  } catch (err) {
    if (err instanceof BodyTooLargeError) throw new ApiError(413, { detail: err.message });
    throw err;
  }
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(400, { detail: `JSON parse error - ${err instanceof Error ? err.message : 'invalid JSON'}` });
  }
}
