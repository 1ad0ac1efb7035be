import { openBackendStore, type BackendHandle } from '@/db/backend/client';
import { setBackendStoreForTests } from '@/lib/auth/api-keys';
import * as health from '@/app/api/backend/health/route';
import * as version from '@/app/api/backend/version/route';
import * as bootstrapStatus from '@/app/api/backend/auth/bootstrap-status/route';
import * as registerKey from '@/app/api/backend/auth/register-key/route';
import * as keys from '@/app/api/backend/auth/keys/route';
import * as keyById from '@/app/api/backend/auth/keys/[id]/route';
import * as keyDeactivate from '@/app/api/backend/auth/keys/[id]/deactivate/route';
import * as keyActivate from '@/app/api/backend/auth/keys/[id]/activate/route';
import * as netboxEndpoint from '@/app/api/backend/netbox/endpoint/route';
import * as proxmoxEndpoints from '@/app/api/backend/proxmox/endpoints/route';
import * as proxmoxEndpointById from '@/app/api/backend/proxmox/endpoints/[id]/route';
import * as fullUpdate from '@/app/api/backend/full-update/route';
import * as lockouts from '@/app/api/backend/auth/lockouts/route';
import * as lockoutByIp from '@/app/api/backend/auth/lockouts/[ip]/route';
import * as fullUpdateStream from '@/app/api/backend/full-update/stream/route';

// Calls the backend route handlers with real Request objects, as Next would: the path is matched
// against the app/api/backend route files and dynamic segments are passed as `params`.

export const ORIGIN = 'http://proxbox.test';

type Handler = (req: Request, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;
type RouteModule = Record<string, unknown>;

const ROUTES: [RegExp, RouteModule][] = [
  [/^health$/, health],
  [/^version$/, version],
  [/^auth\/bootstrap-status$/, bootstrapStatus],
  [/^auth\/register-key$/, registerKey],
  [/^auth\/keys$/, keys],
  [/^auth\/keys\/(?<id>[^/]+)$/, keyById],
  [/^auth\/keys\/(?<id>[^/]+)\/deactivate$/, keyDeactivate],
  [/^auth\/keys\/(?<id>[^/]+)\/activate$/, keyActivate],
  [/^netbox\/endpoint$/, netboxEndpoint],
  [/^proxmox\/endpoints$/, proxmoxEndpoints],
  [/^proxmox\/endpoints\/(?<id>[^/]+)$/, proxmoxEndpointById],
  [/^auth\/lockouts$/, lockouts],
  [/^auth\/lockouts\/(?<ip>[^/]+)$/, lockoutByIp],
  [/^full-update$/, fullUpdate],
  [/^full-update\/stream$/, fullUpdateStream],
];

/** Every protected route and method (for the "authentication required" table). */
export const PROTECTED: [string, string][] = [
  ['GET', 'auth/keys'],
  ['POST', 'auth/keys'],
  ['DELETE', 'auth/keys/1'],
  ['POST', 'auth/keys/1/deactivate'],
  ['POST', 'auth/keys/1/activate'],
  ['GET', 'netbox/endpoint'],
  ['POST', 'netbox/endpoint'],
  ['PUT', 'netbox/endpoint'],
  ['DELETE', 'netbox/endpoint'],
  ['GET', 'proxmox/endpoints'],
  ['POST', 'proxmox/endpoints'],
  ['GET', 'proxmox/endpoints/1'],
  ['PUT', 'proxmox/endpoints/1'],
  ['DELETE', 'proxmox/endpoints/1'],
  ['GET', 'full-update'],
  ['GET', 'full-update/stream'],
];

export interface CallOptions {
  /** Sent as X-Proxbox-API-Key unless null/undefined. */
  key?: string | null;
  body?: unknown;
  raw?: string;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

/** Sends `method /api/backend/<path>` to its route handler. */
export async function call(method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  if (options.key) headers.set('x-proxbox-api-key', options.key);
  if (options.body !== undefined) headers.set('content-type', 'application/json');
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const req = new Request(`${ORIGIN}/api/backend/${path}`, { method, headers, body, signal: options.signal });
  for (const [pattern, mod] of ROUTES) {
    const match = pattern.exec(path);
    if (!match) continue;
    const handler = mod[method] as Handler | undefined;
    if (!handler) throw new Error(`no ${method} handler for ${path}`);
    const params = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
    // Next decodes path segments before the handler sees them.
    return handler(req, { params: Promise.resolve(params) });
  }
  throw new Error(`no route for ${path}`);
}

export interface JsonReply<T> {
  status: number;
  body: T;
  text: string;
  res: Response;
}

export async function callJson<T = Record<string, unknown>>(
  method: string,
  path: string,
  options?: CallOptions,
): Promise<JsonReply<T>> {
  const res = await call(method, path, options);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, text, res };
}

/** A fresh in-memory backend store installed for the key, lockout and endpoint modules. */
export function useFreshStore(): BackendHandle {
  const store = openBackendStore(':memory:');
  setBackendStoreForTests(store);
  return store;
}

export function releaseStore(store: BackendHandle): void {
  setBackendStoreForTests(null);
  store.close();
}
