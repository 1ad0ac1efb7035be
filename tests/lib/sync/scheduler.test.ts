import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { proxboxPluginSettings, syncJobs, syncScheduleSlots } from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { updateRecord } from '@/lib/data/records';
import { AppError } from '@/lib/data/errors';
import { nextScheduledRun, scheduleSummary, schedulerTick } from '@/lib/sync/jobs/scheduler';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let sim: Simulator;
let endpointIds: number[];
const T0 = new Date('2026-11-27T10:07:30Z');
const minutes = (m: number) => new Date(T0.getTime() + m * 60_000);
const system = { kind: 'system' } as const;

/** The final status of a job (queued and running are not final). */
async function settled(jobId: number): Promise<string> {
  for (let i = 0; i < 800; i++) {
    const [job] = await handle.db.select().from(syncJobs).where(eq(syncJobs.id, jobId));
    if (job.status !== 'running' && job.status !== 'queued') return job.status;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('run did not finish');
}

async function slots(): Promise<string[]> {
  return (await handle.db.select().from(syncScheduleSlots)).map((s) => s.slotStart.toISOString()).sort();
}

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 4, clusters: 2, nodesPerCluster: 1, guests: 4, tls: true });
  endpointIds = await registerEndpoints(handle.db, { kind: 'system' }, sim.clusters);
  await ensureSettings(handle.db);
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

