import { BlockList, isIP } from 'node:net';
import { PEER_HEADER, peerStampingEnabled } from '@/lib/server/peer';

// The client address the lockout counts failures against (X-Forwarded-For is honoured
// only from configured trusted proxies).
//
// Route handlers get a `Request` without its socket, so the socket peer has to travel in a
// header. `npm start` serves the app through our own HTTP server (lib/server/app-server.ts) and
// `npm run backend` through lib/backend/server.ts; both overwrite `x-proxbox-peer` with
// `req.socket.remoteAddress` on every request and mark their process (lib/server/peer.ts), so
// there that header is the real peer and a client cannot supply it.
//
// The address is then found by walking the chain [...X-Forwarded-For hops, peer] from the right:
// the peer if it is not a trusted proxy (PROXBOX_TRUSTED_PROXIES, comma-separated IPs/CIDRs),
// else the hop that proxy appended, and so on while each hop's sender is trusted. A hop written
// to the left of an untrusted one is never believed, so a client reaching us directly, or through
// a proxy that appends, cannot pick its own lockout bucket. A hop that is not an address ends the
// walk as the bucket `invalid:<text>`.
//
// Without the stamp (a plain `next start`, whose handlers cannot see the socket) the old rule
// applies to X-Forwarded-For alone. Next fills the header from the socket only when it is absent
// (node_modules/next/dist/server/base-server.js, Next 16.4.6:
//     req.headers['x-forwarded-for'] ??= originalRequest.socket.remoteAddress),
// so the rightmost hop is the peer or whatever the client wrote: a client reaching `next start`
// DIRECTLY can choose the address it is counted under. Such deployments need a proxy in front
// that overwrites the header (nginx: `proxy_set_header X-Forwarded-For $remote_addr;`) and a
// private Next port — or `npm start`.
//
// Without either header (no HTTP server at all: tests, internal calls), `X-Real-IP` is used when
// it holds an address, else the shared bucket "unknown".

const UNKNOWN = 'unknown';

/** `1.2.3.4`, `::ffff:1.2.3.4`, `[2001:db8::1]:443`, `1.2.3.4:8080` → canonical address, or null. */
export function normalizeIp(raw: string): string | null {
  let text = raw.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(text);
  if (bracketed) text = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(text)) text = text.slice(0, text.lastIndexOf(':'));
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(text);
  if (mapped) text = mapped[1];
  const family = isIP(text);
  if (family === 4) return text;
  if (family === 6) return text.toLowerCase();
  return null;
}

export interface TrustedProxies {
  contains: (ip: string) => boolean;
}

/** Parses `10.0.0.1, 192.168.0.0/16, fd00::/8`; invalid entries are reported and skipped. */
export function parseTrustedProxies(text: string | undefined): TrustedProxies {
  const list = new BlockList();
  let count = 0;
  for (const entry of (text ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [addr, prefix] = entry.split('/');
    const ip = normalizeIp(addr);
    const family = ip ? (isIP(ip) === 4 ? 'ipv4' : 'ipv6') : null;
    const bits = prefix === undefined ? (family === 'ipv4' ? 32 : 128) : Number(prefix);
    if (!ip || !family || !Number.isInteger(bits) || bits < 0 || bits > (family === 'ipv4' ? 32 : 128)) {
      console.warn(`PROXBOX_TRUSTED_PROXIES: ignoring invalid entry "${entry}"`);
      continue;
    }
    list.addSubnet(ip, bits, family);
    count++;
  }
  return { contains: (ip) => count > 0 && isIP(ip) !== 0 && list.check(ip, isIP(ip) === 4 ? 'ipv4' : 'ipv6') };
}

let cached: { text: string | undefined; proxies: TrustedProxies } | null = null;
function trustedFromEnv(): TrustedProxies {
  const text = process.env.PROXBOX_TRUSTED_PROXIES;
  if (!cached || cached.text !== text) cached = { text, proxies: parseTrustedProxies(text) };
  return cached.proxies;
}

/**
 * The address failures are counted under (see the header comment): the stamped socket peer and the
 * X-Forwarded-For hops trusted proxies vouch for, walked from the right.
 */
export function clientIp(
  headers: Headers,
  trusted: TrustedProxies = trustedFromEnv(),
  stamped: boolean = peerStampingEnabled(),
): string {
  const forwarded = headers.get('x-forwarded-for') ?? '';
  const hops = forwarded
    .split(',')
    .map((h) => h.trim())
    .filter(Boolean);
  const peer = stamped ? headers.get(PEER_HEADER) : null;
  if (peer !== null) {
    const ip = normalizeIp(peer);
    // The server writes "unknown" when the socket was already gone: nothing to count it under.
    return ip ? firstUntrusted([...hops, ip], trusted) : UNKNOWN;
  }
  if (hops.length === 0) {
    const real = headers.get('x-real-ip');
    return (real && normalizeIp(real)) || UNKNOWN;
  }
  return firstUntrusted(hops, trusted);
}

/** The rightmost hop that is not a trusted proxy (the leftmost one when every hop is trusted). */
function firstUntrusted(hops: string[], trusted: TrustedProxies): string {
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = normalizeIp(hops[i]);
    // Not an address, so not a proxy we trust: the walk ends here.
    if (!ip) return `invalid:${hops[i].slice(0, 64)}`;
    if (!trusted.contains(ip) || i === 0) return ip;
  }
  return UNKNOWN;
}
