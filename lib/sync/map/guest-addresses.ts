import { z } from 'zod';
import {
  parseTolerant,
  parseTolerantList,
  pveAgentInterfaceSchema,
  pveLxcInterfaceSchema,
  type PveIpAddress,
} from '@/lib/proxmox/schemas';
import type { GuestAddress, GuestType } from '../read/proxmox-data';

/** The agent's double wrapping; an old agent's `{result: {error}}` is no list, so no addresses. */
const agentAnswerSchema = z.object({ result: z.array(z.unknown()) });

function inventoryAddress(a: PveIpAddress): GuestAddress['addresses'] {
  return a.address && a.prefix !== null && Number.isInteger(a.prefix)
    ? [{ address: a.address, prefix: a.prefix, family: a.family === 'inet' ? 4 : 6 }]
    : [];
}

/**
 * Interfaces and addresses a running guest reports, read with the client's schemas: the QEMU
 * agent's `{result: [...]}`, or the LXC `/interfaces` list in either shape (`ip-addresses` since
 * PVE 8.4, legacy `inet`/`inet6`). Unreadable interfaces and addresses without a prefix are left out.
 */
export function readGuestAddresses(type: GuestType, data: unknown): GuestAddress[] {
  const interfaces =
    type === 'qemu'
      ? parseTolerantList(pveAgentInterfaceSchema, parseTolerant(agentAnswerSchema, data)?.result).map((e) => e.item)
      : parseTolerantList(pveLxcInterfaceSchema, data).map((e) => e.item);
  return interfaces.flatMap((item): GuestAddress[] => {
    if (!item.name) return [];
    return [
      {
        name: item.name,
        mac: item.mac ? item.mac.toUpperCase() : null,
        addresses: item.addresses.flatMap(inventoryAddress),
      },
    ];
  });
}

/** Addresses worth inventorying: no loopback, no link-local (unless kept), no unspecified. */
export function usableAddress(a: { address: string; family: 4 | 6 }, keepLinkLocal: boolean): boolean {
  const lower = a.address.toLowerCase();
  if (a.family === 4) return !lower.startsWith('127.') && !lower.startsWith('169.254.') && lower !== '0.0.0.0';
  if (lower === '::1' || lower === '::') return false;
  return keepLinkLocal || !lower.startsWith('fe80:');
}
