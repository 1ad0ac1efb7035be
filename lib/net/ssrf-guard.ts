import dns from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

// Which addresses Proxbox may open a connection to (server-side request forgery guard).
//
// Every outbound client (Proxmox, the backend, NetBox, dashboard health checks) resolves its host
// through `guardedLookup`, which checks EVERY address the name resolves to and hands the socket
// only addresses it checked, so a DNS answer cannot change between the check and the connect.
// Literal IP hosts skip Node's lookup, so clients also call `assertHostAllowed` before sending.
//
// Decision order for one address (IPv4-mapped IPv6 such as ::ffff:169.254.169.254 is judged
// as the IPv4 address it carries):
//   1. protection disabled            → allowed
//   2. in explicitly blocked ranges   → refused (wins over everything below)
//   3. in additional allowed ranges   → allowed (can re-open anything in 4 and 5)
//   4. always-refused ranges          → refused: unspecified, link-local and cloud metadata,
//                                       multicast, reserved and broadcast
//   5. private ranges, when private addresses are not allowed → refused: RFC 1918, CGNAT,
//                                       loopback, IPv6 unique-local and loopback
//   6. anything else                  → allowed

export interface AddressPolicy {
  /** false turns every check off. */
  enabled: boolean;
  /** Loopback, RFC 1918, CGNAT and unique-local addresses (single-host installs and the demo use them). */
  allowPrivate: boolean;
  /** Re-opens addresses the built-in rules refuse. */
  allowed: IpRangeList;
  /** Always refused, also when allowed elsewhere. */
  blocked: IpRangeList;
}

/** The four settings of the plugin settings singleton that shape the policy. */
export interface SsrfSettings {
  ssrfProtectionEnabled: boolean;
  allowPrivateIps: boolean;
  additionalAllowedIpRanges: string;
  explicitlyBlockedIpRanges: string;
}

export interface IpRangeList {
  /** The ranges as given, for messages. */
  entries: string[];
  contains: (address: string) => boolean;
}

/** A connection Proxbox refused to open; `code` lets socket-error handlers recognise it. */
export class SsrfBlockedError extends Error {
  readonly code = 'ESSRFBLOCKED';
  constructor(
    readonly host: string,
    readonly address: string,
    readonly reason: string,
  ) {
    super(
      host === address
        ? `${address} is refused: ${reason}`
        : `${host} resolves to ${address}, which is refused: ${reason}`,
    );
    this.name = 'SsrfBlockedError';
  }
}

export function isSsrfBlockedError(error: unknown): error is SsrfBlockedError {
  return (
    error instanceof SsrfBlockedError ||
    (error instanceof Error && (error as { code?: unknown }).code === 'ESSRFBLOCKED')
  );
}

/** What the settings page and the run errors tell the user to do about a refused address. */
export const SSRF_SUGGESTION =
  'Proxbox refuses link-local (cloud metadata), multicast, unspecified and broadcast addresses, and private ones when "Allow private IPs" is off: use the real address of the server, or add its range to "Additional allowed IP ranges" in Plugin settings.';

type Family = 'ipv4' | 'ipv6';

/** `::ffff:1.2.3.4` / `::ffff:102:304` / `::1.2.3.4` → `1.2.3.4`; other addresses unchanged (lower-case). */
export function unmapIpv4(address: string): string {
  const text = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .replace(/%.*$/, '')
    .toLowerCase();
  if (isIP(text) !== 6) return text;
  const groups = expandIpv6(text);
  if (!groups) return text;
  const zeroPrefix = groups.slice(0, 5).every((g) => g === 0);
  // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (deprecated compatible, but not :: or ::1).
  const mapped = zeroPrefix && groups[5] === 0xffff;
  const compatible = zeroPrefix && groups[5] === 0 && (groups[6] !== 0 || groups[7] > 1);
  if (!mapped && !compatible) return text;
  return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join('.');
}

