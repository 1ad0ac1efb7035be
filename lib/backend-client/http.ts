import http from 'node:http';
import https from 'node:https';

// The web role's HTTP client for the backend API (the seed's plugin → proxbox-api calls): JSON in
// and out, `X-Proxbox-API-Key`, a timeout, and TLS verification per the FastAPI endpoint (a
// self-signed backend is allowed only when its Verify SSL is off). No keep-alive pool: a pooled
// socket to a backend that restarted would fail the next push. node:http rather than fetch,
// because fetch cannot switch certificate checks off per request.

export const BACKEND_TIMEOUT_MS = 5_000;

export interface BackendTarget {
  /** e.g. `http://127.0.0.1:3000` (no trailing slash). */
  baseUrl: string;
  token: string;
  verifySsl: boolean;
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

/** Sends `method /api/backend/<path>`; resolves with any HTTP status, rejects when unreachable. */
export function backendRequest(target: BackendTarget, method: string, path: string, body?: unknown): Promise<BackendResponse> {
  const url = new URL(`/api/backend/${path}`, target.baseUrl);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string> = { accept: 'application/json', 'x-proxbox-api-key': target.token };
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(payload)) });
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, { method, headers, agent: false, timeout: BACKEND_TIMEOUT_MS, rejectUnauthorized: target.verifySsl }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (err) => reject(new BackendRequestError(`The backend at ${target.baseUrl} broke off its answer: ${err.message}`)));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let parsed: unknown = null;
        try {
          parsed = text ? JSON.parse(text) : null;
        } catch {
          parsed = text;
        }
        resolve({ status: res.statusCode ?? 0, body: parsed });
      });
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${BACKEND_TIMEOUT_MS / 1000} s`)));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new BackendRequestError(`The backend at ${target.baseUrl} is unreachable: ${err.code ?? err.message}${err.code ? ` (${err.message})` : ''}`)));
    req.end(payload);
  });
}

/** Like backendRequest, but a status other than `expected` is a BackendRequestError with the backend's detail. */
export async function backendCall(target: BackendTarget, method: string, path: string, expected: number[], body?: unknown): Promise<unknown> {
  const res = await backendRequest(target, method, path, body);
  if (expected.includes(res.status)) return res.body;
  const reason = detailOf(res.body) ?? `HTTP ${res.status}`;
  throw new BackendRequestError(`The backend refused ${method} /api/backend/${path}: ${reason}`, res.status);
}
