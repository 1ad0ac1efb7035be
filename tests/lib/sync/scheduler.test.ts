import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { proxboxPluginSettings, syncJobs, syncScheduleSlots } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { nextScheduledRun, schedulerTick, slotStart } from '@/lib/sync/scheduler';
import { registerEndpoints } from '@/lib/sync/register-endpoints';
import { startSimulator, type Simulator } from '@/lib/proxmox/simulator';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let sim: Simulator;
const T0 = new Date('2026-11-27T10:07:30Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);

async function settled(jobId: number): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const [job] = await handle.db.select().from(syncJobs).where(eq(syncJobs.id, jobId));
    if (job.status !== 'running') return job.status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('run did not finish');
}

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 4, clusters: 1, nodesPerCluster: 1, guests: 4, tls: true });
  await registerEndpoints(handle.db, { kind: 'system' }, sim.clusters);
  await ensureSettings(handle.db);
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

describe(`scheduled syncs (${testDriver})`, () => {
  it('aligns slots to the interval', () => {
    expect(slotStart(T0, 15).toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(slotStart(T0, 60).toISOString()).toBe('2026-11-27T10:00:00.000Z');
    expect(slotStart(minutes(8), 15).toISOString()).toBe('2026-11-27T10:15:00.000Z');
  });

  it('does nothing while scheduling is off', async () => {
    expect(await schedulerTick(handle.db, 'a', T0)).toBeNull();
    expect(await nextScheduledRun(handle.db, T0)).toBeNull();
    expect(await handle.db.select().from(syncScheduleSlots)).toEqual([]);
  });

  it('fires exactly one run per slot however many processes tick, and one run after downtime', async () => {
    await handle.db.update(proxboxPluginSettings).set({ syncEnabled: true, syncInterval: 15 });
    expect((await nextScheduledRun(handle.db, T0))?.toISOString()).toBe(T0.toISOString());
    const fired = await Promise.all([schedulerTick(handle.db, 'a', T0), schedulerTick(handle.db, 'b', T0), schedulerTick(handle.db, 'c', minutes(1))]);
    const jobs = fired.filter((id): id is number => id !== null);
    expect(jobs).toHaveLength(1);
    expect(await settled(jobs[0])).toBe('completed');
    expect((await nextScheduledRun(handle.db, minutes(2)))?.toISOString()).toBe('2026-11-27T10:15:00.000Z');
    expect(await schedulerTick(handle.db, 'a', minutes(5))).toBeNull();

    // Down for five slots: the first tick back starts one run, for the current slot only.
    const back = await schedulerTick(handle.db, 'a', minutes(80));
    expect(back).not.toBeNull();
    expect(await settled(back!)).toBe('completed');
    const slots = await handle.db.select().from(syncScheduleSlots);
    expect(slots.map((s) => s.slotStart.toISOString()).sort()).toEqual(['2026-11-27T10:00:00.000Z', '2026-11-27T11:15:00.000Z']);
    const [job] = await handle.db.select().from(syncJobs).where(eq(syncJobs.id, back!));
    expect(job.requestedBy).toBe('scheduler');
  }, 60_000);
});
