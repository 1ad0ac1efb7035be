import { systemActor } from '@/lib/data/actor';
import { eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BackendHandle } from '@/db/backend/client';
import type { DatabaseHandle } from '@/db/client';
import { syncEvents, syncJobs } from '@/db/schema';
import { GET } from '@/app/api/plugins/proxbox/sync-jobs/[id]/stream/route';
import { createApiKey } from '@/lib/auth/api-keys';
import { activePollers, openStreamCounts, syncEventStream } from '@/lib/sync/jobs/event-stream';
import { releaseStore, useFreshStore } from '../backend/helpers';
import { closeTestDatabase, openTestDatabase, testDriver } from '../../helpers/db';

// Event streams: one poller per run however many clients follow it (each stream still gets every
// event once, in order, also when it joins late), and a cap per user and in total (429).

let handle: DatabaseHandle;
let store: BackendHandle;
let keys: string[];
const ENV = ['PROXBOX_SSE_MAX_STREAMS', 'PROXBOX_SSE_MAX_STREAMS_PER_USER'] as const;
const saved = Object.fromEntries(ENV.map((k) => [k, process.env[k]]));

beforeAll(async () => {
  handle = await openTestDatabase();
  store = useFreshStore();
  keys = [
    (await createApiKey(systemActor, { description: 'a' })).key,
    (await createApiKey(systemActor, { description: 'b' })).key,
  ];
});
afterEach(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});
afterAll(async () => {
  releaseStore(store);
  await closeTestDatabase();
});

async function newRun(): Promise<number> {
  const [job] = await handle.db
    .insert(syncJobs)
    .values({ status: 'running', requestedBy: 'test' })
    .returning({ id: syncJobs.id });
  return job.id;
}
let seqs = new Map<number, number>();
async function addEvents(jobId: number, n: number): Promise<void> {
  const start = seqs.get(jobId) ?? 0;
  await handle.db.insert(syncEvents).values(
    Array.from({ length: n }, (_, i) => ({
      jobId,
      seq: start + i + 1,
      event: 'item_progress',
      payload: { event: 'item_progress', n: start + i + 1 },
    })),
  );
  seqs.set(jobId, start + n);
}

/** Reads a stream to its end; returns the `n` of each event and the last event name. */
async function drain(stream: ReadableStream<Uint8Array>): Promise<{ ns: number[]; last: string }> {
  const text = await new Response(stream).text();
  const blocks = text.split('\n\n').filter((b) => b.includes('data: '));
  const ns = blocks
    .map((b) => JSON.parse(/^data: (.*)$/m.exec(b)![1]) as { n?: number })
    .filter((d) => d.n !== undefined)
    .map((d) => d.n!);
  return { ns, last: /^event: (.*)$/m.exec(blocks.at(-1) ?? '')?.[1] ?? '' };
}

const open = (jobId: number, key: string, signal: AbortSignal) =>
  GET(
    new Request(`http://proxbox.test/api/plugins/proxbox/sync-jobs/${jobId}/stream/`, {
      headers: { authorization: `Token ${key}`, 'x-real-ip': '192.0.2.1' },
      signal,
    }),
    { params: Promise.resolve({ id: String(jobId) }) },
  );

describe(`event streams (${testDriver})`, () => {
  it('many streams of one run share one poller, and each gets every event once, in order, also when joining late', async () => {
    seqs = new Map();
    const jobId = await newRun();
    await addEvents(jobId, 700);
    const signal = new AbortController().signal;
    const first = drain(syncEventStream(handle.db, jobId, signal));
    const second = drain(syncEventStream(handle.db, jobId, signal, 650));
    expect(activePollers()).toBe(1);
    await new Promise((r) => setTimeout(r, 500));
    await addEvents(jobId, 20);
    // Joins after the poller has moved past its start: catches up from the database.
    const late = drain(syncEventStream(handle.db, jobId, signal));
    expect(activePollers()).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    await addEvents(jobId, 5);
    await handle.db.update(syncJobs).set({ status: 'completed' }).where(eq(syncJobs.id, jobId));
    const [a, b, c] = await Promise.all([first, second, late]);
    const all = Array.from({ length: 725 }, (_, i) => i + 1);
    expect(a).toEqual({ ns: all, last: 'complete' });
    expect(b).toEqual({ ns: all.slice(650), last: 'complete' });
    expect(c).toEqual({ ns: all, last: 'complete' });
    expect(activePollers()).toBe(0);
  });

  it('caps streams per user and in total with 429, and frees a slot when a stream closes', async () => {
    process.env.PROXBOX_SSE_MAX_STREAMS_PER_USER = '2';
    process.env.PROXBOX_SSE_MAX_STREAMS = '3';
    const jobId = await newRun();
    const aborts = Array.from({ length: 4 }, () => new AbortController());
    const one = await open(jobId, keys[0], aborts[0].signal);
    const two = await open(jobId, keys[0], aborts[1].signal);
    const three = await open(jobId, keys[0], aborts[2].signal);
    expect([one.status, two.status, three.status]).toEqual([200, 200, 429]);
    expect(three.headers.get('retry-after')).toBe('10');
    expect(await three.json()).toEqual({
      detail: 'You already follow 2 event streams; close one (at most 2 per user).',
    });
    const other = await open(jobId, keys[1], aborts[3].signal);
    expect(other.status).toBe(200);
    const full = await open(jobId, keys[1], new AbortController().signal);
    expect(full.status).toBe(429);
    expect(await full.json()).toEqual({
      detail: 'The server already serves 3 event streams (at most 3); try again later.',
    });
    expect(activePollers()).toBe(1);
    // A client that goes away gives its slot back.
    aborts[0].abort();
    await one.body?.cancel().catch(() => undefined);
    expect(openStreamCounts().total).toBe(2);
    const again = await open(jobId, keys[0], new AbortController().signal);
    expect(again.status).toBe(200);
    await handle.db.update(syncJobs).set({ status: 'completed' }).where(eq(syncJobs.id, jobId));
    await Promise.all([two, other, again].map((r) => r.text()));
    expect(openStreamCounts()).toEqual({ total: 0, byOwner: {} });
  });
});
