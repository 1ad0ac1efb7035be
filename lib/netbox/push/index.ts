import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { netboxEndpoints, netboxPushState, netboxRemoteObjects, proxboxPluginSettings } from '@/db/schema';
import { ensureSettings } from '@/lib/bootstrap/settings';
import type { NetboxClient } from '../client';
import { netboxClientFor, netboxVersion } from '../endpoint';
import { NetboxError } from '../errors';
import { featuresOf, isSupported } from '../version';
import { executePlan } from './execute';
import { loadLocalInventory } from './local';
import { buildPlan, publicPlan, type OwnershipRecord } from './planner';
import type { NetboxReachability, PushOptions, PushPlan, PushResult } from './types';

export type * from './types';
export { NetboxError } from '../errors';

/** One push per NetBox endpoint at a time in this process (a preview may run beside it). */
const running = new Map<number, Promise<unknown>>();

async function exclusive<T>(endpointId: number, task: () => Promise<T>): Promise<T> {
  while (running.has(endpointId)) await running.get(endpointId)!.catch(() => undefined);
  const p = task();
  running.set(endpointId, p);
  try {
    return await p;
  } finally {
    running.delete(endpointId);
  }
}

async function endpointOf(db: Database, endpointId: number) {
  const [endpoint] = await db.select().from(netboxEndpoints).where(eq(netboxEndpoints.id, endpointId));
  if (!endpoint)
    throw new NetboxError({
      category: 'not_found',
      status: null,
      method: 'GET',
      path: `/endpoints/netbox/${endpointId}`,
      message: `There is no NetBox endpoint ${endpointId}`,
      suggestion: 'Pick an existing NetBox endpoint.',
    });
  await ensureSettings(db);
  const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
  return { endpoint, settings };
}

interface Prepared {
  client: NetboxClient;
  plan: Awaited<ReturnType<typeof buildPlan>>;
  publicView: PushPlan;
}

async function prepare(db: Database, endpointId: number, opts: PushOptions): Promise<Prepared> {
  const { endpoint, settings } = await endpointOf(db, endpointId);
  const client = await netboxClientFor(db, endpoint, settings);
  try {
    const version = await netboxVersion(client, Number(settings.netboxGetCacheTtl));
    if (!isSupported(version)) {
      throw new NetboxError({
        category: 'validation',
        status: null,
        method: 'GET',
        path: '/api/status/',
        message: `NetBox ${version} is older than 4.0, which the push needs`,
        suggestion: 'Upgrade NetBox to 4.0 or newer.',
      });
    }
    const features = featuresOf(version);
    const local = await loadLocalInventory(db, features);
    const records: OwnershipRecord[] = await db
      .select({
        remoteType: netboxRemoteObjects.remoteType,
        localKey: netboxRemoteObjects.localKey,
        remoteId: netboxRemoteObjects.remoteId,
      })
      .from(netboxRemoteObjects)
      .where(eq(netboxRemoteObjects.endpointId, endpointId));
    const plan = await buildPlan({
      source: client,
      features,
      desired: local.desired,
      managedTags: local.managedTags,
      records,
      holdDeletes: new Set(opts.holdDeletes ?? []),
      onProgress: opts.onProgress,
    });
    return { client, plan, publicView: publicPlan(plan, endpoint) };
  } catch (error) {
    client.close();
    throw error;
  }
}

/**
 * Computes what a push of the local inventory to NetBox endpoint `endpointId` would create,
 * update, delete and refuse, reading NetBox in bulk and writing nothing anywhere.
 */
export async function planNetboxPush(db: Database, endpointId: number, opts: PushOptions = {}): Promise<PushPlan> {
  return (await applyNetboxPush(db, endpointId, { ...opts, dryRun: true })).plan;
}

/**
 * Plans and executes a push to NetBox endpoint `endpointId` (with `dryRun`, plans only): the
 * writes go in dependency order, each refused write is recorded and the rest goes on, and the
 * ownership records and the endpoint's push state are updated. Throws a NetboxError (category,
 * message, suggestion) when NetBox cannot be reached or refuses the token; nothing is changed then.
 */
