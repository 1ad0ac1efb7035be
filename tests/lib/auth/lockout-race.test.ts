import { systemActor } from '@/lib/data/actor';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import { authLockouts } from '@/db/backend/schema';
import * as metricsRoute from '@/app/metrics/route';
import * as status from '@/app/api/status/route';
import { clearApiKeyCache, createApiKey } from '@/lib/auth/api-keys';
import { clearAllLockouts, clearLockout, listLockouts, lockoutBucket, lockoutStatus } from '@/lib/auth/lockout';
import { AppError } from '@/lib/data/errors';
import { call, releaseStore, useFreshStore } from '../backend/helpers';

// The API-key lockout cannot be raced: each attempt is counted before its key is checked, so a
// burst of wrong keys from one address (one IPv6 /64) gets at most 5 answers other than 429.

let store: BackendHandle;
let key: string;
/** The real key id with a wrong secret: every guess costs a real bcrypt comparison. */
let wrong: (i: number) => string;

beforeAll(async () => {
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'race' })).key;
  const keyId = key.split('_')[1];
  wrong = (i) => `pbx_${keyId}_${String(i).padStart(40, 'x')}`;
});
afterAll(() => releaseStore(store));
beforeEach(() => {
  store.db.delete(authLockouts).run();
  clearApiKeyCache();
});

const backend = (apiKey: string, ip: string) => call('GET', 'auth/keys', { key: apiKey, headers: { 'x-real-ip': ip } });
const netbox = (apiKey: string, ip: string) =>
  status.GET(
    new Request('http://proxbox.test/api/status/', { headers: { authorization: `Token ${apiKey}`, 'x-real-ip': ip } }),
  );
const statuses = async (replies: Promise<Response>[]) => (await Promise.all(replies)).map((r) => r.status);
const count = (list: number[], code: number) => list.filter((s) => s === code).length;

describe('API-key lockout under parallel attempts', () => {
  it('50 parallel wrong keys on the backend API: exactly 5 get 401, the rest 429', async () => {
    const codes = await statuses(Array.from({ length: 50 }, (_, i) => backend(wrong(i), '198.51.100.7')));
    expect([count(codes, 401), count(codes, 429)]).toEqual([5, 45]);
    expect(lockoutStatus('198.51.100.7')).toMatchObject({ blocked: true, attempts: 5 });
    // The right key from the blocked address is refused too, without being checked.
    expect((await backend(key, '198.51.100.7')).status).toBe(429);
  });

  it('50 parallel wrong keys on the NetBox-style API: exactly 5 get 403, the rest 429', async () => {
    const codes = await statuses(Array.from({ length: 50 }, (_, i) => netbox(wrong(i), '198.51.100.8')));
    expect([count(codes, 403), count(codes, 429)]).toEqual([5, 45]);
  });

  it('50 parallel wrong keys on /metrics: exactly 5 get 401, the rest 429 with the lockout body', async () => {
    const scrape = (apiKey: string) =>
      metricsRoute.GET(
        new Request('http://proxbox.test/metrics', {
          headers: { authorization: `Bearer ${apiKey}`, 'x-real-ip': '198.51.100.11' },
        }),
      );
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => scrape(wrong(i))));
    const codes = replies.map((r) => r.status);
    expect([count(codes, 401), count(codes, 429)]).toEqual([5, 45]);
    const refused = replies.find((r) => r.status === 429)!;
    expect(await refused.text()).toMatch(/^Too many failed authentication attempts\. Try again in \d+ seconds\.\n$/);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(290);
    // The lockout /metrics ran into is the APIs' one.
    expect((await backend(key, '198.51.100.11')).status).toBe(429);
  });

  it('the same wrong key 50 times at once shares one check yet still counts every answer', async () => {
    const codes = await statuses(Array.from({ length: 50 }, () => backend(wrong(1), '198.51.100.9')));
    expect([count(codes, 401), count(codes, 429)]).toEqual([5, 45]);
  });

  it('a burst of 20 requests with the right key from one address all pass and leave no count', async () => {
    const codes = await statuses(Array.from({ length: 20 }, () => backend(key, '198.51.100.10')));
    expect(codes).toEqual(new Array(20).fill(200));
    expect(lockoutStatus('198.51.100.10')).toEqual({ blocked: false, attempts: 0 });
  });

  it('IPv6 clients are counted per /64: rotating addresses inside it does not help, another /64 is separate', async () => {
    expect(lockoutBucket('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(lockoutBucket('2001:0db8:0001:0002:ffff:1:2:3')).toBe('2001:db8:1:2::/64');
    expect(lockoutBucket('192.0.2.1')).toBe('192.0.2.1');
    const codes = await statuses(Array.from({ length: 10 }, (_, i) => backend(wrong(i), `2001:db8:1:2::${i + 1}`)));
    expect([count(codes, 401), count(codes, 429)]).toEqual([5, 5]);
    expect((await backend(wrong(99), '2001:db8:1:2:abcd:ef01:2345:6789')).status).toBe(429);
    expect((await backend(wrong(98), '2001:db8:1:3::1')).status).toBe(401);
  });
});

describe('lockout administration', () => {
  const admin = { kind: 'user', userId: 1, username: 'admin', role: 'admin' } as const;
  const viewer = { kind: 'user', userId: 2, username: 'viewer', role: 'viewer' } as const;

  it('lists and clears buckets for admins only', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-01T12:00:00Z') });
    await statuses(Array.from({ length: 6 }, (_, i) => backend(wrong(i), '2001:db8:9:9::1')));
    await backend(wrong(7), '192.0.2.50');
    vi.setSystemTime(new Date('2026-03-01T12:00:10Z'));
    const list = listLockouts(admin);
    expect(list.map((l) => [l.address, l.attempts, l.blockedForSeconds])).toEqual([
      ['2001:db8:9:9::/64', 5, 290],
      ['192.0.2.50', 1, null],
    ]);
    expect(() => listLockouts(viewer)).toThrow(AppError);
    expect(() => clearLockout(viewer, '192.0.2.50')).toThrow('Only administrators may see or clear lockouts.');
    expect(clearLockout(admin, '2001:db8:9:9::77')).toBe(true);
    expect(lockoutStatus('2001:db8:9:9::1')).toEqual({ blocked: false, attempts: 0 });
    expect(clearLockout(admin, '2001:db8:9:9::/64')).toBe(false);
    expect(clearAllLockouts(admin)).toBe(1);
    expect(listLockouts(admin)).toEqual([]);
    vi.useRealTimers();
  });
});
