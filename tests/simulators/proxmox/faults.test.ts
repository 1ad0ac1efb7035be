// Runtime faults: offline nodes, 401s, failing paths, agent trouble, latency – and that stop()
// still returns promptly when requests hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type QemuGuest, type Simulator } from '@/simulators/proxmox';
import { closeClients, get } from './http-client';

let sim: Simulator;
type Item = Record<string, unknown>;
const data = async (path: string): Promise<Item[]> => (await get(sim.clusters[0], path)).json<{ data: Item[] }>().data;
const agentVm = () =>
  sim.estate.clusters[0].guests.find(
    (g): g is QemuGuest => g.type === 'qemu' && g.status === 'running' && !!g.agent?.responding,
  )!;
const agentPath = (g: QemuGuest) => `/nodes/${g.node}/qemu/${g.vmid}/agent/network-get-interfaces`;

beforeAll(async () => {
  sim = await startSimulator({ seed: 2, guests: 40, clusters: 2 });
});

afterAll(async () => {
  closeClients();
  await sim?.stop();
});

describe('faults', () => {
  it('nodeOffline: 595 empty for the node, offline in /nodes and /cluster/status, guests degraded', async () => {
    const node = sim.estate.clusters[0].nodes[1].name;
    sim.faults.nodeOffline(0, node, true);
    const res = await get(sim.clusters[0], `/nodes/${node}/qemu`);
    expect([res.status, res.body]).toEqual([595, '']);
    expect((await data('/nodes')).find((n) => n.node === node)).toEqual({
      node,
      id: `node/${node}`,
      type: 'node',
      status: 'offline',
      ssl_fingerprint: expect.any(String),
    });
    expect((await data('/cluster/status')).find((n) => n.name === node)?.online).toBe(0);
    const guests = (await data('/cluster/resources?type=vm')).filter((r) => r.node === node);
    expect(guests.length).toBeGreaterThan(0);
    for (const g of guests)
      expect(
        Object.keys(g)
          .filter((k) => !['tags', 'lock', 'pool'].includes(k))
          .sort(),
      ).toEqual(['id', 'node', 'status', 'type', 'vmid']);
    expect(guests.every((g) => g.status === 'unknown')).toBe(true);
    expect(
      (await data('/cluster/resources?type=storage'))
        .filter((s) => s.node === node)
        .every((s) => s.status === 'unknown'),
    ).toBe(true);
    expect((await get(sim.clusters[1], '/cluster/status')).status).toBe(200);
    sim.faults.nodeOffline(0, node, false);
    expect((await get(sim.clusters[0], `/nodes/${node}/qemu`)).status).toBe(200);
  });

  it('authFailure: 401 even with the right token, only on that cluster', async () => {
    sim.faults.authFailure(0, true);
    expect((await get(sim.clusters[0], '/version')).status).toBe(401);
    expect((await get(sim.clusters[1], '/version')).status).toBe(200);
    sim.faults.authFailure(0, false);
    expect((await get(sim.clusters[0], '/version')).status).toBe(200);
  });

  it('failPath: chosen status for matching paths; 59x with an empty body; removable', async () => {
    const remove = sim.faults.failPath(0, /\/config$/, 500, 'got timeout');
    const g = sim.estate.clusters[0].guests[0];
    const failed = await get(sim.clusters[0], `/nodes/${g.node}/${g.type}/${g.vmid}/config`);
    expect([failed.status, failed.reason, failed.body]).toEqual([500, 'got timeout', '{"data":null}']);
    expect((await get(sim.clusters[0], `/nodes/${g.node}/${g.type}/${g.vmid}/status/current`)).status).toBe(200);
    remove();
    expect((await get(sim.clusters[0], `/nodes/${g.node}/${g.type}/${g.vmid}/config`)).status).toBe(200);
    sim.faults.failPath(0, '^/cluster/resources$', 596, 'Connection timed out');
    const proxied = await get(sim.clusters[0], '/cluster/resources?type=vm');
    expect([proxied.status, proxied.body]).toEqual([596, '']);
    sim.faults.clear();
    expect((await get(sim.clusters[0], '/cluster/resources')).status).toBe(200);
  });

  it('agent: slow answers late, missing reports the agent down, ok restores', async () => {
    const g = agentVm();
    sim.faults.agent(0, 'slow', 250);
    const t0 = Date.now();
    expect((await get(sim.clusters[0], agentPath(g))).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(240);
    sim.faults.agent(0, 'missing');
    expect((await get(sim.clusters[0], agentPath(g))).reason).toBe('QEMU guest agent is not running');
    sim.faults.agent(0, 'ok');
    expect((await get(sim.clusters[0], agentPath(g))).json().data).toHaveProperty('result');
  });

  it('agent timeout never answers, and stop() still closes promptly', async () => {
    const local = await startSimulator({ seed: 2, guests: 40 });
    const g = local.estate.clusters[0].guests.find(
      (x): x is QemuGuest => x.type === 'qemu' && x.status === 'running' && !!x.agent?.responding,
    )!;
    local.faults.agent(0, 'timeout');
    await expect(get(local.clusters[0], agentPath(g), { timeoutMs: 300 })).rejects.toThrow('client timeout');
    const hanging = get(local.clusters[0], agentPath(g)).catch((e: Error) => e.message);
    await new Promise((r) => setTimeout(r, 50));
    const t0 = Date.now();
    await local.stop();
    expect(Date.now() - t0).toBeLessThan(1000);
    expect(await hanging).toMatch(/socket hang up|ECONNRESET/);
  });

  it('latency: per-cluster delay on every request', async () => {
    sim.faults.latency(1, 120);
    const t0 = Date.now();
    await get(sim.clusters[1], '/version');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
    sim.faults.latency(1, 0);
  });

  it('counts and logs requests per cluster', async () => {
    sim.resetCounters();
    await get(sim.clusters[1], '/cluster/resources?type=vm');
    await get(sim.clusters[1], '/nodes');
    expect(sim.requestCount(1)).toBe(2);
    expect(sim.requestCount(0)).toBe(0);
    expect(sim.requestLog(1)).toEqual(['GET /api2/json/cluster/resources?type=vm', 'GET /api2/json/nodes']);
    expect(sim.requestCount()).toBe(2);
  });
});

describe('tls', () => {
  it('serves HTTPS with a per-endpoint certificate whose fingerprint the first node reports', async () => {
    const secure = await startSimulator({ tls: true, guests: 5 });
    try {
      const c = secure.clusters[0];
      expect(c.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      const res = await get(c, '/nodes');
      expect(res.status).toBe(200);
      expect(res.json<{ data: Item[] }>().data[0].ssl_fingerprint).toBe(c.fingerprint);
    } finally {
      await secure.stop();
    }
  });
});
