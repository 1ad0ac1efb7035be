import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import * as schema from '@/db/schema';
import type { DatabaseHandle } from '@/db/client';
import { AppError } from '@/lib/data/errors';
import { describeExplorerNode, expandRelation, type ExplorerNodeDetails } from '@/lib/explorer/expand';
import { runSync } from '@/lib/sync/engine';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import type { EstateCluster } from '@/simulators/proxmox/estate/types';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// The instance view on a synced simulated estate: every expected row and count below comes from
// the simulator's estate or from columns the explorer does not join on, never from the explorer.

let handle: DatabaseHandle;
let sim: Simulator;
const system = { kind: 'system' } as const;
const user = { kind: 'user', userId: 1, username: 'admin', role: 'admin' } as const;
let endpointIds: number[] = [];

const CLUSTERS = 'child:proxmox-clusters:proxmoxEndpointId';
const NODES = 'child:proxmox-nodes:proxmoxClusterId';
const GUESTS = 'child:virtual-machines:proxmoxNodeId';
const BACKUPS = 'child:backups:virtualMachineId';

async function errorOf(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected an AppError');
}

const countOf = (details: ExplorerNodeDetails, key: string) => details.relations.find((r) => r.key === key)?.count;

/** The guests the simulator places on a node, by vmid. */
const guestsOn = (cluster: EstateCluster, node: string) => cluster.guests.filter((g) => g.node === node);

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 11, clusters: 2, nodesPerCluster: 3, guests: 48, tls: true, version: '8.2' });
  endpointIds = await registerEndpoints(handle.db, system, sim.clusters);
  const outcome = await runSync(handle.db, { requestedBy: 'explorer-test' });
  expect(outcome.issues.filter((i) => i.severity === 'error')).toEqual([]);
  expect(outcome.status).toBe('completed');
}, 180_000);

afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

