import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { createRecord, updateRecord } from '@/lib/data/records';
import { runSync } from '@/lib/sync/engine';
import { markInterruptedRuns } from '@/lib/sync/jobs/run-store';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let sim: Simulator;
let endpointIds: number[];
const system = { kind: 'system' } as const;
const sync = () => runSync(handle.db, { requestedBy: 'test' });

async function vmOf(cluster: number, vmid: number) {
  const [vm] = await handle.db
    .select()
    .from(schema.virtualMachines)
    .where(
      and(eq(schema.virtualMachines.proxmoxEndpointId, endpointIds[cluster]), eq(schema.virtualMachines.vmid, vmid)),
    );
  return vm;
}

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 11, clusters: 2, nodesPerCluster: 3, guests: 30, tls: true });
  endpointIds = await registerEndpoints(handle.db, system, sim.clusters);
  const first = await sync();
  expect(first.issues.filter((i) => i.severity === 'error')).toEqual([]);
}, 120_000);
afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});
beforeEach(() => sim.faults.clear());

describe(`sync reflects changes in Proxmox (${testDriver})`, () => {
  it('keeps the same vmid in two clusters as two VMs, and the same name apart per cluster', async () => {
    const shared = sim.estate.clusters[0].guests.find((g) =>
      sim.estate.clusters[1].guests.some((h) => h.vmid === g.vmid),
    )!;
    const [a, b] = [await vmOf(0, shared.vmid), await vmOf(1, shared.vmid)];
    expect(a.id).not.toBe(b.id);
    expect(a.clusterId).not.toBe(b.clusterId);
  });

  it('renames, migrates, adds and removes guests; a re-sync then writes nothing', async () => {
    const [g1, g2, g3] = sim.estate.clusters[0].guests;
    sim.mutate.renameGuest(0, g1.vmid, 'renamed-in-proxmox');
    const target = sim.estate.clusters[0].nodes.find((n) => n.name !== g2.node)!.name;
    sim.mutate.migrateGuest(0, g2.vmid, target);
    const added = sim.mutate.addGuest(0, { name: 'brand-new' });
    sim.mutate.removeGuest(0, g3.vmid);
    const outcome = await sync();
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect((await vmOf(0, g1.vmid)).name).toBe('renamed-in-proxmox');
    const migrated = await vmOf(0, g2.vmid);
    expect(migrated.proxmoxNode).toBe(target);
    const [device] = await handle.db.select().from(schema.devices).where(eq(schema.devices.id, migrated.deviceId!));
    expect(device.name).toBe(target);
    expect((await vmOf(0, added.vmid)).name).toBe('brand-new');
    const gone = await vmOf(0, g3.vmid);
    expect(gone.status).toBe('offline');
    const staleTag = await handle.db
      .select()
      .from(schema.taggedItems)
      .innerJoin(schema.tags, eq(schema.tags.id, schema.taggedItems.tagId))
      .where(and(eq(schema.tags.slug, 'proxbox-stale'), eq(schema.taggedItems.objectId, gone.id)));
    expect(staleTag).toHaveLength(1);
    const again = await sync();
    for (const c of Object.values(again.counts)) expect(c.created + c.updated + c.deleted).toBe(0);
  }, 60_000);

  it('keeps a destroyed VM (stale) apart from a new container that reuses its vmid', async () => {
    const qemu = sim.estate.clusters[1].guests.find((g) => g.type === 'qemu' && g.vmid > 110)!;
    sim.mutate.removeGuest(1, qemu.vmid);
    sim.mutate.addGuest(1, { type: 'lxc', vmid: qemu.vmid, name: 'reused-vmid-ct' });
    await sync();
    const rows = await handle.db
      .select()
      .from(schema.virtualMachines)
      .where(
        and(eq(schema.virtualMachines.proxmoxEndpointId, endpointIds[1]), eq(schema.virtualMachines.vmid, qemu.vmid)),
      );
    expect(rows.map((r) => [r.guestType, r.status, r.name]).sort()).toEqual([
      ['lxc', 'active', 'reused-vmid-ct'],
      ['qemu', 'offline', qemu.name],
    ]);
  }, 60_000);

  it('keeps a name a user gave a VM instead of renaming it back', async () => {
    const g = sim.estate.clusters[1].guests[0];
    const vm = await vmOf(1, g.vmid);
    await updateRecord(system, 'virtual-machines', vm.id, { name: 'my-own-name' });
    sim.mutate.renameGuest(1, g.vmid, 'proxmox-side-name');
    await sync();
    const after = await vmOf(1, g.vmid);
    expect(after.name).toBe('my-own-name');
    expect(after.proxmoxName).toBe('proxmox-side-name');
  }, 60_000);

  it('removes deleted backups and snapshots, and follows an IP change', async () => {
    const withSnap = sim.estate.clusters[0].guests.find((g) => g.snapshots.length > 0)!;
    const snap = withSnap.snapshots[0];
    const backup = sim.estate.clusters[0].backups[0];
    const ipGuest = sim.estate.clusters[0].guests.find((g) => g.status === 'running' && g.type === 'lxc')!;
    sim.mutate.deleteSnapshot(0, withSnap.vmid, snap.name);
    sim.mutate.deleteBackup(0, backup.volid);
    sim.mutate.changeIp(0, ipGuest.vmid, '10.250.0.9/24');
    await sync();
    const vm = await vmOf(0, withSnap.vmid);
    const snaps = await handle.db
      .select()
      .from(schema.vmSnapshots)
      .where(and(eq(schema.vmSnapshots.virtualMachineId, vm.id), eq(schema.vmSnapshots.name, snap.name)));
    expect(snaps).toHaveLength(0);
    const backups = await handle.db.select().from(schema.vmBackups).where(eq(schema.vmBackups.volid, backup.volid));
    expect(backups).toHaveLength(0);
    const ips = await handle.db
      .select()
      .from(schema.ipAddresses)
      .where(eq(schema.ipAddresses.address, '10.250.0.9/24'));
    expect(ips).toHaveLength(1);
    const nic = (
      await handle.db.select().from(schema.vmInterfaces).where(eq(schema.vmInterfaces.id, ips[0].assignedObjectId!))
    )[0];
    expect(nic.virtualMachineId).toBe((await vmOf(0, ipGuest.vmid)).id);
  }, 60_000);

  it('never takes over an address that belongs to something else', async () => {
    const running = sim.estate.clusters[0].guests.filter((x) => x.status === 'running' && x.type === 'lxc');
    const g = running[running.length - 1];
    await createRecord(system, 'ip-addresses', { address: '10.251.0.7/24', description: 'owned by a user' });
    sim.mutate.changeIp(0, g.vmid, '10.251.0.7/24');
    const outcome = await sync();
    expect(outcome.status).toBe('completed_with_errors');
    expect(outcome.issues.some((i) => i.category === 'conflict' && i.item === '10.251.0.7/24')).toBe(true);
    const rows = await handle.db
      .select()
      .from(schema.ipAddresses)
      .where(eq(schema.ipAddresses.address, '10.251.0.7/24'));
    expect(rows).toHaveLength(1);
    expect(rows[0].proxmoxEndpointId).toBeNull();
    expect(rows[0].assignedObjectId).toBeNull();
  }, 60_000);
});

