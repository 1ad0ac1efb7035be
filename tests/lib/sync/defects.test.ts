import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// Three defects found on real estates: deletions decided per storage instead of per listing,
// snapshots skipped for guests whose config names no parent, and task rows shared by endpoints.

let handle: DatabaseHandle;
let sim: Simulator;
const system = { kind: 'system' } as const;
let endpointIds: number[] = [];

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 5, clusters: 1, nodesPerCluster: 3, guests: 30, tls: true, version: '8.2' });
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

const cluster = () => sim.estate.clusters[0];

async function backupVolids(): Promise<Set<string>> {
  const rows = await handle.db
    .select({ volid: schema.vmBackups.volid })
    .from(schema.vmBackups)
    .where(eq(schema.vmBackups.proxmoxEndpointId, endpointIds[0]));
  return new Set(rows.map((r) => r.volid));
}

describe(`sync defects (${testDriver})`, () => {
  it('finds the snapshots of a guest whose config names no parent (rolled back to a snapshot that was then deleted)', async () => {
    const g = cluster().guests.find((x) => x.snapshots.length >= 2);
    if (!g) throw new Error('the estate has no guest with two snapshots');
    const gone = g.snapshots.at(-1)!.name;
    sim.mutate.rollbackAndDeleteSnapshot(0, g.vmid, gone);
    const remaining = g.snapshots.map((s) => s.name).sort();
    expect(remaining.length).toBeGreaterThan(0);

    endpointIds = await registerEndpoints(handle.db, system, sim.clusters);
    const outcome = await runSync(handle.db, { requestedBy: 'test' });
    expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
    const [vm] = await handle.db
      .select()
      .from(schema.virtualMachines)
      .where(
        and(eq(schema.virtualMachines.proxmoxEndpointId, endpointIds[0]), eq(schema.virtualMachines.vmid, g.vmid)),
      );
    const rows = await handle.db
      .select({ name: schema.vmSnapshots.name })
      .from(schema.vmSnapshots)
      .where(eq(schema.vmSnapshots.virtualMachineId, vm.id));
    expect(rows.map((r) => r.name).sort()).toEqual(remaining);
    // Every guest's list is read: nothing skipped to save a request.
    const lists = sim.requestLog(0).filter((l) => /\/(qemu|lxc)\/\d+\/snapshot$/.test(l.replace(/\?.*$/, '')));
    expect(lists.length).toBe(cluster().guests.length);
  }, 120_000);

  it("with one node offline, deletes a backup removed from another node's local storage and keeps the offline node's", async () => {
    const [n1, n2, n3] = cluster().nodes.map((n) => n.name);
    const onN2 = cluster().backups.find((b) => b.storage === 'local' && b.node === n2);
    const onN3 = cluster().backups.find((b) => b.storage === 'local' && b.node === n3);
    const onN1 = cluster().backups.find((b) => b.storage === 'local' && b.node === n1);
    if (!onN2 || !onN3 || !onN1) throw new Error('the estate lacks local backups on every node');
    const before = await backupVolids();
    expect(before.has(onN2.volid) && before.has(onN3.volid) && before.has(onN1.volid)).toBe(true);

    sim.mutate.deleteBackup(0, onN2.volid);
    sim.mutate.deleteBackup(0, onN3.volid);
    sim.faults.nodeOffline(0, n3, true);
    try {
      const outcome = await runSync(handle.db, { requestedBy: 'test', stages: ['vm-backups'] });
      expect(outcome.status).toBe('completed_with_errors');
      expect(outcome.issues.filter((i) => i.severity === 'error').map((i) => i.item)).toEqual([
        `storage local on ${n3}`,
      ]);
      expect(outcome.counts['vm-backups'].deleted).toBe(1);
    } finally {
      sim.faults.nodeOffline(0, n3, false);
    }
    const after = await backupVolids();
    expect(after.has(onN2.volid)).toBe(false);
    // The offline node's storage could not be read: its backup (gone or not) stays until it can.
    expect(after.has(onN3.volid)).toBe(true);
    expect(after.has(onN1.volid)).toBe(true);
    expect(after.size).toBe(before.size - 1);

    const next = await runSync(handle.db, { requestedBy: 'test', stages: ['vm-backups'] });
    expect(next.status).toBe('completed');
    expect(next.counts['vm-backups'].deleted).toBe(1);
    expect((await backupVolids()).has(onN3.volid)).toBe(false);
  }, 120_000);

  it('two endpoints reading the same tasks (one cluster registered twice) each keep their own task rows', async () => {
    const twice = [
      { ...sim.clusters[0], name: 'twin-a' },
      { ...sim.clusters[0], name: 'twin-b' },
    ];
    const ids = await registerEndpoints(handle.db, system, twice);
    const outcome = await runSync(handle.db, {
      requestedBy: 'test',
      endpointIds: ids,
      stages: ['devices', 'virtual-machines', 'task-history'],
    });
    expect(outcome.issues.filter((i) => i.stage === 'task-history')).toEqual([]);
    // The first endpoint (the same cluster) synced these UPIDs before: its rows must stay its own.
    const upidsOf = async (id: number) =>
      (
        await handle.db
          .select({ upid: schema.vmTaskHistories.upid })
          .from(schema.vmTaskHistories)
          .where(eq(schema.vmTaskHistories.proxmoxEndpointId, id))
      )
        .map((r) => r.upid)
        .sort();
    const first = await upidsOf(endpointIds[0]);
    expect(first.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(await upidsOf(id)).toEqual(first);
      const rows = await handle.db
        .select()
        .from(schema.vmTaskHistories)
        .where(eq(schema.vmTaskHistories.proxmoxEndpointId, id));
      const vms = new Set(
        (
          await handle.db
            .select({ id: schema.virtualMachines.id })
            .from(schema.virtualMachines)
            .where(eq(schema.virtualMachines.proxmoxEndpointId, id))
        ).map((r) => r.id),
      );
      // Each row links only to its own endpoint's guests.
      expect(rows.filter((r) => r.virtualMachineId !== null && !vms.has(r.virtualMachineId))).toEqual([]);
      expect(rows.some((r) => r.virtualMachineId !== null)).toBe(true);
    }
    expect(outcome.counts['task-history'].created).toBe(2 * first.length);
  }, 120_000);
});
