// History and job records: tasks, backup archives, replication and backup jobs.
import type { GuestType } from './guest-types';

/** A finished (status set) or running (status undefined) task of one node. */
export interface Task {
  upid: string;
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  /** Guest id or service name; `''` for multi-guest vzdump and node-wide tasks. */
  id: string;
  /** `root@pam`, or `root@pam!proxbox` when a token started it (split into user/tokenid on output). */
  user: string;
  endtime?: number;
  status?: string;
}

/** A backup archive (vzdump file on `local`, or a PBS snapshot). */
export interface Backup {
  volid: string;
  storage: string;
  /** Node whose local storage holds the file; undefined on shared storages. */
  node?: string;
  vmid: number;
  guestType: GuestType;
  ctime: number;
  size: number;
  format: string;
  notes?: string;
  protected?: boolean;
  verification?: { state: 'ok' | 'failed'; upid: string };
  encrypted?: string;
}

/** A `replication.cfg` job plus its last-run state (`/nodes/{node}/replication`). */
export interface ReplicationJob {
  id: string;
  guest: number;
  jobnum: number;
  target: string;
  schedule?: string;
  rate?: number;
  comment?: string;
  disable?: boolean;
  lastSync: number;
  lastTry: number;
  duration: number;
  failCount: number;
  error?: string;
}

/** A vzdump job of `jobs.cfg` (`/cluster/backup`). */
export interface BackupJob {
  id: string;
  schedule: string;
  enabled: boolean;
  storage: string;
  mode: 'snapshot' | 'suspend' | 'stop';
  compress?: string;
  all?: boolean;
  vmid?: number[];
  pool?: string;
  node?: string;
  exclude?: number[];
  comment?: string;
  notesTemplate?: string;
  mailnotification?: 'always' | 'failure';
}
