// Which config keys hold disks and NICs, with the index limits of qemu-server (Drive.pm,
// Network.pm) and pve-container (Config.pm). Keys outside these limits are not PVE keys.

/** The two guest kinds of PVE: virtual machines and containers. */
export type GuestType = 'qemu' | 'lxc';

/** Disk kinds of a VM, named after the key prefix (`scsi0` → `scsi`, `efidisk0` → `efidisk`). */
export type QemuDiskBus = 'ide' | 'sata' | 'scsi' | 'virtio' | 'efidisk' | 'tpmstate' | 'unused';
/** Mount kinds of a container. */
export type LxcDiskBus = 'rootfs' | 'mp' | 'unused';
/** Any disk or mount kind. */
export type DiskBus = QemuDiskBus | LxcDiskBus;

/** Highest index per numbered key prefix. */
const QEMU_DISK_MAX: Readonly<Record<string, number>> = {
  ide: 3,
  sata: 5,
  scsi: 30,
  virtio: 15,
  efidisk: 0,
  tpmstate: 0,
  unused: 255,
};
const LXC_DISK_MAX: Readonly<Record<string, number>> = { mp: 255, unused: 255 };
const NET_MAX = 31;

const NUMBERED_KEY = /^([a-z]+)(0|[1-9]\d{0,2})$/;

/** Splits `scsi12` into `['scsi', 12]`; null for keys without a canonical trailing number. */
export function splitNumberedKey(key: string): [prefix: string, index: number] | null {
  const match = NUMBERED_KEY.exec(key);
  return match ? [match[1], Number(match[2])] : null;
}

function numberedWithin(key: string, limits: Readonly<Record<string, number>>): string | null {
  const split = splitNumberedKey(key);
  if (!split || !Object.hasOwn(limits, split[0])) return null;
  return split[1] <= limits[split[0]] ? split[0] : null;
}

/** Bus of a QEMU disk key (`scsi0` → `scsi`), or null when the key is not one. */
export function qemuDiskBus(key: string): QemuDiskBus | null {
  return numberedWithin(key, QEMU_DISK_MAX) as QemuDiskBus | null;
}

/** Bus of an LXC mount key (`rootfs`, `mp3`, `unused0`), or null when the key is not one. */
export function lxcDiskBus(key: string): LxcDiskBus | null {
  if (key === 'rootfs') return 'rootfs';
  return numberedWithin(key, LXC_DISK_MAX) as LxcDiskBus | null;
}

/**
 * True for config keys that hold a disk or mount point (`ide0..3`, `sata0..5`, `scsi0..30`,
 * `virtio0..15`, `efidisk0`, `tpmstate0`, `unused0..255`, `rootfs`, `mp0..255`). Without
 * `guestType` a key of either guest type counts.
 */
export function isDiskKey(key: string, guestType?: GuestType): boolean {
  if (guestType === 'qemu') return qemuDiskBus(key) !== null;
  if (guestType === 'lxc') return lxcDiskBus(key) !== null;
  return qemuDiskBus(key) !== null || lxcDiskBus(key) !== null;
}

/** True for `net0..31`, the NIC keys of both guest types. */
export function isNetKey(key: string): boolean {
  return numberedWithin(key, { net: NET_MAX }) !== null;
}

/** True for `ipconfig0..31`, cloud-init settings of the QEMU NIC with the same index. */
export function isIpConfigKey(key: string): boolean {
  return numberedWithin(key, { ipconfig: NET_MAX }) !== null;
}
