// Encodings Proxmox uses on the wire: disk sizes, MACs, link-local
// addresses and SHA1 digests. Kept pure so renderers and the estate generator share them.
import { createHash } from 'node:crypto';

const UNITS: [string, number][] = [
  ['T', 1024 ** 4],
  ['G', 1024 ** 3],
  ['M', 1024 ** 2],
  ['K', 1024],
];

/** PVE `format_size`: the largest unit that divides exactly (34359738368 → `32G`, 540672 → `528K`). */
export function formatSize(bytes: number): string {
  for (const [unit, factor] of UNITS) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

/** GiB to bytes, the unit the generator thinks in. */
export const gib = (n: number): number => n * 1024 ** 3;

/** Formats six bytes as `AA:BB:…`. */
export function macFromBytes(bytes: readonly number[]): string {
  return bytes.map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':');
}

/** EUI-64 link-local address the guest kernel derives from its MAC (`fe80::be24:11ff:fe89:6707`). */
export function linkLocalFromMac(mac: string): string {
  const b = mac.split(':').map((h) => parseInt(h, 16));
  b[0] ^= 0x02;
  const words = [(b[0] << 8) | b[1], (b[2] << 8) | 0xff, (0xfe << 8) | b[3], (b[4] << 8) | b[5]];
  return `fe80::${words.map((w) => w.toString(16)).join(':')}`;
}

/** SHA1 hex, the shape of every `digest` Proxmox returns. */
export function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Splits `10.1.2.3/24` into address and prefix length. */
export function splitCidr(cidr: string): { address: string; prefix: number } {
  const [address, prefix] = cidr.split('/');
  return { address, prefix: Number(prefix) };
}

/** The conventional gateway (first host) of an IPv4 CIDR: `10.1.2.3/24` → `10.1.2.1`. */
export function gatewayOf(cidr: string): string {
  const { address, prefix } = splitCidr(cidr);
  const n = address.split('.').reduce((acc, o) => acc * 256 + Number(o), 0);
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  const gw = ((n & mask) >>> 0) + 1;
  return [24, 16, 8, 0].map((s) => (gw >>> s) & 255).join('.');
}

/** True for a syntactically valid IPv4 CIDR (used to reject bad `changeIp` input early). */
export function isIpv4Cidr(cidr: string): boolean {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr);
  return !!m && m.slice(1, 5).every((o) => Number(o) <= 255) && Number(m[5]) <= 32;
}

/** `YYYY_MM_DD-HH_MM_SS` (UTC) as used in vzdump file names. */
export function vzdumpStamp(epoch: number): string {
  const d = new Date(epoch * 1000).toISOString();
  return `${d.slice(0, 10).replaceAll('-', '_')}-${d.slice(11, 19).replaceAll(':', '_')}`;
}

/** `2023-12-14T04:34:34Z` as used in PBS snapshot volids. */
export function pbsStamp(epoch: number): string {
  return `${new Date(epoch * 1000).toISOString().slice(0, 19)}Z`;
}
