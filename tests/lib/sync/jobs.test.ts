import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, asc, eq } from 'drizzle-orm';
import { syncEvents, syncJobs, type SyncJob } from '@/db/schema';
import { openDatabase, type DatabaseHandle } from '@/db/client';
import { AppError } from '@/lib/data/errors';
import { cancelSyncJob } from '@/lib/sync/jobs/cancel';
import { claimNextJob, enqueueSync } from '@/lib/sync/jobs/queue';
import { EndpointBusyError } from '@/lib/sync/jobs/run-store';
import { syncEventStream } from '@/lib/sync/jobs/event-stream';
import { SyncWorker } from '@/lib/sync/jobs/worker';
import { registerEndpoints } from '@/lib/sync/write/register-endpoints';
import { startSimulator, type Simulator } from '@/simulators/proxmox';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// The durable queue on sync_jobs: enqueue, claim, restart, crashed workers, one endpoint at a
// time across workers, and cancel. On PostgreSQL the second worker has its own connection pool,
// as a second process would.

let handle: DatabaseHandle;
let other: DatabaseHandle | null = null;
let sim: Simulator;
let a: number;
let b: number;
const alice = { kind: 'user', userId: 7, username: 'alice', role: 'operator' } as const;
const quick = ['devices', 'storage'] as const;

async function job(id: number): Promise<SyncJob> {
  return (await handle.db.select().from(syncJobs).where(eq(syncJobs.id, id)))[0];
}

async function settled(id: number): Promise<SyncJob> {
  for (let i = 0; i < 1200; i++) {
    const row = await job(id);
    if (row.status !== 'running' && row.status !== 'queued') return row;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`job ${id} did not finish`);
}

async function streamOf(id: number): Promise<{ event: string; data: Record<string, unknown> }[]> {
  const text = await new Response(syncEventStream(handle.db, id, new AbortController().signal)).text();
  return text
    .split('\n\n')
    .filter((block) => block.includes('data: '))
    .map((block) => ({
      event: /^event: (.*)$/m.exec(block)![1],
      data: JSON.parse(/^data: (.*)$/m.exec(block)![1]) as Record<string, unknown>,
    }));
}

beforeAll(async () => {
  // A cancel made by another process is seen by the run's poll: fast here, so that a short run is still under way.
  process.env.PROXBOX_CANCEL_POLL_MS = '50';
  handle = await openTestDatabase();
  if (process.env.TEST_DATABASE_URL) other = await openDatabase({ url: process.env.TEST_DATABASE_URL });
  sim = await startSimulator({ seed: 11, clusters: 2, nodesPerCluster: 2, guests: 12, tls: true, latencyMs: 40 });
  [a, b] = await registerEndpoints(handle.db, { kind: 'system' }, sim.clusters);
}, 60_000);
afterAll(async () => {
  delete process.env.PROXBOX_CANCEL_POLL_MS;
  await other?.close();
  await sim?.stop();
  await closeTestDatabase();
});

