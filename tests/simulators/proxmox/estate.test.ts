// The generated estate: reproducible from the seed, shaped per release, with the cross-cluster
// collisions a sync must survive (same vmids, repeated names) and shared storages seen from every node.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeClients, get } from './http-client';

/** UPID layout (docs/glossary.md): UPID:{node}:{pid:08X}:{pstart:08X|9X}:{starttime:08X}:{type}:{id}:{user}: */
const UPID_FORMAT = /^UPID:[a-zA-Z0-9][a-zA-Z0-9-]*:[0-9A-F]{8}:[0-9A-F]{8,9}:[0-9A-F]{8}:[a-z]+:[^:]*:[^:]+@[^:]+:$/;

let sim: Simulator;
/** Fixed anchor so two simulators started a moment apart cannot straddle UTC midnight. */
const now = 1_767_225_600;

beforeAll(async () => {
  sim = await startSimulator({ seed: 11, clusters: 3, nodesPerCluster: 3, guests: 150, standaloneClusters: [2], now });
});

afterAll(async () => {
  closeClients();
  await sim?.stop();
});

type Item = Record<string, unknown>;
const data = async (cluster: number, path: string): Promise<Item[]> =>
  (await get(sim.clusters[cluster], path)).json<{ data: Item[] }>().data;

describe('determinism', () => {
  it('the same seed yields byte-identical /cluster/resources; another seed does not', async () => {
    const again = await startSimulator({
      seed: 11,
      clusters: 3,
      nodesPerCluster: 3,
      guests: 150,
      standaloneClusters: [2],
      now,
    });
    const other = await startSimulator({
      seed: 12,
      clusters: 3,
      nodesPerCluster: 3,
      guests: 150,
      standaloneClusters: [2],
      now,
    });
    try {
      for (let c = 0; c < 3; c++) {
        const a = (await get(sim.clusters[c], '/cluster/resources')).body;
        expect((await get(again.clusters[c], '/cluster/resources')).body).toBe(a);
        expect((await get(other.clusters[c], '/cluster/resources')).body).not.toBe(a);
      }
      expect(again.clusters.map((c) => c.tokenSecret)).toEqual(sim.clusters.map((c) => c.tokenSecret));
    } finally {
      await Promise.all([again.stop(), other.stop()]);
    }
  });
});

describe('shape of the estate', () => {
  it('names nodes pve<c>-node<n>, clusters cluster<c>, and a standalone endpoint after its node', async () => {
    expect(sim.clusters.map((c) => c.name)).toEqual(['cluster1', 'cluster2', 'pve3-node1']);
    expect(sim.estate.clusters[1].nodes.map((n) => n.name)).toEqual(['pve2-node1', 'pve2-node2', 'pve2-node3']);
    const standalone = await data(2, '/cluster/status');
    expect(standalone).toEqual([
      expect.objectContaining({ type: 'node', name: 'pve3-node1', nodeid: 0, local: 1, online: 1 }),
    ]);
    const status = await data(0, '/cluster/status');
    expect(status.filter((e) => e.type === 'cluster')).toEqual([
      expect.objectContaining({ name: 'cluster1', nodes: 3, quorate: 1 }),
    ]);
  });

  it('reuses vmids across clusters and repeats some names, but never within a cluster', () => {
    const vmids = sim.estate.clusters.map((c) => new Set(c.guests.map((g) => g.vmid)));
    expect(vmids[0].has(100) && vmids[1].has(100) && vmids[2].has(100)).toBe(true);
    for (const c of sim.estate.clusters) expect(new Set(c.guests.map((g) => g.vmid)).size).toBe(c.guests.length);
    const names = sim.estate.clusters.map((c) => c.guests.map((g) => g.name));
    const shared = names[0].filter((n) => names[1].includes(n) || names[2].includes(n));
    expect(shared.length).toBeGreaterThan(0);
    for (const list of names) expect(new Set(list).size).toBe(list.length);
  });

  it('mixes qemu and lxc (~75/25), running and stopped, with varied disks and NICs', () => {
    const guests = sim.estate.clusters.flatMap((c) => c.guests);
    const lxc = guests.filter((g) => g.type === 'lxc').length / guests.length;
    expect(lxc).toBeGreaterThan(0.12);
    expect(lxc).toBeLessThan(0.38);
    expect(new Set(guests.map((g) => g.status))).toEqual(new Set(['running', 'stopped']));
    const keys = guests.flatMap((g) => (g.type === 'qemu' ? g.disks.map((d) => d.key.replace(/\d+$/, '')) : []));
    for (const bus of ['scsi', 'virtio', 'sata', 'efidisk', 'ide']) expect(keys).toContain(bus);
    const models = new Set(guests.flatMap((g) => g.nics.map((n) => n.model)));
    for (const m of ['virtio', 'e1000', 'vmxnet3', 'rtl8139', 'veth']) expect(models).toContain(m);
  });
});

