import { and } from 'drizzle-orm';
import { anyOf } from '@/db/array-param';
import { vmSnapshots } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { addCounts, progressTracker, recordIssue, type SyncContext } from '../context';
import { coversGuest } from '../scope/object-scope';
import { reconcile } from '../write/reconcile';
import { applyPlan } from '../write/write';
import type { Fetched } from '../read/fetch';
import type { GuestInfo, SnapshotInfo } from '../read/proxmox-data';
import { loadVmIds } from './scope';
import { selectRows } from '@/db/select-rows';

const STAGE = 'vm-snapshots' as const;

/**
 * A guest's snapshots, read for every guest. The config's `parent` is not a reliable hint: after a
 * rollback to a snapshot that is then deleted, Proxmox drops the key while other snapshots remain,
 * and neither /cluster/resources nor any other listing says which guests have snapshots.
 */
export function snapshotsOf(ctx: SyncContext, g: GuestInfo): Promise<Fetched<SnapshotInfo[]>> {
  return ctx.fetcher.snapshots(g);
}

/**
 * Stage `vm-snapshots`: one row per (VM, snapshot name), without the `current` pseudo-snapshot.
 * Snapshots gone from Proxmox are deleted, but only for guests whose list could be read.
 */
export async function syncVmSnapshots(ctx: SyncContext): Promise<void> {
  const listed = await ctx.fetcher.guests();
  if (!listed.ok) return recordIssue(ctx, STAGE, 'cluster resources', listed.error);
  const guests = listed.value.filter((g) => !g.degraded && coversGuest(ctx.scope, g));
  const tick = progressTracker(ctx, STAGE, guests.length, 'snapshot lists read');
  const lists = await Promise.all(
    guests.map(async (g) => {
      const fetched = await snapshotsOf(ctx, g);
      tick(`${g.type}/${g.vmid}`, !fetched.ok);
      return { g, fetched };
    }),
  );
  await ctx.db.transaction(async (tx) => {
    const vmIds = await loadVmIds(tx, ctx);
    const readVms = new Set<number>();
    const desired: (typeof vmSnapshots.$inferInsert)[] = [];
    for (const { g, fetched } of lists) {
      const vmId = vmIds.get(g.vmid);
      if (vmId === undefined) continue;
      if (!fetched.ok) {
        recordIssue(ctx, STAGE, `${g.type}/${g.vmid}`, fetched.error);
        continue;
      }
      readVms.add(vmId);
      for (const s of fetched.value) {
        desired.push({
          virtualMachineId: vmId,
          name: s.name,
          description: s.description.slice(0, 200),
          parent: s.parent,
          snaptime: s.snaptime,
          vmid: g.vmid,
          node: g.node,
          subtype: g.type,
          status: 'active',
        });
      }
    }
    // Snapshots are removed only for guests whose list was read, so a scoped run loads only those.
    const ids = ctx.scope ? [...readVms] : [...vmIds.values()];
    const existing: (typeof vmSnapshots.$inferSelect)[] = [];
    for (let i = 0; i < ids.length; i += 1000)
      existing.push(
        ...(await selectRows(tx, vmSnapshots, and(anyOf(vmSnapshots.virtualMachineId, ids.slice(i, i + 1000))))),
      );
    const result = await applyPlan(
      tx,
      ctx,
      getModel('snapshots')!,
      await reconcile({
        existing,
        desired,
        key: (r) => `${r.virtualMachineId}:${r.name}`,
        updatable: ['description', 'parent', 'snaptime', 'vmid', 'node', 'subtype', 'status'],
        removable: (r) => readVms.has(r.virtualMachineId),
      }),
      { removal: 'delete' },
    );
    addCounts(ctx, STAGE, result);
  });
}
