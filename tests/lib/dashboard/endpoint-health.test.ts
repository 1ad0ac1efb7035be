import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { updateRecord } from '@/lib/data/records';
import { clearHealthCache, probeEndpoints, type EndpointHealth } from '@/lib/dashboard/endpoint-health';
import type { StoragePool } from '@/lib/dashboard/storage-usage';
import { startSimulator, type EstateCluster, type Simulator } from '@/simulators/proxmox';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

const system = { kind: 'system' } as const;
const actor = { kind: 'user', userId: 1, username: 'viewer', role: 'viewer' } as const;
let handle: DatabaseHandle;
let sim: Simulator;
let silent: net.Server;
let gated: net.Server;
/**
 * "gated" holds its connection until "silent" is contacted, then drops it. Probed one after the
 * other ("gated" sorts first), "silent" is only contacted after "gated" ran into its deadline; probed
 * at once, "gated" ends with a dropped connection instead.
 */
let silentContacted = false;
let gatedSockets: net.Socket[] = [];
function gate(socket: net.Socket) {
  if (silentContacted) socket.destroy();
  else gatedSockets.push(socket);
}
function silentAccept() {
  silentContacted = true;
  for (const socket of gatedSockets) socket.destroy();
  gatedSockets = [];
}
let closedPort: number;

/** A port nothing listens on: bound once to learn a free number, then released. */
async function freeClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** What /cluster/resources?type=storage adds up to, from the estate: shared pools once, local ones per online node. */
function expectedStorage(c: EstateCluster): StoragePool[] {
  return c.storages
    .map((s) => {
      const online = c.nodes.filter((n) => n.online);
      const figures = s.shared
        ? [{ total: s.total, used: s.used }]
        : online.map((n) => n.localStorage[s.id] ?? { total: 0, used: 0 });
      return {
        storage: s.id,
        type: s.type,
        shared: s.shared,
        used: figures.reduce((a, f) => a + f.used, 0),
        total: figures.reduce((a, f) => a + f.total, 0),
        nodesReporting: online.length,
        nodesUnknown: c.nodes.length - online.length,
      };
    })
    .sort((a, b) => a.storage.localeCompare(b.storage));
}

const byName = (results: EndpointHealth[], name: string) => results.find((r) => r.name === name)!;

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startSimulator({ seed: 5, clusters: 2, nodesPerCluster: 3, guests: 10, tls: true, version: '8.2' });
  // Accepts connections and never answers: only the deadline ends a request to it.
  silent = net.createServer(silentAccept);
  gated = net.createServer(gate);
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => gated.listen(0, '127.0.0.1', resolve));
  closedPort = await freeClosedPort();
  const silentPort = (silent.address() as net.AddressInfo).port;
  const fake = { tokenId: 'root@pam!proxbox', tokenSecret: '00000000-0000-0000-0000-000000000000' };
  await registerEndpoints(handle.db, system, [
    ...sim.clusters,
    { name: 'closed', url: `https://127.0.0.1:${closedPort}`, ...fake },
    { name: 'silent', url: `https://127.0.0.1:${silentPort}`, ...fake },
    { name: 'gated', url: `https://127.0.0.1:${(gated.address() as net.AddressInfo).port}`, ...fake },
  ]);
}, 120_000);

afterAll(async () => {
  await sim?.stop();
  silent?.close();
  gated?.close();
  await closeTestDatabase();
});

beforeEach(() => {
  clearHealthCache();
  sim.faults.clear();
});