describe(`partial failures (${testDriver})`, () => {
  it('an offline node yields errors and nothing of it is deleted or marked stale', async () => {
    const node = sim.estate.clusters[0].nodes[1].name;
    const onNode = sim.estate.clusters[0].guests.filter((g) => g.node === node);
    const before = await Promise.all(onNode.map((g) => vmOf(0, g.vmid)));
    const [{ n: backupsBefore }] = await handle.db.select({ n: count() }).from(schema.vmBackups);
    sim.faults.nodeOffline(0, node, true);
    const outcome = await sync();
    expect(outcome.status).toBe('completed_with_errors');
    expect(outcome.issues.some((i) => i.category === 'connection' && i.item.includes(node))).toBe(true);
    const after = await Promise.all(onNode.map((g) => vmOf(0, g.vmid)));
    expect(after.map((v) => [v.id, v.name, v.status])).toEqual(before.map((v) => [v.id, v.name, v.status]));
    const [{ n: backupsAfter }] = await handle.db.select({ n: count() }).from(schema.vmBackups);
    expect(backupsAfter).toBe(backupsBefore);
  }, 60_000);

  it('an endpoint answering 401 or 500 fails its run with errors and loses nothing', async () => {
    const snapshot = async () =>
      (await handle.db.select().from(schema.virtualMachines))
        .map((v) => [v.id, v.name, v.status, v.proxmoxStatus, v.memory])
        .sort();
    const before = await snapshot();
    sim.faults.authFailure(1, true);
    sim.faults.failPath(0, '^/cluster/resources', 500, 'internal error');
    const outcome = await sync();
    expect(outcome.status).toBe('completed_with_errors');
    expect(outcome.issues.some((i) => i.category === 'authentication')).toBe(true);
    expect(outcome.issues.some((i) => i.stage === 'virtual-machines' && i.category === 'internal')).toBe(true);
    // No guest was renamed, marked stale or changed while its source could not be read.
    expect(await snapshot()).toEqual(before);
  }, 60_000);

  it('marks a run whose process died as interrupted, and one endpoint never runs twice at once', async () => {
    const [job] = await handle.db
      .insert(schema.syncJobs)
      .values({
        requestedBy: 'crashed',
        status: 'running',
        endpointIds,
        heartbeatAt: new Date(Date.now() - 5 * 60_000),
      })
      .returning();
    expect(await markInterruptedRuns(handle.db)).toBe(1);
    const [after] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, job.id));
    expect(after.status).toBe('interrupted');
    await handle.db
      .insert(schema.syncJobs)
      .values({ requestedBy: 'other', status: 'running', endpointIds: [endpointIds[0]], heartbeatAt: new Date() });
    await expect(sync()).rejects.toThrow(/already running/);
  }, 60_000);
});
