import type http from 'node:http';
import { maxBodyBytes, UNAUTHENTICATED_BODY_BYTES } from '@/lib/net/bounded-body';

// The HTTP servers' first line against oversized uploads, before Next or a route handler sees
// the request. Route handlers read bodies through lib/net/bounded-body.ts, which also stops a
// chunked body at its limit; this guard covers code that reads bodies itself (next-auth's login
// callback) and refuses a declared oversize at once, without reading a byte of it.

/**
 * Paths anyone can post to without credentials: sign-in (next-auth) and the backend's register-key,
 * which `npm run backend` also serves at the root (`/auth/register-key`, where the plugin calls it).
 */
const UNAUTHENTICATED = [/^\/api\/auth\//, /^(?:\/api\/backend)?\/auth\/register-key\/?$/];

function reply(res: http.ServerResponse, status: number, detail: string): void {
  const body = JSON.stringify({ detail });
  // Closing the connection stops the client's upload instead of draining it.
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(body),
    connection: 'close',
  });
  res.end(body);
}

/** The body limit of a request path. */
export function bodyLimitForPath(pathname: string): number {
  return UNAUTHENTICATED.some((re) => re.test(pathname)) ? UNAUTHENTICATED_BODY_BYTES : maxBodyBytes();
}

/**
 * Answers 413 (declared length over the path's limit) or 411 (an unauthenticated path's body
 * without a declared length) and returns true; false lets the request through.
 */
export function refuseOversizedBody(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const pathname = (req.url ?? '/').split('?')[0];
  const limit = bodyLimitForPath(pathname);
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) {
    reply(res, 413, `Request body too large: the limit is ${limit} bytes.`);
    return true;
  }
  const chunked = declared === undefined && req.headers['transfer-encoding'] !== undefined;
  if (chunked && limit === UNAUTHENTICATED_BODY_BYTES) {
    reply(res, 411, 'A Content-Length header is required.');
    return true;
  }
  return false;
}
