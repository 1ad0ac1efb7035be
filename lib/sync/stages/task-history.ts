import { and, eq } from 'drizzle-orm';
import { anyOf } from '@/db/array-param';
import { vmTaskHistories } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { coversTask, taskListings } from '../scope/object-scope';
import { reconcile } from '../write/reconcile';
import type { TaskInfo } from '../read/proxmox-data';
import { applyPlan } from '../write/write';
import { loadVmIds } from './scope';
import { takeTurn, turnDue } from '../turns';
import { selectRows } from '@/db/select-rows';

const STAGE = 'task-history' as const;
const DAY_MS = 86_400_000;

/** A task list entry → VMTaskHistory columns; the guest is linked when the task names one. */
export function mapTask(
  t: TaskInfo,
  endpointId: number,
  vmIds: Map<number, number>,
): typeof vmTaskHistories.$inferInsert {
  const vmid = /^\d+$/.test(t.id) ? Number(t.id) : null;
  const vmType = t.type.startsWith('qm') ? 'qemu' : t.type.startsWith('vz') && t.type !== 'vzdump' ? 'lxc' : 'unknown';
  return {
    proxmoxEndpointId: endpointId,
    virtualMachineId: vmid !== null ? (vmIds.get(vmid) ?? null) : null,
    vmType,
    upid: t.upid,
    node: t.node,
    pid: t.pid,
    pstart: t.pstart,
    taskId: t.id || null,
    type: t.type,
    username: t.user,
    startTime: t.starttime,
    endTime: t.endtime,
    status: t.status,
    taskState: t.endtime ? 'stopped' : 'running',
    exitstatus: t.endtime ? t.status : null,
    description: `${t.type}${t.id ? ` ${t.id}` : ''} on ${t.node}`.slice(0, 200),
  };
}

/**
 * Stage `task-history`: each node's task list for the configured window, from the list itself
 * (no per-task status calls). Tasks are history: they are added and updated, never removed.
 */
export async function syncTaskHistory(ctx: SyncContext): Promise<void> {
  const topology = await ctx.fetcher.topology();
  if (!topology.ok) return recordIssue(ctx, STAGE, 'cluster status', topology.error);
  const since = new Date(ctx.now.getTime() - ctx.settings.taskHistoryDays * DAY_MS);
  const wanted = taskListings(
    ctx.scope,
    topology.value.nodes.map((n) => n.name),
  );
  const lists = await Promise.all(
    wanted.nodes.map(async (node) => ({ node, fetched: await ctx.fetcher.tasks(node, since, wanted.vmid) })),
  );
  const tasks: TaskInfo[] = [];
  for (const { node, fetched } of lists) {
    if (fetched.ok) tasks.push(...fetched.value.filter((t) => coversTask(ctx.scope, t)));
    else recordIssue(ctx, STAGE, `node ${node}`, fetched.error);
  }
  await ctx.db.transaction(async (tx) => {
    const vmIds = await loadVmIds(tx, ctx);
    const existing: (typeof vmTaskHistories.$inferSelect)[] = [];
    const upids = tasks.map((t) => t.upid);
    // A UPID is unique within a cluster, not across endpoints (one cluster registered twice):
    // a task row is (endpoint, UPID), and an endpoint reads and updates only its own rows.
    for (let i = 0; i < upids.length; i += 1000)
      existing.push(
        ...(await selectRows(
          tx,
          vmTaskHistories,
          and(
            eq(vmTaskHistories.proxmoxEndpointId, ctx.endpoint.id),
            anyOf(vmTaskHistories.upid, upids.slice(i, i + 1000)),
          ),
        )),
      );
    const desired: (typeof vmTaskHistories.$inferInsert)[] = [];
    for (const t of tasks) {
      if (turnDue()) await takeTurn();
      desired.push(mapTask(t, ctx.endpoint.id, vmIds));
    }
    const result = await applyPlan(
      tx,
      ctx,
      getModel('task-history')!,
      await reconcile({
        existing,
        desired,
        key: (r) => String(r.upid),
        updatable: ['virtualMachineId', 'endTime', 'status', 'taskState', 'exitstatus'],
      }),
      { removal: 'none' },
    );
    addCounts(ctx, STAGE, result);
  });
}
