// Who may scrape /metrics: any active API key, sent as Prometheus' scrape config does
// (`Authorization: Bearer <key>` or `Token <key>`, or X-Proxbox-API-Key). Without one: 401. Wrong
// keys count towards the per-address lockout like on the API.
import { credentialOf } from '@/lib/api/auth';
import { verifyApiKey } from '@/lib/auth/api-keys';
import { clientIp } from '@/lib/auth/client-ip';
import { lockoutStatus, recordFailedAttempt, resetFailedAttempts } from '@/lib/auth/lockout';

export type MetricsAccess =
  { ok: true } | { ok: false; status: 401 | 429; message: string; headers: Record<string, string> };

const CHALLENGE = { 'WWW-Authenticate': 'Bearer realm="proxbox"' };

export async function metricsAccess(headers: Headers): Promise<MetricsAccess> {
  const credential = credentialOf(headers);
  if (credential.kind === 'none')
    return {
      ok: false,
      status: 401,
      message: 'An API key is required: send Authorization: Bearer <key>.',
      headers: CHALLENGE,
    };
  const ip = clientIp(headers);
  const lock = lockoutStatus(ip);
  if (lock.blocked)
    return {
      ok: false,
      status: 429,
      message: `Too many failed authentication attempts. Try again in ${lock.retryAfter} seconds.`,
      headers: { 'Retry-After': String(lock.retryAfter) },
    };
  const key = credential.kind === 'key' ? await verifyApiKey(credential.key) : null;
  if (!key) {
    recordFailedAttempt(ip);
    return { ok: false, status: 401, message: 'Invalid API key.', headers: CHALLENGE };
  }
  if (lock.attempts > 0) resetFailedAttempts(ip);
  return { ok: true };
}
