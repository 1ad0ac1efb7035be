import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import type { DatabaseHandle } from '@/db/client';
import { syncJobs } from '@/db/schema';
import { createApiKey } from '@/lib/auth/api-keys';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { closeTestDatabase, openTestDatabase } from '../../helpers/db';
import { call, callJson, releaseStore, useFreshStore } from './helpers';
import { systemActor } from '@/lib/data/actor';

// GET full-update (awaited outcome) and full-update/stream (SSE, exactly one `complete`), against
// the test inventory database: first without Proxmox endpoints, then with a simulated cluster.

let store: BackendHandle;
let db: DatabaseHandle;
let key: string;

beforeAll(async () => {
  db = await openTestDatabase();
  store = useFreshStore();
  key = (await createApiKey(systemActor, { description: 'tests' })).key;
});
afterAll(async () => {
  releaseStore(store);
  await closeTestDatabase();
});

/** `event:` names of an SSE text, in order (keepalive comments skipped). */
function eventNames(text: string): string[] {
  return text
    .split('\n\n')
    .map((frame) => /^event: (.+)$/m.exec(frame)?.[1])
    .filter((name): name is string => Boolean(name));
}

async function finished(id: number): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const [job] = await db.db.select().from(syncJobs).where(eq(syncJobs.id, id));
    if (job.status !== 'running') return job.status;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the run did not finish');
}

describe('full-update', () => {
  it('runs a full sync to its end and returns the outcome', async () => {
    const reply = await callJson<{ job_id: number; status: string; ok: boolean; counts: Record<string, unknown> }>(
      'GET',
      'full-update',
      { key },
    );
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ status: 'completed', ok: true });
    expect(Object.keys(reply.body.counts)).toContain('virtual-machines');
    const [job] = await db.db.select().from(syncJobs).where(eq(syncJobs.id, reply.body.job_id));
    expect(job).toMatchObject({ status: 'completed', kind: 'full' });
    expect(job.requestedBy).toMatch(/^backend:api-key:/);
  });

  it('streams the run as server-sent events ending with exactly one complete', async () => {
    const res = await call('GET', 'full-update/stream', { key });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('cache-control')).toContain('no-cache');
    const names = eventNames(await res.text());
    expect(names[0]).toBe('step');
    expect(names.filter((n) => n === 'complete')).toHaveLength(1);
    expect(names.at(-1)).toBe('complete');
    const jobId = Number(res.headers.get('x-proxbox-job-id'));
    const [job] = await db.db.select().from(syncJobs).where(eq(syncJobs.id, jobId));
    expect(job.status).toBe('completed');
  });
});

describe('full-update with a simulated cluster', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ seed: 4, clusters: 1, nodesPerCluster: 2, guests: 20, tls: true, latencyMs: 80 });
    await registerEndpoints(db.db, { kind: 'system' }, sim.clusters);
  }, 60_000);
  afterAll(async () => {
    await sim?.stop();
  });

  it('a client that disconnects ends its stream, not the run; a second full update meanwhile is 409', async () => {
    const controller = new AbortController();
    const res = await call('GET', 'full-update/stream', { key, signal: controller.signal });
    expect(res.status).toBe(200);
    const jobId = Number(res.headers.get('x-proxbox-job-id'));
    controller.abort();
    const reader = res.body!.getReader();
    // The stream ends soon after the disconnect, without the run's `complete`; the run goes on.
    const decoder = new TextDecoder();
    let rest = '';
    for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) rest += decoder.decode(chunk.value);
    expect(eventNames(rest)).not.toContain('complete');
    expect((await db.db.select().from(syncJobs).where(eq(syncJobs.id, jobId)))[0].status).toBe('running');
    const busy = await callJson<{ detail: string }>('GET', 'full-update', { key });
    expect(busy.status).toBe(409);
    expect(busy.body.detail).toMatch(/already running/);
    expect(await finished(jobId)).toBe('completed');
  }, 60_000);
});
