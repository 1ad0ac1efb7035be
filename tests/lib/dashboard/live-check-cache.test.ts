import { describe, expect, it } from 'vitest';
import { createLiveCheckCache } from '@/lib/dashboard/live-check-cache';

const endpoint = (id: number, updated = '2026-01-01T00:00:00Z', enabled = true) => ({
  id,
  lastUpdated: new Date(updated),
  enabled,
});

describe('live check cache', () => {
  it('serves a fresh result, then the stale one while one refresh runs, then the refreshed one', async () => {
    let calls = 0;
    let release: (() => void) | null = null;
    const cache = createLiveCheckCache(async (e: { id: number }, ctx: string) => {
      calls += 1;
      if (calls === 2) await new Promise<void>((resolve) => (release = resolve));
      return `${ctx}:${e.id}:${calls}`;
    });
    expect(await cache.get(endpoint(1), 'a', 1000, 0)).toBe('a:1:1');
    expect(await cache.get(endpoint(1), 'a', 1000, 999)).toBe('a:1:1');
    expect(calls).toBe(1);
    // Expired: the stale result comes back at once while exactly one refresh runs.
    expect(await cache.get(endpoint(1), 'b', 1000, 1000)).toBe('a:1:1');
    expect(await cache.get(endpoint(1), 'b', 1000, 1001)).toBe('a:1:1');
    expect(calls).toBe(2);
    release!();
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(await cache.get(endpoint(1), 'b', 1000, 1002)).toBe('b:1:2');
  });

  it('checks again at once when the endpoint was edited or toggled, and forgets deleted ones', async () => {
    let calls = 0;
    const cache = createLiveCheckCache(
      async (e: { id: number; enabled: boolean }) => `${e.id}:${e.enabled}:${++calls}`,
    );
    expect(await cache.get(endpoint(1), null, 60_000, 0)).toBe('1:true:1');
    expect(await cache.get(endpoint(1, '2026-01-02T00:00:00Z'), null, 60_000, 1)).toBe('1:true:2');
    expect(await cache.get(endpoint(1, '2026-01-02T00:00:00Z', false), null, 60_000, 2)).toBe('1:false:3');
    expect(await cache.get(endpoint(2), null, 60_000, 3)).toBe('2:true:4');
    cache.retain([2]);
    expect(await cache.get(endpoint(1, '2026-01-02T00:00:00Z', false), null, 60_000, 4)).toBe('1:false:5');
    expect(await cache.get(endpoint(2), null, 60_000, 5)).toBe('2:true:4');
  });
});
