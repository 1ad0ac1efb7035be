import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { syncJobs } from '@/db/schema';
import { POST as pluginCancel } from '@/app/api/plugins/proxbox/sync-jobs/[id]/cancel/route';
import { POST as backendCancel } from '@/app/api/backend/sync-jobs/[id]/cancel/route';
import { enqueueSync } from '@/lib/sync/jobs/queue';
import { SyncWorker } from '@/lib/sync/jobs/worker';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { testDriver } from '../../helpers/db';
import { ORIGIN, setupApi, system, teardownApi, type ApiEnv } from '../api/helpers';

// The cancel routes of the plugin API (NetBox-style bodies) and of the backend API.

let env: ApiEnv;
let sim: Simulator;
let endpointIds: number[];

beforeAll(async () => {
  env = await setupApi();
  sim = await startSimulator({ seed: 12, clusters: 1, nodesPerCluster: 2, guests: 10, tls: true, latencyMs: 20 });
  endpointIds = await registerEndpoints(env.db.db, system, sim.clusters);
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  await teardownApi(env);
});

const plugin = (id: string | number, key: string | null = env.key) =>
  pluginCancel(
    new Request(`${ORIGIN}/api/plugins/proxbox/sync-jobs/${id}/cancel/`, {
      method: 'POST',
      headers: key ? { authorization: `Token ${key}` } : {},
    }),
  );
const backend = (id: string | number, key: string | null = env.key) =>
  backendCancel(
    new Request(`${ORIGIN}/api/backend/sync-jobs/${id}/cancel`, {
      method: 'POST',
      headers: key ? { 'x-proxbox-api-key': key } : {},
    }),
    { params: Promise.resolve({ id: String(id) }) },
  );
const statusOf = async (id: number) => (await env.db.db.select().from(syncJobs).where(eq(syncJobs.id, id)))[0].status;

describe(`POST /api/plugins/proxbox/sync-jobs/{id}/cancel/ on ${testDriver}`, () => {
  it('cancels a queued job (202 with the job), then answers 409; 404 for unknown ids; 403 for read-only keys and anonymous callers', async () => {
    const job = await enqueueSync(env.db.db, { endpointIds, requestedBy: 'test' });
    const readOnly = await plugin(job.id, env.readOnlyKey);
    expect([readOnly.status, await readOnly.json()]).toEqual([
      403,
      { detail: 'You do not have permission to perform this action.' },
    ]);
    const anonymous = await plugin(job.id, null);
    expect([anonymous.status, await anonymous.json()]).toEqual([
      403,
      { detail: 'Authentication credentials were not provided.' },
    ]);
    expect(await statusOf(job.id)).toBe('queued');

    const res = await plugin(job.id);
    expect(res.status).toBe(202);
    const body = (await res.json()) as { id: number; status: { value: string }; error: string };
    expect([body.id, body.status.value]).toEqual([job.id, 'cancelled']);
    expect(body.error).toMatch(/^Cancelled by api-key:\w+ before it started\.$/);
    const again = await plugin(job.id);
    expect([again.status, await again.json()]).toEqual([
      409,
      { detail: `Sync job ${job.id} has already finished (cancelled).` },
    ]);
    for (const id of ['999999', 'abc']) {
      const missing = await plugin(id);
      expect([missing.status, await missing.json()]).toEqual([404, { detail: 'No SyncJob matches the given query.' }]);
    }
  });

  it('asks a running job to stop: 202 while it is still running, then it ends cancelled', async () => {
    const job = await enqueueSync(env.db.db, { endpointIds, requestedBy: 'test' });
    const worker = new SyncWorker(env.db.db, { workerId: 'w1' });
    expect(await worker.poll()).toEqual([job.id]);
    const res = await plugin(job.id);
    expect(res.status).toBe(202);
    expect(((await res.json()) as { status: { value: string } }).status.value).toBe('running');
    await worker.stop({ wait: true });
    expect(await statusOf(job.id)).toBe('cancelled');
  }, 60_000);
});

describe(`POST /api/backend/sync-jobs/{id}/cancel on ${testDriver}`, () => {
  it('cancels with a read-write key (202), refuses read-only keys (403) and missing keys (401), 409 when finished, 404 when unknown', async () => {
    const job = await enqueueSync(env.db.db, { endpointIds, requestedBy: 'test' });
    expect((await backend(job.id, null)).status).toBe(401);
    expect((await backend(job.id, env.readOnlyKey)).status).toBe(403);
    expect(await statusOf(job.id)).toBe('queued');
    const res = await backend(job.id);
    expect(res.status).toBe(202);
    const body = (await res.json()) as Record<string, unknown>;
    expect([body.job_id, body.status, body.state]).toEqual([job.id, 'cancelled', 'cancelled']);
    expect(body.cancel_requested_by).toMatch(/^api-key:\w+$/);
    const again = await backend(job.id);
    expect([again.status, await again.json()]).toEqual([
      409,
      { detail: `Sync job ${job.id} has already finished (cancelled).` },
    ]);
    for (const id of ['999999', 'x']) {
      const missing = await backend(id);
      expect([missing.status, await missing.json()]).toEqual([404, { detail: 'No SyncJob matches the given query.' }]);
    }
  });
});