describe(`sync job queue (${testDriver})`, () => {
  it('queues a request and a worker claims and runs it; a second request for a held endpoint is refused', async () => {
    const queued = await enqueueSync(handle.db, { endpointIds: [a], stages: [...quick], requestedBy: 'test' });
    expect([queued.status, queued.kind, queued.endpointIds, queued.stages, queued.startedAt]).toEqual([
      'queued',
      'stage',
      [a],
      ['devices', 'storage'],
      null,
    ]);
    await expect(enqueueSync(handle.db, { endpointIds: [b, a], requestedBy: 'test' })).rejects.toThrow(
      new EndpointBusyError([a]),
    );
    const worker = new SyncWorker(handle.db, { workerId: 'w1' });
    expect(await worker.poll()).toEqual([queued.id]);
    const running = await job(queued.id);
    expect([running.status, running.workerId]).toEqual(['running', 'w1']);
    await expect(enqueueSync(handle.db, { endpointIds: [a], requestedBy: 'test' })).rejects.toThrow(
      'A sync of endpoint ' + a + ' is already running or queued.',
    );
    await worker.stop({ wait: true });
    expect((await job(queued.id)).status).toBe('completed');
  }, 60_000);

  it('a queued job survives a restart: a worker that stopped before claiming leaves it, the next one runs it', async () => {
    const queued = await enqueueSync(handle.db, {
      endpointIds: [a],
      stages: [...quick],
      requestedBy: 'before-restart',
    });
    const dropped = new SyncWorker(handle.db, { workerId: 'dropped' });
    await dropped.stop();
    expect(await dropped.poll()).toEqual([]);
    expect((await job(queued.id)).status).toBe('queued');
    const fresh = new SyncWorker(other?.db ?? handle.db, { workerId: 'after-restart', pollMs: 50 }).start();
    const done = await settled(queued.id);
    expect([done.status, done.workerId]).toEqual(['completed', 'after-restart']);
    await fresh.stop({ wait: true });
  }, 60_000);

  it("marks a crashed worker's job interrupted (stale heartbeat) and frees its endpoint", async () => {
    const queued = await enqueueSync(handle.db, { endpointIds: [b], stages: [...quick], requestedBy: 'doomed' });
    // A worker claims the job and dies before running it: nothing beats its heartbeat any more.
    expect((await claimNextJob(handle.db, 'crashed'))?.id).toBe(queued.id);
    await expect(enqueueSync(handle.db, { endpointIds: [b], requestedBy: 'test' })).rejects.toThrow(EndpointBusyError);
    await handle.db
      .update(syncJobs)
      .set({ heartbeatAt: new Date(Date.now() - 5 * 60_000) })
      .where(eq(syncJobs.id, queued.id));
    const next = await enqueueSync(handle.db, { endpointIds: [b], stages: [...quick], requestedBy: 'repair' });
    const worker = new SyncWorker(handle.db, { workerId: 'w2' });
    expect(await worker.poll()).toEqual([next.id]);
    const dead = await job(queued.id);
    expect([dead.status, dead.error, dead.finishedAt !== null]).toEqual([
      'interrupted',
      'The process running this sync stopped before it finished.',
      true,
    ]);
    await worker.stop({ wait: true });
    expect((await job(next.id)).status).toBe('completed');
  }, 60_000);

  it('never syncs one endpoint twice at once across two workers; a job of another endpoint does not wait', async () => {
    const first = await enqueueSync(handle.db, { endpointIds: [a], requestedBy: 'first' });
    // A second job for the same endpoint (as two app versions or a manual insert could leave).
    const [second] = await handle.db
      .insert(syncJobs)
      .values({ kind: 'endpoint', endpointIds: [a], stages: first.stages, requestedBy: 'second', status: 'queued' })
      .returning();
    const third = await enqueueSync(handle.db, { endpointIds: [b], stages: [...quick], requestedBy: 'third' });
    const w1 = new SyncWorker(handle.db, { workerId: 'w1', concurrency: 4 });
    const w2 = new SyncWorker(other?.db ?? handle.db, { workerId: 'w2', concurrency: 4 });
    const claimed = await Promise.all([w1.poll(), w2.poll()]);
    // Both looked at once: the first job and the other endpoint's job start, the second waits.
    expect(claimed.flat().sort((x, y) => x - y)).toEqual([first.id, third.id]);
    expect((await job(second.id)).status).toBe('queued');
    const [one, two, three] = [await settled(first.id), await settled(second.id), await settled(third.id)];
    expect([one.status, two.status, three.status]).toEqual(['completed', 'completed', 'completed']);
    expect(two.startedAt!.getTime()).toBeGreaterThanOrEqual(one.finishedAt!.getTime());
    expect(three.startedAt!.getTime()).toBeLessThan(one.finishedAt!.getTime());
    await Promise.all([w1.stop({ wait: true }), w2.stop({ wait: true })]);
  }, 120_000);

  it('cancels a queued job at once: cancelled, one complete event, never claimed; then 409 / 404 / 403', async () => {
    const queued = await enqueueSync(handle.db, { endpointIds: [a], requestedBy: 'test' });
    const outcome = await cancelSyncJob(handle.db, alice, queued.id);
    expect([outcome.state, outcome.job.status, outcome.job.error, outcome.job.cancelRequestedBy]).toEqual([
      'cancelled',
      'cancelled',
      'Cancelled by alice before it started.',
      'alice',
    ]);
    expect(await claimNextJob(handle.db, 'w1')).toBeNull();
    const events = await streamOf(queued.id);
    expect(events).toEqual([
      {
        event: 'complete',
        data: {
          event: 'complete',
          ok: false,
          message: 'Cancelled by alice before it started.',
          result: { status: 'cancelled', stages: {}, elapsed_ms: 0 },
          errors: [],
        },
      },
    ]);
    const again = await cancelSyncJob(handle.db, alice, queued.id).catch((e: unknown) => e);
    expect([(again as AppError).code, (again as AppError).message]).toEqual([
      'conflict',
      `Sync job ${queued.id} has already finished (cancelled).`,
    ]);
    const missing = await cancelSyncJob(handle.db, alice, 999_999).catch((e: unknown) => e);
    expect([(missing as AppError).code, (missing as AppError).message]).toEqual([
      'not_found',
      'No SyncJob matches the given query.',
    ]);
    const other = await enqueueSync(handle.db, { endpointIds: [b], requestedBy: 'test' });
    const reader = await cancelSyncJob(
      handle.db,
      { kind: 'apikey', keyId: 'k', description: 'reader', role: 'viewer' },
      other.id,
    ).catch((e: unknown) => e);
    expect((reader as AppError).code).toBe('forbidden');
    expect((await job(other.id)).status).toBe('queued');
    await cancelSyncJob(handle.db, alice, other.id);
  });

  it.each([
    ['in this process', 'alice'],
    ['from another process (the cancel flag)', 'bob'],
  ])(
    'cancels a running job %s: it stops between stages, ends cancelled, and its stream has one complete',
    async (_how, by) => {
      // Proxmox answers slowly for this run: the sync queues every request up front, so only slow
      // answers keep a loaded machine from finishing the run before the cancel is seen.
      for (const cluster of [0, 1]) sim.faults.latency(cluster, 400);
      const queued = await enqueueSync(handle.db, { endpointIds: [a, b], requestedBy: 'test' });
      const worker = new SyncWorker(handle.db, { workerId: 'w1' });
      expect(await worker.poll()).toEqual([queued.id]);
      // Wait until the first stage has ended somewhere, so that the run is well under way.
      for (let i = 0; i < 400; i++) {
        const done = await handle.db
          .select()
          .from(syncEvents)
          .where(and(eq(syncEvents.jobId, queued.id), eq(syncEvents.event, 'phase_summary')));
        if (done.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      if (by === 'alice') {
        expect((await cancelSyncJob(handle.db, alice, queued.id)).state).toBe('cancelling');
      } else {
        await handle.db
          .update(syncJobs)
          .set({ cancelRequestedAt: new Date(), cancelRequestedBy: 'bob' })
          .where(eq(syncJobs.id, queued.id));
      }
      const final = await settled(queued.id);
      expect([final.status, final.error]).toEqual(['cancelled', `Cancelled by ${by}.`]);
      const events = await streamOf(queued.id);
      const completes = events.filter((e) => e.event === 'complete');
      expect(completes.map((e) => [(e.data.result as { status: string }).status, e.data.message])).toEqual([
        ['cancelled', `Cancelled by ${by}.`],
      ]);
      expect(events.at(-1)!.event).toBe('complete');
      // Every stage that started also ended (no half-run stage), and not all twelve ran on both endpoints.
      const started = events
        .filter((e) => e.event === 'step' && e.data.status === 'started' && e.data.step !== 'sync')
        .map((e) => String(e.data.message));
      const ended = events
        .filter((e) => e.event === 'phase_summary')
        .map((e) => String(e.data.message).replace(/ completed( with errors)?$/, ''));
      expect(ended.sort()).toEqual(started.sort());
      expect(ended.length).toBeLessThan(24);
      await worker.stop({ wait: true });
      for (const cluster of [0, 1]) sim.faults.latency(cluster, 40);
      // The endpoints are free again.
      const next = await enqueueSync(handle.db, { endpointIds: [a, b], stages: [...quick], requestedBy: 'test' });
      await cancelSyncJob(handle.db, alice, next.id);
    },
    60_000,
  );

  it('a job whose object is gone fails with a complete event instead of staying running', async () => {
    const [row] = await handle.db
      .insert(syncJobs)
      .values({
        kind: 'object',
        endpointIds: [a],
        stages: ['virtual-machines'],
        objectType: 'virtual-machines',
        objectId: 987_654,
        requestedBy: 'test',
        status: 'queued',
      })
      .returning();
    const worker = new SyncWorker(handle.db, { workerId: 'w1' });
    expect(await worker.poll()).toEqual([row.id]);
    await worker.stop({ wait: true });
    const failed = await job(row.id);
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatch(/^The sync could not start: /);
    const events = await handle.db
      .select()
      .from(syncEvents)
      .where(eq(syncEvents.jobId, row.id))
      .orderBy(asc(syncEvents.seq));
    expect(events.map((e) => [e.event, (e.payload as { result: { status: string } }).result.status])).toEqual([
      ['complete', 'failed'],
    ]);
  });
});
