import { envPositiveInt, OutboundError, sendBounded } from '@/lib/net/bounded-request';
import { DEFAULT_POLICY, type AddressPolicy } from '@/lib/net/ssrf-guard';

// The web role's HTTP client for the backend API (the seed's plugin → proxbox-api calls): JSON in
// and out, `X-Proxbox-API-Key`, the SSRF guard, a deadline for the whole exchange, a cap on the
// answer's size, and TLS verification per the FastAPI endpoint (a self-signed backend is allowed
// only when its Verify SSL is off). No keep-alive pool: a pooled socket to a backend that
// restarted would fail the next push. node:http rather than fetch, because fetch cannot switch
// certificate checks off per request.

/** Deadline of one backend call, from sending to the answer's last byte. */
export const BACKEND_TIMEOUT_MS = 5_000;

export function backendTimeoutMs(): number {
  return envPositiveInt('PROXBOX_BACKEND_TIMEOUT_MS', BACKEND_TIMEOUT_MS);
}
/** Backend answers are small JSON documents (endpoint copies, keys). */
export const BACKEND_MAX_RESPONSE_BYTES = 8 * 1024 * 1024;

export function backendMaxResponseBytes(): number {
  return envPositiveInt('PROXBOX_BACKEND_MAX_RESPONSE_BYTES', BACKEND_MAX_RESPONSE_BYTES);
}

export interface BackendTarget {
  /** e.g. `http://127.0.0.1:3000` (no trailing slash). */
  baseUrl: string;
  token: string;
  verifySsl: boolean;
  /** The settings' SSRF policy; the built-in default when absent. */
  policy?: AddressPolicy;
}

export interface BackendResponse {
  status: number;
  body: unknown;
}

/** The backend could not be reached, or answered with an error status (`status` set). */
export class BackendRequestError extends Error {
  constructor(
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'BackendRequestError';
  }
}

function detailOf(body: unknown): string | null {
  if (body && typeof body === 'object' && 'detail' in body && typeof body.detail === 'string') return body.detail;
  return null;
}

/** Sends `method /api/backend/<path>`; resolves with any HTTP status, rejects when unreachable, refused or too slow/large. */
export async function backendRequest(
  target: BackendTarget,
  method: string,
  path: string,
  body?: unknown,
): Promise<BackendResponse> {
  const url = new URL(`/api/backend/${path}`, target.baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { accept: 'application/json', 'x-proxbox-api-key': target.token };
  if (payload !== undefined)
    Object.assign(headers, {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(payload)),
    });
  const timeoutMs = backendTimeoutMs();
  let res;
  try {
    res = await sendBounded({
      url,
      method,
      headers,
      body: payload,
      tls: { rejectUnauthorized: target.verifySsl },
      policy: target.policy ?? DEFAULT_POLICY,
      timeoutMs,
      maxBytes: backendMaxResponseBytes(),
    });
  } catch (err) {
    if (!(err instanceof OutboundError)) throw err;
    const why =
      err.kind === 'blocked'
        ? `is refused by the SSRF protection: ${err.message}`
        : err.kind === 'timeout'
          ? `did not answer completely within ${timeoutMs / 1000} s`
          : err.kind === 'too_large'
            ? `sent an oversized answer (${err.message})`
            : `is unreachable: ${err.code ?? err.message}${err.code && err.cause instanceof Error ? ` (${err.cause.message})` : ''}`;
    throw new BackendRequestError(`The backend at ${target.baseUrl} ${why}`);
  }
  const text = res.body.toString('utf8');
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    parsed = text;
  }
  return { status: res.status, body: parsed };
}

/** Like backendRequest, but a status other than `expected` is a BackendRequestError with the backend's detail. */
export async function backendCall(
  target: BackendTarget,
  method: string,
  path: string,
  expected: number[],
  body?: unknown,
): Promise<unknown> {
  const res = await backendRequest(target, method, path, body);
  if (expected.includes(res.status)) return res.body;
  const reason = detailOf(res.body) ?? `HTTP ${res.status}`;
  throw new BackendRequestError(`The backend refused ${method} /api/backend/${path}: ${reason}`, res.status);
}
