import { asArray, asObject, int, str } from '../coerce';
import type { GuestAddress, GuestType } from '../proxmox-data';

function family(type: unknown): 4 | 6 | null {
  if (type === 'ipv4' || type === 'inet') return 4;
  if (type === 'ipv6' || type === 'inet6') return 6;
  return null;
}

/**
 * Interfaces and addresses a running guest reports: the QEMU agent's double-wrapped
 * `{result: [...]}` (an old agent answers 200 with `{result: {error}}`: no addresses), or the LXC
 * `/interfaces` list in either shape (`ip-addresses` since PVE 8.4, legacy `inet`/`inet6`).
 */
export function readGuestAddresses(type: GuestType, data: unknown): GuestAddress[] {
  const items = type === 'qemu' ? asArray(asObject(data)?.result) : asArray(data);
  return items.flatMap((item): GuestAddress[] => {
    const name = str(item.name);
    if (!name) return [];
    const mac = str(item['hardware-address']) ?? str(item.hwaddr);
    const addresses: GuestAddress['addresses'] = [];
    for (const a of asArray(item['ip-addresses'])) {
      const address = str(a['ip-address']);
      const fam = family(a['ip-address-type']);
      const prefix = int(a.prefix);
      if (address && fam && prefix !== null) addresses.push({ address, prefix, family: fam });
    }
    if (addresses.length === 0) {
      for (const [key, fam] of [['inet', 4], ['inet6', 6]] as const) {
        const cidr = str(item[key]);
        const [address, prefix] = cidr ? cidr.split('/') : [];
        if (address && prefix) addresses.push({ address, prefix: Number(prefix), family: fam });
      }
    }
    return [{ name, mac: mac ? mac.toUpperCase() : null, addresses }];
  });
}

/** Addresses worth inventorying: no loopback, no link-local (unless kept), no unspecified. */
export function usableAddress(a: { address: string; family: 4 | 6 }, keepLinkLocal: boolean): boolean {
  const lower = a.address.toLowerCase();
  if (a.family === 4) return !lower.startsWith('127.') && !lower.startsWith('169.254.') && lower !== '0.0.0.0';
  if (lower === '::1' || lower === '::') return false;
  return keepLinkLocal || !lower.startsWith('fe80:');
}
