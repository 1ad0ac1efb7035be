import { BlockList, isIP } from 'node:net';

// The client address the lockout counts failures against (DESIGN 6: X-Forwarded-For is honoured
// only from configured trusted proxies).
//
// What a route handler can see. Next route handlers get a `Request` without its socket. For
// `next start` (and `next dev`), Next's base server fills the header itself before routing
// (node_modules/next/dist/server/base-server.js, Next 16.4.6):
//     req.headers['x-forwarded-for'] ??= originalRequest.socket.remoteAddress
// i.e. ONLY WHEN THE HEADER IS ABSENT. So:
//   - a request that arrives without X-Forwarded-For carries exactly one hop: the socket peer;
//   - a request that arrives with X-Forwarded-For keeps it verbatim and the socket peer is lost.
// The rightmost hop is therefore always "the peer as far as we can tell": the real socket peer,
// or the address the nearest proxy appended. We walk the chain from the right and return the
// first hop that is not a trusted proxy (PROXBOX_TRUSTED_PROXIES, comma-separated IPs/CIDRs):
// hops written to the left of an untrusted hop are never believed, so a client cannot pick its
// own lockout bucket by prepending addresses to a header a trusted proxy appends to.
//
// Limitation (cannot be fixed inside a route handler): a client that reaches the Next server
// DIRECTLY and sends its own X-Forwarded-For is indistinguishable from a proxied request, so it
// can choose the address it is counted under (evade its own lockout, or lock out another
// address). Deployments exposed directly should put a proxy in front that overwrites the header
// (nginx: `proxy_set_header X-Forwarded-For $remote_addr;`) and keep the Next port private; the
// full fix needs the socket address, i.e. a custom server or a header stamped from
// `req.socket.remoteAddress` before Next runs.
//
// Without any X-Forwarded-For (not a request served by Next's HTTP server: tests, internal
// calls), `X-Real-IP` is used when it holds an address, else the shared bucket "unknown".

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
  for (const entry of (text ?? '').split(',').map((e) => e.trim()).filter(Boolean)) {
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
 * The address failures are counted under: the rightmost X-Forwarded-For hop that is not a
 * trusted proxy (see the header comment for what Next puts there and what it cannot tell).
 */
export function clientIp(headers: Headers, trusted: TrustedProxies = trustedFromEnv()): string {
  const forwarded = headers.get('x-forwarded-for');
  if (forwarded === null || forwarded.trim() === '') {
    const real = headers.get('x-real-ip');
    return (real && normalizeIp(real)) || UNKNOWN;
  }
  const hops = forwarded.split(',').map((h) => h.trim()).filter(Boolean);
  for (let i = hops.length - 1; i >= 0; i--) {
    const ip = normalizeIp(hops[i]);
    // A hop that is not an address was not written by a proxy we trust: it ends the walk.
    if (!ip) return `invalid:${hops[i].slice(0, 64)}`;
    if (!trusted.contains(ip) || i === 0) return ip;
  }
  return UNKNOWN;
}
