import { asc, count, eq } from 'drizzle-orm';
import { netboxEndpoints, netboxPushState, netboxRemoteObjects } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { dashboardDb } from './read';

// What the inventory knows about each NetBox endpoint's pushes, for the dashboard cards: the last
// push (when, outcome, counts summed over object types), the objects Proxbox owns there and the
// open conflicts of the last push. Two grouped reads for all endpoints, no request to NetBox.

export interface PushTotals {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
}

export interface NetboxPushSummary {
  endpointId: number;
  name: string;
  enabled: boolean;
  /** Where the endpoint points, e.g. `https://netbox.example.com:443`; null when it is given by an IP address object. */
  url: string | null;
  lastPush: {
    at: string;
    jobId: number | null;
    status: string;
    netboxVersion: string | null;
    totals: PushTotals;
  } | null;
  objectsOwned: number;
  openConflicts: number;
}

const emptyTotals = (): PushTotals => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 });

/** Sums per-type push counts (tolerating types written by older versions with missing keys). */
export function sumPushCounts(counts: Record<string, Partial<PushTotals>> | null | undefined): PushTotals {
  const sum = emptyTotals();
  for (const c of Object.values(counts ?? {}))
    for (const k of Object.keys(sum) as (keyof PushTotals)[]) sum[k] += Number(c?.[k]) || 0;
  return sum;
}

/** Every NetBox endpoint, ordered by name, with its push summary. */
export async function loadNetboxPushSummaries(actor: Actor): Promise<NetboxPushSummary[]> {
  const db = await dashboardDb(actor);
  const [rows, owned] = await Promise.all([
    db
      .select({
        id: netboxEndpoints.id,
        name: netboxEndpoints.name,
        enabled: netboxEndpoints.enabled,
        domain: netboxEndpoints.domain,
        port: netboxEndpoints.port,
        useHttps: netboxEndpoints.useHttps,
        pushedAt: netboxPushState.pushedAt,
        jobId: netboxPushState.jobId,
        status: netboxPushState.status,
        netboxVersion: netboxPushState.netboxVersion,
        counts: netboxPushState.counts,
        conflicts: netboxPushState.conflicts,
      })
      .from(netboxEndpoints)
      .leftJoin(netboxPushState, eq(netboxPushState.endpointId, netboxEndpoints.id))
      .orderBy(asc(netboxEndpoints.name)),
    db
      .select({ endpointId: netboxRemoteObjects.endpointId, n: count() })
      .from(netboxRemoteObjects)
      .groupBy(netboxRemoteObjects.endpointId),
  ]);
  const ownedBy = new Map(owned.map((o) => [Number(o.endpointId), Number(o.n)]));
  return rows.map((r) => ({
    endpointId: r.id,
    name: r.name,
    enabled: r.enabled,
    url: r.domain ? `${r.useHttps ? 'https' : 'http'}://${r.domain}:${r.port}` : null,
    lastPush: r.pushedAt
      ? {
          at: r.pushedAt.toISOString(),
          jobId: r.jobId,
          status: r.status ?? 'completed',
          netboxVersion: r.netboxVersion,
          totals: sumPushCounts(r.counts),
        }
      : null,
    objectsOwned: ownedBy.get(r.id) ?? 0,
    openConflicts: r.conflicts?.length ?? 0,
  }));
}

export interface NetboxPushConflict {
  type: string;
  key: string;
  label: string;
  remoteId: number | null;
  reason: string;
}

/** One NetBox endpoint's push state for its page: per-type counts of the last push, owned objects per type, open conflicts. */
export interface NetboxPushDetail {
  endpointId: number;
  lastPush: {
    at: string;
    jobId: number | null;
    status: string;
    netboxVersion: string | null;
    counts: Record<string, PushTotals>;
    totals: PushTotals;
  } | null;
  /** NetBox list path (e.g. `virtualization/virtual-machines`) → objects Proxbox owns there. */
  objectsOwned: Record<string, number>;
  objectsOwnedTotal: number;
  openConflicts: NetboxPushConflict[];
}

export async function loadNetboxPushDetail(actor: Actor, endpointId: number): Promise<NetboxPushDetail> {
  const db = await dashboardDb(actor);
  const [[state], owned] = await Promise.all([
    db.select().from(netboxPushState).where(eq(netboxPushState.endpointId, endpointId)),
    db
      .select({ type: netboxRemoteObjects.remoteType, n: count() })
      .from(netboxRemoteObjects)
      .where(eq(netboxRemoteObjects.endpointId, endpointId))
      .groupBy(netboxRemoteObjects.remoteType)
      .orderBy(asc(netboxRemoteObjects.remoteType)),
  ]);
  const objectsOwned = Object.fromEntries(owned.map((o) => [o.type, Number(o.n)]));
  const counts = Object.fromEntries(
    Object.entries(state?.counts ?? {}).map(([type, c]) => [type, sumPushCounts({ [type]: c })]),
  );
  return {
    endpointId,
    lastPush: state
      ? {
          at: state.pushedAt.toISOString(),
          jobId: state.jobId,
          status: state.status,
          netboxVersion: state.netboxVersion,
          counts,
          totals: sumPushCounts(state.counts),
        }
      : null,
    objectsOwned,
    objectsOwnedTotal: Object.values(objectsOwned).reduce((a, b) => a + b, 0),
    openConflicts: state?.conflicts ?? [],
  };
}
