import { verifyApiKey, type VerifiedApiKey } from '@/lib/auth/api-keys';
import { roleAllows, type Capability } from '@/lib/auth/roles';
import { clientIp } from '@/lib/auth/client-ip';
import { lockoutStatus, MAX_FAILED_ATTEMPTS, recordFailedAttempt, resetFailedAttempts } from '@/lib/auth/lockout';
import { credentialOf } from '@/lib/api/auth';
import { ApiError, detail } from '@/lib/api/errors';

// Authentication of the backend API (/api/backend/*, the seed's proxbox-api, DESIGN 6): an API
// key in `X-Proxbox-API-Key` (or `Authorization: Token|Bearer <key>`). Unlike the NetBox-shaped
// API it answers 401 `{"detail": …}`; a presented-but-wrong key counts toward the shared per-IP
// lockout (lib/auth/lockout.ts), and a blocked address gets 429 + Retry-After without its key
// being checked. Requests without any key are refused but not counted: they guess nothing.

export const BACKEND_NOT_PROVIDED = 'Authentication credentials were not provided. Send your API key in the X-Proxbox-API-Key header.';
export const BACKEND_MALFORMED = 'Invalid authorization header: use "Token <key>", "Bearer <key>" or the X-Proxbox-API-Key header.';
/** The 403 for a key whose role lacks what the route needs. */
export function backendRoleRefused(role: string): string {
  return `This API key's role (${role}) cannot perform this action.`;
}
const CHALLENGE = { 'WWW-Authenticate': 'ApiKey header="X-Proxbox-API-Key"' };

/** The 401 message for a wrong key, telling how many attempts remain before the lockout. */
export function invalidKeyMessage(attemptsLeft: number): string {
  return `Invalid API key. ${attemptsLeft} attempt(s) left before this address is locked out.`;
}

function tooMany(retryAfter: number): ApiError {
  return detail(429, `Too many failed authentication attempts. Try again in ${retryAfter} seconds.`, { 'Retry-After': String(retryAfter) });
}

function failed(ip: string, message: (left: number) => string): ApiError {
  const state = recordFailedAttempt(ip);
  return detail(401, message(Math.max(0, MAX_FAILED_ATTEMPTS - state.attempts)), CHALLENGE);
}

/**
 * The verified key of a backend request, or throws ApiError 401/403/429. A key whose role lacks
 * `need` is refused (403): syncs need an operator key, keys and endpoint copies an admin key,
 * including the seed's mutating GETs. The data layer checks the same again.
 */
export async function authenticateBackend(req: Request, options: { need: Capability }): Promise<VerifiedApiKey> {
  const credential = credentialOf(req.headers);
  const ip = clientIp(req.headers);
  const lock = lockoutStatus(ip);
  if (lock.blocked) throw tooMany(lock.retryAfter);
  if (credential.kind === 'none') throw detail(401, BACKEND_NOT_PROVIDED, CHALLENGE);
  if (credential.kind === 'malformed') throw failed(ip, () => BACKEND_MALFORMED);
  const key = await verifyApiKey(credential.key);
  if (!key) throw failed(ip, invalidKeyMessage);
  if (lock.attempts > 0) resetFailedAttempts(ip);
  if (!roleAllows(key.role, options.need)) throw detail(403, backendRoleRefused(key.role));
  return key;
}
