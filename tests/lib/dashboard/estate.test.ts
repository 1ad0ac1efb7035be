import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import type { EstateCluster, Simulator } from '@/simulators/proxmox';
import { startSimulator } from '@/simulators/proxmox';
import { runSync } from '@/lib/sync/engine';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { backupsPerDay, guestsWithoutRecentBackup, windowStart } from '@/lib/dashboard/backups';
import { recentChanges } from '@/lib/dashboard/changes';
import { loadEstateSummary, type EstateSummary } from '@/lib/dashboard/estate';
import { loadSyncStatus } from '@/lib/dashboard/sync-status';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// Every expected figure is computed from the simulator's estate (what Proxmox holds), never from
// the inventory the dashboard reads, so a wrong GROUP BY or join cannot agree with itself.

const DAY = 86_400_000;
const actor = { kind: 'user', userId: 1, username: 'viewer', role: 'viewer' } as const;
let handle: DatabaseHandle;
let sim: Simulator;
let endpointIds: number[];
let now: Date;

const cpus = (g: EstateCluster['guests'][number]) => (g.type === 'qemu' ? g.cores * g.sockets : g.cores);

function expectedGuests(c: EstateCluster) {
  const of = (type: string, running: boolean) =>
    c.guests.filter((g) => g.type === type && (g.status === 'running') === running).length;
  return {
    qemu: { running: of('qemu', true), stopped: of('qemu', false) },
    lxc: { running: of('lxc', true), stopped: of('lxc', false) },
  };
}

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 11, clusters: 2, nodesPerCluster: 3, guests: 36, tls: true, version: '8.2' });
  endpointIds = await registerEndpoints(handle.db, { kind: 'system' }, sim.clusters);
  now = new Date(sim.estate.now * 1000 + 3_600_000);
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

