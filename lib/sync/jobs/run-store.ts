import { and, eq, gte, isNull, lt, max, or, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { syncEvents, syncJobs, type SyncJob } from '@/db/schema';
import type { StageSummary } from '@/db/schema/sync';
import { terminalEvent, type RunStatus, type StageName, type SyncEvent } from '../types';

/** A running job whose heartbeat is older than this belongs to a dead process (beats every 15 s). */
export const staleAfterMs = () => Number(process.env.PROXBOX_SYNC_STALE_MS ?? 60_000);
const HEARTBEAT_EVERY_MS = 15_000;
/** How often a running job looks for a cancel request made by another process. */
const cancelPollMs = () => Number(process.env.PROXBOX_CANCEL_POLL_MS ?? 1_000);

export type Tx = Parameters<Parameters<Database['transaction']>[0]>[0];

export class EndpointBusyError extends Error {
  constructor(readonly endpointIds: number[]) {
    super(`A sync of endpoint ${endpointIds.join(', ')} is already running or queued.`);
    this.name = 'EndpointBusyError';
  }
}

/**
 * Serializes every decision about which job may hold which endpoint (enqueue, claim, open) across
 * processes: a transaction-scoped advisory lock, released at commit.
 */
export async function lockJobTable(tx: Tx): Promise<void> {
  await tx.execute(sql.raw('select pg_advisory_xact_lock(7215300451)'));
}

/** Endpoints among `endpointIds` held by a live job: a running one with a fresh heartbeat, or (with `queued`) a waiting one. */
export async function busyEndpoints(
  tx: Tx,
  endpointIds: number[],
  holders: 'running' | 'queued' | 'queued-or-running',
): Promise<number[]> {
  if (endpointIds.length === 0) return [];
  const fresh = new Date(Date.now() - staleAfterMs());
  const running = and(
    eq(syncJobs.status, 'running'),
    or(isNull(syncJobs.heartbeatAt), gte(syncJobs.heartbeatAt, fresh)),
  );
  const queued = eq(syncJobs.status, 'queued');
  const live = await tx
    .select({ endpointIds: syncJobs.endpointIds })
    .from(syncJobs)
    .where(holders === 'running' ? running : holders === 'queued' ? queued : or(running, queued));
  return endpointIds.filter((id) => live.some((job) => job.endpointIds.includes(id)));
}

/**
 * Opens a run that this process starts at once (runSync without a queued job), refusing when a
 * live or queued job holds any of the endpoints.
 */
export async function openRun(
  db: Database,
  input: {
    endpointIds: number[];
    stages: StageName[];
    requestedBy: string;
    kind: SyncJob['kind'];
    workerId: string;
    object?: { type: string; id: number };
    dryRun?: boolean;
  },
): Promise<SyncJob> {
  return db.transaction(async (tx) => {
    await lockJobTable(tx);
    const busy = await busyEndpoints(tx, input.endpointIds, 'queued-or-running');
    if (busy.length > 0) throw new EndpointBusyError(busy);
    const [job] = await tx
      .insert(syncJobs)
      .values({
        kind: input.kind,
        stages: input.stages,
        endpointIds: input.endpointIds,
        objectType: input.object?.type ?? null,
        objectId: input.object?.id ?? null,
        requestedBy: input.requestedBy,
        status: 'running',
        startedAt: new Date(),
        heartbeatAt: new Date(),
        workerId: input.workerId,
        dryRun: input.dryRun ?? false,
      })
      .returning();
    return job;
  });
}

export async function heartbeat(db: Database, jobId: number): Promise<void> {
  await db.update(syncJobs).set({ heartbeatAt: new Date() }).where(eq(syncJobs.id, jobId));
}

export async function closeRun(
  db: Database,
  jobId: number,
  outcome: {
    status: RunStatus;
    summary: Record<string, StageSummary>;
    proxmoxRequests: number;
    errorCount: number;
    error: string | null;
  },
): Promise<void> {
  await db
    .update(syncJobs)
    .set({ ...outcome, finishedAt: new Date(), heartbeatAt: new Date() })
    .where(eq(syncJobs.id, jobId));
}

/**
 * Marks runs whose process died (no heartbeat for a minute) as interrupted. Called at start-up and
 * before each run; their committed stages stay, and the next run repairs the rest.
 */
export async function markInterruptedRuns(db: Database): Promise<number> {
  const stale = new Date(Date.now() - staleAfterMs());
  const rows = await db
    .update(syncJobs)
    .set({
      status: 'interrupted',
      finishedAt: new Date(),
      error: 'The process running this sync stopped before it finished.',
    })
    .where(and(eq(syncJobs.status, 'running'), or(isNull(syncJobs.heartbeatAt), lt(syncJobs.heartbeatAt, stale))))
    .returning({ id: syncJobs.id });
  return rows.length;
}

const runsKey = Symbol.for('proxbox.sync-runs');
type WithRuns = typeof globalThis & { [runsKey]?: Map<number, AbortController> };
/** Runs of this process by job id (on globalThis: Next bundles server code into several chunks). */
const runsHere = () => ((globalThis as WithRuns)[runsKey] ??= new Map());

/** Stops a run of this process at once (a cancel made in the same process); false when it runs elsewhere. */
export function abortLocalRun(jobId: number, by: string): boolean {
  const run = runsHere().get(jobId);
  run?.abort(by);
  return Boolean(run);
}

/** Who cancelled a run, from its abort signal. */
export function cancelledBy(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : 'the caller';
}

export interface RunWatch {
  /** Aborted when the run is cancelled (here, in another process, or by the caller's signal). */
  signal: AbortSignal;
  stop(): void;
}

/**
 * Keeps a running job alive and listening: a heartbeat every 15 s (so that a dead process's job
 * is detected), and a cancel request checked every second (made by any process).
 */
export function watchRun(db: Database, jobId: number, outer?: AbortSignal): RunWatch {
  const controller = new AbortController();
  if (outer?.aborted) controller.abort(outer.reason);
  outer?.addEventListener('abort', () => controller.abort(outer.reason), { once: true });
  runsHere().set(jobId, controller);
  const beat = setInterval(
    () => void heartbeat(db, jobId).catch((error: unknown) => console.error(`sync ${jobId}: heartbeat failed:`, error)),
    HEARTBEAT_EVERY_MS,
  );
  const checkCancel = () =>
    void db
      .select({ by: syncJobs.cancelRequestedBy, at: syncJobs.cancelRequestedAt })
      .from(syncJobs)
      .where(eq(syncJobs.id, jobId))
      .then(([row]) => row?.at && controller.abort(row.by ?? 'a user'))
      .catch((error: unknown) => console.error(`sync ${jobId}: cancel check failed:`, error));
  const poll = setInterval(checkCancel, cancelPollMs());
  checkCancel();
  return {
    signal: controller.signal,
    stop() {
      clearInterval(beat);
      clearInterval(poll);
      runsHere().delete(jobId);
    },
  };
}

/**
 * Ends a job that could not run at all (its object vanished, its settings could not be read…) as
 * failed, with the one `complete` event its stream ends with.
 */
export async function failRun(db: Database, jobId: number, message: string): Promise<void> {
  const [{ last }] = await db
    .select({ last: max(syncEvents.seq) })
    .from(syncEvents)
    .where(eq(syncEvents.jobId, jobId));
  await db
    .insert(syncEvents)
    .values({
      jobId,
      seq: (last ?? 0) + 1,
      event: 'complete',
      stage: null,
      payload: terminalEvent('failed', message) as unknown as Record<string, unknown>,
    });
  await db
    .update(syncJobs)
    .set({ status: 'failed', finishedAt: new Date(), error: message })
    .where(eq(syncJobs.id, jobId));
}

/** How long events wait before they are written: live enough for a progress bar, few inserts. */
const FLUSH_DELAY_MS = 250;

/**
 * Buffers a run's events and appends them to sync_events in batches (ordered by seq), at most
 * FLUSH_DELAY_MS after they happen, so that streams following the run see them live.
 */
export class EventLog {
  private seq = 0;
  private pending: {
    jobId: number;
    seq: number;
    event: string;
    stage: string | null;
    payload: Record<string, unknown>;
  }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** The first failed write, kept so that the run can report it (later batches still try). */
  failure: unknown = null;

  constructor(
    private readonly db: Database,
    private readonly jobId: number,
  ) {}

  push(event: SyncEvent): void {
    const stage = 'phase' in event ? String(event.phase) : 'step' in event ? String(event.step) : null;
    this.pending.push({
      jobId: this.jobId,
      seq: ++this.seq,
      event: event.event,
      stage,
      payload: event as unknown as Record<string, unknown>,
    });
    this.timer ??= setTimeout(() => void this.flush(), FLUSH_DELAY_MS);
  }

  /** Writes what is pending; writes are serialized so that seq order is kept. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.writing = this.writing.then(async () => {
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, 500);
        try {
          await this.db.insert(syncEvents).values(batch);
        } catch (error) {
          this.failure ??= error;
        }
      }
    });
    return this.writing;
  }
}
