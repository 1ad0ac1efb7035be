import type { GuestAddress } from '../read/proxmox-data';
import { usableAddress } from '../map/guest-addresses';
import type { GuestConfig } from './guest-configs';

export interface WantedAddress {
  host: string;
  address: string;
  family: 4 | 6;
  assignedObjectType: 'virtualization.vminterface' | 'dcim.interface';
  assignedObjectId: number;
  /** The guest's DNS name, when known this run. */
  dnsName?: string;
}

/** NetBox's rule for dns_name: labels of letters, digits, `_` and `-`, dot-separated. */
const DNS_NAME = /^[0-9a-z_-]+(\.[0-9a-z_-]+)*\.?$/;

/**
 * A guest's DNS name from its host name (the agent's for QEMU, `hostname` for LXC) and its search
 * domain: a short name gets the domain appended; null when there is no usable name.
 */
export function guestDnsName(
  hostName: string | null | undefined,
  searchDomain: string | null | undefined,
): string | null {
  const host = hostName?.trim().toLowerCase();
  if (!host) return null;
  const domain = searchDomain
    ?.trim()
    .toLowerCase()
    .split(/[\s,;]+/)[0];
  const fqdn = host.includes('.') || !domain ? host : `${host}.${domain}`;
  return fqdn.length <= 255 && DNS_NAME.test(fqdn) ? fqdn : null;
}

/** `10.0.0.5/24` → parts; anything else (dhcp, manual, auto) → null. */
export function splitCidr(cidr: string | undefined | null): { host: string; prefix: number; family: 4 | 6 } | null {
  const m = cidr ? /^([0-9a-fA-F:.]+)\/(\d{1,3})$/.exec(cidr.trim()) : null;
  if (!m) return null;
  return { host: m[1].toLowerCase(), prefix: Number(m[2]), family: m[1].includes(':') ? 6 : 4 };
}

/**
 * The addresses of one guest: runtime ones (guest agent / LXC interfaces) matched to its
 * interfaces by MAC, then static ones from the config (LXC `ip=`, cloud-init `ipconfigN`).
 */
export function guestAddresses(
  cfg: GuestConfig,
  runtime: GuestAddress[] | null,
  nics: { id: number; name: string; mac: string | null }[],
  keepLinkLocal: boolean,
): WantedAddress[] {
  const byMac = new Map(nics.filter((n) => n.mac).map((n) => [n.mac!.toUpperCase(), n.id]));
  const byKey = new Map(nics.map((n) => [n.name, n.id]));
  const out: WantedAddress[] = [];
  const add = (host: string, prefix: number, family: 4 | 6, interfaceId: number | undefined) => {
    if (interfaceId === undefined || !usableAddress({ address: host, family }, keepLinkLocal)) return;
    out.push({
      host: host.toLowerCase(),
      address: `${host.toLowerCase()}/${prefix}`,
      family,
      assignedObjectType: 'virtualization.vminterface',
      assignedObjectId: interfaceId,
    });
  };
  for (const iface of runtime ?? []) {
    const interfaceId = iface.mac ? byMac.get(iface.mac.toUpperCase()) : undefined;
    for (const a of iface.addresses) add(a.address, a.prefix, a.family, interfaceId);
  }
  for (const nic of cfg.devices.nics) {
    const interfaceId = byKey.get(nic.key);
    const statics = nic.guestType === 'lxc' ? [nic.ip, nic.ip6] : [];
    const ipConfig = cfg.devices.ipConfigs.find((c) => c.index === nic.index);
    if (ipConfig) statics.push(ipConfig.ip, ipConfig.ip6);
    for (const cidr of statics) {
      const parts = splitCidr(cidr);
      if (parts) add(parts.host, parts.prefix, parts.family, interfaceId);
    }
  }
  return out;
}
