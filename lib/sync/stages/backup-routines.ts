import { eq } from 'drizzle-orm';
import { backupRoutines } from '@/db/schema';
import { getModel } from '@/lib/models/registry';
import { addCounts, recordIssue, type SyncContext } from '../context';
import { keysOf, reconcile } from '../write/reconcile';
import type { BackupJobInfo } from '../read/proxmox-data';
import { applyPlan } from '../write/write';
import { loadNodeIds, loadStorageIds } from './scope';

const STAGE = 'backup-routines' as const;

type BackupRoutineRow = typeof backupRoutines.$inferInsert;
type Retention = Pick<
  BackupRoutineRow,
  'keepLast' | 'keepDaily' | 'keepWeekly' | 'keepMonthly' | 'keepYearly' | 'keepAll'
>;

/** `keep-last=3,keep-daily=7` (or keep-all=1) → the retention columns. */
export function retention(pruneBackups: string | undefined): Retention {
  const text = pruneBackups ?? '';
  const get = (key: string) => {
    const digits = new RegExp(`(?:^|,)${key}=(\\d+)`).exec(text)?.[1];
    return digits === undefined ? null : Number(digits);
  };
  const keepAll = /(?:^|,)keep-all=1/.test(text);
  return {
    keepLast: get('keep-last'),
    keepDaily: get('keep-daily'),
    keepWeekly: get('keep-weekly'),
    keepMonthly: get('keep-monthly'),
    keepYearly: get('keep-yearly'),
    keepAll: text ? keepAll : null,
  };
}

export function mapBackupJob(
  j: BackupJobInfo,
  endpointId: number,
  nodeIds: Map<string, number>,
  storageIds: Map<string, number>,
): BackupRoutineRow {
  const c = j.config;
  const fleecing = c.fleecing ?? '';
  const fleecingStorage = /(?:^|,)storage=([^,]+)/.exec(fleecing)?.[1];
  const maxWorkers = c.performance ? /max-workers=(\d+)/.exec(c.performance)?.[1] : undefined;
  return {
    name: (j.comment || j.id).slice(0, 255),
    proxmoxEndpointId: endpointId,
    jobId: j.id,
    vmid: j.vmid,
    enabled: j.enabled,
    schedule: j.schedule,
    nextRun: j.nextRun,
    nodeId: j.node ? (nodeIds.get(j.node) ?? null) : null,
    storageId: j.storage ? (storageIds.get(j.storage) ?? null) : null,
    selection: j.vmid ? j.vmid.split(',').map(Number).filter(Number.isInteger) : [],
    comment: j.comment,
    status: 'active',
    ...retention(c['prune-backups']),
    notesTemplate: c['notes-template'] ?? '',
    bwlimit: c.bwlimit === undefined ? null : Math.trunc(c.bwlimit),
    zstd: c.zstd === undefined ? null : Math.trunc(c.zstd),
    ioWorkers: maxWorkers === undefined ? null : Number(maxWorkers),
    fleecing,
    fleecingStorageId: fleecingStorage ? (storageIds.get(fleecingStorage) ?? null) : null,
    repeatMissed: c['repeat-missed'] ?? null,
    pbsChangeDetectionMode: c['pbs-change-detection-mode'] ?? '',
    rawConfig: j.raw,
  };
}

/**
 * Stage `backup-routines`: vzdump jobs with their node and storage resolved to rows (the seed
 * left both empty); jobs gone from Proxmox are marked stale.
 */
export async function syncBackupRoutines(ctx: SyncContext): Promise<void> {
  const fetched = await ctx.fetcher.backupJobs();
  if (!fetched.ok) return recordIssue(ctx, STAGE, 'backup jobs', fetched.error);
  await ctx.db.transaction(async (tx) => {
    const nodeIds = await loadNodeIds(tx, ctx);
    const storageIds = await loadStorageIds(tx, ctx);
    const existing = await tx
      .select()
      .from(backupRoutines)
      .where(eq(backupRoutines.proxmoxEndpointId, ctx.endpoint.id));
    const desired = fetched.value.map((j) => mapBackupJob(j, ctx.endpoint.id, nodeIds, storageIds));
    const updatable = (desired.length ? keysOf(desired[0]) : []).filter(
      (k) => k !== 'proxmoxEndpointId' && k !== 'jobId',
    );
    const result = await applyPlan(
      tx,
      ctx,
      getModel('backup-routines')!,
      await reconcile({ existing, desired, key: (r) => String(r.jobId), updatable }),
      { removal: 'stale', staleValues: { status: 'stale' } },
    );
    addCounts(ctx, STAGE, result, 'updated');
  });
}
