// Containers: rootfs (+ a volume or bind mount point), veth NICs with static addresses.
import { gatewayOf, gib } from '../format';
import type { Rng } from '../prng';
import { guestGw6, guestIp4, guestIp6, guestMac } from './addressing';
import { descriptionFor, runtimeFor, snapshotsFor, statusFor, tagsAndPool, type GuestSeed } from './guest-common';
import { LXC_OSTYPES } from './names';
import type { GuestNic, LxcGuest, LxcVolume } from './types';

/** Container volume names: `subvol-…` on ZFS, `vm-…` on LVM-thin. */
export function ctVolume(storage: string, vmid: number, n: number): string {
  return storage === 'local-zfs' ? `${storage}:subvol-${vmid}-disk-${n}` : `${storage}:vm-${vmid}-disk-${n}`;
}

function buildVolumes(r: Rng, vmid: number): LxcVolume[] {
  const storage = r.chance(0.7) ? 'local-lvm' : 'local-zfs';
  const volumes: LxcVolume[] = [
    { key: 'rootfs', volume: ctVolume(storage, vmid, 0), sizeBytes: gib(r.pick([4, 8, 8, 16, 32])) },
  ];
  const extra = r.next();
  if (extra < 0.25) {
    volumes.push({
      key: 'mp0',
      volume: ctVolume(storage, vmid, 1),
      mountPath: '/srv/data',
      sizeBytes: gib(r.pick([32, 64, 128])),
      backup: true,
    });
  } else if (extra < 0.35) {
    volumes.push({ key: 'mp0', volume: '/mnt/pve/nfs-shared/media', mountPath: '/media' });
  }
  return volumes;
}

function buildNics(seed: GuestSeed): GuestNic[] {
  const { r, clusterIndex: c, index: i } = seed;
  const nics: GuestNic[] = [];
  const count = r.chance(0.15) ? 2 : 1;
  for (let k = 0; k < count; k++) {
    const ip4 = guestIp4(c, i, k);
    const nic: GuestNic = {
      index: k,
      model: 'veth',
      mac: guestMac(c, i, k),
      bridge: 'vmbr0',
      firewall: r.chance(0.6),
      guestName: `eth${k}`,
      ip4,
      gw4: k === 0 ? gatewayOf(ip4) : undefined,
    };
    if (k === 0 && r.chance(0.5)) {
      nic.ip6 = guestIp6(c, i);
      nic.gw6 = guestGw6(c, i);
    }
    if (k === 1 || r.chance(0.2)) nic.tag = r.pick([10, 20, 30]);
    nics.push(nic);
  }
  return nics;
}

/** Generates a container. */
export function buildLxc(seed: GuestSeed, name: string): LxcGuest {
  const { r, vmid, now } = seed;
  const template = r.chance(0.01);
  const status = statusFor(r, template);
  const memoryMiB = r.pick([512, 1024, 1024, 2048, 4096]);
  const volumes = buildVolumes(r, vmid);
  const { tags, pool } = tagsAndPool(r);
  const guest: LxcGuest = {
    type: 'lxc',
    vmid,
    name,
    node: seed.node,
    status,
    template,
    tags,
    pool,
    onboot: r.chance(0.7),
    cores: r.pick([1, 1, 2, 4]),
    memoryMiB,
    swapMiB: r.pick([0, 512, 512]),
    cpulimit: r.chance(0.1) ? r.pick([1, 2]) : undefined,
    ostype: r.pick(LXC_OSTYPES),
    unprivileged: r.chance(0.85),
    description: descriptionFor(r),
    volumes,
    nics: buildNics(seed),
    snapshots: snapshotsFor(r, now, false),
    runtime: runtimeFor(r, status, memoryMiB * 1024 * 1024, volumes[0].sizeBytes ?? 0, now),
    ctime: now - r.int(31, 900) * 86400,
  };
  if (status === 'running' && !seed.standalone && r.chance(0.1)) guest.hastate = 'started';
  return guest;
}
