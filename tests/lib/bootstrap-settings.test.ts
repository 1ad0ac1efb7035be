import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxboxPluginSettings } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { closeTestDatabase, openTestDatabase, testDriver } from '../helpers/db';

let handle: DatabaseHandle;
beforeAll(async () => {
  handle = await openTestDatabase();
});
afterAll(closeTestDatabase);

describe(`settings singleton (${testDriver})`, () => {
  it('is created once with the seed defaults, even when bootstrapped concurrently', async () => {
    await Promise.all([ensureSettings(handle.db), ensureSettings(handle.db), ensureSettings(handle.db)]);
    const rows = await handle.db.select().from(proxboxPluginSettings);
    expect(rows).toHaveLength(1);
    const [s] = rows;
    expect([
      s.syncEnabled,
      s.syncInterval,
      s.proxboxFetchMaxConcurrency,
      s.proxmoxTimeout,
      s.primaryIpPreference,
      s.staleVmPolicy,
      s.deleteOrphans,
    ]).toEqual([false, 60, 8, 5, 'ipv4', 'mark', false]);
    expect(s.overwriteVmTags).toBe(true);
    expect(s.proxmoxRetryBackoff).toBe(0.5);
  });
});
