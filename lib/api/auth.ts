import type { Actor } from '@/lib/data/actor';
import { apiKeyActor } from '@/lib/auth/api-keys';
import { roleAllows } from '@/lib/auth/roles';
import { sameOriginWrite } from '@/lib/http/same-origin';
import { clientIp } from '@/lib/auth/client-ip';
import { attemptApiKey } from '@/lib/auth/key-attempt';
import { detail, lockedOut, NO_PERMISSION, NOT_PROVIDED } from './errors';

// Who is calling the API: an API key (`Authorization: Token <key>`, `Authorization: Bearer <key>`
// or `X-Proxbox-API-Key: <key>`) or, without a key, the browser session. NetBox answers 403
// (not 401) for every authentication failure. Presented-but-wrong credentials count towards
// the per-IP lockout, counted before the key is checked (lib/auth/key-attempt.ts); a blocked
// address gets 429 + Retry-After without its key being checked. Requests without credentials are not counted: they guess nothing.

const SESSION_COOKIE = /(?:^|;\s*)(?:__Secure-)?next-auth\.session-token(?:\.\d+)?=/;
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type Credential = { kind: 'none' } | { kind: 'malformed' } | { kind: 'key'; key: string };

/** The API key a request carries; other Authorization schemes (e.g. Basic) are ignored, as NetBox does. */
export function credentialOf(headers: Headers): Credential {
  const authorization = headers.get('authorization')?.trim();
  if (authorization) {
    const parts = authorization.split(/\s+/);
    if (/^(token|bearer)$/i.test(parts[0]))
      return parts.length === 2 ? { kind: 'key', key: parts[1] } : { kind: 'malformed' };
  }
  const header = headers.get('x-proxbox-api-key')?.trim();
  return header ? { kind: 'key', key: header } : { kind: 'none' };
}

/** The session user, only looked up when a session cookie is present (next-auth needs a request scope). */
async function sessionActor(req: Request, requestId: string): Promise<Actor | null> {
  if (!SESSION_COOKIE.test(req.headers.get('cookie') ?? '')) return null;
  const { getSessionUser } = await import('@/lib/auth/session');
  const user = await getSessionUser();
  if (!user) return null;
  // Session writes must come from our own pages (DRF enforces CSRF for session authentication).
  if (!SAFE_METHODS.has(req.method)) {
    const check = sameOriginWrite(req);
    if (!check.ok) throw detail(403, `CSRF Failed: ${check.reason}`);
  }
  return { kind: 'user', userId: user.userId, username: user.username, role: user.role, requestId };
}

/**
 * The actor for an API request, or throws ApiError 403/429 with NetBox's bodies. Viewers (keys
 * and users) are refused here for unsafe methods (NetBox: 403 "You do not have permission…");
 * what operators may change is decided by the data layer.
 */
export async function authenticate(req: Request, requestId: string): Promise<Actor> {
  const credential = credentialOf(req.headers);
  let actor: Actor | null = null;
  if (credential.kind !== 'none') {
    const attempt = await attemptApiKey(clientIp(req.headers), credential.kind === 'key' ? credential.key : null);
    if (attempt.outcome === 'locked') throw lockedOut(attempt.retryAfter);
    if (attempt.outcome === 'invalid') {
      throw detail(
        403,
        credential.kind === 'malformed'
          ? 'Invalid authorization header: Must be in the form "Token <key>" or "Bearer <key>".'
          : 'Invalid token',
      );
    }
    const key = attempt.key;
    actor = apiKeyActor(key, requestId);
  } else {
    actor = await sessionActor(req, requestId);
  }
  if (!actor) throw detail(403, NOT_PROVIDED);
  if (
    (actor.kind === 'apikey' || actor.kind === 'user') &&
    !roleAllows(actor.role, 'annotate') &&
    !SAFE_METHODS.has(req.method)
  )
    throw detail(403, NO_PERMISSION);
  return actor;
}
