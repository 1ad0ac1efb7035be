// Who may scrape /metrics: any active API key, sent as Prometheus' scrape config does
// (`Authorization: Bearer <key>` or `Token <key>`, or X-Proxbox-API-Key). Without one: 401. A key
// is checked through the same race-free attempt as on the APIs (lib/auth/key-attempt.ts), so
// /metrics gives no way around the per-address lockout.
import { credentialOf } from '@/lib/api/auth';
import { lockedOut } from '@/lib/api/errors';
import { clientIp } from '@/lib/auth/client-ip';
import { attemptApiKey } from '@/lib/auth/key-attempt';

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
  const attempt = await attemptApiKey(clientIp(headers), credential.kind === 'key' ? credential.key : null);
  if (attempt.outcome === 'locked') {
    const refusal = lockedOut(attempt.retryAfter);
    return { ok: false, status: 429, message: refusal.message, headers: refusal.headers };
  }
  if (attempt.outcome === 'invalid') return { ok: false, status: 401, message: 'Invalid API key.', headers: CHALLENGE };
  return { ok: true };
}
