import { describe, expect, it } from 'vitest';
import { clientIp, parseTrustedProxies } from '@/lib/auth/client-ip';
import { PEER_HEADER } from '@/lib/server/peer';

// The lockout address when our server stamped the socket peer (lib/server/peer.ts): the chain
// [...X-Forwarded-For, peer] is walked from the right while each hop's sender is a trusted proxy.

const none = parseTrustedProxies('');
const proxies = parseTrustedProxies('10.0.0.0/8, 192.168.1.1, fd00::/8');

/** Headers as a route handler sees them behind the stamping server. */
const req = (peer: string, forwarded?: string) =>
  new Headers({ [PEER_HEADER]: peer, ...(forwarded === undefined ? {} : { 'x-forwarded-for': forwarded }) });
const stamped = (headers: Headers, trusted = proxies) => clientIp(headers, trusted, true);

describe('client address behind the stamping server', () => {
  it('is the socket peer when nothing else is sent', () => {
    expect(stamped(req('203.0.113.5'), none)).toBe('203.0.113.5');
    expect(stamped(req('203.0.113.5'))).toBe('203.0.113.5');
    // A trusted proxy that sent no X-Forwarded-For (Next then fills in the peer itself).
    expect(stamped(req('10.0.0.2'))).toBe('10.0.0.2');
    expect(stamped(req('10.0.0.2', '10.0.0.2'))).toBe('10.0.0.2');
  });

  it('ignores X-Forwarded-For sent by an untrusted peer, however many hops it claims', () => {
    expect(stamped(req('203.0.113.5', '198.51.100.1'), none)).toBe('203.0.113.5');
    expect(stamped(req('203.0.113.5', '198.51.100.1, 10.0.0.2'))).toBe('203.0.113.5');
    expect(stamped(req('203.0.113.5', 'garbage'))).toBe('203.0.113.5');
    expect(stamped(req('203.0.113.5', '127.0.0.1'), parseTrustedProxies('127.0.0.1'))).toBe('203.0.113.5');
  });

  it('honours X-Forwarded-For through one trusted proxy', () => {
    expect(stamped(req('10.0.0.2', '198.51.100.7'))).toBe('198.51.100.7');
    expect(stamped(req('192.168.1.1', '198.51.100.7'))).toBe('198.51.100.7');
    // What the client wrote before the proxy appended its address is not believed.
    expect(stamped(req('10.0.0.2', '6.6.6.6, 198.51.100.7'))).toBe('198.51.100.7');
  });

  it('honours X-Forwarded-For through two trusted proxies', () => {
    expect(stamped(req('10.0.0.2', '198.51.100.7, 192.168.1.1'))).toBe('198.51.100.7');
    expect(stamped(req('10.0.0.2', '6.6.6.6, 198.51.100.7, 10.9.9.9'))).toBe('198.51.100.7');
    // Every hop a trusted proxy: the leftmost one is the best there is.
    expect(stamped(req('10.0.0.2', '10.0.0.9, 10.0.0.3'))).toBe('10.0.0.9');
  });

  it('stops at the first untrusted hop from the right', () => {
    expect(stamped(req('10.0.0.2', '192.0.2.9, 203.0.113.50, 10.0.0.3'))).toBe('203.0.113.50');
    expect(stamped(req('10.0.0.2', '10.0.0.7, 203.0.113.50, 10.0.0.3'))).toBe('203.0.113.50');
    // A trusted proxy passed on garbage: counted under it, never under an address to its left.
    expect(stamped(req('10.0.0.2', '198.51.100.7, garbage'))).toBe('invalid:garbage');
  });

  it('handles IPv6 peers and hops and IPv4-mapped IPv6 addresses', () => {
    expect(stamped(req('::ffff:203.0.113.5', '198.51.100.1'))).toBe('203.0.113.5');
    expect(stamped(req('::FFFF:10.0.0.2', '198.51.100.7'))).toBe('198.51.100.7');
    expect(stamped(req('2001:DB8::5', '198.51.100.1'))).toBe('2001:db8::5');
    expect(stamped(req('::1', '198.51.100.1'), none)).toBe('::1');
    expect(stamped(req('fd00::1', '2001:DB8::7'))).toBe('2001:db8::7');
    expect(stamped(req('fd00::1', '[2001:db8::9]:4711, fd00::2'))).toBe('2001:db8::9');
    expect(stamped(req('::1', '198.51.100.1'), parseTrustedProxies('::1'))).toBe('198.51.100.1');
    expect(stamped(req('::ffff:127.0.0.1', '198.51.100.1'), parseTrustedProxies('127.0.0.1'))).toBe('198.51.100.1');
  });

  it('counts a request whose socket was already gone under "unknown", not under its headers', () => {
    expect(stamped(req('unknown', '198.51.100.1'))).toBe('unknown');
    expect(stamped(req('', '198.51.100.1'))).toBe('unknown');
  });
});

describe('client address without the stamping server', () => {
  it('never believes a peer header a client sent to a plain `next start`', () => {
    expect(clientIp(req('203.0.113.5', '198.51.100.1'), none, false)).toBe('198.51.100.1');
    expect(clientIp(req('203.0.113.5'), none, false)).toBe('unknown');
  });

  it('keeps the X-Forwarded-For walk and X-Real-IP fallback for requests without the header', () => {
    expect(clientIp(new Headers({ 'x-forwarded-for': '198.51.100.7, 10.0.0.2' }), proxies, true)).toBe('198.51.100.7');
    expect(clientIp(new Headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.5' }), proxies, true)).toBe('203.0.113.5');
    expect(clientIp(new Headers({ 'x-real-ip': '203.0.113.77' }), none, true)).toBe('203.0.113.77');
    expect(clientIp(new Headers(), none, true)).toBe('unknown');
  });
});
