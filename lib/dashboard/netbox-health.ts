import { asc, eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { netboxEndpoints, type NetboxEndpoint } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { readNetboxReachability } from '@/lib/netbox/push';
import type { HealthState } from './endpoint-health';
import { createLiveCheckCache } from './live-check-cache';
import { dashboardDb } from './read';

// Live reachability and version of each NetBox endpoint for the dashboard: NetBox's status read
// through the push's own client (the endpoint's address, token and TLS settings) with the check's
// deadline on the request itself and no retries, all endpoints in parallel, cached per process like
// the Proxmox checks. Nothing of the push state is read here.

export interface NetboxHealth {
  endpointId: number;
  state: HealthState;
  /** e.g. `4.2.2`, when reachable. */
  version: string | null;
  error: { category: string; message: string; suggestion: string } | null;
  checkedAt: string;
}

export interface NetboxProbeOptions {
  /** Deadline of the whole check, in seconds (default 3). */
  timeoutSeconds?: number;
  /** How long a result is served as-is (default 30 s). */
  maxAgeMs?: number;
}

const DEFAULT_TIMEOUT_S = 3;
const DEFAULT_MAX_AGE_MS = 30_000;
const AUTH_CATEGORIES = new Set(['authentication', 'permission']);
const UNREACHABLE_CATEGORIES = new Set(['connection', 'timeout', 'tls']);

function stateOf(category: string): HealthState {
  return AUTH_CATEGORIES.has(category) ? 'auth_error' : UNREACHABLE_CATEGORIES.has(category) ? 'unreachable' : 'error';
}

/** Resolves with `work`'s result, or rejects once `ms` have passed without one. */
function withDeadline<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`NetBox did not answer within ${ms / 1000} s.`)), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

async function check(endpoint: NetboxEndpoint, ctx: { db: Database; timeoutSeconds: number }): Promise<NetboxHealth> {
  const base = { endpointId: endpoint.id, version: null, error: null };
  if (!endpoint.enabled) return { ...base, state: 'disabled', checkedAt: new Date().toISOString() };
  try {
    const status = await withDeadline(
      readNetboxReachability(ctx.db, endpoint.id, { timeoutMs: ctx.timeoutSeconds * 1000 }),
      ctx.timeoutSeconds * 1000,
    );
    const checkedAt = new Date().toISOString();
    if (status.reachable) return { ...base, state: 'reachable', version: status.version, checkedAt };
    const error = status.error ?? { category: 'connection', message: 'NetBox is not reachable.', suggestion: '' };
    return { ...base, state: stateOf(error.category), error, checkedAt };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const timedOut = message.startsWith('NetBox did not answer within');
    return {
      ...base,
      state: timedOut ? 'unreachable' : 'error',
      error: {
        category: timedOut ? 'timeout' : 'internal',
        message,
        suggestion: timedOut
          ? 'Check that NetBox is running and reachable from Proxbox at the address of this endpoint.'
          : '',
      },
      checkedAt: new Date().toISOString(),
    };
  }
}

const cache = createLiveCheckCache(check);

/** Forgets every cached result (tests; an endpoint edit is detected by its last_updated). */
export function clearNetboxHealthCache(): void {
  cache.clear();
}

/** Health of every NetBox endpoint (disabled ones are reported, not contacted), ordered by name. */
export async function probeNetboxEndpoints(actor: Actor, options: NetboxProbeOptions = {}): Promise<NetboxHealth[]> {
  const db = await dashboardDb(actor);
  const ctx = { db, timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_S };
  const endpoints = await db.select().from(netboxEndpoints).orderBy(asc(netboxEndpoints.name));
  cache.retain(endpoints.map((e) => e.id));
  const now = Date.now();
  return Promise.all(endpoints.map((e) => cache.get(e, ctx, options.maxAgeMs ?? DEFAULT_MAX_AGE_MS, now)));
}

/** The live check of one NetBox endpoint (cached like the dashboard's); null when there is no such endpoint. */
export async function probeNetboxEndpoint(
  actor: Actor,
  endpointId: number,
  options: NetboxProbeOptions = {},
): Promise<NetboxHealth | null> {
  const db = await dashboardDb(actor);
  const [endpoint] = await db.select().from(netboxEndpoints).where(eq(netboxEndpoints.id, endpointId));
  if (!endpoint) return null;
  const ctx = { db, timeoutSeconds: options.timeoutSeconds ?? DEFAULT_TIMEOUT_S };
  return cache.get(endpoint, ctx, options.maxAgeMs ?? DEFAULT_MAX_AGE_MS, Date.now());
}
