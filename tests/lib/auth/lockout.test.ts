import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openBackendStore, type BackendHandle } from '@/db/backend/client';
import { authLockouts } from '@/db/backend/schema';
import { setBackendStoreForTests } from '@/lib/auth/api-keys';
import { clientIp, normalizeIp, parseTrustedProxies } from '@/lib/auth/client-ip';
import { lockoutStatus, recordFailedAttempt, resetFailedAttempts } from '@/lib/auth/lockout';

// The per-IP lockout (5 failures in 300 s → blocked, Retry-After, reset on success) and the
// client address it is keyed on (X-Forwarded-For honoured only through trusted proxies).

let store: BackendHandle;
beforeEach(() => {
  store = openBackendStore(':memory:');
  setBackendStoreForTests(store);
  vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-01T12:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
  setBackendStoreForTests(null);
  store.close();
});

const at = (seconds: number) => vi.setSystemTime(new Date(Date.parse('2026-03-01T12:00:00Z') + seconds * 1000));

describe('lockout', () => {
  it('blocks an address after 5 failures within 300 s, for 300 s after the last one', () => {
    for (let i = 0; i < 4; i++) expect(recordFailedAttempt('192.0.2.1')).toEqual({ blocked: false, attempts: i + 1 });
    at(100);
    expect(recordFailedAttempt('192.0.2.1')).toEqual({ blocked: true, attempts: 5, retryAfter: 300 });
    at(160);
    expect(lockoutStatus('192.0.2.1')).toEqual({ blocked: true, attempts: 5, retryAfter: 240 });
    expect(lockoutStatus('192.0.2.2')).toEqual({ blocked: false, attempts: 0 });
    at(400);
    expect(lockoutStatus('192.0.2.1')).toEqual({ blocked: false, attempts: 0 });
    expect(recordFailedAttempt('192.0.2.1')).toEqual({ blocked: false, attempts: 1 });
  });

  it('forgets failures older than the window and resets on success', () => {
    for (let i = 0; i < 4; i++) recordFailedAttempt('192.0.2.3');
    at(301);
    expect(recordFailedAttempt('192.0.2.3')).toEqual({ blocked: false, attempts: 1 });
    for (let i = 0; i < 3; i++) recordFailedAttempt('192.0.2.3');
    resetFailedAttempts('192.0.2.3');
    expect(lockoutStatus('192.0.2.3')).toEqual({ blocked: false, attempts: 0 });
    expect(store.db.select().from(authLockouts).all()).toEqual([]);
  });
});

describe('client address', () => {
  const headers = (values: Record<string, string>) => new Headers(values);

  it('normalizes addresses', () => {
    expect(normalizeIp('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(normalizeIp('192.0.2.7:51234')).toBe('192.0.2.7');
    expect(normalizeIp('[2001:DB8::1]:443')).toBe('2001:db8::1');
    expect(normalizeIp('not-an-ip')).toBeNull();
  });

  it('uses the peer Next recorded (the single X-Forwarded-For hop) and ignores spoofed hops from an untrusted peer', () => {
    const none = parseTrustedProxies('');
    expect(clientIp(headers({ 'x-forwarded-for': '203.0.113.5' }), none)).toBe('203.0.113.5');
    expect(clientIp(headers({ 'x-forwarded-for': '1.1.1.1, 2.2.2.2, 203.0.113.5' }), none)).toBe('203.0.113.5');
    expect(clientIp(headers({ 'x-forwarded-for': 'garbage, 203.0.113.5' }), none)).toBe('203.0.113.5');
    expect(clientIp(headers({ 'x-forwarded-for': '203.0.113.5, garbage' }), none)).toBe('invalid:garbage');
  });

  it('walks past trusted proxies (IPs and CIDRs) to the first untrusted hop', () => {
    const trusted = parseTrustedProxies('10.0.0.0/8, 192.168.1.1, fd00::/8, bogus/99');
    expect(clientIp(headers({ 'x-forwarded-for': '198.51.100.7, 10.0.0.2' }), trusted)).toBe('198.51.100.7');
    expect(clientIp(headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.7, 192.168.1.1, 10.1.2.3' }), trusted)).toBe(
      '198.51.100.7',
    );
    expect(clientIp(headers({ 'x-forwarded-for': '198.51.100.8, fd00::5' }), trusted)).toBe('198.51.100.8');
    expect(clientIp(headers({ 'x-forwarded-for': '10.0.0.9, 10.0.0.2' }), trusted)).toBe('10.0.0.9');
  });

  it('falls back to X-Real-IP, then a shared bucket, when no X-Forwarded-For exists', () => {
    const none = parseTrustedProxies(undefined);
    expect(clientIp(headers({ 'x-real-ip': '203.0.113.77' }), none)).toBe('203.0.113.77');
    expect(clientIp(headers({}), none)).toBe('unknown');
  });
});
