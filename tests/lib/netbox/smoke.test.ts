import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DatabaseHandle } from '@/db/client';
import { registerEndpoints } from '@/lib/sync/register-endpoints';
import { runSync } from '@/lib/sync/engine';
import { startSimulator, type Simulator } from '@/lib/proxmox/simulator';
import { applyNetboxPush } from '@/lib/netbox/push';
import { closeTestDatabase, openTestDatabase } from '../../helpers/db';
import { netboxFor, writesOf } from './helpers';

let handle: DatabaseHandle;
let pve: Simulator;
beforeAll(async () => {
  handle = await openTestDatabase();
  pve = await startSimulator({ seed: 7, clusters: 1, nodesPerCluster: 2, guests: 8, tls: true, version: '8.2' });
  await registerEndpoints(handle.db, { kind: 'system' }, pve.clusters);
  const out = await runSync(handle.db, { requestedBy: 'test', stages: ['devices', 'virtual-machines', 'vm-disks', 'network-interfaces', 'vm-interfaces', 'ip-addresses'] });
  expect(out.status).toBe('completed');
}, 120_000);
afterAll(async () => {
  await pve?.stop();
  await closeTestDatabase();
});

it('smoke', async () => {
  const { sim, endpointId } = await netboxFor(handle.db, '4.2');
  const r = await applyNetboxPush(handle.db, endpointId);
  console.log(JSON.stringify(r.counts, null, 1), JSON.stringify(r.failures.slice(0, 10), null, 1), r.requests);
  console.log(JSON.stringify(r.plan.types.filter((t) => t.conflicts.length || t.refusals.length).map((t) => [t.type, t.conflicts, t.refusals])));
  sim.resetRequests();
  const r2 = await applyNetboxPush(handle.db, endpointId);
  console.log(JSON.stringify(r2.plan.types.filter((t) => t.updates.length || t.creates.length).map((t) => [t.type, t.creates.slice(0, 2), t.updates.slice(0, 2)]), null, 1), r2.requests, writesOf(sim).length);
  await sim.stop();
});
