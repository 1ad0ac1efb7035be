import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { backupsPerDay } from '@/lib/dashboard/backups';
import { dataDb, inTransaction } from '@/lib/data/transaction';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// The per-day buckets at their edges: the window is the 30 UTC days ending with today (all of
// today), each bucket is [midnight, next midnight), and the session time zone plays no part.

const actor = { kind: 'user', userId: 1, username: 'viewer', role: 'viewer' } as const;
const now = new Date('2026-03-01T12:00:00Z');
let handle: DatabaseHandle;

const backupTimes = [
  '2026-01-30T23:59:59.999Z', // just before the window
  '2026-01-31T00:00:00.000Z', // its first instant: day 0
  '2026-02-01T00:00:00.000Z', // day 1, twice
  '2026-02-01T23:59:59.999Z',
  '2026-02-28T23:59:59.999Z', // day 28
  '2026-03-01T00:00:00.000Z', // today: day 29, also after `now`
  '2026-03-01T23:59:59.999Z',
  '2026-03-02T00:00:00.000Z', // tomorrow: outside
  null, // no creation time: never counted
];

function expectedCounts(): number[] {
  const counts = Array<number>(30).fill(0);
  counts[0] = 1;
  counts[1] = 2;
  counts[28] = 1;
  counts[29] = 2;
  return counts;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  const [endpoint] = await handle.db
    .insert(schema.proxmoxEndpoints)
    .values({ name: 'edge', domain: 'edge.example.test' })
    .returning();
  await handle.db.insert(schema.vmBackups).values(
    backupTimes.map((time, i) => ({
      proxmoxEndpointId: endpoint.id,
      volid: `local:backup/vzdump-qemu-${100 + i}.vma.zst`,
      creationTime: time ? new Date(time) : null,
    })),
  );
});
afterAll(() => closeTestDatabase());

describe(`backups per day at the window's edges (${testDriver})`, () => {
  it('counts each backup in its UTC day, from the first midnight to the end of today', async () => {
    const days = await backupsPerDay(actor, now, 30);
    expect(days.map((d) => d.count)).toEqual(expectedCounts());
    expect([days[0].day, days[1].day, days[28].day, days[29].day]).toEqual([
      '2026-01-31',
      '2026-02-01',
      '2026-02-28',
      '2026-03-01',
    ]);
  });

  it('gives the same buckets whatever the session time zone', async () => {
    const days = await inTransaction(async () => {
      await (await dataDb()).execute(sql`set local timezone = 'Pacific/Pago_Pago'`);
      return backupsPerDay(actor, now, 30);
    });
    expect(days.map((d) => d.count)).toEqual(expectedCounts());
    expect(days[0].day).toBe('2026-01-31');
  });

  it('shrinks to one day: today only', async () => {
    expect(await backupsPerDay(actor, now, 1)).toEqual([{ day: '2026-03-01', count: 2 }]);
  });
});