export async function applyNetboxPush(db: Database, endpointId: number, opts: PushOptions = {}): Promise<PushResult> {
  const run = async (): Promise<PushResult> => {
    const { client, plan, publicView } = await prepare(db, endpointId, opts);
    try {
      if (opts.dryRun) {
        const counts = structuredClone(publicView.summary);
        return {
          plan: publicView,
          counts,
          failures: [],
          requests: { total: client.requests, writes: client.writes },
          dryRun: true,
        };
      }
      const outcome = await executePlan(client, plan, opts.onProgress);
      await saveOwnership(db, endpointId, outcome.upserts, outcome.drops);
      const failed = Object.values(outcome.counts).reduce((n, c) => n + c.failed, 0);
      const done = Object.values(outcome.counts).reduce(
        (n, c) => n + c.created + c.updated + c.deleted + c.unchanged,
        0,
      );
      const conflicts = publicView.types.flatMap((t) =>
        [...t.conflicts, ...t.refusals].map((c) => ({ ...c, type: t.type })),
      );
      await savePushState(db, endpointId, {
        jobId: opts.jobId ?? null,
        at: opts.now ?? new Date(),
        status: failed === 0 ? 'completed' : done === 0 ? 'failed' : 'completed_with_errors',
        version: publicView.netboxVersion,
        counts: outcome.counts,
        conflicts,
      });
      return {
        plan: publicView,
        counts: outcome.counts,
        failures: outcome.failures,
        requests: { total: client.requests, writes: client.writes },
        dryRun: false,
      };
    } finally {
      client.close();
    }
  };
  if (opts.dryRun) return run();
  return exclusive(endpointId, async () => {
    try {
      return await run();
    } catch (error) {
      await recordFailedPush(db, endpointId, opts.jobId ?? null, opts.now ?? new Date());
      throw error;
    }
  });
}

/**
 * A push that stopped with an error (NetBox unreachable, the token refused, a write or the
 * ownership records failing midway) is the endpoint's last push all the same: its state says
 * `failed` with no counts, so the panel does not go on showing the previous push's outcome. The
 * version and open conflicts of the last push that got that far are kept.
 */
async function recordFailedPush(db: Database, endpointId: number, jobId: number | null, at: Date): Promise<void> {
  try {
    const [endpoint] = await db
      .select({ id: netboxEndpoints.id })
      .from(netboxEndpoints)
      .where(eq(netboxEndpoints.id, endpointId));
    if (!endpoint) return;
    const failed = { jobId, pushedAt: at, status: 'failed' as const, counts: {} };
    await db
      .insert(netboxPushState)
      .values({ endpointId, ...failed })
      .onConflictDoUpdate({ target: netboxPushState.endpointId, set: failed });
  } catch (error) {
    // The push's own error is what the caller reports; this one would only hide it.
    console.error(`NetBox endpoint ${endpointId}: the failed push could not be recorded:`, error);
  }
}

