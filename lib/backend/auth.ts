import type { VerifiedApiKey } from '@/lib/auth/api-keys';
import { roleAllows, type Capability } from '@/lib/auth/roles';
import { clientIp } from '@/lib/auth/client-ip';
import { attemptApiKey } from '@/lib/auth/key-attempt';
import { lockoutStatus } from '@/lib/auth/lockout';
import { credentialOf } from '@/lib/api/auth';
import { detail, lockedOut } from '@/lib/api/errors';

// Authentication of the backend API (/api/backend/*, the seed's proxbox-api): an API
// key in `X-Proxbox-API-Key` (or `Authorization: Token|Bearer <key>`). Unlike the NetBox-shaped
// API it answers 401 `{"detail": …}`; a presented-but-wrong key counts toward the shared per-IP
// lockout, counted before the key is checked (lib/auth/key-attempt.ts), and a blocked address
// gets 429 + Retry-After without its key being checked. Requests without any key are refused
// but not counted: they guess nothing.

export const BACKEND_NOT_PROVIDED =
  'Authentication credentials were not provided. Send your API key in the X-Proxbox-API-Key header.';
export const BACKEND_MALFORMED =
  'Invalid authorization header: use "Token <key>", "Bearer <key>" or the X-Proxbox-API-Key header.';
/** The 403 for a key whose role lacks what the route needs. */
export function backendRoleRefused(role: string): string {
  return `This API key's role (${role}) cannot perform this action.`;
}
const CHALLENGE = { 'WWW-Authenticate': 'ApiKey header="X-Proxbox-API-Key"' };

/** The 401 message for a wrong key, telling how many attempts remain before the lockout. */
export function invalidKeyMessage(attemptsLeft: number): string {
  return `Invalid API key. ${attemptsLeft} attempt(s) left before this address is locked out.`;
}

/**
 * The verified key of a backend request, or throws ApiError 401/403/429. A key whose role lacks
 * `need` is refused (403): syncs need an operator key, keys and endpoint copies an admin key,
 * including the seed's mutating GETs. The data layer checks the same again.
 */
export async function authenticateBackend(req: Request, options: { need: Capability }): Promise<VerifiedApiKey> {
  const credential = credentialOf(req.headers);
  const ip = clientIp(req.headers);
  if (credential.kind === 'none') {
    const lock = lockoutStatus(ip);
    if (lock.blocked) throw lockedOut(lock.retryAfter);
    throw detail(401, BACKEND_NOT_PROVIDED, CHALLENGE);
  }
  const attempt = await attemptApiKey(ip, credential.kind === 'key' ? credential.key : null);
  if (attempt.outcome === 'locked') throw lockedOut(attempt.retryAfter);
  if (attempt.outcome === 'invalid') {
    throw detail(
      401,
      credential.kind === 'malformed' ? BACKEND_MALFORMED : invalidKeyMessage(attempt.attemptsLeft),
      CHALLENGE,
    );
  }
  if (!roleAllows(attempt.key.role, options.need)) throw detail(403, backendRoleRefused(attempt.key.role));
  return attempt.key;
}
