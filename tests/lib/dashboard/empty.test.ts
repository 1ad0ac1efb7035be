import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupsPerDay, guestsWithoutRecentBackup } from '@/lib/dashboard/backups';
import { recentChanges } from '@/lib/dashboard/changes';
import { clearHealthCache, probeEndpoints } from '@/lib/dashboard/endpoint-health';
import { loadEstateSummary } from '@/lib/dashboard/estate';
import { aggregateStorage } from '@/lib/dashboard/storage-usage';
import { loadSyncStatus } from '@/lib/dashboard/sync-status';
import type { Actor } from '@/lib/data/actor';
import { AppError } from '@/lib/data/errors';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

const actor = { kind: 'apikey', keyId: 'k1', description: 'read', role: 'viewer' } as const;
const now = new Date('2026-03-01T12:00:00Z');

beforeAll(async () => {
  await openTestDatabase();
  clearHealthCache();
});
afterAll(() => closeTestDatabase());

describe(`dashboard on an empty inventory (${testDriver})`, () => {
  it('gives zeros and empty lists, not errors', async () => {
    const zero = { running: 0, stopped: 0 };
    expect(await loadEstateSummary(actor)).toEqual({
      endpoints: [],
      nodes: [],
      totals: { endpoints: 0, clusters: 0, nodesOnline: 0, nodesOffline: 0, guests: { qemu: zero, lxc: zero } },
    });
    expect(await guestsWithoutRecentBackup(actor, now, 7)).toEqual({
      count: 0,
      since: '2026-02-22T12:00:00.000Z',
      first: [],
    });
    expect(await loadSyncStatus(actor, now)).toEqual({ last: null, next: null });
    expect(await recentChanges(actor)).toEqual([]);
    expect(await probeEndpoints(actor)).toEqual([]);
  });

  it('zero-fills the 30 UTC days ending today, across a month end', async () => {
    const days = await backupsPerDay(actor, now, 30);
    expect(days).toHaveLength(30);
    expect(days.every((d) => d.count === 0)).toBe(true);
    expect(days[0].day).toBe('2026-01-31');
    expect(days[1].day).toBe('2026-02-01');
    expect(days[29].day).toBe('2026-03-01');
  });

  it('refuses a call without an actor', async () => {
    await expect(loadEstateSummary(null as unknown as Actor)).rejects.toBeInstanceOf(AppError);
    await expect(probeEndpoints(undefined as unknown as Actor)).rejects.toMatchObject({ code: 'unauthenticated' });
  });
});

describe('storage aggregation', () => {
  it('counts a shared pool once, sums local pools over nodes, and skips non-storage and unknown entries', () => {
    const resources = [
      {
        type: 'storage',
        storage: 'nfs',
        node: 'a',
        shared: 1,
        plugintype: 'nfs',
        status: 'available',
        disk: 100,
        maxdisk: 1000,
      },
      {
        type: 'storage',
        storage: 'nfs',
        node: 'b',
        shared: 1,
        plugintype: 'nfs',
        status: 'available',
        disk: 100,
        maxdisk: 1000,
      },
      {
        type: 'storage',
        storage: 'local',
        node: 'a',
        shared: 0,
        plugintype: 'dir',
        status: 'available',
        disk: 5,
        maxdisk: 50,
      },
      {
        type: 'storage',
        storage: 'local',
        node: 'b',
        shared: 0,
        plugintype: 'dir',
        status: 'available',
        disk: '7',
        maxdisk: '70',
      },
      { type: 'storage', storage: 'local', node: 'c', shared: 0, plugintype: 'dir', status: 'unknown' },
      { type: 'node', node: 'a', disk: 1, maxdisk: 2 },
      'garbage',
    ];
    expect(aggregateStorage(resources)).toEqual([
      { storage: 'local', type: 'dir', shared: false, used: 12, total: 120, nodesReporting: 2, nodesUnknown: 1 },
      { storage: 'nfs', type: 'nfs', shared: true, used: 100, total: 1000, nodesReporting: 2, nodesUnknown: 0 },
    ]);
    expect(aggregateStorage({ not: 'a list' })).toEqual([]);
  });
});
