import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { and, count, eq, isNotNull, isNull } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { EventLog } from '@/lib/sync/jobs/run-store';
import { runSync } from '@/lib/sync/engine';
import { STAGE_RUNNERS } from '@/lib/sync/stages';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { TEST_NOW, simulatorClock, syncClock } from '../../helpers/clock';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let sim: Simulator;
const system = { kind: 'system' } as const;
const endpointIds: number[] = [];

const tables = {
  clusters: schema.proxmoxClusters,
  nodes: schema.proxmoxNodes,
  devices: schema.devices,
  storages: schema.proxmoxStorages,
  vms: schema.virtualMachines,
  disks: schema.virtualDisks,
  links: schema.proxmoxStorageVirtualDisks,
  nics: schema.vmInterfaces,
  ips: schema.ipAddresses,
  backups: schema.vmBackups,
  snapshots: schema.vmSnapshots,
  tasks: schema.vmTaskHistories,
  replications: schema.replications,
  routines: schema.backupRoutines,
  changes: schema.objectChanges,
};

async function counts(): Promise<Record<keyof typeof tables, number>> {
  const out = {} as Record<keyof typeof tables, number>;
  for (const [name, table] of Object.entries(tables)) {
    const [{ n }] = await handle.db.select({ n: count() }).from(table);
    out[name as keyof typeof tables] = Number(n);
  }
  return out;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({
    seed: 7,
    clusters: 2,
    nodesPerCluster: 3,
    guests: 40,
    tls: true,
    version: '8.2',
    clock: simulatorClock,
  });
  endpointIds.push(...(await registerEndpoints(handle.db, system, sim.clusters)));
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

describe(`sync engine against the simulator (${testDriver})`, () => {
  it('first sync creates every object with its links, in every stage', async () => {
    const outcome = await runSync(handle.db, { requestedBy: 'test', clock: syncClock });
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(outcome.status).toBe('completed');
    const c = await counts();
    const guests = sim.estate.clusters.reduce((n, c) => n + c.guests.length, 0);
    expect(c.vms).toBe(guests);
    expect(c.clusters).toBe(2);
    expect(c.nodes).toBe(6);
    expect(c.devices).toBe(6);
    const estate = sim.estate.clusters;
    const sum = (of: (cl: (typeof estate)[number]) => number) => estate.reduce((n, cl) => n + of(cl), 0);
    expect(c.storages).toBe(sum((cl) => cl.storages.length));
    expect(c.backups).toBe(sum((cl) => cl.backups.length));
    expect(c.snapshots).toBe(sum((cl) => cl.guests.reduce((n, g) => n + g.snapshots.length, 0)));
    expect(c.nics).toBe(sum((cl) => cl.guests.reduce((n, g) => n + g.nics.length, 0)));
    expect(c.replications).toBe(sum((cl) => cl.replication.length));
    expect(c.routines).toBe(sum((cl) => cl.backupJobs.length));
    expect([c.storages, c.backups, c.snapshots, c.nics, c.replications, c.routines]).toEqual([10, 87, 31, 53, 7, 8]);
    // Exact for seed 7: 94 virtual disks, each linked to its storage, and 53 IP addresses.
    expect([c.disks, c.links, c.ips]).toEqual([94, 94, 53]);
    // The finished tasks of the 30-day window (the default setting) that ends at the run's clock:
    // 339 of the estate's 347 finished tasks.
    const since = TEST_NOW.getTime() / 1000 - 30 * 86400;
    const finished = sim.estate.clusters
      .flatMap((cl) => cl.nodes.flatMap((n) => n.tasks))
      .filter((t) => t.status !== undefined);
    expect([finished.length, finished.filter((t) => t.starttime >= since).length]).toEqual([347, 339]);
    expect(c.tasks).toBe(339);
    const [unlinkedNodes] = await handle.db
      .select({ n: count() })
      .from(schema.proxmoxNodes)
      .where(isNull(schema.proxmoxNodes.netboxDeviceId));
    expect(Number(unlinkedNodes.n)).toBe(0);
    const linkedClusters = await handle.db
      .select()
      .from(schema.proxmoxClusters)
      .where(isNotNull(schema.proxmoxClusters.netboxClusterId));
    expect(linkedClusters).toHaveLength(2);
    const job = (await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, outcome.jobId)))[0];
    expect(job.status).toBe('completed');
    expect(job.proxmoxRequests).toBe(sim.requestCount());
    const complete = await handle.db
      .select()
      .from(schema.syncEvents)
      .where(and(eq(schema.syncEvents.jobId, outcome.jobId), eq(schema.syncEvents.event, 'complete')));
    expect(complete).toHaveLength(1);
  }, 120_000);

  it('a second sync with no change in Proxmox writes nothing and logs no change', async () => {
    const before = await counts();
    const outcome = await runSync(handle.db, { requestedBy: 'test', clock: syncClock });
    expect(outcome.status).toBe('completed');
    for (const stage of Object.values(outcome.counts)) {
      expect(stage.created + stage.updated + stage.deleted).toBe(0);
    }
    expect(await counts()).toEqual(before);
  }, 120_000);

  it('fetches each resource once per run: one resources list per cluster, one config per guest, shared storage once', async () => {
    sim.resetCounters();
    const outcome = await runSync(handle.db, { requestedBy: 'test', clock: syncClock });
    const log = sim.requestLog().map((line) => line.replace(/^GET \/api2\/json/, '').replace(/\?.*$/, ''));
    const times = (re: RegExp) => log.filter((p) => re.test(p)).length;
    expect(outcome.proxmoxRequests).toBe(log.length);
    expect(times(/^\/cluster\/resources$/)).toBe(2);
    const guests = sim.estate.clusters.reduce((n, c) => n + c.guests.length, 0);
    expect(times(/^\/nodes\/[^/]+\/(qemu|lxc)\/\d+\/config$/)).toBe(guests);
    const configPaths = log.filter((p) => p.endsWith('/config'));
    expect(new Set(configPaths).size).toBe(configPaths.length);
    expect(times(/\/storage\/pbs\/content$/)).toBe(2);
    expect(times(/\/storage\/local\/content$/)).toBe(6);
    expect(times(/\/storage\/nfs-shared\/content$/)).toBe(0);
    expect(times(/\/tasks\/[^/]+\/status$/)).toBe(0);
    // Every guest's snapshot list: the config's `parent` does not say reliably which have some.
    expect(times(/\/snapshot$/)).toBe(guests);
  }, 120_000);

  it('a run whose progress events could not be stored ends completed_with_errors and says why', async () => {
    const flush = EventLog.prototype.flush;
    const lost = new Error('disk full');
    EventLog.prototype.flush = async function (this: EventLog) {
      await flush.call(this);
      this.failure ??= lost;
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const outcome = await runSync(handle.db, { requestedBy: 'test', clock: syncClock, stages: ['devices'] });
      expect(outcome.status).toBe('completed_with_errors');
      const [job] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, outcome.jobId));
      expect([job.status, job.error]).toEqual([
        'completed_with_errors',
        'Progress events could not be stored: Error: disk full',
      ]);
      expect(logged.mock.calls.filter((call) => call[1] === lost)).toHaveLength(1);
    } finally {
      logged.mockRestore();
      EventLog.prototype.flush = flush;
    }
  }, 120_000);

  it('a stage that throws unexpectedly is an error of the run, logged with its stack where the issue points', async () => {
    const original = STAGE_RUNNERS.replications;
    const bug = new TypeError('cannot read properties of undefined');
    STAGE_RUNNERS.replications = async () => {
      throw bug;
    };
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const outcome = await runSync(handle.db, {
        requestedBy: 'test',
        clock: syncClock,
        stages: ['devices', 'replications'],
      });
      expect(outcome.status).toBe('completed_with_errors');
      expect(outcome.issues.filter((i) => i.stage === 'replications').map((i) => i.severity)).toEqual(
        sim.clusters.map(() => 'error'),
      );
      expect(
        outcome.issues
          .filter((i) => i.stage === 'replications')
          .map((i) => [i.endpoint, i.stage, i.category, i.message, i.suggestion]),
      ).toEqual(
        sim.clusters.map((c) => [
          c.name,
          'replications',
          'internal',
          'cannot read properties of undefined',
          'See the server log for details.',
        ]),
      );
      expect(
        logged.mock.calls
          .filter((call) => call[1] === bug)
          .map((call) => String(call[0]).replace(/^sync sync-\d+-\w+: /, '')),
      ).toEqual(expect.arrayContaining(sim.clusters.map((c) => `${c.name}: stage replications failed:`)));
      expect(logged.mock.calls.filter((call) => call[1] === bug)).toHaveLength(sim.clusters.length);
    } finally {
      logged.mockRestore();
      STAGE_RUNNERS.replications = original;
    }
  }, 120_000);
});