describe(`scheduled syncs (${testDriver})`, () => {
  it('does nothing while scheduling is off', async () => {
    expect(await schedulerTick(handle.db, 'a', T0)).toBeNull();
    expect(await nextScheduledRun(handle.db, T0)).toBeNull();
    expect(await slots()).toEqual([]);
  });

  it('fires exactly one run per slot however many processes tick, and one run after downtime', async () => {
    await handle.db.update(proxboxPluginSettings).set({ syncEnabled: true, syncInterval: 15 });
    expect((await nextScheduledRun(handle.db, T0))?.toISOString()).toBe(T0.toISOString());
    const fired = await Promise.all([
      schedulerTick(handle.db, 'a', T0),
      schedulerTick(handle.db, 'b', T0),
      schedulerTick(handle.db, 'c', minutes(1)),
    ]);
    const jobs = fired.filter((id): id is number => id !== null);
    expect(jobs).toHaveLength(1);
    expect(await settled(jobs[0])).toBe('completed');
    expect((await nextScheduledRun(handle.db, minutes(2)))?.toISOString()).toBe('2026-11-27T10:15:00.000Z');
    expect(await schedulerTick(handle.db, 'a', minutes(5))).toBeNull();

    // Down for five slots: the first tick back queues one run, for the current slot only.
    const back = await schedulerTick(handle.db, 'a', minutes(80));
    expect(back).not.toBeNull();
    expect(await settled(back!)).toBe('completed');
    expect(await slots()).toEqual(['2026-11-27T10:00:00.000Z', '2026-11-27T11:15:00.000Z']);
    const [job] = await handle.db.select().from(syncJobs).where(eq(syncJobs.id, back!));
    expect([job.requestedBy, job.kind, job.endpointIds]).toEqual([
      'scheduler',
      'full',
      [...endpointIds].sort((a, b) => a - b),
    ]);
  }, 60_000);

  it('follows a cron expression: its last fire time is the slot, fired once; the next run is its next fire time', async () => {
    await handle.db.delete(syncScheduleSlots);
    await handle.db.update(proxboxPluginSettings).set({ syncCron: '0 3 * * *' });
    expect((await nextScheduledRun(handle.db, T0))?.toISOString()).toBe(T0.toISOString());
    const fired = await Promise.all([schedulerTick(handle.db, 'a', T0), schedulerTick(handle.db, 'b', minutes(60))]);
    const jobs = fired.filter((id): id is number => id !== null);
    expect(jobs).toHaveLength(1);
    expect(await settled(jobs[0])).toBe('completed');
    expect(await slots()).toEqual(['2026-11-27T03:00:00.000Z']);
    expect((await nextScheduledRun(handle.db, minutes(1)))?.toISOString()).toBe('2026-11-28T03:00:00.000Z');
    // Down over three fire times: one run, for the last one.
    const back = await schedulerTick(handle.db, 'a', new Date('2026-11-30T07:00:00Z'));
    expect(await settled(back!)).toBe('completed');
    expect(await slots()).toEqual(['2026-11-27T03:00:00.000Z', '2026-11-30T03:00:00.000Z']);
    const summary = await scheduleSummary(handle.db, new Date('2026-11-30T07:00:00Z'));
    expect(summary).toMatchObject({
      enabled: true,
      description: 'cron 0 3 * * * (UTC)',
      stages: 'all',
      endpoints: 'every enabled one',
      next: '2026-12-01T03:00:00.000Z',
      last: { slotStart: '2026-11-30T03:00:00.000Z', jobId: back },
    });
  }, 60_000);

  it('uses the interval unit, and runs only the scheduled stages and endpoints', async () => {
    await handle.db.delete(syncScheduleSlots);
    await handle.db.update(proxboxPluginSettings).set({
      syncCron: '',
      syncInterval: 2,
      syncIntervalUnit: 'hours',
      syncStages: 'storage, devices',
      syncEndpoints: String(endpointIds[1]),
    });
    const jobId = await schedulerTick(handle.db, 'a', T0);
    expect(await settled(jobId!)).toBe('completed');
    const [job] = await handle.db.select().from(syncJobs).where(eq(syncJobs.id, jobId!));
    expect([job.kind, job.stages, job.endpointIds]).toEqual(['stage', ['devices', 'storage'], [endpointIds[1]]]);
    expect(await slots()).toEqual(['2026-11-27T10:00:00.000Z']);
    expect((await nextScheduledRun(handle.db, T0))?.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(await scheduleSummary(handle.db, T0)).toMatchObject({
      description: 'every 2 hours',
      intervalMinutes: 120,
      stages: 'devices, storage',
      endpoints: `#${endpointIds[1]}`,
    });
  }, 60_000);

  it('rejects an invalid cron expression on save and changes nothing', async () => {
    const [before] = await handle.db.select().from(proxboxPluginSettings);
    const error = await updateRecord(system, 'settings', before.id, {
      syncCron: '0 25 * * *',
      syncStages: 'devices, everything',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).fieldErrors).toEqual({
      syncCron: ['Invalid cron expression: Constraint error, got value 25 expected range 0-23.'],
      syncStages: [
        'Unknown choice(s): everything. Choose from: devices, storage, virtual-machines, task-history, vm-disks, vm-backups, vm-snapshots, network-interfaces, vm-interfaces, ip-addresses, replications, backup-routines, netbox-push.',
      ],
    });
    const [after] = await handle.db.select().from(proxboxPluginSettings);
    expect(after).toEqual(before);
    const saved = await updateRecord(system, 'settings', before.id, { syncCron: '30 2 * * *' });
    expect(saved.syncCron).toBe('30 2 * * *');
  });

  it('stores the picked stages and endpoints as canonical text and rejects unknown endpoint ids', async () => {
    const [before] = await handle.db.select().from(proxboxPluginSettings);
    const missing = Math.max(...endpointIds) + 1000;
    const bad = await updateRecord(system, 'settings', before.id, {
      syncStages: ['vm-disks'],
      syncEndpoints: [String(endpointIds[0]), String(missing)],
    }).catch((e: unknown) => e);
    expect((bad as AppError).fieldErrors).toEqual({
      syncEndpoints: [`Select valid choices: no proxmox endpoint with id ${missing}.`],
    });
    const malformed = await updateRecord(system, 'settings', before.id, { syncEndpoints: '1, x, -2' }).catch(
      (e: unknown) => e,
    );
    expect((malformed as AppError).fieldErrors).toEqual({
      syncEndpoints: ['Object ids must be positive whole numbers (not: x, -2).'],
    });
    expect((await handle.db.select().from(proxboxPluginSettings))[0]).toEqual(before);

    // Form input (lists) and API input (text) end up in the same canonical, comma-separated form.
    const [a, b] = endpointIds;
    const saved = await updateRecord(system, 'settings', before.id, {
      syncStages: ['vm-disks', 'devices', 'devices'],
      syncEndpoints: [String(b), String(a)],
    });
    expect([saved.syncStages, saved.syncEndpoints]).toEqual(['devices, vm-disks', `${a}, ${b}`]);
    expect((saved.syncEndpointsRefs as { display: string }[]).map((r) => r.display)).toEqual(
      sim.clusters.map((c) => c.name),
    );
    expect(await scheduleSummary(handle.db, T0)).toMatchObject({
      stages: 'devices, vm-disks',
      endpoints: `#${a}, #${b}`,
    });
    const text = await updateRecord(system, 'settings', before.id, {
      syncStages: ' storage ,devices',
      syncEndpoints: '',
    });
    expect([text.syncStages, text.syncEndpoints, text.syncEndpointsRefs]).toEqual(['devices, storage', '', []]);

    // An id left behind by a deleted endpoint shows as missing but does not block other edits.
    await handle.db.update(proxboxPluginSettings).set({ syncEndpoints: `${a}, ${missing}` });
    const other = await updateRecord(system, 'settings', before.id, { syncInterval: 3 });
    expect([
      other.syncInterval,
      other.syncEndpoints,
      (other.syncEndpointsRefs as { id: number }[]).map((r) => r.id),
    ]).toEqual([3, `${a}, ${missing}`, [a]]);
  });
});
