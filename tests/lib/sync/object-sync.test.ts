import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { resolveObjectTarget } from '@/lib/sync/scope/object-scope';
import { createRecord } from '@/lib/data/records';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import type { Guest } from '@/simulators/proxmox/estate/types';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// "Sync now" on one object: the run reads only that object's part of Proxmox and changes nothing
// outside it — above all, it never marks stale or deletes what belongs to another object.

let handle: DatabaseHandle;
let sim: Simulator;
const system = { kind: 'system' } as const;
let endpointIds: number[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 11, clusters: 2, nodesPerCluster: 3, guests: 36, tls: true, version: '8.2' });
  endpointIds = await registerEndpoints(handle.db, system, sim.clusters);
  const first = await runSync(handle.db, { requestedBy: 'test' });
  expect(first.status).toBe('completed');
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

const guests = () => sim.estate.clusters[0].guests;
const paths = (cluster: number) => sim.requestLog(cluster).map((line) => line.replace(/^GET \/api2\/json/, ''));

async function vmRow(vmid: number, endpoint = endpointIds[0]) {
  const [row] = await handle.db
    .select()
    .from(schema.virtualMachines)
    .where(and(eq(schema.virtualMachines.proxmoxEndpointId, endpoint), eq(schema.virtualMachines.vmid, vmid)));
  return row;
}

async function staleTagged(vmId: number): Promise<boolean> {
  const [stale] = await handle.db.select().from(schema.tags).where(eq(schema.tags.slug, 'proxbox-stale'));
  if (!stale) return false;
  const rows = await handle.db
    .select()
    .from(schema.taggedItems)
    .where(
      and(
        eq(schema.taggedItems.tagId, stale.id),
        eq(schema.taggedItems.objectType, 'virtualization.virtualmachine'),
        eq(schema.taggedItems.objectId, vmId),
      ),
    );
  return rows.length > 0;
}

async function backupExists(volid: string): Promise<boolean> {
  const rows = await handle.db
    .select({ id: schema.vmBackups.id })
    .from(schema.vmBackups)
    .where(eq(schema.vmBackups.volid, volid));
  return rows.length === 1;
}

async function jobCount(): Promise<number> {
  const [{ n }] = await handle.db.select({ n: count() }).from(schema.syncJobs);
  return Number(n);
}

/** The estate's guest that has what a test needs, or the test fails saying so. */
function pick(what: string, test: (g: Guest) => boolean, except: number[] = []): Guest {
  const found = guests().find((g) => !except.includes(g.vmid) && !g.template && test(g));
  if (!found) throw new Error(`the simulated estate has no guest that is ${what}`);
  return found;
}

