import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, count, eq } from 'drizzle-orm';
import { objectChanges, syncEvents, syncJobs, virtualMachines } from '@/db/schema';
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

  it('takes dry_run with any stages: a preview job, flagged, that writes nothing to the inventory', async () => {
    const before = (await env.db.db.select().from(syncJobs)).length;
    expect((await post({ dry_run: 'yes' })).status).toBe(400);
    // A viewer key cannot start a preview either.
    expect((await post({ stages: ['devices'], dry_run: true }, env.readOnlyKey)).status).toBe(403);
    expect(await env.db.db.select().from(syncJobs)).toHaveLength(before);
    const vmsBefore = await env.db.db.select({ n: count() }).from(virtualMachines);
    const changesBefore = await env.db.db.select({ n: count() }).from(objectChanges);
    const res = await post({ endpoints: endpointIds, stages: ['devices', 'virtual-machines'], dry_run: true });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: number; dry_run: boolean; stages: string[] };
    expect([job.dry_run, job.stages]).toEqual([true, ['devices', 'virtual-machines']]);
    expect(await finished(job.id)).toBe('completed');
    const [row] = await env.db.db.select().from(syncJobs).where(eq(syncJobs.id, job.id));
    expect([row.dryRun, row.error]).toEqual([true, null]);
    expect(await env.db.db.select({ n: count() }).from(virtualMachines)).toEqual(vmsBefore);
    expect(await env.db.db.select({ n: count() }).from(objectChanges)).toEqual(changesBefore);
    const [preview] = await env.db.db
      .select()
      .from(syncEvents)
      .where(and(eq(syncEvents.jobId, job.id), eq(syncEvents.event, 'sync_preview')));
    // The first test synced these stages: the preview finds nothing to change.
    expect((preview.payload as { changes: { totals: unknown } }).changes.totals).toEqual({
      creates: 0,
      updates: 0,
      deletes: 0,
    });
    // A push dry run with no NetBox endpoint: the job exists, is a dry run, and fails saying why.
    const push = await post({ stages: ['netbox-push'], dry_run: true });
    expect(push.status).toBe(202);
    const pushJob = (await push.json()) as { id: number };
    expect(await finished(pushJob.id)).toBe('failed');
    const [pushRow] = await env.db.db.select().from(syncJobs).where(eq(syncJobs.id, pushJob.id));
    expect([pushRow.dryRun, pushRow.error]).toEqual([true, 'NetBox endpoints: No enabled NetBox endpoint to push to.']);
  }, 60_000);
});