describe(`endpoint health (${testDriver})`, () => {
  it('reports reachable endpoints with version, latency and storage, and the others as unreachable within the deadline', async () => {
    silentContacted = false;
    const results = await probeEndpoints(actor, { timeoutSeconds: 1 });
    expect(results.map((r) => r.name)).toEqual(['closed', 'cluster1', 'cluster2', 'gated', 'silent']);
    for (const [i, name] of ['cluster1', 'cluster2'].entries()) {
      const r = byName(results, name);
      expect(r).toMatchObject({ state: 'reachable', version: '8.2.4', error: null });
      expect(r.latencyMs).toBeGreaterThanOrEqual(0);
      expect(r.storage).toEqual(expectedStorage(sim.estate.clusters[i]));
    }
    expect(byName(results, 'closed')).toMatchObject({
      state: 'unreachable',
      latencyMs: null,
      version: null,
      storage: null,
      error: { category: 'connection' },
    });
    expect(byName(results, 'silent')).toMatchObject({
      state: 'unreachable',
      latencyMs: null,
      error: { category: 'timeout' },
    });
    // All in parallel: "silent" was contacted while "gated" still waited, so "gated" was dropped
    // rather than timed out (probed one after the other, it would time out).
    expect(byName(results, 'gated')).toMatchObject({
      state: 'unreachable',
      latencyMs: null,
      error: { category: 'connection' },
    });
  });

  it('reports a rejected token as an authentication error, and counts a storage of an offline node as unknown', async () => {
    sim.faults.authFailure(1, true);
    sim.faults.nodeOffline(0, 'pve1-node3', true);
    try {
      const results = await probeEndpoints(actor, { timeoutSeconds: 1 });
      const denied = byName(results, 'cluster2');
      expect(denied).toMatchObject({
        state: 'auth_error',
        version: null,
        storage: null,
        error: { category: 'authentication' },
      });
      expect(denied.error!.message).toMatch(/401|token/i);
      const partial = byName(results, 'cluster1');
      expect(partial.state).toBe('reachable');
      expect(partial.storage).toEqual(expectedStorage(sim.estate.clusters[0]));
      expect(partial.storage!.find((s) => s.storage === 'local')).toMatchObject({ nodesReporting: 2, nodesUnknown: 1 });
    } finally {
      sim.faults.nodeOffline(0, 'pve1-node3', false);
    }
  });

  it('serves a result for 30 s, then the stale one while a single refresh runs; editing an endpoint starts over', async () => {
    sim.resetCounters();
    const first = await probeEndpoints(actor, { timeoutSeconds: 1 });
    const requests = sim.requestCount();
    expect(sim.requestCount(0)).toBe(2);
    const again = await probeEndpoints(actor, { timeoutSeconds: 1 });
    expect(sim.requestCount()).toBe(requests);
    expect(again.map((r) => r.checkedAt)).toEqual(first.map((r) => r.checkedAt));

    sim.faults.authFailure(0, true);
    const stale = await probeEndpoints(actor, { timeoutSeconds: 1, maxAgeMs: 0 });
    expect(byName(stale, 'cluster1').state).toBe('reachable');
    await expect
      .poll(async () => byName(await probeEndpoints(actor, { timeoutSeconds: 1 }), 'cluster1').state, { timeout: 5000 })
      .toBe('auth_error');
    expect(sim.requestCount(0)).toBe(3);

    sim.faults.authFailure(0, false);
    const [cluster1] = await handle.db.query.proxmoxEndpoints.findMany({
      where: (e, { eq }) => eq(e.name, 'cluster1'),
    });
    await updateRecord(system, 'proxmox-endpoints', cluster1.id, { description: 'edited' });
    expect(byName(await probeEndpoints(actor, { timeoutSeconds: 1 }), 'cluster1').state).toBe('reachable');
  });

  it('does not contact a disabled endpoint', async () => {
    const [silentRow] = await handle.db.query.proxmoxEndpoints.findMany({
      where: (e, { eq }) => eq(e.name, 'cluster2'),
    });
    await updateRecord(system, 'proxmox-endpoints', silentRow.id, { enabled: false });
    const before = sim.requestCount(1);
    const results = await probeEndpoints(actor, { timeoutSeconds: 1 });
    expect(byName(results, 'cluster2')).toMatchObject({ state: 'disabled', error: null, version: null });
    expect(sim.requestCount(1)).toBe(before);
    await updateRecord(system, 'proxmox-endpoints', silentRow.id, { enabled: true });
  });
});
