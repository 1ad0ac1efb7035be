// Job definitions and their state: replication and vzdump backup jobs.
import { z } from 'zod';
import { optBool, optNum, optStr, pveNum, pveStr } from './primitives';

const replicationFields = {
  /** "<guest>-<jobnum>". */
  id: pveStr,
  type: optStr,
  guest: pveNum,
  jobnum: optNum,
  target: pveStr,
  /** Calendar event; default "*\/15". */
  schedule: optStr,
  /** MB/s. */
  rate: optNum,
  comment: optStr,
  disable: optBool,
  /** local | full while a removal is pending. */
  remove_job: optStr,
  source: optStr,
  digest: optStr,
};

/** GET /cluster/replication. */
export const pveReplicationJobSchema = z.object(replicationFields).loose();
export const pveReplicationJobListSchema = z.array(pveReplicationJobSchema);
export type PveReplicationJob = z.infer<typeof pveReplicationJobSchema>;

/** GET /nodes/{node}/replication: the job plus its state on that node (epoch seconds). */
export const pveReplicationStateSchema = z
  .object({
    ...replicationFields,
    vmtype: optStr,
    last_sync: optNum,
    last_try: optNum,
    next_sync: optNum,
    fail_count: optNum,
    /** Seconds (float). */
    duration: optNum,
    error: optStr,
    pid: optNum,
  })
  .loose();
export const pveReplicationStateListSchema = z.array(pveReplicationStateSchema);
export type PveReplicationState = z.infer<typeof pveReplicationStateSchema>;

/** GET /cluster/backup: vzdump jobs (jobs.cfg and legacy vzdump.cron); other vzdump options kept as sent. */
export const pveBackupJobSchema = z
  .object({
    /** "backup-<hex8>-<hex4>". */
    id: pveStr,
    type: optStr,
    schedule: optStr,
    enabled: optBool,
    'next-run': optNum,
    comment: optStr,
    'repeat-missed': optBool,
    all: optBool,
    /** Comma list "100,101". */
    vmid: optStr,
    pool: optStr,
    exclude: optStr,
    node: optStr,
    storage: optStr,
    /** snapshot | suspend | stop. */
    mode: optStr,
    /** 0 | 1 | gzip | lzo | zstd. */
    compress: optStr,
    mailto: optStr,
    mailnotification: optStr,
    'notification-mode': optStr,
    'notes-template': optStr,
    protected: optBool,
    /** Retention, "keep-last=3,keep-daily=7". */
    'prune-backups': optStr,
    /** KiB/s. */
    bwlimit: optNum,
    /** zstd threads. */
    zstd: optNum,
    /** "max-workers=N,...". */
    performance: optStr,
    /** "enabled=1,storage=NAME". */
    fleecing: optStr,
    /** legacy | data | metadata. */
    'pbs-change-detection-mode': optStr,
  })
  .loose();
export const pveBackupJobListSchema = z.array(pveBackupJobSchema);
export type PveBackupJob = z.infer<typeof pveBackupJobSchema>;