describe(`dashboard aggregates of a synced estate (${testDriver})`, () => {
  let summary: EstateSummary;

  it('counts clusters with quorum, every node and guests by type and state per endpoint', async () => {
    const outcome = await runSync(handle.db, { requestedBy: 'test' });
    expect(outcome.status).toBe('completed');
    summary = await loadEstateSummary(actor);
    expect(summary.endpoints.map((e) => e.id)).toEqual(endpointIds);
    sim.estate.clusters.forEach((c, i) => {
      const e = summary.endpoints[i];
      expect(
        e.clusters.map((x) => ({ name: x.name, mode: x.mode, quorate: x.quorate, nodesCount: x.nodesCount })),
      ).toEqual([{ name: c.name, mode: 'cluster', quorate: true, nodesCount: 3 }]);
      expect(e.nodes).toEqual({ online: 3, offline: 0 });
      expect(e.guests).toEqual(expectedGuests(c));
    });
    const all = sim.estate.clusters.flatMap((c) => c.guests);
    expect(
      summary.totals.guests.qemu.running +
        summary.totals.guests.qemu.stopped +
        summary.totals.guests.lxc.running +
        summary.totals.guests.lxc.stopped,
    ).toBe(all.length);
    expect(summary.totals).toMatchObject({ endpoints: 2, clusters: 2, nodesOnline: 6, nodesOffline: 0 });
  });

  it('gives per node the guests running/stopped and the vCPUs and memory allocated against capacity', () => {
    const expected = sim.estate.clusters.flatMap((c, i) =>
      c.nodes.map((n) => {
        const guests = c.guests.filter((g) => g.node === n.name);
        const running = guests.filter((g) => g.status === 'running');
        return {
          name: n.name,
          endpointId: endpointIds[i],
          online: true,
          maxCpu: n.cpus,
          maxMemoryBytes: n.memTotal,
          guests: { running: running.length, stopped: guests.length - running.length },
          vcpus: { all: guests.reduce((s, g) => s + cpus(g), 0), running: running.reduce((s, g) => s + cpus(g), 0) },
          memoryMiB: {
            all: guests.reduce((s, g) => s + g.memoryMiB, 0),
            running: running.reduce((s, g) => s + g.memoryMiB, 0),
          },
        };
      }),
    );
    expect(summary.nodes.map(({ id: _id, ...rest }) => rest)).toEqual(expected);
  });

  it('counts backups per UTC day over 30 days, zero-filled, oldest first', async () => {
    const days = await backupsPerDay(actor, now, 30);
    const start = windowStart(now, 30).getTime();
    expect(days).toHaveLength(30);
    expect(days[0].day).toBe(new Date(start).toISOString().slice(0, 10));
    expect(days[29].day).toBe(now.toISOString().slice(0, 10));
    const expected = days.map(
      (_, i) =>
        sim.estate.clusters
          .flatMap((c) => c.backups)
          .filter((b) => b.ctime * 1000 >= start + i * DAY && b.ctime * 1000 < start + (i + 1) * DAY).length,
    );
    expect(days.map((d) => d.count)).toEqual(expected);
    expect(expected.reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
  });

  it('names the synced guests without a backup in the last 7 days, first five by name', async () => {
    const since = now.getTime() - 7 * DAY;
    const lacking = sim.estate.clusters.flatMap((c) =>
      c.guests.filter((g) => !c.backups.some((b) => b.vmid === g.vmid && b.ctime * 1000 >= since)).map((g) => g.name),
    );
    const result = await guestsWithoutRecentBackup(actor, now, 7, 5);
    expect(result.count).toBe(lacking.length);
    expect(result.count).toBeGreaterThan(0);
    expect(result.since).toBe(new Date(since).toISOString());
    expect(result.first.map((g) => g.name)).toEqual([...lacking].sort().slice(0, 5));
    // With a window reaching before the oldest backup, only guests never backed up remain.
    const never = sim.estate.clusters.flatMap((c) => c.guests.filter((g) => !c.backups.some((b) => b.vmid === g.vmid)));
    expect((await guestsWithoutRecentBackup(actor, now, 3650)).count).toBe(never.length);
  });

  it('reports the last sync run with its duration and summed counts, and no next run while scheduling is off', async () => {
    const [job] = await handle.db.select().from(schema.syncJobs).orderBy(schema.syncJobs.id);
    const status = await loadSyncStatus(actor, now);
    expect(status.next).toBeNull();
    expect(status.last).toMatchObject({
      id: job.id,
      status: 'completed',
      kind: 'full',
      errorCount: 0,
      failedCount: 0,
      deletedCount: 0,
      updatedCount: 0,
      error: null,
    });
    expect(status.last!.durationMs).toBe(job.finishedAt!.getTime() - job.startedAt!.getTime());
    const createdVms = await handle.db.$count(schema.virtualMachines);
    expect(status.last!.createdCount).toBe(Object.values(job.summary).reduce((n, s) => n + s.created, 0));
    expect(status.last!.createdCount).toBeGreaterThanOrEqual(createdVms);
    // A later preview wrote nothing: the last sync stays the run that did.
    const [preview] = await handle.db
      .insert(schema.syncJobs)
      .values({
        kind: 'full',
        stages: ['devices'],
        endpointIds,
        requestedBy: 'test',
        status: 'completed',
        dryRun: true,
        summary: { devices: { created: 5, updated: 0, deleted: 0, unchanged: 0, failed: 0, durationMs: 1 } },
      })
      .returning();
    expect((await loadSyncStatus(actor, now)).last!.id).toBe(job.id);
    await handle.db.delete(schema.syncJobs).where(eq(schema.syncJobs.id, preview.id));

    await handle.db.update(schema.proxboxPluginSettings).set({ syncEnabled: true, syncInterval: 60 });
    const slot = Math.floor(now.getTime() / 3_600_000) * 3_600_000;
    expect((await loadSyncStatus(actor, now)).next).toBe(now.toISOString());
    await handle.db.insert(schema.syncScheduleSlots).values({ slotStart: new Date(slot), claimedBy: 'test' });
    expect((await loadSyncStatus(actor, now)).next).toBe(new Date(slot + 3_600_000).toISOString());
    await handle.db.update(schema.proxboxPluginSettings).set({ syncEnabled: false });
  });

  it('lists the ten latest changes newest first, linking live objects and the entries of deleted ones', async () => {
    const changes = await recentChanges(actor, 10);
    expect(changes).toHaveLength(10);
    const latest = await handle.db
      .select()
      .from(schema.objectChanges)
      .orderBy(schema.objectChanges.time, schema.objectChanges.id);
    const expectedIds = latest
      .map((c) => c.id)
      .reverse()
      .slice(0, 10);
    expect(changes.map((c) => c.id)).toEqual(expectedIds);
    const vmChange = latest.find((c) => c.changedObjectType === 'virtualization.virtualmachine')!;
    const [deleted] = await handle.db
      .insert(schema.objectChanges)
      .values({
        userName: 'viewer',
        requestId: 'r1',
        action: 'delete',
        changedObjectType: 'virtualization.virtualmachine',
        changedObjectId: 999_999,
        objectRepr: 'gone-vm',
        time: new Date(Date.now() + 1000),
      })
      .returning();
    const [updated] = await handle.db
      .insert(schema.objectChanges)
      .values({
        userName: 'viewer',
        requestId: 'r2',
        action: 'update',
        changedObjectType: vmChange.changedObjectType,
        changedObjectId: vmChange.changedObjectId,
        objectRepr: vmChange.objectRepr,
        time: new Date(Date.now() + 2000),
      })
      .returning();
    const [first, second] = await recentChanges(actor, 2);
    expect(first).toEqual({
      id: updated.id,
      time: updated.time.toISOString(),
      userName: 'viewer',
      action: 'update',
      modelLabel: 'Virtual machine',
      objectRepr: vmChange.objectRepr,
      href: `/virtual-machines/${vmChange.changedObjectId}`,
    });
    expect(second).toMatchObject({
      id: deleted.id,
      action: 'delete',
      objectRepr: 'gone-vm',
      href: `/object-changes/${deleted.id}`,
    });
  });

  it('shows every node of a cluster when one is offline, keeping its guests counted (seed issue #455)', async () => {
    sim.faults.nodeOffline(0, 'pve1-node2', true);
    const outcome = await runSync(handle.db, { requestedBy: 'test' });
    expect(outcome.status).not.toBe('failed');
    const after = await loadEstateSummary(actor);
    expect(after.endpoints[0].nodes).toEqual({ online: 2, offline: 1 });
    expect(after.endpoints[1].nodes).toEqual({ online: 3, offline: 0 });
    expect(after.totals).toMatchObject({ nodesOnline: 5, nodesOffline: 1 });
    expect(after.nodes.filter((n) => !n.online).map((n) => n.name)).toEqual(['pve1-node2']);
    expect(after.endpoints[0].guests).toEqual(expectedGuests(sim.estate.clusters[0]));
    const offline = after.nodes.find((n) => n.name === 'pve1-node2')!;
    expect(offline.guests.running + offline.guests.stopped).toBe(
      sim.estate.clusters[0].guests.filter((g) => g.node === 'pve1-node2').length,
    );
    sim.faults.nodeOffline(0, 'pve1-node2', false);
  }, 120_000);
});
