import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { syncEvents, syncJobs } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { envPositiveInt } from '@/lib/net/bounded-request';
import { terminalEvent, type RunStatus } from '../types';

// A run's events as server-sent events (the seed's stream contract). However many clients follow
// one run, ONE poller per run reads new events from the database (every 400 ms) and hands them to
// every open stream; a stream that joins late first catches up from the database in pages, then
// goes live without losing or repeating an event. Streams are capped per user and in total
// (PROXBOX_SSE_MAX_STREAMS, PROXBOX_SSE_MAX_STREAMS_PER_USER), and the pollers' queries share a
// small budget (STREAM_QUERY_CONCURRENCY), so followers cannot take the connection pool from
// ordinary requests.

const POLL_MS = 400;
/** Events written to a job's log for its own page only (lib/dashboard/job-netbox-push.ts and job-sync-preview.ts read them). */
const LOG_ONLY_EVENTS: ReadonlySet<string> = new Set(['netbox_push', 'sync_preview']);
const KEEPALIVE_MS = 15_000;
const PAGE = 500;
/** Database queries of all streams at once (polls and catch-ups). */
const STREAM_QUERY_CONCURRENCY = 2;
const FINISHED = new Set(['completed', 'completed_with_errors', 'failed', 'interrupted', 'cancelled']);

type EventRow = typeof syncEvents.$inferSelect;
type Delivery =
  { kind: 'event'; row: EventRow } | { kind: 'end'; status: string | null } | { kind: 'error'; error: unknown };

// ---- the stream budget ----------------------------------------------------------------------

/** Too many open streams (429). */
export class StreamLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StreamLimitError';
  }
}

export function maxStreams(): number {
  return envPositiveInt('PROXBOX_SSE_MAX_STREAMS', 100);
}
export function maxStreamsPerUser(): number {
  return envPositiveInt('PROXBOX_SSE_MAX_STREAMS_PER_USER', 10);
}

const openByOwner = new Map<string, number>();
let openTotal = 0;

/** A held stream slot; `release` is idempotent. */
export interface StreamSlot {
  release(): void;
}

/** Takes a slot for `owner` (e.g. `user:3`, `apikey:AbC…`) or throws StreamLimitError. */
export function acquireStreamSlot(owner: string): StreamSlot {
  const mine = openByOwner.get(owner) ?? 0;
  if (mine >= maxStreamsPerUser())
    throw new StreamLimitError(
      `You already follow ${mine} event streams; close one (at most ${maxStreamsPerUser()} per user).`,
    );
  if (openTotal >= maxStreams())
    throw new StreamLimitError(
      `The server already serves ${openTotal} event streams (at most ${maxStreams()}); try again later.`,
    );
  openByOwner.set(owner, mine + 1);
  openTotal++;
  let released = false;
  return {
    release() {
      if (released) return;
      released = true;
      openTotal--;
      const left = (openByOwner.get(owner) ?? 1) - 1;
      if (left > 0) openByOwner.set(owner, left);
      else openByOwner.delete(owner);
    },
  };
}

/** Open streams: in total and per owner (tests, diagnostics). */
export function openStreamCounts(): { total: number; byOwner: Record<string, number> } {
  return { total: openTotal, byOwner: Object.fromEntries(openByOwner) };
}

// ---- the query budget -----------------------------------------------------------------------

let running = 0;
const waiting: (() => void)[] = [];
async function limited<T>(query: () => Promise<T>): Promise<T> {
  if (running >= STREAM_QUERY_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await query();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const readEvents = (db: Database, jobId: number, after: number) =>
  limited(() =>
    db
      .select()
      .from(syncEvents)
      .where(and(eq(syncEvents.jobId, jobId), gt(syncEvents.seq, after)))
      .orderBy(asc(syncEvents.seq))
      .limit(PAGE),
  );

// ---- one poller per run ---------------------------------------------------------------------

interface Subscriber {
  deliver(delivery: Delivery): void;
}

class JobPoller {
  seq = 0;
  readonly subscribers = new Set<Subscriber>();
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  /** Database polls made (tests: one per tick however many streams follow). */
  polls = 0;

  constructor(
    private readonly db: Database,
    private readonly jobId: number,
    private readonly onIdle: () => void,
  ) {}

  start(fromSeq: number): void {
    this.seq = fromSeq;
    this.#schedule(0);
  }

  remove(subscriber: Subscriber): void {
    this.subscribers.delete(subscriber);
    if (this.subscribers.size === 0) this.stop();
  }

  stop(): void {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.onIdle();
  }

  #schedule(ms: number): void {
    if (this.#stopped) return;
    this.#timer = setTimeout(() => void this.#tick(), ms);
  }

  #broadcast(delivery: Delivery): void {
    for (const s of [...this.subscribers]) s.deliver(delivery);
  }

  async #tick(): Promise<void> {
    try {
      this.polls++;
      const rows = await readEvents(this.db, this.jobId, this.seq);
      for (const row of rows) {
        this.seq = row.seq;
        this.#broadcast({ kind: 'event', row });
      }
      if (rows.length === PAGE) return this.#schedule(0);
      if (rows.length === 0) {
        const [job] = await limited(() =>
          this.db.select({ status: syncJobs.status }).from(syncJobs).where(eq(syncJobs.id, this.jobId)),
        );
        if (!job || FINISHED.has(job.status)) {
          // Events written just before the status changed are read by one more poll first.
          const tail = await readEvents(this.db, this.jobId, this.seq);
          for (const row of tail) {
            this.seq = row.seq;
            this.#broadcast({ kind: 'event', row });
          }
          if (tail.length === 0) {
            this.#broadcast({ kind: 'end', status: job?.status ?? null });
            return this.stop();
          }
        }
      }
      this.#schedule(POLL_MS);
    } catch (error) {
      this.#broadcast({ kind: 'error', error });
      this.stop();
    }
  }
}

