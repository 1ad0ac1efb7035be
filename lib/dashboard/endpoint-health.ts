import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { Database } from '@/db/client';
import { proxmoxEndpoints, type ProxmoxEndpoint } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { ProxmoxError } from '@/lib/proxmox/errors';
import { createEndpointReaderFactory } from '@/lib/sync/read/endpoint-client';
import type { ProxmoxReader } from '@/lib/sync/read/fetch';
import { optStr, parseTolerant, pveVersionSchema } from '@/lib/proxmox/schemas';
import { createLiveCheckCache } from './live-check-cache';
import { dashboardDb } from './read';
import { aggregateStorage, type StoragePool } from './storage-usage';

// Live reachability of each Proxmox endpoint: GET /version through the endpoint's own client
// (its host, token and TLS settings) with a short deadline and no retries, all endpoints in
// parallel, cached per process (live-check-cache.ts) so reloading the dashboard does not hammer
// Proxmox.

export type HealthState = 'reachable' | 'unreachable' | 'auth_error' | 'error' | 'disabled';

export interface EndpointHealth {
  endpointId: number;
  name: string;
  state: HealthState;
  /** Round trip of GET /version in ms (reachable only). */
  latencyMs: number | null;
  /** e.g. `8.2.4`. */
  version: string | null;
  release: string | null;
  error: { category: string; message: string; suggestion: string } | null;
  checkedAt: string;
  /** Live storage figures; null when the endpoint or its resource list could not be read. */
  storage: StoragePool[] | null;
}

export interface ProbeOptions {
  /** Deadline of each request, in whole seconds (default 3). */
  timeoutSeconds?: number;
  /** How long a result is served as-is (default 30 s). */
  maxAgeMs?: number;
}

const DEFAULT_TIMEOUT_S = 3;
const DEFAULT_MAX_AGE_MS = 30_000;
const any = z.unknown();

const cache = createLiveCheckCache((endpoint: ProxmoxEndpoint, ctx: { db: Database; timeoutSeconds: number }) =>
  start(ctx.db, endpoint, ctx.timeoutSeconds),
);

/** Forgets every cached result (tests; an endpoint edit is detected by its last_updated). */
export function clearHealthCache(): void {
  cache.clear();
}

function failure(error: unknown): Pick<EndpointHealth, 'state' | 'error'> {
  if (error instanceof ProxmoxError) {
    const state: HealthState =
      error.category === 'authentication' || error.category === 'permission'
        ? 'auth_error'
        : error.category === 'connection' || error.category === 'timeout'
          ? 'unreachable'
          : 'error';
    return { state, error: { category: error.category, message: error.message, suggestion: error.suggestion } };
  }
  return {
    state: 'error',
    error: { category: 'internal', message: error instanceof Error ? error.message : String(error), suggestion: '' },
  };
}

async function probe(reader: ProxmoxReader, endpoint: ProxmoxEndpoint): Promise<EndpointHealth> {
  const base = {
    endpointId: endpoint.id,
    name: endpoint.name,
    latencyMs: null,
    version: null,
    release: null,
    error: null,
    storage: null,
  };
  const started = performance.now();
  try {
    const v = parseTolerant(pveVersionSchema.extend({ version: optStr }), await reader.get('/version', any)) ?? {};
    const latencyMs = Math.max(0, Math.round(performance.now() - started));
    const storage = await reader.get('/cluster/resources', any, { type: 'storage' }).then(aggregateStorage, () => null);
    return {
      ...base,
      state: 'reachable',
      latencyMs,
      version: v.version ?? null,
      release: v.release ?? null,
      storage,
      checkedAt: new Date().toISOString(),
    };
  } catch (error) {
    return { ...base, ...failure(error), checkedAt: new Date().toISOString() };
  } finally {
    reader.close?.();
  }
}

function disabled(endpoint: ProxmoxEndpoint): EndpointHealth {
  return {
    endpointId: endpoint.id,
    name: endpoint.name,
    state: 'disabled',
    latencyMs: null,
    version: null,
    release: null,
    error: null,
    storage: null,
    checkedAt: new Date().toISOString(),
  };
}

function start(db: Database, endpoint: ProxmoxEndpoint, timeoutSeconds: number): Promise<EndpointHealth> {
  if (!endpoint.enabled) return Promise.resolve(disabled(endpoint));
  const settings = {
    proxmoxTimeout: timeoutSeconds,
    proxmoxMaxRetries: 0,
    proxmoxRetryBackoff: 0,
    proxboxFetchMaxConcurrency: 2,
  };
  // The endpoint's own timeout applies when it is shorter; retries never (a health check must be quick).
  const quick = {
    ...endpoint,
    timeout: Math.min(endpoint.timeout ?? timeoutSeconds, timeoutSeconds),
    maxRetries: 0,
    retryBackoff: 0,
  };
  return createEndpointReaderFactory(db, settings)
    .then((factory) => factory(quick))
    .then(
      (reader) => probe(reader, endpoint),
      (error: unknown) => ({ ...disabled(endpoint), ...failure(error) }),
    );
}

/** Health of every Proxmox endpoint (disabled ones are reported, not contacted), ordered by name. */
export async function probeEndpoints(actor: Actor, options: ProbeOptions = {}): Promise<EndpointHealth[]> {
  const db = await dashboardDb(actor);
  const opts = {
    timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_S,
    maxAgeMs: options.maxAgeMs ?? DEFAULT_MAX_AGE_MS,
  };
  const endpoints = await db.select().from(proxmoxEndpoints).orderBy(asc(proxmoxEndpoints.name));
  cache.retain(endpoints.map((e) => e.id));
  const now = Date.now();
  return Promise.all(
    endpoints.map((e) => cache.get(e, { db, timeoutSeconds: opts.timeoutSeconds }, opts.maxAgeMs, now)),
  );
}
