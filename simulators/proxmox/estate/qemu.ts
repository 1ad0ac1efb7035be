// QEMU guests: disks on varied buses and storages, NICs of several models, agent and cloud-init.
import { gatewayOf, gib } from '../format';
import { uuidFrom, type Rng } from '../prng';
import type { VersionProfile } from '../versions';
import { guestGw6, guestIp4, guestIp6, guestMac, VMWARE_OUI } from './addressing';
import { descriptionFor, runtimeFor, snapshotsFor, statusFor, tagsAndPool, type GuestSeed } from './guest-common';
import { ISO_FILES, WINDOWS_OSTYPES } from './names';
import type { GuestNic, QemuDisk, QemuGuest } from './types';

type OsKind = 'linux' | 'windows' | 'other';

/** Volume id of disk `n` on a storage, in that storage's naming scheme. */
export function diskVolume(storage: string, vmid: number, n: number): string {
  return storage === 'nfs-shared' ? `${storage}:${vmid}/vm-${vmid}-disk-${n}.qcow2` : `${storage}:vm-${vmid}-disk-${n}`;
}

function cloudinitVolume(storage: string, vmid: number): string {
  return storage === 'nfs-shared' ? `${storage}:${vmid}/vm-${vmid}-cloudinit.qcow2` : `${storage}:vm-${vmid}-cloudinit`;
}

function buildDisks(
  r: Rng,
  vmid: number,
  os: OsKind,
  bios: 'seabios' | 'ovmf',
  ostype: string,
  cloudInit: boolean,
): QemuDisk[] {
  const storage = r.next() < 0.6 ? 'local-lvm' : r.next() < 0.62 ? 'local-zfs' : 'nfs-shared';
  const disks: QemuDisk[] = [];
  let n = 0;
  if (bios === 'ovmf') {
    const size = storage === 'local-lvm' ? 4 * 1024 * 1024 : storage === 'local-zfs' ? 1024 * 1024 : 540672;
    disks.push({
      key: 'efidisk0',
      file: diskVolume(storage, vmid, n++),
      sizeBytes: size,
      options: [
        ['efitype', '4m'],
        ['pre-enrolled-keys', '1'],
      ],
    });
  }
  const bus = os === 'windows' ? r.pick(['sata', 'scsi']) : os === 'other' ? 'ide' : r.next() < 0.7 ? 'scsi' : 'virtio';
  const count = r.pick([1, 1, 2, 3]);
  for (let k = 0; k < count; k++) {
    const options: [string, string][] = [];
    if (bus !== 'ide' && r.chance(0.5)) options.push(['discard', 'on']);
    if ((bus === 'scsi' || bus === 'virtio') && r.chance(0.6)) options.push(['iothread', '1']);
    if ((bus === 'scsi' || bus === 'sata') && r.chance(0.4)) options.push(['ssd', '1']);
    if (k > 0 && r.chance(0.2)) options.push(['backup', '0']);
    const key = `${bus}${bus === 'ide' && k >= 2 ? k + 1 : k}`;
    disks.push({
      key,
      file: diskVolume(storage, vmid, n++),
      sizeBytes: gib(r.pick([8, 16, 32, 50, 64, 100, 200, 500])),
      options,
    });
  }
  if (ostype === 'win11') {
    disks.push({
      key: 'tpmstate0',
      file: diskVolume(storage, vmid, n++),
      sizeBytes: 4 * 1024 * 1024,
      options: [['version', 'v2.0']],
    });
  }
  if (cloudInit) {
    disks.push({ key: 'ide2', file: cloudinitVolume(storage, vmid), media: 'cdrom', options: [] });
  } else if (os === 'windows') {
    const iso = ISO_FILES[3];
    disks.push({ key: 'ide2', file: `local:iso/${iso.name}`, media: 'cdrom', sizeBytes: iso.size, options: [] });
  } else if (r.chance(0.6)) {
    const iso = r.chance(0.25) ? ISO_FILES[r.int(0, 1)] : undefined;
    disks.push({
      key: 'ide2',
      file: iso ? `local:iso/${iso.name}` : 'none',
      media: 'cdrom',
      sizeBytes: iso?.size,
      options: [],
    });
  }
  if (r.chance(0.04)) disks.push({ key: 'unused0', file: diskVolume(storage, vmid, n + 3), options: [] });
  return disks;
}

