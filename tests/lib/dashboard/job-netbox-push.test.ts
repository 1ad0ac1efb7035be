import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '@/lib/data/actor';
import { createRecord } from '@/lib/data/records';
import { loadJobNetboxPushes } from '@/lib/dashboard/job-netbox-push';
import { loadNetboxPushDetail } from '@/lib/dashboard/netbox-push-summary';
import { runSync } from '@/lib/sync/engine';
import { startNetboxSimulator, type NetboxSimulator } from '@/simulators/netbox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// The run page's reader against real push runs: a dry run records its change set and writes
// nothing; the push that follows does what it showed and is listed per object type.

const viewer = { kind: 'user', userId: 1, username: 'viewer', role: 'operator' } as const;
const TOKEN = '0123456789abcdef0123456789abcdef01234567';
let sim: NetboxSimulator;
let handle: Awaited<ReturnType<typeof openTestDatabase>>;
let endpointId: number;

beforeAll(async () => {
  handle = await openTestDatabase();
  sim = await startNetboxSimulator({ version: '4.2', tokens: { v1: [TOKEN], v2: [] } });
  endpointId = (
    await createRecord(systemActor, 'netbox-endpoints', {
      name: 'sim',
      domain: 'localhost',
      port: sim.port,
      useHttps: false,
      verifySsl: false,
      tokenVersion: 'v1',
      token: TOKEN,
    })
  ).id;
});
afterAll(async () => {
  await sim?.stop();
  await closeTestDatabase();
});

describe(`a job's NetBox push on its run page (${testDriver})`, () => {
  it('shows a dry run with its change set and the apply after it with the same counts per type', async () => {
    sim.resetRequests();
    const dry = await runSync(handle.db, { stages: ['netbox-push'], dryRun: true, requestedBy: 'test' });
    expect(sim.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    const [planned] = await loadJobNetboxPushes(viewer, dry.jobId);
    expect(planned).toMatchObject({ endpointId, endpointName: 'sim', dryRun: true, failures: [] });
    const plan = planned.plan!;
    expect(plan.netboxVersion).toBe('4.2.2');
    expect(plan.totals.creates).toBeGreaterThan(0);
    expect(plan.totals).toMatchObject({ updates: 0, deletes: 0, conflicts: 0 });
    const plannedCreates = Object.fromEntries(
      plan.types.filter((t) => t.counts.creates > 0).map((t) => [t.type, t.counts.creates]),
    );
    expect((await loadNetboxPushDetail(viewer, endpointId)).lastPush).toBeNull();

    const applied = await runSync(handle.db, { stages: ['netbox-push'], requestedBy: 'test' });
    const [done] = await loadJobNetboxPushes(viewer, applied.jobId);
    expect(done).toMatchObject({ endpointId, dryRun: false, plan: null, failures: [] });
    const created = Object.fromEntries(
      Object.entries(done.counts)
        .filter(([, c]) => c.created > 0)
        .map(([type, c]) => [type, c.created]),
    );
    expect(created).toEqual(plannedCreates);
    expect(done.requests!.writes).toBe(sim.requests.filter((r) => r.method !== 'GET').length);
    const detail = await loadNetboxPushDetail(viewer, endpointId);
    expect(detail.lastPush).toMatchObject({ jobId: applied.jobId, status: 'completed', netboxVersion: '4.2.2' });
    expect(detail.objectsOwnedTotal).toBe(plan.totals.creates);
  });
});