/** The eight 16-bit groups of an IPv6 address, or null. */
export function expandIpv6(text: string): number[] | null {
  let body = text;
  const tail: number[] = [];
  const dotted = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(body);
  if (dotted) {
    const octets = dotted[1].split('.').map(Number);
    tail.push((octets[0] << 8) | octets[1], (octets[2] << 8) | octets[3]);
    body = body.slice(0, -dotted[1].length);
    if (body.endsWith(':') && !body.endsWith('::')) body = body.slice(0, -1);
  }
  const [head, rest] = body.split('::') as [string, string | undefined];
  const parse = (part: string) => (part === '' ? [] : part.split(':').map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = rest === undefined ? [] : parse(rest);
  const missing = 8 - tail.length - left.length - right.length;
  if (missing < 0 || (rest === undefined && missing !== 0)) return null;
  const groups = [...left, ...new Array<number>(missing).fill(0), ...right, ...tail];
  return groups.length === 8 && groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

function familyOf(address: string): Family | null {
  const v = isIP(address);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : null;
}

/** Parses one CIDR or single address; null when invalid. */
function parseRange(entry: string): { address: string; prefix: number; family: Family } | null {
  const [rawAddress, rawPrefix, extra] = entry.split('/');
  if (extra !== undefined) return null;
  const address = unmapIpv4(rawAddress);
  const family = familyOf(address);
  if (!family) return null;
  const max = family === 'ipv4' ? 32 : 128;
  if (rawPrefix !== undefined && !/^\d{1,3}$/.test(rawPrefix)) return null;
  const prefix = rawPrefix === undefined ? max : Number(rawPrefix);
  if (prefix > max) return null;
  return { address, prefix, family };
}

/** Splits a settings text (one range per line; commas and spaces also separate) into entries. */
export function rangeEntries(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((e) => e.trim())
    .filter(Boolean);
}

/** The entries of a range text that are not a valid IP address or CIDR (settings validation). */
export function invalidRanges(text: string): string[] {
  return rangeEntries(text).filter((entry) => parseRange(entry) === null);
}

/** A range list from CIDRs/addresses; invalid entries are skipped (settings validation refuses them). */
export function ipRangeList(entries: readonly string[]): IpRangeList {
  const list = new BlockList();
  const kept: string[] = [];
  for (const entry of entries) {
    const range = parseRange(entry);
    if (!range) continue;
    list.addSubnet(range.address, range.prefix, range.family);
    kept.push(entry);
  }
  return {
    entries: kept,
    contains: (address) => {
      const ip = unmapIpv4(address);
      const family = familyOf(ip);
      return kept.length > 0 && family !== null && list.check(ip, family);
    },
  };
}

const ALWAYS_REFUSED: { reason: string; ranges: IpRangeList }[] = [
  { reason: 'an unspecified address ("this network")', ranges: ipRangeList(['0.0.0.0/8', '::/128']) },
  {
    reason: 'a link-local address (cloud metadata services live there)',
    ranges: ipRangeList(['169.254.0.0/16', 'fe80::/10']),
  },
  { reason: 'a cloud metadata address', ranges: ipRangeList(['fd00:ec2::254/128']) },
  { reason: 'a multicast address', ranges: ipRangeList(['224.0.0.0/4', 'ff00::/8']) },
  { reason: 'a reserved or broadcast address', ranges: ipRangeList(['240.0.0.0/4']) },
];
const PRIVATE = ipRangeList([
  '10.0.0.0/8',
  '172.16.0.0/12',
  '192.168.0.0/16',
  '100.64.0.0/10',
  '127.0.0.0/8',
  '::1/128',
  'fc00::/7',
]);

/** Loopback and private ranges allowed, the always-refused ranges refused, no extra lists. */
export const DEFAULT_POLICY: AddressPolicy = {
  enabled: true,
  allowPrivate: true,
  allowed: ipRangeList([]),
  blocked: ipRangeList([]),
};

export function policyFromSettings(settings: SsrfSettings): AddressPolicy {
  return {
    enabled: settings.ssrfProtectionEnabled,
    allowPrivate: settings.allowPrivateIps,
    allowed: ipRangeList(rangeEntries(settings.additionalAllowedIpRanges)),
    blocked: ipRangeList(rangeEntries(settings.explicitlyBlockedIpRanges)),
  };
}

/** null when `address` (an IP) may be contacted, else why not. */
export function refusalReason(address: string, policy: AddressPolicy): string | null {
  if (!policy.enabled) return null;
  const ip = unmapIpv4(address);
  if (!familyOf(ip)) return 'not an IP address';
  if (policy.blocked.contains(ip)) return 'it is in "Explicitly blocked IP ranges"';
  if (policy.allowed.contains(ip)) return null;
  for (const rule of ALWAYS_REFUSED) if (rule.ranges.contains(ip)) return `it is ${rule.reason}`;
  if (!policy.allowPrivate && PRIVATE.contains(ip))
    return 'it is a private or loopback address and "Allow private IPs" is off';
  return null;
}

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}
/** Resolves a host name to all its addresses (injectable for tests). */
export type Resolver = (host: string) => Promise<ResolvedAddress[]>;

export const systemResolver: Resolver = async (host) => {
  const found = await dns.promises.lookup(host, { all: true, verbatim: true });
  return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
};

let resolverOverride: Resolver | null = null;
/** Tests answer host names without DNS; null restores the system resolver. */
export function setResolverForTests(resolver: Resolver | null): void {
  resolverOverride = resolver;
}
function currentResolver(): Resolver {
  return resolverOverride ?? systemResolver;
}

/** `[fe80::1]` / `fe80::1` / `10.0.0.1` → the IP, or null for a name. */
export function literalIp(host: string): string | null {
  const bare = host.replace(/^\[|\]$/g, '');
  return isIP(bare) ? bare : null;
}

/** Throws SsrfBlockedError when `host` is a literal IP the policy refuses (names are checked at lookup). */
export function assertHostAllowed(host: string, policy: AddressPolicy): void {
  const ip = literalIp(host);
  if (ip === null) return;
  const reason = refusalReason(ip, policy);
  if (reason) throw new SsrfBlockedError(ip, ip, reason);
}

/**
 * Every address of `host`, after checking each one; throws SsrfBlockedError naming the first
 * refused address (a name with one bad address is refused as a whole: DNS round-robin must not
 * decide whether a request reaches the metadata service). DNS errors propagate as they are.
 */
export async function resolveAllowed(
  host: string,
  policy: AddressPolicy,
  resolver: Resolver = currentResolver(),
): Promise<ResolvedAddress[]> {
  const ip = literalIp(host);
  const addresses = ip ? [{ address: ip, family: (isIP(ip) === 6 ? 6 : 4) as 4 | 6 }] : await resolver(host);
  if (addresses.length === 0) throw Object.assign(new Error(`${host} has no address`), { code: 'ENOTFOUND' });
  for (const a of addresses) {
    const reason = refusalReason(a.address, policy);
    if (reason) throw new SsrfBlockedError(ip ?? host, a.address, reason);
  }
  return addresses;
}

/**
 * A `lookup` for http(s).request / Agent options: resolves, checks every address, and gives the
 * socket only checked addresses. Works for both `all: true` (Node's happy-eyeballs connect) and
 * single-address callers.
 */
export function guardedLookup(policy: AddressPolicy, resolver?: Resolver): LookupFunction {
  return (hostname, options, callback) => {
    const wanted = typeof options === 'object' && options ? options.family : undefined;
    const family = wanted === 'IPv4' ? 4 : wanted === 'IPv6' ? 6 : wanted;
    resolveAllowed(hostname, policy, resolver ?? currentResolver()).then(
      (all) => {
        const matching = family === 4 || family === 6 ? all.filter((a) => a.family === family) : all;
        if (matching.length === 0) {
          callback(
            Object.assign(new Error(`${hostname} has no IPv${family} address`), {
              code: 'ENOTFOUND',
            }) as NodeJS.ErrnoException,
            '',
            4,
          );
          return;
        }
        if (typeof options === 'object' && options?.all) {
          (callback as unknown as (err: null, addresses: ResolvedAddress[]) => void)(null, matching);
        } else {
          callback(null, matching[0].address, matching[0].family);
        }
      },
      (error: unknown) => callback(error as NodeJS.ErrnoException, '', 4),
    );
  };
}

/** Pre-flight check of a URL (endpoint save): resolves and checks like a request would. */
export async function assertUrlAllowed(url: URL, policy: AddressPolicy, resolver?: Resolver): Promise<void> {
  await resolveAllowed(url.hostname, policy, resolver ?? currentResolver());
}
