import { FIRST_VMID, guestName, guestNamePrefixes } from './identifiers';
import { createRng, type Rng } from './random';
import type { StorageName } from './infra';

// What each guest looks like, decided before any id exists: the row builder then turns plans
// into rows once the ids are reserved. Guest g (0-based, estate-wide) lives in cluster g mod C
// as that cluster's ordinal floor(g / C), so vmids and names follow from g alone.

export type GuestType = 'qemu' | 'lxc';
export type ProxmoxGuestStatus = 'running' | 'stopped' | 'paused';

export interface DiskPlan {
  name: string;
  sizeMb: number;
  storage: StorageName;
}

export interface BackupPlan {
  storage: 'pbs' | 'local';
  time: Date;
  sizeBytes: number;
}

export interface SnapshotPlan {
  name: string;
  time: Date;
  parent: string | null;
}

export interface TaskPlan {
  type: string;
  pid: number;
  pstart: number;
  start: Date;
  durationSeconds: number;
  ok: boolean;
}

export interface GuestPlan {
  /** Estate-wide guest index. */
  index: number;
  cluster: number;
  ordinal: number;
  vmid: number;
  name: string;
  type: GuestType;
  node: number;
  status: ProxmoxGuestStatus;
  vcpus: number;
  memoryMb: number;
  startOnBoot: boolean;
  qemuAgent: boolean | null;
  unprivileged: boolean | null;
  proxmoxTags: string | null;
  nics: number;
  disks: DiskPlan[];
  backups: BackupPlan[];
  snapshots: SnapshotPlan[];
  tasks: TaskPlan[];
}

export interface PlanContext {
  seed: number;
  clusters: number;
  nodesPerCluster: number;
  now: Date;
}

const DAY_MS = 86_400_000;
const GIB_MB = 1024;
const SNAPSHOT_NAMES = ['baseline', 'pre-upgrade', 'before-patch', 'weekly'] as const;
const PROXMOX_TAGS = ['prod', 'staging', 'dev', 'prod;critical', 'backup-exempt'] as const;
const TASK_TYPES: Record<GuestType, readonly string[]> = {
  qemu: ['qmstart', 'qmstop', 'qmshutdown', 'qmreboot', 'qmsnapshot', 'vzdump'],
  lxc: ['vzstart', 'vzstop', 'vzshutdown', 'vzsnapshot', 'vzdump'],
};

function planDisks(rng: Rng, type: GuestType): DiskPlan[] {
  const count = rng.int(1, 3);
  const bus = type === 'lxc' ? null : rng.chance(0.8) ? 'scsi' : 'virtio';
  return Array.from({ length: count }, (_, i) => ({
    name: bus ? `${bus}${i}` : i === 0 ? 'rootfs' : `mp${i - 1}`,
    sizeMb: rng.pick(type === 'qemu' ? [8, 16, 32, 50, 100, 200, 500] : [4, 8, 16, 32, 64]) * GIB_MB,
    storage: rng.chance(0.65) ? 'local-lvm' : 'nfs',
  }));
}

/** Backup i falls in week i before `now`, so one guest's backups (and volids) never coincide. */
function planBackups(rng: Rng, now: Date, diskMb: number): BackupPlan[] {
  return Array.from({ length: rng.int(0, 3) }, (_, i) => ({
    storage: rng.chance(0.7) ? 'pbs' : 'local',
    time: new Date(now.getTime() - (i * 7 + rng.int(1, 6)) * DAY_MS + rng.int(0, 86_399) * 1000),
    sizeBytes: Math.floor(diskMb * 1024 * 1024 * (0.15 + rng.next() * 0.45)),
  }));
}

function planSnapshots(rng: Rng, now: Date): SnapshotPlan[] {
  const names = rng.sample(SNAPSHOT_NAMES, rng.int(0, 2));
  return names.map((name, i) => ({
    name,
    time: new Date(now.getTime() - (30 - i * 10) * DAY_MS - rng.int(0, 86_399) * 1000),
    parent: i === 0 ? null : names[i - 1],
  }));
}

/** Pids are 1000 + 3g + t: distinct per task, which makes every UPID distinct. */
function planTasks(rng: Rng, now: Date, type: GuestType, index: number): TaskPlan[] {
  return Array.from({ length: rng.int(1, 3) }, (_, t) => ({
    type: rng.pick(TASK_TYPES[type]),
    pid: 1000 + index * 3 + t,
    pstart: rng.int(1_000, 90_000_000),
    start: new Date(now.getTime() - rng.int(60, 14 * 86_400) * 1000),
    durationSeconds: rng.int(1, 900),
    ok: rng.chance(0.95),
  }));
}

function planGuest(rng: Rng, ctx: PlanContext, index: number): GuestPlan {
  const cluster = index % ctx.clusters;
  const ordinal = Math.floor(index / ctx.clusters);
  const type: GuestType = rng.chance(0.75) ? 'qemu' : 'lxc';
  const roll = rng.next();
  const status: ProxmoxGuestStatus = roll < 0.7 ? 'running' : roll < 0.97 || type === 'lxc' ? 'stopped' : 'paused';
  const disks = planDisks(rng, type);
  const diskMb = disks.reduce((sum, disk) => sum + disk.sizeMb, 0);
  return {
    index,
    cluster,
    ordinal,
    vmid: FIRST_VMID + ordinal,
    name: guestName(ctx.seed, ordinal, rng.pick(guestNamePrefixes)),
    type,
    node: rng.int(0, ctx.nodesPerCluster - 1),
    status,
    vcpus: rng.pick(type === 'qemu' ? [1, 2, 2, 4, 4, 8, 16] : [1, 1, 2, 4]),
    memoryMb: rng.pick(type === 'qemu' ? [1024, 2048, 4096, 4096, 8192, 16384, 32768] : [256, 512, 1024, 2048, 4096]),
    startOnBoot: rng.chance(0.6),
    qemuAgent: type === 'qemu' ? rng.chance(0.6) : null,
    unprivileged: type === 'lxc' ? rng.chance(0.8) : null,
    proxmoxTags: rng.chance(0.4) ? rng.pick(PROXMOX_TAGS) : null,
    nics: rng.chance(0.7) ? 1 : 2,
    disks,
    backups: planBackups(rng, ctx.now, diskMb),
    snapshots: planSnapshots(rng, ctx.now),
    tasks: planTasks(rng, ctx.now, type, index),
  };
}

/**
 * Plans guests [first, first + count). The stream is keyed by (seed, first), so a chunk comes out
 * the same whichever order chunks are generated in — as long as chunk boundaries do not move.
 */
export function planGuests(ctx: PlanContext, first: number, count: number): GuestPlan[] {
  const rng = createRng(ctx.seed, 'guests', first);
  return Array.from({ length: count }, (_, i) => planGuest(rng, ctx, first + i));
}
