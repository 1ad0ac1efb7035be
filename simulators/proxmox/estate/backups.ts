// Backup archives: nightly PBS snapshots (shared storage, one listing per cluster) and occasional
// manual vzdump files on a node's `local` dir storage – including some of guests deleted since.
import { pbsStamp, vzdumpStamp } from '../format';
import { rng, type Rng } from '../prng';
import type { Backup, Guest, GuestType } from './types';

/** Start of the UTC day containing `epoch`. */
export const dayStart = (epoch: number): number => epoch - (epoch % 86400);

/** Bytes a backup of the guest takes (PBS reports the full image size, vzdump the compressed file). */
function guestBytes(g: Guest): number {
  if (g.type === 'qemu') return g.disks.filter((d) => d.media !== 'cdrom').reduce((s, d) => s + (d.sizeBytes ?? 0), 0);
  return g.volumes.reduce((s, v) => s + (v.sizeBytes ?? 0), 0);
}

/** A PBS snapshot of (vmid, type) taken at `ctime`. */
export function pbsBackup(r: Rng, vmid: number, type: GuestType, ctime: number, bytes: number, name?: string): Backup {
  const b: Backup = {
    volid: `pbs:backup/${type === 'qemu' ? 'vm' : 'ct'}/${vmid}/${pbsStamp(ctime)}`,
    storage: 'pbs',
    vmid,
    guestType: type,
    ctime,
    size: Math.max(bytes, 4 * 1024 * 1024),
    format: type === 'qemu' ? 'pbs-vm' : 'pbs-ct',
  };
  if (name && r.chance(0.7)) b.notes = name;
  if (r.chance(0.5))
    b.verification = {
      state: r.chance(0.97) ? 'ok' : 'failed',
      upid: `UPID:pbs:0000${r.hex(2).toUpperCase()}A1:${r.hex(4).toUpperCase()}:00000003:${(ctime + 7200).toString(16).toUpperCase()}:verificationjob:backups\\x3av\\x2d${r.hex(4)}:root@pam:`,
    };
  if (r.chance(0.05)) b.protected = true;
  if (r.chance(0.1)) b.encrypted = r.hex(32).match(/../g)!.join(':');
  return b;
}

/** A vzdump file on a node's `local` storage. */
export function localBackup(
  r: Rng,
  node: string,
  vmid: number,
  type: GuestType,
  ctime: number,
  bytes: number,
  name?: string,
): Backup {
  const ext = type === 'qemu' ? r.pick(['vma.zst', 'vma.zst', 'vma.lzo']) : r.pick(['tar.zst', 'tar.zst', 'tar.gz']);
  const b: Backup = {
    volid: `local:backup/vzdump-${type}-${vmid}-${vzdumpStamp(ctime)}.${ext}`,
    storage: 'local',
    node,
    vmid,
    guestType: type,
    ctime,
    format: ext,
    size: Math.round(bytes * (0.05 + r.next() * 0.25)) + 1024 * 1024,
  };
  if (name && r.chance(0.5)) b.notes = name;
  if (r.chance(0.08)) b.protected = true;
  return b;
}

/** Backups of the live guests plus orphans (vmids beyond the live range), oldest first. */
export function buildBackups(
  seed: number,
  clusterIndex: number,
  guests: Guest[],
  nodes: string[],
  now: number,
): Backup[] {
  const out: Backup[] = [];
  const today = dayStart(now);
  for (const [k, g] of guests.entries()) {
    const r = rng(seed, 'backup', clusterIndex, g.vmid);
    const bytes = guestBytes(g);
    const nightly = g.template ? 0 : r.pick([0, 1, 2, 3, 3]);
    for (let d = nightly; d >= 1; d--) {
      out.push(pbsBackup(r, g.vmid, g.type, today - d * 86400 + 3600 + ((k * 37) % 3000), bytes, g.name));
    }
    if (r.chance(0.2))
      out.push(localBackup(r, g.node, g.vmid, g.type, today - r.int(1, 29) * 86400 + r.int(0, 86399), bytes, g.name));
  }
  const orphans = Math.max(2, Math.round(guests.length * 0.03));
  const firstFree = 100 + guests.length + 5;
  for (let k = 0; k < orphans; k++) {
    const r = rng(seed, 'orphan', clusterIndex, k);
    const type: GuestType = r.chance(0.75) ? 'qemu' : 'lxc';
    const ctime = today - r.int(10, 29) * 86400 + 3600 + k * 41;
    out.push(
      k % 3 === 2
        ? localBackup(r, nodes[k % nodes.length], firstFree + k, type, ctime, 34359738368)
        : pbsBackup(r, firstFree + k, type, ctime, 34359738368),
    );
  }
  return out.sort((a, b) => a.ctime - b.ctime);
}
