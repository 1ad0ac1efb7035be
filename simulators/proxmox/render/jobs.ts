// Replication and backup jobs.
import { nextEvent } from '../calendar';
import type { BackupJob, Guest, ReplicationJob } from '../estate/types';
import { ApiError, bit, intParam, pathNode, type ApiResult, type RequestContext } from './context';

function replicationConfig(j: ReplicationJob, source: string | undefined): Record<string, unknown> {
  const e: Record<string, unknown> = { id: j.id, type: 'local', guest: j.guest, jobnum: j.jobnum, target: j.target };
  if (j.schedule) e.schedule = j.schedule;
  if (j.rate !== undefined) e.rate = j.rate;
  if (j.comment) e.comment = j.comment;
  if (j.disable) e.disable = 1;
  if (source) e.source = source;
  return e;
}

/** vmid → guest for the jobs' lookups (one pass instead of one search per job). */
const guestIndex = (ctx: RequestContext): Map<number, Guest> => new Map(ctx.cluster.guests.map((g) => [g.vmid, g]));

/** GET /cluster/replication: replication.cfg (jobs of removed guests vanish with them). */
export function getClusterReplication(ctx: RequestContext): ApiResult {
  const guests = guestIndex(ctx);
  return {
    data: ctx.cluster.replication
      .filter((j) => guests.has(j.guest))
      .map((j) => replicationConfig(j, guests.get(j.guest)!.node)),
  };
}

/** GET /cluster/replication/{id}. */
export function getReplicationJob(ctx: RequestContext): ApiResult {
  const guests = guestIndex(ctx);
  const j = ctx.cluster.replication.find((x) => x.id === ctx.params.id && guests.has(x.guest));
  if (!j) throw new ApiError(500, `replication job '${ctx.params.id}' does not exist`);
  return {
    data: { ...replicationConfig(j, guests.get(j.guest)!.node), digest: 'b5f3c1f2a7e4d6c8e9a0b1c2d3e4f5a6b7c8d9e0' },
  };
}

/** `next_sync` as ReplicationState.pm computes it (back-off after failures, 0 when disabled). */
function nextSync(j: ReplicationJob): number {
  if (j.disable) return 0;
  if (j.failCount > 0) return j.lastTry + (j.failCount <= 3 ? 300 * j.failCount : 1800);
  return nextEvent(j.schedule ?? '*/15', j.lastSync) ?? 0;
}

/** GET /nodes/{node}/replication[?guest=]: jobs of guests living on the node, with state. */
export function getNodeReplication(ctx: RequestContext): ApiResult {
  const node = pathNode(ctx);
  const guest = intParam(ctx, 'guest', 100);
  const guests = guestIndex(ctx);
  const data = ctx.cluster.replication
    .filter((j) => guests.get(j.guest)?.node === node.name && (guest === undefined || j.guest === guest))
    .map((j) => {
      const e: Record<string, unknown> = {
        ...replicationConfig(j, node.name),
        vmtype: guests.get(j.guest)!.type,
        last_sync: j.lastSync,
        last_try: j.lastTry,
        next_sync: nextSync(j),
        fail_count: j.failCount,
        duration: j.duration,
      };
      if (j.error) e.error = j.error;
      return e;
    });
  return { data };
}

function backupJob(j: BackupJob, now: number): Record<string, unknown> {
  const e: Record<string, unknown> = {
    id: j.id,
    type: 'vzdump',
    schedule: j.schedule,
    enabled: bit(j.enabled),
    storage: j.storage,
    mode: j.mode,
  };
  if (j.enabled) e['next-run'] = nextEvent(j.schedule, now);
  if (j.all) e.all = 1;
  if (j.vmid) e.vmid = j.vmid.join(',');
  if (j.pool) e.pool = j.pool;
  if (j.node) e.node = j.node;
  if (j.exclude) e.exclude = j.exclude.join(',');
  if (j.compress) e.compress = j.compress;
  if (j.comment) e.comment = j.comment;
  if (j.notesTemplate) e['notes-template'] = j.notesTemplate;
  if (j.mailnotification) e.mailnotification = j.mailnotification;
  return e;
}

/** GET /cluster/backup: vzdump jobs; `next-run` computed from the schedule at the estate's (frozen) clock. */
export function getBackupJobs(ctx: RequestContext): ApiResult {
  return { data: ctx.cluster.backupJobs.map((j) => backupJob(j, ctx.estate.now)) };
}

/** GET /cluster/backup/{id}. */
export function getBackupJob(ctx: RequestContext): ApiResult {
  const j = ctx.cluster.backupJobs.find((x) => x.id === ctx.params.id);
  if (!j) throw new ApiError(500, `job '${ctx.params.id}' does not exist`);
  return { data: backupJob(j, ctx.estate.now) };
}
