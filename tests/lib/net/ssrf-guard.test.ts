import http from 'node:http';
import type net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboundError, sendBounded } from '@/lib/net/bounded-request';
import {
  DEFAULT_POLICY,
  guardedLookup,
  invalidRanges,
  policyFromSettings,
  refusalReason,
  resolveAllowed,
  SsrfBlockedError,
  unmapIpv4,
  type Resolver,
} from '@/lib/net/ssrf-guard';

const settings = (over: Partial<Parameters<typeof policyFromSettings>[0]> = {}) =>
  policyFromSettings({
    ssrfProtectionEnabled: true,
    allowPrivateIps: true,
    additionalAllowedIpRanges: '',
    explicitlyBlockedIpRanges: '',
    ...over,
  });

/** A resolver from a fixed table, counting lookups (no DNS, no /etc/hosts). */
function table(entries: Record<string, string[]>): Resolver & { calls: string[] } {
  const calls: string[] = [];
  const resolver = async (host: string) => {
    calls.push(host);
    const found = entries[host];
    if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return found.map((address) => ({ address, family: (address.includes(':') ? 6 : 4) as 4 | 6 }));
  };
  return Object.assign(resolver, { calls });
}

describe('address rules', () => {
  it.each([
    ['169.254.169.254', 'it is a link-local address (cloud metadata services live there)'],
    ['fe80::1', 'it is a link-local address (cloud metadata services live there)'],
    ['0.0.0.0', 'it is an unspecified address ("this network")'],
    ['::', 'it is an unspecified address ("this network")'],
    ['224.0.0.1', 'it is a multicast address'],
    ['ff02::1', 'it is a multicast address'],
    ['255.255.255.255', 'it is a reserved or broadcast address'],
    ['fd00:ec2::254', 'it is a cloud metadata address'],
    ['::ffff:169.254.169.254', 'it is a link-local address (cloud metadata services live there)'],
    ['::ffff:a9fe:a9fe', 'it is a link-local address (cloud metadata services live there)'],
    ['[::ffff:0.0.0.0]', 'it is an unspecified address ("this network")'],
  ])('refuses %s by default', (address, reason) => {
    expect(refusalReason(address, DEFAULT_POLICY)).toBe(reason);
  });

  it.each([
    '127.0.0.1',
    '::1',
    '10.1.2.3',
    '172.16.0.1',
    '192.168.1.10',
    '100.64.0.1',
    'fd12:3456::1',
    '8.8.8.8',
    '2001:db8::1',
    '::ffff:127.0.0.1',
  ])('allows %s by default', (address) => expect(refusalReason(address, DEFAULT_POLICY)).toBeNull());

  it('unmaps IPv4-mapped and IPv4-compatible IPv6 addresses, and leaves others alone', () => {
    expect(unmapIpv4('::ffff:169.254.169.254')).toBe('169.254.169.254');
    expect(unmapIpv4('::FFFF:A9FE:A9FE')).toBe('169.254.169.254');
    expect(unmapIpv4('0:0:0:0:0:ffff:a00:1')).toBe('10.0.0.1');
    expect(unmapIpv4('::169.254.1.1')).toBe('169.254.1.1');
    expect(unmapIpv4('::1')).toBe('::1');
    expect(unmapIpv4('::')).toBe('::');
    expect(unmapIpv4('2001:db8::a9fe:a9fe')).toBe('2001:db8::a9fe:a9fe');
  });

  it('ssrf_protection_enabled=false allows everything', () => {
    const off = settings({ ssrfProtectionEnabled: false, explicitlyBlockedIpRanges: '10.0.0.0/8' });
    for (const ip of ['169.254.169.254', '0.0.0.0', '224.0.0.1', '10.0.0.1']) expect(refusalReason(ip, off)).toBeNull();
  });

  it('allow_private_ips=false refuses loopback, RFC 1918, CGNAT and unique-local, not public addresses', () => {
    const strict = settings({ allowPrivateIps: false });
    const why = 'it is a private or loopback address and "Allow private IPs" is off';
    for (const ip of [
      '127.0.0.1',
      '::1',
      '10.0.0.1',
      '172.31.255.255',
      '192.168.0.1',
      '100.127.0.1',
      'fc00::1',
      '::ffff:10.0.0.1',
    ]) {
      expect(refusalReason(ip, strict)).toBe(why);
    }
    expect(refusalReason('172.32.0.1', strict)).toBeNull();
    expect(refusalReason('8.8.8.8', strict)).toBeNull();
  });

  it('additional_allowed_ip_ranges re-opens refused ranges, private ones included', () => {
    const open = settings({
      allowPrivateIps: false,
      additionalAllowedIpRanges: '169.254.169.0/24\n10.20.0.0/16, fe80::/64',
    });
    expect(refusalReason('169.254.169.254', open)).toBeNull();
    expect(refusalReason('169.254.170.1', open)).toBe(
      'it is a link-local address (cloud metadata services live there)',
    );
    expect(refusalReason('10.20.1.1', open)).toBeNull();
    expect(refusalReason('10.21.1.1', open)).toBe('it is a private or loopback address and "Allow private IPs" is off');
    expect(refusalReason('fe80::1', open)).toBeNull();
  });

  it('explicitly_blocked_ip_ranges refuses otherwise allowed addresses and wins over the allowed ranges', () => {
    const blocked = settings({
      explicitlyBlockedIpRanges: '127.0.0.0/8\n8.8.8.8',
      additionalAllowedIpRanges: '127.0.0.1/32',
    });
    expect(refusalReason('127.0.0.1', blocked)).toBe('it is in "Explicitly blocked IP ranges"');
    expect(refusalReason('::ffff:127.0.0.2', blocked)).toBe('it is in "Explicitly blocked IP ranges"');
    expect(refusalReason('8.8.8.8', blocked)).toBe('it is in "Explicitly blocked IP ranges"');
    expect(refusalReason('8.8.4.4', blocked)).toBeNull();
  });

  it('names the entries of a range list that are not addresses or CIDRs', () => {
    expect(invalidRanges('10.0.0.0/8\n\n fe80::/10, 300.1.1.1\n10.0.0.0/33 host.example 1.2.3.4/8/9')).toEqual([
      '300.1.1.1',
      '10.0.0.0/33',
      'host.example',
      '1.2.3.4/8/9',
    ]);
    expect(invalidRanges('')).toEqual([]);
  });
});

