// Deterministic, estate-unique guest addresses: MACs and IPs are derived from (cluster, guest
// index, NIC index), so two guests never share one and the same seed always yields the same plan.
import { macFromBytes } from '../format';

/** IPv4 second octet of a cluster's guest networks (`10.<100 + c>.x.y` front, `10.<150 + c>` back). */
export function guestNetBase(clusterIndex: number): string {
  return `10.${100 + (clusterIndex % 50)}`;
}

/** IPv4 CIDR of NIC `nic` of the guest with index `i` (200 hosts per /24). */
export function guestIp4(clusterIndex: number, i: number, nic: number): string {
  const second = (nic === 0 ? 100 : 150) + (clusterIndex % 50);
  return `10.${second}.${1 + (Math.floor(i / 200) % 250)}.${10 + (i % 200)}/24`;
}

/** Global ULA IPv6 CIDR of the first NIC. */
export function guestIp6(clusterIndex: number, i: number): string {
  return `fd00:${(100 + clusterIndex).toString(16)}:${(1 + Math.floor(i / 200)).toString(16)}::${(10 + (i % 200)).toString(16)}/64`;
}

/** IPv6 gateway matching `guestIp6`. */
export function guestGw6(clusterIndex: number, i: number): string {
  return `fd00:${(100 + clusterIndex).toString(16)}:${(1 + Math.floor(i / 200)).toString(16)}::1`;
}

/**
 * A Proxmox-style MAC (`BC:24:11:…`, the OUI PVE assigns since 8.0). The 24-bit tail is a bijective
 * scramble of (cluster, guest, nic) so it looks random but never collides.
 */
export function guestMac(
  clusterIndex: number,
  i: number,
  nic: number,
  oui: readonly number[] = [0xbc, 0x24, 0x11],
): string {
  const plain = (((clusterIndex & 0x3f) << 18) | ((i & 0x3fff) << 4) | (nic & 0xf)) >>> 0;
  const tail = (Math.imul(plain, 0x9e3779) + 0x5bd1e9) & 0xffffff;
  return macFromBytes([...oui, (tail >>> 16) & 255, (tail >>> 8) & 255, tail & 255]);
}

/** VMware's OUI, for guests imported from ESXi (lower-case, as such configs are often written). */
export const VMWARE_OUI = [0x00, 0x50, 0x56] as const;