async function saveOwnership(
  db: Database,
  endpointId: number,
  upserts: {
    remoteType: string;
    localKey: string;
    remoteId: number;
    localModel: string;
    localId: number | null;
    hash: string;
  }[],
  drops: OwnershipRecord[],
): Promise<void> {
  await db.transaction(async (tx) => {
    /** Deletes the records of `records`, per type in chunks of 1000 keys. */
    const forget = async (records: { remoteType: string; localKey: string }[]) => {
      const byType = new Map<string, string[]>();
      for (const d of records)
        (byType.get(d.remoteType) ?? byType.set(d.remoteType, []).get(d.remoteType)!).push(d.localKey);
      for (const [type, keys] of byType) {
        for (let i = 0; i < keys.length; i += 1000)
          await tx
            .delete(netboxRemoteObjects)
            .where(
              and(
                eq(netboxRemoteObjects.endpointId, endpointId),
                eq(netboxRemoteObjects.remoteType, type),
                inArray(netboxRemoteObjects.localKey, keys.slice(i, i + 1000)),
              ),
            );
      }
    };
    await forget(drops);
    const existing = await tx
      .select({
        remoteType: netboxRemoteObjects.remoteType,
        localKey: netboxRemoteObjects.localKey,
        remoteId: netboxRemoteObjects.remoteId,
        hash: netboxRemoteObjects.lastPushedHash,
      })
      .from(netboxRemoteObjects)
      .where(eq(netboxRemoteObjects.endpointId, endpointId));
    const current = new Map(existing.map((r) => [`${r.remoteType}|${r.localKey}`, r]));
    const wantById = new Map(upserts.map((u) => [`${u.remoteType}|${u.remoteId}`, u.localKey]));
    // A NetBox object handed to another key must lose its old record first (one owner per object).
    await forget(
      existing.filter((r) => {
        const owner = wantById.get(`${r.remoteType}|${r.remoteId}`);
        return owner !== undefined && owner !== r.localKey;
      }),
    );
    const changed = upserts.filter((u) => {
      const c = current.get(`${u.remoteType}|${u.localKey}`);
      return !c || c.remoteId !== u.remoteId || c.hash !== u.hash;
    });
    // One JSON parameter per 5,000 rows instead of eight bound values per row: building and
    // parsing tens of thousands of parameters cost more than the rows themselves.
    const at = new Date().toISOString();
    for (let i = 0; i < changed.length; i += 5000) {
      const rows = JSON.stringify(
        changed.slice(i, i + 5000).map((u) => ({
          remote_type: u.remoteType,
          local_key: u.localKey,
          remote_id: u.remoteId,
          local_model: u.localModel,
          local_id: u.localId,
          hash: u.hash,
        })),
      );
      await tx.execute(sql`
        insert into netbox_remote_objects (endpoint_id, remote_type, local_key, remote_id, local_model, local_id, last_pushed_hash, pushed_at)
        select ${endpointId}::bigint, r.remote_type, r.local_key, r.remote_id, r.local_model, r.local_id, r.hash, ${at}::timestamptz
        from json_to_recordset(${rows}::json) as r(remote_type varchar, local_key varchar, remote_id bigint, local_model varchar, local_id bigint, hash varchar)
        on conflict (endpoint_id, remote_type, local_key) do update set remote_id = excluded.remote_id, last_pushed_hash = excluded.last_pushed_hash, local_id = excluded.local_id, pushed_at = excluded.pushed_at`);
    }
  });
}

async function savePushState(
  db: Database,
  endpointId: number,
  state: {
    jobId: number | null;
    at: Date;
    status: 'completed' | 'completed_with_errors' | 'failed';
    version: string;
    counts: Record<string, unknown>;
    conflicts: { type: string; key: string; label: string; remoteId: number | null; reason: string }[];
  },
): Promise<void> {
  const values = {
    endpointId,
    jobId: state.jobId,
    pushedAt: state.at,
    status: state.status,
    netboxVersion: state.version,
    counts: state.counts as never,
    conflicts: state.conflicts,
  };
  await db
    .insert(netboxPushState)
    .values(values)
    .onConflictDoUpdate({
      target: netboxPushState.endpointId,
      set: {
        jobId: values.jobId,
        pushedAt: values.pushedAt,
        status: values.status,
        netboxVersion: values.netboxVersion,
        counts: values.counts,
        conflicts: values.conflicts,
      },
    });
}

/**
 * Reachability and version of one NetBox endpoint: one `/api/status/` request (or an answer the
 * status cache still holds), without retries and within `timeoutMs` when given. NetBox's refusals
 * and silence come back as `error`, never thrown.
 */
export async function readNetboxReachability(
  db: Database,
  endpointId: number,
  opts: { timeoutMs?: number } = {},
): Promise<NetboxReachability> {
  const { endpoint, settings } = await endpointOf(db, endpointId);
  try {
    const client = await netboxClientFor(
      db,
      endpoint,
      { ...settings, netboxMaxRetries: 0 },
      { timeoutMs: opts.timeoutMs },
    );
    try {
      return { reachable: true, version: await netboxVersion(client, Number(settings.netboxGetCacheTtl)), error: null };
    } finally {
      client.close();
    }
  } catch (e) {
    const n = e instanceof NetboxError ? e : null;
    return {
      reachable: false,
      version: null,
      error: {
        category: n?.category ?? 'internal',
        message: n?.message ?? String(e),
        suggestion: n?.suggestion ?? 'See the server log.',
      },
    };
  }
}
