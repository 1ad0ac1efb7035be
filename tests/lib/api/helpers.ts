import { openBackendStore, type BackendHandle } from '@/db/backend/client';
import type { DatabaseHandle } from '@/db/client';
import { createRecord } from '@/lib/data/records';
import type { Actor } from '@/lib/data/actor';
import { createApiKey, setBackendStoreForTests } from '@/lib/auth/api-keys';
import * as catchAll from '@/app/api/[[...path]]/route';
import * as schemaRoute from '@/app/api/schema/route';
import * as statusRoute from '@/app/api/status/route';
import { closeTestDatabase, openTestDatabase } from '../../helpers/db';
import { systemActor } from '@/lib/data/actor';

// Calls the real route handlers with real Request objects, as Next would (no server, no build).

export const ORIGIN = 'http://proxbox.test';
export const system: Actor = { kind: 'system' };

export interface ApiEnv {
  db: DatabaseHandle;
  store: BackendHandle;
  key: string;
  readOnlyKey: string;
}

export async function setupApi(): Promise<ApiEnv> {
  const db = await openTestDatabase();
  const store = openBackendStore(':memory:');
  setBackendStoreForTests(store);
  const key = (await createApiKey(systemActor, { description: 'tests' })).key;
  const readOnlyKey = (await createApiKey(systemActor, { description: 'reader', role: 'viewer' })).key;
  return { db, store, key, readOnlyKey };
}

export async function teardownApi(env: ApiEnv): Promise<void> {
  setBackendStoreForTests(null);
  env.store.close();
  await closeTestDatabase();
}

export interface CallOptions {
  key?: string | null;
  body?: unknown;
  /** A body sent as is (for malformed JSON and other media types). */
  raw?: string;
  headers?: Record<string, string>;
}

type Handler = (req: Request) => Promise<Response>;
const methods = (mod: Record<string, unknown>) => mod as Record<string, Handler | undefined>;

/** Sends `method path` to the route handler Next would pick, authenticated with `key` unless null. */
export async function call(env: ApiEnv, method: string, path: string, options: CallOptions = {}): Promise<Response> {
  const headers = new Headers(options.headers);
  const key = options.key === undefined ? env.key : options.key;
  if (key !== null && !headers.has('authorization') && !headers.has('x-proxbox-api-key'))
    headers.set('authorization', `Token ${key}`);
  if (options.body !== undefined && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const body = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const req = new Request(`${ORIGIN}${path}`, { method, headers, body });
  const pathname = new URL(req.url).pathname.replace(/\/$/, '');
  const mod = pathname === '/api/schema' ? schemaRoute : pathname === '/api/status' ? statusRoute : catchAll;
  const handler = methods(mod)[method];
  if (!handler) throw new Error(`no ${method} handler for ${path}`);
  return handler(req);
}

export async function callJson<T = Record<string, unknown>>(
  env: ApiEnv,
  method: string,
  path: string,
  options?: CallOptions,
): Promise<{ status: number; body: T; res: Response }> {
  const res = await call(env, method, path, options);
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T, res };
}

export interface ListBody {
  count: number;
  next: string | null;
  previous: string | null;
  results: Record<string, unknown>[];
}

/** ids of a list response, in order. */
export async function listIds(env: ApiEnv, path: string): Promise<number[]> {
  const { status, body } = await callJson<ListBody>(env, 'GET', path);
  if (status !== 200) throw new Error(`${path} → ${status} ${JSON.stringify(body)}`);
  return body.results.map((r) => r.id as number);
}

/** Creates a row through the DAL as the system (which may set sync-owned columns); returns its id. */
export async function make(modelKey: string, input: Record<string, unknown>): Promise<number> {
  return (await createRecord(system, modelKey, input)).id;
}