describe('storages', () => {
  it('lists shared storages on every node, with identical PBS content everywhere', async () => {
    const nodes = sim.estate.clusters[0].nodes.map((n) => n.name);
    const pbs: string[] = [];
    for (const node of nodes) {
      const list = await data(0, `/nodes/${node}/storage`);
      expect(list.map((s) => s.storage)).toEqual(expect.arrayContaining(['local', 'local-lvm', 'nfs-shared', 'pbs']));
      expect(
        list
          .filter((s) => s.shared === 1)
          .map((s) => s.storage)
          .sort(),
      ).toEqual(['nfs-shared', 'pbs']);
      expect((await data(0, `/nodes/${node}/storage?content=backup`)).map((s) => s.storage)).toEqual(['local', 'pbs']);
      pbs.push((await get(sim.clusters[0], `/nodes/${node}/storage/pbs/content?content=backup`)).body);
    }
    expect(new Set(pbs).size).toBe(1);
    expect(JSON.parse(pbs[0]).data.length).toBeGreaterThan(20);
  });

  it('keeps local backups per node and includes backups of guests that no longer exist', async () => {
    const c = sim.estate.clusters[0];
    const byNode = await Promise.all(
      c.nodes.map((n) => data(0, `/nodes/${n.name}/storage/local/content?content=backup`)),
    );
    const volids = byNode.flat().map((b) => b.volid);
    expect(new Set(volids).size).toBe(volids.length);
    for (const b of byNode.flat())
      expect(b.volid).toMatch(
        /^local:backup\/vzdump-(qemu|lxc)-\d+-\d{4}_\d\d_\d\d-\d\d_\d\d_\d\d\.(vma|tar)\.(zst|lzo|gz)$/,
      );
    const pbs = await data(0, `/nodes/${c.nodes[0].name}/storage/pbs/content?content=backup`);
    for (const b of pbs) expect(b.volid).toMatch(/^pbs:backup\/(vm|ct)\/\d+\/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const live = new Set(c.guests.map((g) => g.vmid));
    expect([...pbs, ...byNode.flat()].some((b) => !live.has(b.vmid as number))).toBe(true);
  });
});

describe('tasks', () => {
  it('writes every UPID in the Proxmox UPID format, consistent with the task fields', async () => {
    for (const n of sim.estate.clusters[0].nodes) {
      const page = await get(sim.clusters[0], `/nodes/${n.name}/tasks?limit=5000&source=all`);
      for (const t of page.json<{ data: Item[] }>().data) {
        expect(t.upid).toMatch(UPID_FORMAT);
        const [, node, pid, pstart, start, type, id] = (t.upid as string).split(':');
        expect([node, parseInt(pid, 16), parseInt(pstart, 16), parseInt(start, 16), type, id]).toEqual([
          t.node,
          t.pid,
          t.pstart,
          t.starttime,
          t.type,
          t.id,
        ]);
      }
    }
    for (const t of await data(0, '/cluster/tasks')) expect(t.upid).toMatch(UPID_FORMAT);
  });

  it('spreads history over the last 30 days and caps /cluster/tasks at 25 finished per node', async () => {
    const now = sim.estate.now;
    const all = (await get(sim.clusters[0], `/nodes/${sim.estate.clusters[0].nodes[0].name}/tasks?limit=5000`)).json<{
      data: Item[];
    }>().data;
    const times = all.map((t) => t.starttime as number);
    expect(Math.min(...times)).toBeGreaterThanOrEqual(now - 31 * 86400);
    expect(Math.max(...times)).toBeLessThanOrEqual(now);
    expect(new Set(all.map((t) => t.type)).size).toBeGreaterThan(5);
    const cluster = await data(0, '/cluster/tasks');
    for (const n of sim.estate.clusters[0].nodes)
      expect(cluster.filter((t) => t.node === n.name && t.saved === '1').length).toBeLessThanOrEqual(25);
    expect(cluster.some((t) => t.saved === '0' && typeof t.pid === 'number')).toBe(true);
  });
});
