// The simulator's live model. Renderers turn it into Proxmox-shaped JSON on every request, so a
// change made here (directly or through `sim.mutate`) is visible on the next GET.
import type { PveVersion } from '../versions';
import type { Guest } from './guest-types';
import type { Backup, BackupJob, ReplicationJob, Task } from './history-types';

export type * from './guest-types';
export type * from './history-types';

/** One entry of `/nodes/{node}/network` (only the kinds the simulator generates). */
export interface HostInterface {
  iface: string;
  type: 'eth' | 'bridge' | 'bond' | 'vlan';
  method: 'static' | 'manual';
  method6: 'static' | 'manual';
  address?: string;
  prefix?: number;
  gateway?: string;
  address6?: string;
  prefix6?: number;
  bridgePorts?: string;
  bridgeVlanAware?: boolean;
  slaves?: string;
  bondMode?: '802.3ad' | 'active-backup';
  vlanId?: number;
  vlanRawDevice?: string;
  mtu?: number;
  comments?: string;
  priority: number;
}

/** A cluster member. */
export interface EstateNode {
  name: string;
  nodeid: number;
  ip: string;
  online: boolean;
  /** Subscription level: '' (none), 'c' community, 'b' basic, 's' standard, 'p' premium. */
  level: string;
  sslFingerprint: string;
  cpuModel: string;
  sockets: number;
  cores: number;
  cpus: number;
  mhz: string;
  memTotal: number;
  memUsed: number;
  swapTotal: number;
  swapUsed: number;
  rootTotal: number;
  rootUsed: number;
  cpuLoad: number;
  uptime: number;
  efi: boolean;
  network: HostInterface[];
  /** Capacity of the node-local storages on this node (shared ones live on the StorageDef). */
  localStorage: Record<string, { total: number; used: number }>;
  /** Task history, newest first. */
  tasks: Task[];
}

/** A `storage.cfg` entry. */
export interface StorageDef {
  id: string;
  type: 'dir' | 'lvmthin' | 'zfspool' | 'nfs' | 'pbs';
  content: string[];
  shared: boolean;
  /** Capacity for shared storages (one pool of space, whichever node reports it). */
  total: number;
  used: number;
  /** Type-specific `/storage` keys (path, vgname, server, datastore, …) in their API types. */
  config: Record<string, string | number>;
}

/** A file on a storage that is not a backup or a guest disk (ISO images, CT templates). */
export interface StorageFile {
  volid: string;
  storage: string;
  node?: string;
  content: 'iso' | 'vztmpl';
  format: string;
  size: number;
  ctime: number;
}

/** A resource pool. */
export interface Pool {
  poolid: string;
  comment?: string;
}

/** One simulated Proxmox endpoint: a cluster or a standalone node. */
export interface EstateCluster {
  index: number;
  /** Cluster name; for a standalone node, the node's name (what a client would use as identity). */
  name: string;
  standalone: boolean;
  version: PveVersion;
  /** corosync config version of `/cluster/status`. */
  configVersion: number;
  nodes: EstateNode[];
  storages: StorageDef[];
  /** Guests in vmid order of creation; vmids are unique within the cluster. */
  guests: Guest[];
  backups: Backup[];
  files: StorageFile[];
  replication: ReplicationJob[];
  backupJobs: BackupJob[];
  pools: Pool[];
  /** Guest IPv4 subnet base (`10.<x>`), used when adding guests or changing IPs. */
  guestNet: string;
  tokenId: string;
  tokenSecret: string;
  /** Password of the token's user for ticket login (POST /access/ticket). */
  password?: string;
}

/** Everything the simulator serves. */
export interface Estate {
  seed: number;
  /** Epoch seconds the generated history is anchored to ("now" of the estate). */
  now: number;
  clusters: EstateCluster[];
}
