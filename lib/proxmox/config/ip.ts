// Address checks for LXC `ip=`/`gw=` and cloud-init `ipconfigN` values, after PVE's
// `pve-ipv4-config`, `pve-ipv6-config`, `ipv4` and `ipv6` formats. Pure string checks, no I/O.

import type { FieldReader } from './fields';
import { fail, ok } from './result';
import { describe } from './scalars';

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const HEXTET = /^[0-9a-f]{1,4}$/i;

/** True for a dotted-quad IPv4 address without prefix. */
export function isIpv4(text: string): boolean {
  return IPV4.test(text);
}

/** True for an IPv6 address (compressed `::` and a trailing embedded IPv4 allowed), no prefix. */
export function isIpv6(text: string): boolean {
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  const all = groups.flat();
  const last = groups[groups.length - 1].at(-1);
  const hasIpv4Tail = last !== undefined && last.includes('.');
  if (hasIpv4Tail && !isIpv4(last)) return false;
  const hextets = hasIpv4Tail ? all.slice(0, -1) : all;
  if (!hextets.every((group) => HEXTET.test(group))) return false;
  const width = hextets.length + (hasIpv4Tail ? 2 : 0);
  return halves.length === 2 ? width <= 7 : width === 8;
}

function isCidr(text: string, isAddress: (address: string) => boolean, maxPrefix: number): boolean {
  const slash = text.lastIndexOf('/');
  if (slash < 0) return false;
  const prefix = text.slice(slash + 1);
  if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > maxPrefix) return false;
  return isAddress(text.slice(0, slash));
}

/** True for `a.b.c.d/len`, len 0..32. */
export function isIpv4Cidr(text: string): boolean {
  return isCidr(text, isIpv4, 32);
}

/** True for `ipv6/len`, len 0..128. */
export function isIpv6Cidr(text: string): boolean {
  return isCidr(text, isIpv6, 128);
}

/** Builds a reader that accepts the given keywords or text passing `check`. */
function addressReader(
  keywords: readonly string[],
  check: (text: string) => boolean,
  what: string,
): FieldReader<string> {
  return (raw) => (keywords.includes(raw) || check(raw) ? ok(raw) : fail(`invalid ${what}: ${describe(raw)}`));
}

/** Reads an `ip=` value of an LXC NIC or `ipconfigN`: `dhcp`, `manual` or an IPv4 CIDR (pve-ipv4-config). */
export const readIpv4Config = addressReader(['dhcp', 'manual'], isIpv4Cidr, 'IPv4 config');
/** Reads an `ip6=` value: `auto` (SLAAC), `dhcp`, `manual` or an IPv6 CIDR (pve-ipv6-config). */
export const readIpv6Config = addressReader(['auto', 'dhcp', 'manual'], isIpv6Cidr, 'IPv6 config');
/** Reads a `gw=` value: a plain IPv4 address without prefix. */
export const readIpv4Address = addressReader([], isIpv4, 'IPv4 address');
/** Reads a `gw6=` value: a plain IPv6 address without prefix. */
export const readIpv6Address = addressReader([], isIpv6, 'IPv6 address');
