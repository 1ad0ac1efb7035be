// The deletion policy (stale_vm_policy, delete_orphans) per Proxmox endpoint: an endpoint's value
// wins, an empty one inherits the plugin settings, and the sync follows whichever applies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { updateRecord } from '@/lib/data/records';
import { getModel } from '@/lib/models/registry';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

let handle: DatabaseHandle;
let sim: Simulator;
let a: number;
let b: number;
const system = { kind: 'system' } as const;

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 9, clusters: 2, nodesPerCluster: 2, guests: 24, tls: true });
  [a, b] = await registerEndpoints(handle.db, system, sim.clusters);
  const first = await runSync(handle.db, { requestedBy: 'test', stages: ['devices', 'virtual-machines'] });
  expect(first.status).toBe('completed');
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

async function settings(values: { staleVmPolicy: 'mark' | 'delete'; deleteOrphans: boolean }): Promise<void> {
  const [row] = await handle.db.select({ id: schema.proxboxPluginSettings.id }).from(schema.proxboxPluginSettings);
  await updateRecord(system, 'settings', row.id, values);
}

/** Removes one guest from cluster `c` and returns its vmid. */
function removeOne(c: number): number {
  const g = sim.estate.clusters[c].guests.at(-1)!;
  sim.mutate.removeGuest(c, g.vmid);
  return g.vmid;
}

/** 'deleted', or the stored status and whether the stale tag is on it. */
async function fate(endpoint: number, vmid: number): Promise<string> {
  const [vm] = await handle.db
    .select()
    .from(schema.virtualMachines)
    .where(and(eq(schema.virtualMachines.proxmoxEndpointId, endpoint), eq(schema.virtualMachines.vmid, vmid)));
  if (!vm) return 'deleted';
  const [stale] = await handle.db.select().from(schema.tags).where(eq(schema.tags.slug, 'proxbox-stale'));
  const tagged = stale
    ? await handle.db
        .select()
        .from(schema.taggedItems)
        .where(
          and(
            eq(schema.taggedItems.tagId, stale.id),
            eq(schema.taggedItems.objectId, vm.id),
            eq(schema.taggedItems.objectType, 'virtualization.virtualmachine'),
          ),
        )
    : [];
  return `${vm.status}${tagged.length ? ' stale' : ''}`;
}

const sync = () => runSync(handle.db, { requestedBy: 'test', stages: ['virtual-machines'] });

describe(`deletion policy per endpoint (${testDriver})`, () => {
  it('are fields of the endpoint (its form and page), both empty (inherit) by default', async () => {
    const model = getModel('proxmox-endpoints')!;
    const fields = model.meta.fields.filter((f) => f.key === 'staleVmPolicy' || f.key === 'deleteOrphans');
    expect(fields.map((f) => [f.key, f.label, f.kind, f.nullable, f.readOnly ?? false])).toEqual([
      ['staleVmPolicy', 'Stale VM policy', 'choice', true, false],
      ['deleteOrphans', 'Delete orphans', 'nullboolean', true, false],
    ]);
    const [row] = await handle.db.select().from(schema.proxmoxEndpoints).where(eq(schema.proxmoxEndpoints.id, a));
    expect([row.staleVmPolicy, row.deleteOrphans]).toEqual([null, null]);
  });

  it('an endpoint set to delete deletes its gone guests while an inheriting one marks them stale', async () => {
    await settings({ staleVmPolicy: 'mark', deleteOrphans: false });
    await updateRecord(system, 'proxmox-endpoints', a, { staleVmPolicy: 'delete' });
    const [ga, gb] = [removeOne(0), removeOne(1)];
    const outcome = await sync();
    expect(outcome.status).toBe('completed');
    expect(await fate(a, ga)).toBe('deleted');
    expect(await fate(b, gb)).toBe('offline stale');
    expect(outcome.counts['virtual-machines']).toMatchObject({ deleted: 1, updated: 1 });
  }, 120_000);

  it('an endpoint set to mark keeps its gone guests when the settings say delete; the inheriting one follows the settings', async () => {
    await settings({ staleVmPolicy: 'delete', deleteOrphans: false });
    await updateRecord(system, 'proxmox-endpoints', a, { staleVmPolicy: 'mark' });
    const [ga, gb] = [removeOne(0), removeOne(1)];
    await sync();
    expect(await fate(a, ga)).toBe('offline stale');
    expect(await fate(b, gb)).toBe('deleted');
  }, 120_000);

  it('delete_orphans on the endpoint deletes whatever the policy; false there overrides true in the settings', async () => {
    await settings({ staleVmPolicy: 'mark', deleteOrphans: true });
    await updateRecord(system, 'proxmox-endpoints', a, { staleVmPolicy: null, deleteOrphans: false });
    await updateRecord(system, 'proxmox-endpoints', b, { deleteOrphans: null });
    const [ga, gb] = [removeOne(0), removeOne(1)];
    await sync();
    expect(await fate(a, ga)).toBe('offline stale');
    expect(await fate(b, gb)).toBe('deleted');

    await settings({ staleVmPolicy: 'mark', deleteOrphans: false });
    await updateRecord(system, 'proxmox-endpoints', a, { deleteOrphans: true });
    const again = removeOne(0);
    await sync();
    expect(await fate(a, again)).toBe('deleted');
  }, 120_000);
});