function buildNics(seed: GuestSeed, os: OsKind, vmbr1: boolean): GuestNic[] {
  const { r, clusterIndex: c, index: i } = seed;
  const count = r.chance(0.3) ? 2 : 1;
  const nics: GuestNic[] = [];
  for (let k = 0; k < count; k++) {
    const model =
      os === 'other'
        ? r.pick(['vmxnet3', 'rtl8139'])
        : os === 'windows'
          ? r.pick(['e1000', 'virtio'])
          : r.chance(0.9)
            ? 'virtio'
            : 'e1000';
    const imported = model === 'vmxnet3';
    const mac = imported ? guestMac(c, i, k, VMWARE_OUI).toLowerCase() : guestMac(c, i, k);
    const ip4 = guestIp4(c, i, k);
    const nic: GuestNic = {
      index: k,
      model,
      mac,
      bridge: k === 1 && vmbr1 ? 'vmbr1' : 'vmbr0',
      firewall: r.chance(0.6),
      guestName:
        os === 'windows' ? (k === 0 ? 'Ethernet' : `Ethernet ${k + 1}`) : os === 'other' ? `vmx${k}` : `ens${18 + k}`,
      ip4,
      gw4: k === 0 ? gatewayOf(ip4) : undefined,
    };
    if (k === 0 && r.chance(0.3)) nic.tag = r.pick([10, 20, 30, 100]);
    if (k === 1) nic.tag = r.pick([200, 201]);
    if (k === 0 && os !== 'other' && r.chance(0.6)) {
      nic.ip6 = guestIp6(c, i);
      nic.gw6 = guestGw6(c, i);
    }
    nics.push(nic);
  }
  return nics;
}

/** Generates a VM. `name` decides template-ness (the shared `*-template` name is a template). */
export function buildQemu(seed: GuestSeed, name: string, profile: VersionProfile, vmbr1: boolean): QemuGuest {
  const { r, vmid, now } = seed;
  const roll = r.next();
  const os: OsKind = roll < 0.75 ? 'linux' : roll < 0.93 ? 'windows' : 'other';
  const ostype = os === 'windows' ? r.pick(WINDOWS_OSTYPES) : os === 'other' ? 'other' : 'l26';
  const bios = os === 'windows' || (os === 'linux' && r.chance(0.3)) ? 'ovmf' : 'seabios';
  const template = name.endsWith('-template') || r.chance(0.02);
  const cloudInit = os === 'linux' && (template || r.chance(0.3));
  const status = statusFor(r, template);
  const memoryMiB = r.pick([1024, 2048, 4096, 4096, 8192, 16384, 32768]);
  const disks = buildDisks(r, vmid, os, bios, ostype, cloudInit);
  // Converting a VM to a template renames its disks to base-<vmid>-disk-<n>.
  if (template) for (const d of disks) d.file = d.file.replace(`vm-${vmid}-disk-`, `base-${vmid}-disk-`);
  const bootBytes = disks.find((d) => d.media !== 'cdrom' && /^(scsi|virtio|sata|ide)\d/.test(d.key))?.sizeBytes ?? 0;
  const agentOn = os === 'linux' ? r.chance(0.65) : os === 'windows' && r.chance(0.8);
  const { tags, pool } = tagsAndPool(r);
  const guest: QemuGuest = {
    type: 'qemu',
    vmid,
    name,
    node: seed.node,
    status,
    template,
    tags,
    pool,
    onboot: !template && r.chance(0.7),
    cores: r.pick([1, 2, 2, 4, 4, 8]),
    sockets: r.chance(0.1) ? 2 : 1,
    memoryMiB,
    cpu: os === 'windows' ? 'host' : r.chance(0.6) ? profile.defaultCpu : 'host',
    ostype,
    bios,
    machine: os === 'windows' ? 'q35' : undefined,
    scsihw: r.chance(0.7) ? 'virtio-scsi-single' : 'virtio-scsi-pci',
    balloonMiB: r.chance(0.2) ? 0 : undefined,
    cpulimit: r.chance(0.08) ? r.pick([1, 2, 4]) : undefined,
    description: descriptionFor(r),
    disks,
    nics: buildNics(seed, os, vmbr1),
    agent: agentOn ? { enabled: true, fstrim: r.chance(0.5), responding: r.chance(0.9) } : undefined,
    cloudInit: cloudInit ? { user: r.pick(['debian', 'ubuntu', 'ansible']) } : undefined,
    smbiosUuid: uuidFrom(r),
    vmgenid: uuidFrom(r),
    docker: os === 'linux' && r.chance(0.2),
    snapshots: snapshotsFor(r, now, true),
    runtime: runtimeFor(r, status, memoryMiB * 1024 * 1024, bootBytes, now),
    ctime: now - r.int(31, 900) * 86400,
  };
  if (status === 'running' && r.chance(0.01)) guest.lock = 'backup';
  if (status === 'running' && !seed.standalone && r.chance(0.1)) guest.hastate = 'started';
  return guest;
}
