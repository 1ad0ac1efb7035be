// What the sync reads from one Proxmox endpoint: the client's schemas (lib/proxmox/schemas) parse
// the answers, the fetcher (fetch.ts) settles defaults and merges endpoints into these shapes, and
// the pure mappers (map/*.ts) turn them into inventory rows.
import type { PveBackupJob, PveStorageConfig } from '@/lib/proxmox/schemas';

export type GuestType = 'qemu' | 'lxc';

export interface ClusterInfo {
  name: string;
  mode: 'cluster' | 'standalone';
  quorate: boolean;
  nodesCount: number;
  version: number | null;
}

export interface NodeInfo {
  name: string;
  nodeId: number | null;
  ip: string | null;
  online: boolean;
  local: boolean;
  level: string;
  cpu: number | null;
  maxCpu: number | null;
  memory: number | null;
  maxMemory: number | null;
  sslFingerprint: string;
}

export interface GuestInfo {
  vmid: number;
  type: GuestType;
  node: string;
  name: string | null;
  status: string;
  template: boolean;
  maxCpu: number | null;
  maxMem: number | null;
  tags: string | null;
  /** The node answering had no data for it (offline node): keep what is stored. */
  degraded: boolean;
}

export interface StorageInfo {
  name: string;
  type: string;
  content: string;
  shared: boolean;
  enabled: boolean;
  nodes: string | null;
  /** The storage.cfg section, typed; `raw` is the entry as sent (kept as raw_config). */
  config: PveStorageConfig;
  raw: Record<string, unknown>;
}

export interface NodeNetwork {
  iface: string;
  type: string;
  active: boolean;
  cidr: string | null;
  cidr6: string | null;
  bridgePorts: string | null;
  mtu: number | null;
  vlanId: number | null;
  comments: string;
}

export interface BackupInfo {
  volid: string;
  storage: string;
  format: string;
  subtype: string | null;
  vmid: number | null;
  ctime: Date | null;
  size: number | null;
  used: number | null;
  notes: string | null;
  encrypted: string;
  verificationState: string | null;
  verificationUpid: string | null;
}

export interface SnapshotInfo {
  name: string;
  description: string;
  parent: string | null;
  snaptime: Date | null;
}

export interface TaskInfo {
  upid: string;
  node: string;
  pid: number | null;
  pstart: number | null;
  starttime: Date;
  endtime: Date | null;
  type: string;
  id: string;
  user: string;
  status: string | null;
}

export interface GuestAddress {
  mac: string | null;
  name: string;
  addresses: { address: string; prefix: number; family: 4 | 6 }[];
}

export interface ReplicationInfo {
  id: string;
  guest: number;
  jobnum: number;
  target: string;
  schedule: string;
  rate: number | null;
  comment: string | null;
  disable: boolean;
  source: string | null;
  removeJob: string | null;
  raw: Record<string, unknown>;
}

export interface BackupJobInfo {
  id: string;
  enabled: boolean;
  schedule: string;
  nextRun: Date | null;
  node: string | null;
  storage: string | null;
  vmid: string | null;
  all: boolean;
  comment: string;
  /** The job's vzdump options, typed; `raw` is the entry as sent (kept as raw_config). */
  config: PveBackupJob;
  raw: Record<string, unknown>;
}
