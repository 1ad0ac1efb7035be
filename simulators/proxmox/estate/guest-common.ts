// Parts every generated guest shares: identity, tags/pool, runtime counters and snapshots.
import type { Rng } from '../prng';
import { SHARED_NAMES, ROLES, TAG_SETS } from './names';
import type { GuestRuntime, GuestStatus, Snapshot } from './types';

/** What the generator knows when it creates guest `index` of a cluster. */
export interface GuestSeed {
  r: Rng;
  clusterIndex: number;
  index: number;
  vmid: number;
  node: string;
  now: number;
  standalone: boolean;
}

/** Hands out guest names: `<role>-<nnn>` unique in the estate, plus a few names repeated across clusters. */
export class NameBook {
  private readonly perRole = new Map<string, number>();
  private readonly sharedUsed = new Set<string>();

  /** Next name for a guest; shared names are used at most once per cluster. */
  next(r: Rng, clusterIndex: number): string {
    if (r.chance(0.08)) {
      const free = SHARED_NAMES.filter((n) => !this.sharedUsed.has(`${clusterIndex}/${n}`));
      if (free.length > 0) {
        const name = r.pick(free);
        this.sharedUsed.add(`${clusterIndex}/${name}`);
        return name;
      }
    }
    const role = r.pick(ROLES);
    const n = (this.perRole.get(role) ?? 0) + 1;
    this.perRole.set(role, n);
    return `${role}-${String(n).padStart(3, '0')}`;
  }
}

/** Tags and resource pool: prod guests often sit in `production`, staging ones in `staging`. */
export function tagsAndPool(r: Rng): { tags: string[]; pool?: string } {
  const tags = [...r.pick(TAG_SETS)];
  let pool: string | undefined;
  if (tags.includes('prod') && r.chance(0.6)) pool = 'production';
  else if (tags.includes('staging') && r.chance(0.8)) pool = 'staging';
  return { tags, pool };
}

/** Counters of a running guest (or zeros when stopped), scaled to its memory and disk. */
export function runtimeFor(
  r: Rng,
  status: GuestStatus,
  maxmemBytes: number,
  diskBytes: number,
  now: number,
): GuestRuntime {
  if (status === 'stopped') {
    return { cpu: 0, memUsed: 0, uptime: 0, netin: 0, netout: 0, diskread: 0, diskwrite: 0, pid: 0, diskUsed: 0 };
  }
  const uptime = r.int(600, 60 * 86400);
  const scale = Math.min(uptime, 30 * 86400) / 86400;
  return {
    cpu: Math.round(r.next() * 0.35 * 1e9) / 1e9,
    memUsed: Math.round(maxmemBytes * (0.15 + r.next() * 0.75)),
    uptime: Math.min(uptime, now),
    netin: Math.round(r.next() * 2e9 * scale),
    netout: Math.round(r.next() * 1e9 * scale),
    diskread: Math.round(r.next() * 5e9 * scale),
    diskwrite: Math.round(r.next() * 3e9 * scale),
    pid: r.int(1200, 4194000),
    diskUsed: Math.round(diskBytes * (0.08 + r.next() * 0.6)),
  };
}

const SNAP_NAMES = ['clean_install', 'pre_upgrade', 'before_patching', 'release_2_4', 'baseline'] as const;

/** 0–2 snapshots forming a chain (the second's parent is the first), oldest first. */
export function snapshotsFor(r: Rng, now: number, withVmstate: boolean): Snapshot[] {
  const count = r.pick([0, 0, 1, 2]);
  const list: Snapshot[] = [];
  let t = now - r.int(20, 29) * 86400;
  for (let k = 0; k < count; k++) {
    t += r.int(1, 9) * 86400 + r.int(0, 86399);
    const name = `${SNAP_NAMES[(k + r.int(0, 4)) % SNAP_NAMES.length]}${k === 0 ? '' : `_${k}`}`;
    const snap: Snapshot = {
      name,
      snaptime: t,
      description: r.chance(0.5) ? `taken before change ${r.int(1000, 9999)}` : '',
    };
    if (k > 0) snap.parent = list[k - 1].name;
    if (withVmstate) snap.vmstate = r.chance(0.3);
    list.push(snap);
  }
  return list;
}

/** Running/stopped mix (~70 % running); templates are always stopped. */
export function statusFor(r: Rng, template: boolean): GuestStatus {
  return !template && r.chance(0.7) ? 'running' : 'stopped';
}

/** A multi-line description on some guests (Proxmox returns it verbatim, newlines included). */
export function descriptionFor(r: Rng): string | undefined {
  return r.chance(0.3)
    ? `Managed by Ansible\nOwner: team-${r.pick(['platform', 'data', 'web', 'infra'])}\n`
    : undefined;
}
