import { inArray, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { proxmoxEndpoints, syncJobs, type SyncJob } from '@/db/schema';
import { SYNC_STAGES } from '@/db/schema/choices';
import { resolveObjectTarget } from '../scope/object-scope';
import { EndpointBusyError, busyEndpoints, lockJobTable, staleAfterMs } from './run-store';
import type { StageName } from '../types';
import { hasEnabledNetboxEndpoint } from '@/lib/netbox/push/stage';

// The durable sync queue, on the sync_jobs table itself (one table for the queue, the run history
// and the progress streams): a request is a `queued` row; a worker of any process claims the
// oldest one whose endpoints no running job holds. Claims and enqueues take one advisory lock, so
// two processes never hand out one endpoint twice.

export interface EnqueueInput {
  /** Endpoints to sync; every enabled one when omitted. */
  endpointIds?: number[];
  /** Stages, in canonical order; all when omitted. */
  stages?: StageName[];
  /** One object (a VM, node, cluster or storage): its endpoint and stages. */
  object?: { type: string; id: number };
  requestedBy: string;
  /**
   * `refuse` (users, the API): a job that already holds an endpoint, queued or running, is a 409.
   * `wait` (the scheduler): wait behind a running job, but not pile up behind a queued one.
   */
  whenBusy?: 'refuse' | 'wait';
  /** Preview: the run computes what it would write and writes nothing (lib/sync/preview/). */
  dryRun?: boolean;
}

/**
 * Records a sync request as a queued job and returns it; a worker runs it. The endpoints are
 * fixed now (every enabled one for a full sync), so that the job's claim can check them.
 */
export async function enqueueSync(db: Database, input: EnqueueInput): Promise<SyncJob> {
  const target = input.object ? await resolveObjectTarget(db, input.object) : null;
  const ids = target ? [target.endpointId] : input.endpointIds;
  const found = await db
    .select({ id: proxmoxEndpoints.id, enabled: proxmoxEndpoints.enabled })
    .from(proxmoxEndpoints)
    .where(ids ? inArray(proxmoxEndpoints.id, ids) : undefined);
  const endpointIds = (ids ? found : found.filter((e) => e.enabled)).map((e) => e.id).sort((a, b) => a - b);
  // A full sync ends with the NetBox push whenever there is a NetBox to push to.
  const wanted = new Set(input.stages ?? SYNC_STAGES.filter((s) => s !== 'netbox-push'));
  if (!input.stages && !target && (await hasEnabledNetboxEndpoint(db))) wanted.add('netbox-push');
  const stages = target ? target.stages : SYNC_STAGES.filter((s) => wanted.has(s));
  const kind = target ? 'object' : input.stages ? 'stage' : input.endpointIds ? 'endpoint' : 'full';
  return db.transaction(async (tx) => {
    await lockJobTable(tx);
    const busy = await busyEndpoints(tx, endpointIds, input.whenBusy === 'wait' ? 'queued' : 'queued-or-running');
    if (busy.length > 0) throw new EndpointBusyError(busy);
    const [job] = await tx
      .insert(syncJobs)
      .values({
        kind,
        stages,
        endpointIds,
        objectType: target ? input.object!.type : null,
        objectId: target ? input.object!.id : null,
        requestedBy: input.requestedBy,
        status: 'queued',
        dryRun: input.dryRun ?? false,
      })
      .returning();
    return job;
  });
}

/**
 * Claims the oldest queued job whose endpoints no live run holds (a job whose endpoint is busy
 * waits; later jobs of other endpoints go first), marking it running for `workerId`.
 */
export async function claimNextJob(db: Database, workerId: string): Promise<SyncJob | null> {
  const fresh = new Date(Date.now() - staleAfterMs()).toISOString();
  return db.transaction(async (tx) => {
    await lockJobTable(tx);
    const [job] = await tx
      .update(syncJobs)
      .set({ status: 'running', startedAt: new Date(), heartbeatAt: new Date(), workerId })
      .where(
        sql`${syncJobs.id} = (
          select q.id from sync_jobs q
          where q.status = 'queued' and not exists (
            select 1 from sync_jobs r cross join jsonb_array_elements(r.endpoint_ids) held
            where r.status = 'running' and (r.heartbeat_at is null or r.heartbeat_at >= ${fresh}::timestamptz)
              and q.endpoint_ids @> jsonb_build_array(held.value))
          order by q.created, q.id
          limit 1
          for update skip locked)`,
      )
      .returning();
    return job ?? null;
  });
}
