import { eq } from 'drizzle-orm';
import { replications } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { reconcile } from '../write/reconcile';
import { applyPlan } from '../write/write';
import { loadNodeIds, loadVmIds } from './scope';

const STAGE = 'replications' as const;

/** Stage `replications`: replication jobs with their guest and target node; gone jobs go stale. */
export async function syncReplications(ctx: SyncContext): Promise<void> {
  const fetched = await ctx.fetcher.replications();
  if (!fetched.ok) return recordIssue(ctx, STAGE, 'replication jobs', fetched.error);
  await ctx.db.transaction(async (tx) => {
    const vmIds = await loadVmIds(tx, ctx);
    const nodeIds = await loadNodeIds(tx, ctx);
    const existing = await tx.select().from(replications).where(eq(replications.proxmoxEndpointId, ctx.endpoint.id));
    const desired = fetched.value.map((r): typeof replications.$inferInsert => ({
      name: r.id,
      proxmoxEndpointId: ctx.endpoint.id,
      replicationId: r.id,
      vmid: String(r.guest),
      virtualMachineId: vmIds.get(r.guest) ?? null,
      proxmoxNodeId: nodeIds.get(r.target) ?? null,
      guest: r.guest,
      target: r.target,
      jobType: 'local',
      schedule: r.schedule,
      rate: r.rate,
      comment: r.comment,
      disable: r.disable,
      source: r.source,
      jobnum: r.jobnum,
      removeJob: r.removeJob === 'local' || r.removeJob === 'full' ? r.removeJob : null,
      status: 'active',
      rawConfig: r.raw,
    }));
    const result = await applyPlan(
      tx,
      ctx,
      getModel('replications')!,
      await reconcile({
        existing,
        desired,
        key: (r) => String(r.replicationId),
        updatable: [
          'vmid',
          'virtualMachineId',
          'proxmoxNodeId',
          'guest',
          'target',
          'schedule',
          'rate',
          'comment',
          'disable',
          'source',
          'jobnum',
          'removeJob',
          'status',
          'rawConfig',
        ],
      }),
      { removal: 'stale', staleValues: { status: 'stale' } },
    );
    addCounts(ctx, STAGE, result, 'updated');
  });
}
