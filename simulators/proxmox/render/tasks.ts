// Task endpoints: the paged node history, one task's status and log,
// and the cluster-wide "recent tasks" list.
import type { Task } from '../estate/types';
import { decodeUpid } from '../upid';
import { boolParam, enumParam, intParam, paramError, pathNode, type ApiResult, type RequestContext } from './context';

/** `root@pam!proxbox` → user `root@pam`, tokenid `proxbox`. */
function identity(task: Task): Record<string, string> {
  const bang = task.user.indexOf('!');
  return bang < 0 ? { user: task.user } : { user: task.user.slice(0, bang), tokenid: task.user.slice(bang + 1) };
}

/** Normalised status class used by `statusfilter`. */
function statusClass(status: string | undefined): string {
  if (status === undefined) return 'running';
  if (status === 'OK') return 'ok';
  if (/^WARNINGS: \d+$/.test(status)) return 'warning';
  return status === 'unexpected status' ? 'unknown' : 'error';
}

function listItem(t: Task): Record<string, unknown> {
  const item: Record<string, unknown> = {
    upid: t.upid,
    node: t.node,
    pid: t.pid,
    pstart: t.pstart,
    starttime: t.starttime,
    type: t.type,
    id: t.id,
    ...identity(t),
  };
  if (t.endtime !== undefined) item.endtime = t.endtime;
  if (t.status !== undefined) item.status = t.status;
  return item;
}

/** GET /nodes/{node}/tasks: newest first, `start`/`limit` paging, `total` counts all matches. */
export function getNodeTasks(ctx: RequestContext): ApiResult {
  const node = pathNode(ctx);
  const start = intParam(ctx, 'start') ?? 0;
  const limit = intParam(ctx, 'limit') ?? 50;
  const since = intParam(ctx, 'since');
  const until = intParam(ctx, 'until');
  const vmid = intParam(ctx, 'vmid', 100);
  const errors = boolParam(ctx, 'errors');
  const source = enumParam(ctx, 'source', ['archive', 'active', 'all'] as const) ?? 'archive';
  const typefilter = ctx.query.get('typefilter') || undefined;
  const userfilter = ctx.query.get('userfilter')?.toLowerCase() || undefined;
  const statuses = ctx.query
    .get('statusfilter')
    ?.split(/[,;\s]+/)
    .filter(Boolean);
  const bad = statuses?.find((s) => !['ok', 'warning', 'error', 'unknown'].includes(s));
  if (bad)
    throw paramError(
      'statusfilter',
      `invalid format - value '${bad}' does not have a value in the enumeration 'ok, warning, error, unknown'`,
    );
  const matches = node.tasks.filter((t) => {
    const running = t.status === undefined;
    if (source === 'archive' ? running : source === 'active' ? !running : false) return false;
    if (typefilter && t.type !== typefilter) return false;
    if (userfilter && !t.user.toLowerCase().includes(userfilter)) return false;
    if (vmid !== undefined && t.id !== String(vmid)) return false;
    if (errors && (running || t.status === 'OK')) return false;
    if (since !== undefined && t.starttime < since) return false;
    if (until !== undefined && t.starttime > until) return false;
    return !statuses || statuses.includes(statusClass(t.status));
  });
  return { data: matches.slice(start, start + limit).map(listItem), total: matches.length };
}

/** The task named by `{upid}` on the path's node, or the 400s PVE raises. */
function pathTask(ctx: RequestContext): Task {
  const node = pathNode(ctx);
  if (!decodeUpid(ctx.params.upid)) throw paramError('upid', 'unable to parse worker upid');
  const task = node.tasks.find((t) => t.upid === ctx.params.upid);
  if (!task) throw paramError('upid', 'no such task');
  return task;
}

/** GET /nodes/{node}/tasks/{upid}/status. */
export function getTaskStatus(ctx: RequestContext): ApiResult {
  const t = pathTask(ctx);
  const data: Record<string, unknown> = {
    upid: t.upid,
    node: t.node,
    pid: t.pid,
    pstart: t.pstart,
    starttime: t.starttime,
    type: t.type,
    id: t.id,
    ...identity(t),
  };
  data.status = t.status === undefined ? 'running' : 'stopped';
  if (t.status !== undefined) data.exitstatus = t.status;
  return { data };
}

/** GET /nodes/{node}/tasks/{upid}/log: a few plausible lines, paged like the real one. */
export function getTaskLog(ctx: RequestContext): ApiResult {
  const t = pathTask(ctx);
  const start = intParam(ctx, 'start') ?? 0;
  const limit = intParam(ctx, 'limit') ?? 50;
  const lines =
    t.type === 'vzdump'
      ? [
          `INFO: starting new backup job: vzdump ${t.id || '--all 1'} --mode snapshot --storage pbs`,
          `INFO: Starting Backup of VM ${t.id || '100'}`,
          'INFO: Backup job finished successfully',
        ]
      : [`starting ${t.type} ${t.id}`.trim()];
  if (t.status !== undefined)
    lines.push(
      t.status === 'OK' ? 'TASK OK' : /^WARNINGS/.test(t.status) ? `TASK ${t.status}` : `TASK ERROR: ${t.status}`,
    );
  const items = lines.map((text, i) => ({ n: i + 1, t: text }));
  return { data: items.slice(start, start + limit), total: items.length };
}

/** Finished tasks each node keeps in its active list (`MAX_FINISHED` in RESTEnvironment.pm). */
const MAX_FINISHED = 25;

/** GET /cluster/tasks: per node, running tasks plus the 25 newest finished; `saved` is a string. */
export function getClusterTasks(ctx: RequestContext): ApiResult {
  const out: Record<string, unknown>[] = [];
  for (const node of ctx.cluster.nodes) {
    let finished = 0;
    for (const t of node.tasks) {
      const running = t.status === undefined;
      if (!running && ++finished > MAX_FINISHED) break;
      const item: Record<string, unknown> = {
        upid: t.upid,
        node: t.node,
        starttime: t.starttime,
        type: t.type,
        id: t.id,
        ...identity(t),
        saved: running ? '0' : '1',
      };
      if (running) Object.assign(item, { pid: t.pid, pstart: t.pstart });
      else Object.assign(item, { endtime: t.endtime, status: t.status });
      out.push(item);
    }
  }
  return { data: out };
}
