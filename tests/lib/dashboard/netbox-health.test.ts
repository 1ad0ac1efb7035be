import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { systemActor } from '@/lib/data/actor';
import { createRecord } from '@/lib/data/records';
import { clearNetboxHealthCache, probeNetboxEndpoint, probeNetboxEndpoints } from '@/lib/dashboard/netbox-health';
import { startNetboxSimulator, type NetboxSimulator } from '@/simulators/netbox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

const viewer = { kind: 'user', userId: 1, username: 'viewer', role: 'operator' } as const;
const TOKEN = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
let sim: NetboxSimulator;
let silent: net.Server;
const sockets = new Set<net.Socket>();
const closed = new Set<net.Socket>();
let ids: Record<string, number>;

beforeAll(async () => {
  await openTestDatabase();
  sim = await startNetboxSimulator({ version: '4.2', tokens: { v1: [TOKEN], v2: [] } });
  // Accepts connections and never answers: only the deadline ends a check of it.
  silent = net.createServer((socket) => {
    sockets.add(socket);
    // Read (and drop) what arrives, so the client's closing of the connection is seen.
    socket.resume();
    socket.on('close', () => closed.add(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  const silentPort = (silent.address() as net.AddressInfo).port;
  const base = { domain: 'localhost', useHttps: false, verifySsl: false, tokenVersion: 'v1' as const };
  // Through the data layer, which encrypts the tokens as a user's save does.
  const rows = [];
  for (const e of [
    { ...base, name: 'good', port: sim.port, token: TOKEN },
    { ...base, name: 'wrong-token', port: sim.port, token: 'f'.repeat(40) },
    { ...base, name: 'silent', port: silentPort, token: TOKEN },
    { ...base, name: 'off', port: sim.port, token: TOKEN, enabled: false },
  ])
    rows.push(await createRecord(systemActor, 'netbox-endpoints', e));
  ids = Object.fromEntries(rows.map((r) => [String(r.name), r.id]));
});
afterAll(async () => {
  await sim?.stop();
  for (const socket of sockets) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await closeTestDatabase();
});
beforeEach(() => clearNetboxHealthCache());

describe(`NetBox endpoint health (${testDriver})`, () => {
  it('reports each endpoint by name: reachable with its version, a refused token, a silent host after the deadline, a disabled one unasked', async () => {
    sim.resetRequests();
    const results = await probeNetboxEndpoints(viewer, { timeoutSeconds: 1 });
    expect(results.map((r) => [r.endpointId, r.state, r.version])).toEqual([
      [ids.good, 'reachable', '4.2.2'],
      [ids.off, 'disabled', null],
      [ids.silent, 'unreachable', null],
      [ids['wrong-token'], 'auth_error', null],
    ]);
    expect(results.find((r) => r.endpointId === ids.silent)!.error).toMatchObject({ category: 'timeout' });
    expect(results.find((r) => r.endpointId === ids['wrong-token'])!.error!.message).toMatch(/token/i);
    expect(results.find((r) => r.endpointId === ids.good)!.error).toBeNull();
  });

  it('serves a recent result from the cache without asking NetBox again', async () => {
    const first = await probeNetboxEndpoint(viewer, ids.good, { timeoutSeconds: 2 });
    sim.resetRequests();
    const again = await probeNetboxEndpoint(viewer, ids.good, { timeoutSeconds: 2 });
    expect(again).toEqual(first);
    expect(sim.requests).toEqual([]);
    expect(await probeNetboxEndpoint(viewer, 999_999)).toBeNull();
  });

  it("gives up on a silent NetBox at the deadline: the connection is closed then, not held for the push's minute-long request deadline", async () => {
    const before = new Set(sockets);
    const health = await probeNetboxEndpoint(viewer, ids.silent, { timeoutSeconds: 1 });
    expect([health!.state, health!.error!.category]).toEqual(['unreachable', 'timeout']);
    const opened = [...sockets].filter((s) => !before.has(s));
    expect(opened).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(opened.filter((s) => closed.has(s))).toHaveLength(1);
  });
});