describe(`explorer instance view (${testDriver})`, () => {
  it('walks endpoint → cluster → nodes → guests → backups with exact rows and counts', async () => {
    const estate = sim.estate.clusters[0];
    const endpoint = await describeExplorerNode(user, 'proxmox-endpoints', endpointIds[0]);
    expect(endpoint.object).toMatchObject({
      model: 'proxmox-endpoints',
      id: endpointIds[0],
      display: estate.name,
      href: `/proxmox-endpoints/${endpointIds[0]}`,
    });
    expect(countOf(endpoint, CLUSTERS)).toBe(1);
    expect(countOf(endpoint, 'child:proxmox-nodes:proxmoxEndpointId')).toBe(estate.nodes.length);
    expect(countOf(endpoint, 'child:storage:proxmoxEndpointId')).toBe(estate.storages.length);

    const clusters = await expandRelation(user, 'proxmox-endpoints', endpointIds[0], CLUSTERS);
    expect(clusters.items.map((i) => i.display)).toEqual([estate.name]);
    expect(clusters.relation).toMatchObject({
      count: 1,
      listHref: `/proxmox-clusters?proxmoxEndpointId=${endpointIds[0]}`,
    });
    const cluster = clusters.items[0];

    const nodes = await expandRelation(user, 'proxmox-clusters', cluster.id, NODES);
    const nodeNames = estate.nodes.map((n) => n.name).sort();
    expect(nodes.items.map((i) => i.display)).toEqual(nodeNames);
    expect(nodes.relation.count).toBe(estate.nodes.length);
    expect(nodes.nextOffset).toBeNull();

    for (const node of nodes.items) {
      const expected = guestsOn(estate, node.display);
      const details = await describeExplorerNode(user, 'proxmox-nodes', node.id);
      expect(countOf(details, GUESTS), node.display).toBe(expected.length);
      const guests = await expandRelation(user, 'proxmox-nodes', node.id, GUESTS, { limit: 200 });
      // Names as stored, selected by the sync identity (endpoint + node name), not by the device link.
      const stored = await handle.db
        .select({ id: schema.virtualMachines.id, name: schema.virtualMachines.name })
        .from(schema.virtualMachines)
        .where(
          and(
            eq(schema.virtualMachines.proxmoxEndpointId, endpointIds[0]),
            eq(schema.virtualMachines.proxmoxNode, node.display),
          ),
        )
        .orderBy(asc(schema.virtualMachines.name), asc(schema.virtualMachines.id));
      expect(guests.items.map((i) => i.id)).toEqual(stored.map((s) => s.id));
      expect(guests.items.map((i) => i.display)).toEqual(stored.map((s) => s.name));
      expect(guests.relation.count).toBe(expected.length);
    }

    // A guest with backups: its backup volids are exactly the simulator's for that vmid and type.
    const withBackups = estate.guests.find((g) =>
      estate.backups.some((b) => b.vmid === g.vmid && b.guestType === g.type),
    )!;
    const expectedVolids = estate.backups
      .filter((b) => b.vmid === withBackups.vmid && b.guestType === withBackups.type)
      .map((b) => b.volid);
    const [vm] = await handle.db
      .select({ id: schema.virtualMachines.id })
      .from(schema.virtualMachines)
      .where(
        and(
          eq(schema.virtualMachines.proxmoxEndpointId, endpointIds[0]),
          eq(schema.virtualMachines.vmid, withBackups.vmid),
        ),
      );
    const vmDetails = await describeExplorerNode(user, 'virtual-machines', vm.id);
    expect(countOf(vmDetails, BACKUPS)).toBe(expectedVolids.length);
    const backups = await expandRelation(user, 'virtual-machines', vm.id, BACKUPS);
    expect(backups.items.map((i) => i.display).sort()).toEqual([...expectedVolids].sort());
    expect(backups.items.every((i) => i.model === 'backups' && i.href === `/backups/${i.id}`)).toBe(true);
  }, 60_000);

  it('walks back from a guest to its node, cluster and endpoint', async () => {
    const estate = sim.estate.clusters[1];
    const guest = estate.guests[0];
    const [vm] = await handle.db
      .select({ id: schema.virtualMachines.id })
      .from(schema.virtualMachines)
      .where(
        and(eq(schema.virtualMachines.proxmoxEndpointId, endpointIds[1]), eq(schema.virtualMachines.vmid, guest.vmid)),
      );
    const details = await describeExplorerNode(user, 'virtual-machines', vm.id);
    expect(countOf(details, 'parent:proxmoxEndpointId')).toBe(1);
    expect(countOf(details, 'parent:tenantId')).toBe(0);
    const node = await expandRelation(user, 'virtual-machines', vm.id, 'child:proxmox-nodes:virtualMachineId');
    expect(node.items.map((i) => i.display)).toEqual([guest.node]);
    const cluster = await expandRelation(user, 'virtual-machines', vm.id, 'parent:proxmoxClusterId');
    expect(cluster.items.map((i) => [i.model, i.display])).toEqual([['proxmox-clusters', estate.name]]);
    expect(cluster.relation.listHref).toBeNull();
    const endpoint = await expandRelation(user, 'virtual-machines', vm.id, 'parent:proxmoxEndpointId');
    expect(endpoint.items.map((i) => [i.id, i.display])).toEqual([[endpointIds[1], estate.name]]);
    const tenant = await expandRelation(user, 'virtual-machines', vm.id, 'parent:tenantId');
    expect(tenant).toMatchObject({ items: [], nextOffset: null, relation: { count: 0 } });
  });

  it('pages a large relation with an exact count', async () => {
    const estate = sim.estate.clusters[0];
    const busiest = [...estate.nodes].sort(
      (a, b) => guestsOn(estate, b.name).length - guestsOn(estate, a.name).length,
    )[0];
    const total = guestsOn(estate, busiest.name).length;
    expect(total).toBeGreaterThan(4);
    const [node] = await handle.db
      .select({ id: schema.proxmoxNodes.id })
      .from(schema.proxmoxNodes)
      .where(
        and(eq(schema.proxmoxNodes.proxmoxEndpointId, endpointIds[0]), eq(schema.proxmoxNodes.name, busiest.name)),
      );
    const all = await expandRelation(user, 'proxmox-nodes', node.id, GUESTS, { limit: 200 });
    const first = await expandRelation(user, 'proxmox-nodes', node.id, GUESTS, { limit: 3 });
    expect(first).toMatchObject({ offset: 0, limit: 3, nextOffset: 3, relation: { count: total } });
    expect(first.items).toEqual(all.items.slice(0, 3));
    const last = await expandRelation(user, 'proxmox-nodes', node.id, GUESTS, { offset: total - 2, limit: 3 });
    expect(last.items).toEqual(all.items.slice(total - 2));
    expect(last.nextOffset).toBeNull();
    expect(last.relation.listHref).toBe(`/virtual-machines?proxmoxNodeId=${node.id}`);
  });

  it('caps overview counts and marks them, while an expansion counts exactly', async () => {
    const estate = sim.estate.clusters[0];
    const [node] = await handle.db
      .select({ id: schema.proxmoxNodes.id, name: schema.proxmoxNodes.name })
      .from(schema.proxmoxNodes)
      .where(eq(schema.proxmoxNodes.proxmoxEndpointId, endpointIds[0]))
      .orderBy(asc(schema.proxmoxNodes.name))
      .limit(1);
    const total = guestsOn(estate, node.name).length;
    expect(total).toBeGreaterThan(2);
    const capped = await describeExplorerNode(user, 'proxmox-nodes', node.id, { countCap: 2 });
    expect(capped.relations.find((r) => r.key === GUESTS)).toMatchObject({ count: 2, atLeast: true });
    expect(capped.relations.find((r) => r.key === 'parent:proxmoxEndpointId')).toMatchObject({
      count: 1,
      atLeast: false,
    });
    const exact = await describeExplorerNode(user, 'proxmox-nodes', node.id, { countCap: total });
    expect(exact.relations.find((r) => r.key === GUESTS)).toMatchObject({ count: total, atLeast: false });
    const expanded = await expandRelation(user, 'proxmox-nodes', node.id, GUESTS, { limit: 1 });
    expect(expanded.relation).toMatchObject({ count: total, atLeast: false });
  });

  it('answers unknown models, ids, relations and bad pages with clear errors', async () => {
    expect(await errorOf(describeExplorerNode(user, 'nope', 1))).toMatchObject({
      code: 'not_found',
      message: 'Unknown model "nope".',
    });
    expect(await errorOf(describeExplorerNode(user, 'proxmox-nodes', 999_999))).toMatchObject({
      code: 'not_found',
      message: 'No proxmox node with id 999999 exists.',
    });
    expect(await errorOf(expandRelation(user, 'proxmox-endpoints', 999_999, CLUSTERS))).toMatchObject({
      code: 'not_found',
    });
    const badRelation = await errorOf(expandRelation(user, 'proxmox-endpoints', endpointIds[0], 'child:backups:nope'));
    expect(badRelation).toMatchObject({
      code: 'validation',
      fieldErrors: { relation: ['Unknown relation "child:backups:nope".'] },
    });
    expect(
      await errorOf(expandRelation(user, 'proxmox-endpoints', endpointIds[0], CLUSTERS, { limit: 0 })),
    ).toMatchObject({ code: 'validation', fieldErrors: { limit: ['Enter a whole number from 1 to 200.'] } });
    expect(
      await errorOf(expandRelation(user, 'proxmox-endpoints', endpointIds[0], CLUSTERS, { limit: 201 })),
    ).toMatchObject({ code: 'validation' });
    expect(
      await errorOf(expandRelation(user, 'proxmox-endpoints', endpointIds[0], CLUSTERS, { offset: -1 })),
    ).toMatchObject({ code: 'validation', fieldErrors: { offset: ['Enter a whole number of 0 or more.'] } });
  });
});