describe('resolution', () => {
  const resolver = table({
    'metadata.test': ['169.254.169.254'],
    'mixed.test': ['127.0.0.1', '169.254.169.254'],
    'ok.test': ['127.0.0.1', '::1'],
  });

  it('checks every address a name resolves to', async () => {
    await expect(resolveAllowed('ok.test', DEFAULT_POLICY, resolver)).resolves.toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    const error = await resolveAllowed('mixed.test', DEFAULT_POLICY, resolver).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SsrfBlockedError);
    expect((error as Error).message).toBe(
      'mixed.test resolves to 169.254.169.254, which is refused: it is a link-local address (cloud metadata services live there)',
    );
  });

  it('checks literal addresses without resolving them', async () => {
    const before = resolver.calls.length;
    await expect(resolveAllowed('[fe80::1]', DEFAULT_POLICY, resolver)).rejects.toThrow(
      'fe80::1 is refused: it is a link-local address',
    );
    expect(resolver.calls.length).toBe(before);
  });

  it('the lookup hands the socket only checked addresses, in both callback forms', async () => {
    const lookup = guardedLookup(DEFAULT_POLICY, resolver);
    const all = await new Promise((resolve, reject) =>
      lookup('ok.test', { all: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))),
    );
    expect(all).toEqual([
      { address: '127.0.0.1', family: 4 },
      { address: '::1', family: 6 },
    ]);
    const one = await new Promise((resolve, reject) =>
      lookup('ok.test', { family: 6 }, (err, address, family) => (err ? reject(err) : resolve([address, family]))),
    );
    expect(one).toEqual(['::1', 6]);
    const refused = await new Promise((resolve) => lookup('metadata.test', {}, (err) => resolve(err)));
    expect(refused).toBeInstanceOf(SsrfBlockedError);
  });
});

describe('sendBounded and the guard on a real connection', () => {
  let server: http.Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const base = { policy: DEFAULT_POLICY, timeoutMs: 2000, maxBytes: 1024 };

  it('connects to the checked address of a name', async () => {
    const resolver = table({ 'pve.test': ['127.0.0.1'] });
    const res = await sendBounded({ ...base, url: new URL(`http://pve.test:${port}/x`), resolver });
    expect([res.status, res.body.toString()]).toEqual([200, 'ok']);
    expect(resolver.calls).toEqual(['pve.test']);
  });

  it('refuses a name with one refused address, and a refused literal, without any request', async () => {
    hits = 0;
    const resolver = table({ 'pve.test': ['127.0.0.1', '169.254.169.254'] });
    const named = await sendBounded({ ...base, url: new URL(`http://pve.test:${port}/x`), resolver }).catch(
      (e: unknown) => e,
    );
    expect(named).toBeInstanceOf(OutboundError);
    expect([(named as OutboundError).kind, (named as OutboundError).code]).toEqual(['blocked', 'ESSRFBLOCKED']);
    const literal = await sendBounded({ ...base, url: new URL(`http://[::ffff:169.254.169.254]:${port}/x`) }).catch(
      (e: unknown) => e,
    );
    expect((literal as OutboundError).kind).toBe('blocked');
    const strict = policyFromSettings({
      ssrfProtectionEnabled: true,
      allowPrivateIps: false,
      additionalAllowedIpRanges: '',
      explicitlyBlockedIpRanges: '',
    });
    const loopback = await sendBounded({ ...base, policy: strict, url: new URL(`http://127.0.0.1:${port}/x`) }).catch(
      (e: unknown) => e,
    );
    expect((loopback as OutboundError).message).toBe(
      '127.0.0.1 is refused: it is a private or loopback address and "Allow private IPs" is off',
    );
    expect(hits).toBe(0);
  });
});