describe(`per-object sync (${testDriver})`, () => {
  it('a VM run updates that VM only, with only that guest’s Proxmox requests, and removes nothing of other guests', async () => {
    const cl = sim.estate.clusters[0];
    const a = pick(
      'a running QEMU VM with a responding agent, snapshots and a backup',
      (g) =>
        g.type === 'qemu' &&
        g.status === 'running' &&
        g.agent?.enabled === true &&
        g.agent.responding &&
        g.snapshots.length > 0 &&
        cl.backups.some((b) => b.vmid === g.vmid),
    );
    const b = pick(
      'a guest with snapshots and a backup',
      (g) => g.snapshots.length > 0 && cl.backups.some((x) => x.vmid === g.vmid),
      [a.vmid],
    );
    const gone = pick('a third guest', () => true, [a.vmid, b.vmid]);
    const aRow = await vmRow(a.vmid);
    const bRow = await vmRow(b.vmid);
    const goneRow = await vmRow(gone.vmid);
    const aBackup = cl.backups.find((x) => x.vmid === a.vmid)!.volid;
    const bBackup = cl.backups.find((x) => x.vmid === b.vmid)!.volid;
    const bSnapshot = b.snapshots[0].name;

    sim.mutate.renameGuest(0, a.vmid, 'object-sync-a');
    sim.mutate.renameGuest(0, b.vmid, 'object-sync-b');
    sim.mutate.changeIp(0, a.vmid, '10.100.250.7/24');
    sim.mutate.deleteBackup(0, aBackup);
    sim.mutate.deleteBackup(0, bBackup);
    sim.mutate.deleteSnapshot(0, b.vmid, bSnapshot);
    sim.mutate.removeGuest(0, gone.vmid);
    sim.resetCounters();

    const outcome = await runSync(handle.db, {
      requestedBy: 'test',
      object: { type: 'virtual-machines', id: aRow.id },
    });
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(outcome.status).toBe('completed');

    // Only this guest's requests: the cluster-wide lists, its config, snapshot list, agent (addresses and host name),
    // its tasks on each of the 3 nodes and its backups on pbs (once) and local (per node).
    const log = paths(0);
    expect(paths(1)).toEqual([]);
    expect(log.filter((p) => /\/(qemu|lxc)\/\d+\//.test(p)).sort()).toEqual(
      [
        `/nodes/${a.node}/qemu/${a.vmid}/config`,
        `/nodes/${a.node}/qemu/${a.vmid}/snapshot`,
        `/nodes/${a.node}/qemu/${a.vmid}/agent/network-get-interfaces`,
        `/nodes/${a.node}/qemu/${a.vmid}/agent/get-host-name`,
      ].sort(),
    );
    const tasks = log.filter((p) => /\/tasks\?/.test(p));
    expect(tasks).toHaveLength(3);
    for (const t of tasks) expect(t).toContain(`vmid=${a.vmid}`);
    const listings = log.filter((p) => /\/content\?/.test(p));
    expect(listings).toHaveLength(4);
    for (const l of listings) expect(l).toContain(`vmid=${a.vmid}`);
    expect(log).toHaveLength(4 + 4 + 3 + 4); // status, nodes, resources, storage + guest (config, snapshots, addresses, host name) + tasks + backups
    expect(outcome.proxmoxRequests).toBe(log.length);

    expect((await vmRow(a.vmid)).name).toBe('object-sync-a');
    expect((await vmRow(b.vmid)).name).toBe(bRow.name);
    const ip = await handle.db
      .select()
      .from(schema.ipAddresses)
      .where(eq(schema.ipAddresses.address, '10.100.250.7/24'));
    expect(ip).toHaveLength(1);
    const [nic] = await handle.db
      .select()
      .from(schema.vmInterfaces)
      .where(eq(schema.vmInterfaces.id, ip[0].assignedObjectId!));
    expect(nic.virtualMachineId).toBe(aRow.id);

    expect(await backupExists(aBackup)).toBe(false);
    expect(await backupExists(bBackup)).toBe(true);
    const bSnapshots = await handle.db
      .select()
      .from(schema.vmSnapshots)
      .where(and(eq(schema.vmSnapshots.virtualMachineId, bRow.id), eq(schema.vmSnapshots.name, bSnapshot)));
    expect(bSnapshots).toHaveLength(1);
    const goneNow = await vmRow(gone.vmid);
    expect(goneNow.status).toBe(goneRow.status);
    expect(await staleTagged(goneRow.id)).toBe(false);

    const [job] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, outcome.jobId));
    expect(job).toMatchObject({
      kind: 'object',
      endpointIds: [endpointIds[0]],
      stages: [
        'virtual-machines',
        'task-history',
        'vm-disks',
        'vm-backups',
        'vm-snapshots',
        'vm-interfaces',
        'ip-addresses',
      ],
    });

    // What the VM run left alone is still there to sync: a full run picks it all up.
    const full = await runSync(handle.db, { requestedBy: 'test', endpointIds: [endpointIds[0]] });
    expect(full.status).toBe('completed');
    expect((await vmRow(b.vmid)).name).toBe('object-sync-b');
    expect(await backupExists(bBackup)).toBe(false);
    expect((await vmRow(gone.vmid)).status).toBe('offline');
    expect(await staleTagged(goneRow.id)).toBe(true);
  }, 120_000);

  it('a VM removed from Proxmox is marked stale by its own run', async () => {
    const victim = pick('a guest', () => true);
    const row = await vmRow(victim.vmid);
    sim.mutate.removeGuest(0, victim.vmid);
    const outcome = await runSync(handle.db, { requestedBy: 'test', object: { type: 'virtual-machines', id: row.id } });
    expect(outcome.status).toBe('completed');
    expect((await vmRow(victim.vmid)).status).toBe('offline');
    expect(await staleTagged(row.id)).toBe(true);
  }, 60_000);

  it('a node run syncs the node, its interfaces and its guests (including one that moved onto it) with their backups, and no other node', async () => {
    const cl = sim.estate.clusters[0];
    const [x, y, z] = cl.nodes.map((n) => n.name);
    const moved = pick(`a guest on ${x}`, (g) => g.node === x);
    const onY = pick(`a guest on ${y}`, (g) => g.node === y);
    const onZ = pick(`a guest on ${z}`, (g) => g.node === z);
    const goneZ = pick(`another guest on ${z}`, (g) => g.node === z, [onZ.vmid]);
    const goneZRow = await vmRow(goneZ.vmid);
    const yBackup = cl.backups.find((b) => b.vmid === onY.vmid);
    const zBackup = cl.backups.find((b) => b.vmid === onZ.vmid);
    if (!yBackup || !zBackup) throw new Error('the simulated estate has no backup of the chosen guests');
    sim.mutate.deleteBackup(0, yBackup.volid);
    sim.mutate.deleteBackup(0, zBackup.volid);
    sim.mutate.migrateGuest(0, moved.vmid, y);
    sim.mutate.renameGuest(0, onY.vmid, 'node-sync-y');
    sim.mutate.renameGuest(0, onZ.vmid, 'node-sync-z');
    sim.mutate.removeGuest(0, goneZ.vmid);
    const [node] = await handle.db
      .select()
      .from(schema.proxmoxNodes)
      .where(and(eq(schema.proxmoxNodes.proxmoxEndpointId, endpointIds[0]), eq(schema.proxmoxNodes.name, y)));
    sim.resetCounters();

    const outcome = await runSync(handle.db, { requestedBy: 'test', object: { type: 'proxmox-nodes', id: node.id } });
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(outcome.status).toBe('completed');
    expect((await vmRow(moved.vmid)).proxmoxNode).toBe(y);
    expect((await vmRow(onY.vmid)).name).toBe('node-sync-y');
    expect((await vmRow(onZ.vmid)).name).not.toBe('node-sync-z');
    expect(await staleTagged(goneZRow.id)).toBe(false);
    expect(await backupExists(yBackup.volid)).toBe(false);
    expect(await backupExists(zBackup.volid)).toBe(true);

    const log = paths(0);
    const onYNow = cl.guests.filter((g) => g.node === y).map((g) => g.vmid);
    const configs = log.filter((p) => p.endsWith('/config')).map((p) => Number(/\/(\d+)\/config$/.exec(p)![1]));
    expect(configs.sort((m, n) => m - n)).toEqual([...onYNow].sort((m, n) => m - n));
    expect(log.filter((p) => /\/network$/.test(p))).toEqual([`/nodes/${y}/network`]);
    expect(log.filter((p) => /\/tasks\?/.test(p)).map((p) => p.split('?')[0])).toEqual([`/nodes/${y}/tasks`]);
    // Backups of the node's guests may sit on any node's local storage: every listing is read once.
    expect(log.filter((p) => /\/content\?/.test(p)).sort()).toEqual([
      `/nodes/${x}/storage/local/content?content=backup`,
      `/nodes/${x}/storage/pbs/content?content=backup`,
      `/nodes/${y}/storage/local/content?content=backup`,
      `/nodes/${z}/storage/local/content?content=backup`,
    ]);
  }, 120_000);

  it('a storage run syncs that storage and its backups only', async () => {
    const cl = sim.estate.clusters[0];
    const pbsBackup = cl.backups.find((b) => b.storage === 'pbs')!.volid;
    const localBackup = cl.backups.find((b) => b.storage === 'local')!.volid;
    expect(await backupExists(pbsBackup)).toBe(true);
    expect(await backupExists(localBackup)).toBe(true);
    sim.mutate.deleteBackup(0, pbsBackup);
    sim.mutate.deleteBackup(0, localBackup);
    // A storage that disappears from Proxmox is not the pbs run's business.
    const nfsIndex = cl.storages.findIndex((s) => s.id === 'nfs-shared');
    const [nfs] = cl.storages.splice(nfsIndex, 1);
    try {
      const [storage] = await handle.db
        .select()
        .from(schema.proxmoxStorages)
        .where(
          and(eq(schema.proxmoxStorages.proxmoxEndpointId, endpointIds[0]), eq(schema.proxmoxStorages.name, 'pbs')),
        );
      sim.resetCounters();
      const outcome = await runSync(handle.db, { requestedBy: 'test', object: { type: 'storage', id: storage.id } });
      expect(outcome.status).toBe('completed');
      expect(await backupExists(pbsBackup)).toBe(false);
      expect(await backupExists(localBackup)).toBe(true);
      const storages = await handle.db
        .select({ name: schema.proxmoxStorages.name })
        .from(schema.proxmoxStorages)
        .where(eq(schema.proxmoxStorages.proxmoxEndpointId, endpointIds[0]));
      expect(storages.map((s) => s.name)).toContain('nfs-shared');
      const log = paths(0);
      expect(log.filter((p) => /\/content\?/.test(p)).map((p) => p.split('?')[0])).toEqual([
        `/nodes/${cl.nodes[0].name}/storage/pbs/content`,
      ]);
      expect(log.filter((p) => p.endsWith('/config'))).toEqual([]);
    } finally {
      cl.storages.splice(nfsIndex, 0, nfs);
    }
  }, 60_000);

  it('a cluster run is a full sync of its endpoint only', async () => {
    const [cluster] = await handle.db
      .select()
      .from(schema.clusters)
      .where(eq(schema.clusters.proxmoxEndpointId, endpointIds[1]));
    sim.resetCounters();
    const outcome = await runSync(handle.db, { requestedBy: 'test', object: { type: 'clusters', id: cluster.id } });
    expect(outcome.status).toBe('completed');
    expect(paths(0)).toEqual([]);
    expect(paths(1).filter((p) => p.endsWith('/config'))).toHaveLength(sim.estate.clusters[1].guests.length);
    const [job] = await handle.db.select().from(schema.syncJobs).where(eq(schema.syncJobs.id, outcome.jobId));
    expect(job.endpointIds).toEqual([endpointIds[1]]);
    expect(job.stages).toHaveLength(12);
  }, 120_000);

  it('refuses unknown objects, unknown types and objects Proxbox did not sync, before any job exists', async () => {
    const before = await jobCount();
    await expect(
      runSync(handle.db, { requestedBy: 'test', object: { type: 'virtual-machines', id: 987654 } }),
    ).rejects.toThrow('Virtual machine #987654 does not exist (it may have been deleted).');
    await expect(resolveObjectTarget(handle.db, { type: 'backups', id: 1 })).rejects.toThrow(
      'Objects of type "backups" cannot be synced on their own; use one of: virtual-machines, proxmox-nodes, devices, proxmox-clusters, clusters, storage.',
    );
    const [cluster] = await handle.db
      .select()
      .from(schema.clusters)
      .where(eq(schema.clusters.proxmoxEndpointId, endpointIds[0]));
    const manual = await createRecord(system, 'virtual-machines', {
      name: 'hand-made',
      clusterId: cluster.id,
      status: 'active',
    });
    await expect(resolveObjectTarget(handle.db, { type: 'virtual-machines', id: manual.id })).rejects.toThrow(
      'Virtual machine "hand-made" does not come from a Proxmox endpoint, so there is nothing to sync.',
    );
    expect(await jobCount()).toBe(before);
  });
});
