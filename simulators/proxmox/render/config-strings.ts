// Property strings as PVE prints them: default key first without `key=`, then
// required keys, then the rest alphabetically. Only the shapes the simulator generates.
import { formatSize } from '../format';
import type { GuestNic, LxcVolume, QemuDisk, QemuGuest } from '../estate/types';

const sortedPairs = (pairs: [string, string][]): string =>
  [...pairs]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');

/** `local-lvm:vm-100-disk-1,discard=on,iothread=1,size=32G,ssd=1`, `none,media=cdrom`. */
export function driveString(d: QemuDisk): string {
  const pairs: [string, string][] = [...d.options];
  if (d.media) pairs.push(['media', d.media]);
  if (d.sizeBytes !== undefined && d.file !== 'none') pairs.push(['size', formatSize(d.sizeBytes)]);
  return pairs.length ? `${d.file},${sortedPairs(pairs)}` : d.file;
}

/** `virtio=BC:24:11:2E:C5:4A,bridge=vmbr0,firewall=1,tag=20` – model/MAC pair first. */
export function qemuNetString(n: GuestNic): string {
  const pairs: [string, string][] = [['bridge', n.bridge]];
  if (n.firewall) pairs.push(['firewall', '1']);
  if (n.tag !== undefined) pairs.push(['tag', String(n.tag)]);
  return `${n.model}=${n.mac},${sortedPairs(pairs)}`;
}

/** `name=eth0,bridge=vmbr0,firewall=1,gw=…,hwaddr=…,ip=…/24,type=veth` – required `name` first. */
export function lxcNetString(n: GuestNic): string {
  const pairs: [string, string][] = [
    ['bridge', n.bridge],
    ['hwaddr', n.mac],
    ['type', 'veth'],
  ];
  if (n.firewall) pairs.push(['firewall', '1']);
  if (n.ip4) pairs.push(['ip', n.ip4]);
  if (n.gw4) pairs.push(['gw', n.gw4]);
  if (n.ip6) pairs.push(['ip6', n.ip6]);
  if (n.gw6) pairs.push(['gw6', n.gw6]);
  if (n.tag !== undefined) pairs.push(['tag', String(n.tag)]);
  return `name=${n.guestName},${sortedPairs(pairs)}`;
}

/** `rootfs`/`mpN`: volume (default key), `mp` (required for mount points), then sorted options. */
export function lxcVolumeString(v: LxcVolume): string {
  const pairs: [string, string][] = [];
  if (v.backup) pairs.push(['backup', '1']);
  if (v.sizeBytes !== undefined) pairs.push(['size', formatSize(v.sizeBytes)]);
  const head = v.mountPath ? `${v.volume},mp=${v.mountPath}` : v.volume;
  return pairs.length ? `${head},${sortedPairs(pairs)}` : head;
}

/** cloud-init `ipconfig0` as the GUI writes it (`ip=…,gw=…[,ip6=…,gw6=…]`). */
export function ipconfigString(n: GuestNic): string {
  const parts = [`ip=${n.ip4 ?? 'dhcp'}`];
  if (n.gw4) parts.push(`gw=${n.gw4}`);
  if (n.ip6) parts.push(`ip6=${n.ip6}`);
  if (n.gw6) parts.push(`gw6=${n.gw6}`);
  return parts.join(',');
}

/** `agent` is always a string: `1` or `1,fstrim_cloned_disks=1`. */
export function agentString(g: QemuGuest): string | undefined {
  if (!g.agent) return undefined;
  return `${g.agent.enabled ? 1 : 0}${g.agent.fstrim ? ',fstrim_cloned_disks=1' : ''}`;
}

/** `boot: order=scsi0;ide2;net0` from the disks and NICs present. */
export function bootOrder(g: QemuGuest): string {
  const disk = g.disks.find((d) => d.media !== 'cdrom' && /^(scsi|virtio|sata|ide)\d+$/.test(d.key));
  const cd = g.disks.find((d) => d.media === 'cdrom');
  const order = [disk?.key, cd?.key, g.nics[0] ? 'net0' : undefined].filter((x): x is string => !!x);
  return `order=${order.join(';')}`;
}
