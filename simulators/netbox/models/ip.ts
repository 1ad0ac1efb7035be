// IP address parsing and the primary-IP rule devices and VMs share.
import { addError, type Db, type Errors, type Row } from './types';

export interface ParsedIp {
  family: 4 | 6;
  /** Canonical host part, for the global uniqueness check. */
  host: string;
  prefix: number;
  /** `host/prefix` as NetBox renders it. */
  text: string;
  /** Fixed-width key that sorts like NetBox orders addresses (family, address bits, mask). */
  sortKey: string;
}

function parseV4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const out = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return out.every((n) => n >= 0 && n <= 255) ? out : null;
}

function parseV6(s: string): number[] | null {
  if (!/^[0-9a-fA-F:.]+$/.test(s) || s.split('::').length > 2) return null;
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const groups = (x: string): number[] | null => {
    if (x === '') return [];
    const out: number[] = [];
    const items = x.split(':');
    for (let i = 0; i < items.length; i++) {
      const g = items[i];
      if (i === items.length - 1 && g.includes('.')) {
        const v4 = parseV4(g);
        if (!v4) return null;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(g)) out.push(parseInt(g, 16));
      else return null;
    }
    return out;
  };
  const h = groups(head);
  const t = tail === undefined ? [] : groups(tail);
  if (!h || !t) return null;
  if (tail === undefined) return h.length === 8 ? h : null;
  if (h.length + t.length > 7) return null;
  return [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
}

/** Parses `10.0.0.5/24` or `2001:db8::1/64` (a bare address gets /32 or /128, as netaddr does). */
export function parseIp(input: string): ParsedIp | null {
  const [addr, len, extra] = input.trim().split('/');
  if (extra !== undefined) return null;
  const v4 = parseV4(addr);
  const v6 = v4 ? null : parseV6(addr);
  if (!v4 && !v6) return null;
  const max = v4 ? 32 : 128;
  if (len !== undefined && !/^\d{1,3}$/.test(len)) return null;
  const prefix = len === undefined ? max : Number(len);
  if (prefix > max) return null;
  const host = v4 ? v4.join('.') : compressV6(v6!);
  const bits = v4
    ? v4.map((n) => n.toString(16).padStart(2, '0')).join('')
    : v6!.map((n) => n.toString(16).padStart(4, '0')).join('');
  return {
    family: v4 ? 4 : 6,
    host,
    prefix,
    text: `${host}/${prefix}`,
    sortKey: `${v4 ? 4 : 6}${bits}${String(prefix).padStart(3, '0')}`,
  };
}

function compressV6(groups: number[]): string {
  let bestStart = -1;
  let bestLen = 0;
  for (let i = 0; i < 8;) {
    if (groups[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen && j - i > 1) [bestStart, bestLen] = [i, j - i];
    i = j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (bestStart < 0) return hex.join(':');
  return `${hex.slice(0, bestStart).join(':')}::${hex.slice(bestStart + bestLen).join(':')}`;
}

export const IP_ENDPOINT = 'ipam/ip-addresses';

/** `primary_ip4`/`primary_ip6` (and `oob_ip`) must be addresses on the object's own interfaces. */
export function checkPrimaryIps(
  row: Row,
  db: Db,
  errors: Errors,
  o: { interfaceType: string; interfaces: string; parentField: string; noun: string; fields: string[] },
): void {
  for (const field of o.fields) {
    const id = row[field];
    if (typeof id !== 'number') continue;
    const ip = db.get(IP_ENDPOINT, id);
    if (!ip) continue;
    const family = ip._family as number;
    const want = field === 'primary_ip4' ? 4 : field === 'primary_ip6' ? 6 : family;
    if (family !== want) {
      addError(errors, field, `Must be an IPv${want} address. (${String(ip.address)} is an IPv${family} address.)`);
      continue;
    }
    const onOwn = (candidate: Row | undefined): boolean => {
      if (!candidate || candidate.assigned_object_type !== o.interfaceType) return false;
      const iface = db.get(o.interfaces, candidate.assigned_object_id as number);
      return !!iface && iface[o.parentField] === row.id && row.id !== 0;
    };
    const inside = typeof ip.nat_inside === 'number' ? db.get(IP_ENDPOINT, ip.nat_inside) : undefined;
    if (!onOwn(ip) && !onOwn(inside))
      addError(errors, field, `The specified IP address (${String(ip.address)}) is not assigned to this ${o.noun}.`);
  }
}
