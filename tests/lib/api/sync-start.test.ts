import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { syncJobs } from '@/db/schema';
import { POST } from '@/app/api/plugins/proxbox/sync/route';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { testDriver } from '../../helpers/db';
import { ORIGIN, setupApi, system, teardownApi, type ApiEnv } from './helpers';

let env: ApiEnv;
let sim: Simulator;
let endpointIds: number[];

beforeAll(async () => {
  env = await setupApi();
  sim = await startSimulator({ seed: 9, clusters: 1, nodesPerCluster: 2, guests: 10, tls: true, latencyMs: 30 });
  endpointIds = await registerEndpoints(env.db.db, system, sim.clusters);
}, 60_000);
afterAll(async () => {
  await sim?.stop();
  await teardownApi(env);
});

const post = (body: unknown, key: string | null = env.key) =>
  POST(
    new Request(`${ORIGIN}/api/plugins/proxbox/sync/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(key ? { authorization: `Token ${key}` } : {}) },
      body: JSON.stringify(body),
    }),
  );

async function finished(id: number): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const [job] = await env.db.db.select().from(syncJobs).where(eq(syncJobs.id, id));
    if (job.status !== 'running') return job.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not finish');
}

describe(`POST /api/plugins/proxbox/sync/ on ${testDriver}`, () => {
  it('starts a run and answers 202 with the job at once; a second run of the endpoint is 409', async () => {
    const res = await post({ endpoints: endpointIds, stages: ['devices', 'virtual-machines'] });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: number; status: { value: string }; stages: string[]; requested_by: string };
    expect(job.status.value).toBe('running');
    expect(job.stages).toEqual(['devices', 'virtual-machines']);
    expect(job.requested_by).toMatch(/^api-key:/);
    const busy = await post({ endpoints: endpointIds });
    expect(busy.status).toBe(409);
    expect(((await busy.json()) as { detail: string }).detail).toMatch(/already running/);
    expect(await finished(job.id)).toBe('completed');
  }, 60_000);

  it('refuses read-only keys, anonymous callers and bad bodies', async () => {
    expect((await post({}, env.readOnlyKey)).status).toBe(403);
    const anonymous = await post({}, null);
    expect(anonymous.status).toBe(403);
    const bad = await post({ stages: ['everything'], extra: 1 });
    expect(bad.status).toBe(400);
    expect(Object.keys((await bad.json()) as object).sort()).toEqual(['non_field_errors', 'stages']);
  });

  it('takes dry_run only for the NetBox push, and records it on the job', async () => {
    const before = (await env.db.db.select().from(syncJobs)).length;
    const wrong = await post({ stages: ['devices'], dry_run: true });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({
      dry_run: ['A dry run plans the NetBox push only: ask for stages ["netbox-push"].'],
    });
    expect((await post({ dry_run: 'yes' })).status).toBe(400);
    expect(await env.db.db.select().from(syncJobs)).toHaveLength(before);
    // No NetBox endpoint: the job exists, is a dry run, and fails saying why.
    const res = await post({ stages: ['netbox-push'], dry_run: true });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: number; dry_run: boolean; stages: string[] };
    expect([job.dry_run, job.stages]).toEqual([true, ['netbox-push']]);
    expect(await finished(job.id)).toBe('failed');
    const [row] = await env.db.db.select().from(syncJobs).where(eq(syncJobs.id, job.id));
    expect([row.dryRun, row.error]).toEqual([true, 'NetBox endpoints: No enabled NetBox endpoint to push to.']);
  }, 60_000);
});