const pollers = new Map<string, JobPoller>();
const pollerKey = (db: Database, jobId: number) => `${dbIds.get(db) ?? registerDb(db)}:${jobId}`;
const dbIds = new WeakMap<Database, number>();
let nextDbId = 1;
function registerDb(db: Database): number {
  const id = nextDbId++;
  dbIds.set(db, id);
  return id;
}

/** Pollers running now (tests: one per followed run). */
export function activePollers(): number {
  return pollers.size;
}

function subscribe(db: Database, jobId: number, subscriber: Subscriber, afterSeq: number): JobPoller {
  const key = pollerKey(db, jobId);
  let poller = pollers.get(key);
  if (!poller) {
    const created: JobPoller = new JobPoller(db, jobId, () => {
      if (pollers.get(key) === created) pollers.delete(key);
    });
    poller = created;
    pollers.set(key, poller);
    poller.subscribers.add(subscriber);
    poller.start(afterSeq);
  } else {
    poller.subscribers.add(subscriber);
  }
  return poller;
}

// ---- the stream -----------------------------------------------------------------------------

/**
 * Every stored event of the run from `afterSeq` on, then new ones as the run writes them, a
 * `: keepalive` comment every 15 s, and the end of the stream after the run's single `complete`
 * event (or a synthesized one when the run is over and everything has been sent). Stops when the
 * client disconnects. `slot` (from acquireStreamSlot) is released when the stream ends.
 */
export function syncEventStream(
  db: Database,
  jobId: number,
  signal: AbortSignal,
  afterSeq = 0,
  slot?: StreamSlot,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let lastSeq = afterSeq;
  let lastWrite = Date.now();
  let closed = false;
  let poller: JobPoller | null = null;
  let keepalive: NodeJS.Timeout | null = null;
  let finish: () => void = () => undefined;

  return new ReadableStream<Uint8Array>({
    start(controller) {
      const send = (text: string) => {
        controller.enqueue(encoder.encode(text));
        lastWrite = Date.now();
      };
      finish = () => {
        if (closed) return;
        closed = true;
        if (keepalive) clearInterval(keepalive);
        signal.removeEventListener('abort', onAbort);
        poller?.remove(subscriber);
        slot?.release();
      };
      const close = () => {
        if (closed) return;
        finish();
        controller.close();
      };
      const onAbort = () => close();

      // Live deliveries wait here while the stream catches up from the database.
      let queue: Delivery[] | null = [];
      const apply = (d: Delivery) => {
        if (closed) return;
        if (d.kind === 'error') {
          finish();
          return controller.error(d.error);
        }
        if (d.kind === 'end') {
          if (d.status)
            send(
              `event: complete\ndata: ${JSON.stringify(terminalEvent(d.status as RunStatus, `Run ${d.status.replace(/_/g, ' ')}`))}\n\n`,
            );
          return close();
        }
        const e = d.row;
        if (e.seq <= lastSeq) return;
        lastSeq = e.seq;
        // Per-endpoint push records are kept in the job's log for its page, not streamed: the
        // stream carries exactly the event contract that proxbox-api clients validate.
        if (LOG_ONLY_EVENTS.has(e.event)) return;
        send(`id: ${e.seq}\nevent: ${e.event}\ndata: ${JSON.stringify(e.payload)}\n\n`);
        if (e.event === 'complete') close();
      };
      const subscriber: Subscriber = { deliver: (d) => (queue ? queue.push(d) : apply(d)) };

      if (signal.aborted) return close();
      signal.addEventListener('abort', onAbort);
      keepalive = setInterval(() => {
        if (!closed && Date.now() - lastWrite >= KEEPALIVE_MS) send(': keepalive\n\n');
      }, KEEPALIVE_MS / 3);
      poller = subscribe(db, jobId, subscriber, afterSeq);
      const needsCatchUp = poller.seq > afterSeq || poller.subscribers.size > 1;
      if (!needsCatchUp) {
        queue = null;
        return;
      }
      // Catch up from the database until its tail, then replay what the poller sent meanwhile.
      void (async () => {
        try {
          for (;;) {
            const rows = await readEvents(db, jobId, lastSeq);
            for (const row of rows) apply({ kind: 'event', row });
            if (closed || rows.length < PAGE) break;
          }
          const pending = queue ?? [];
          queue = null;
          for (const d of pending) apply(d);
        } catch (error) {
          queue = null;
          apply({ kind: 'error', error });
        }
      })();
    },
    cancel() {
      finish();
    },
  });
}

/** Whose stream budget a caller uses: its user, API key, or the process itself. */
export function streamOwner(actor: Actor): string {
  switch (actor.kind) {
    case 'user':
      return `user:${actor.userId}`;
    case 'apikey':
      return `apikey:${actor.keyId}`;
    default:
      return actor.kind;
  }
}
