import { and, eq, inArray, lt, or, isNull, sql } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { proxmoxEndpoints, syncEvents, syncJobs, type SyncJob } from '@/db/schema';
import type { StageSummary } from '@/db/schema/sync';
import type { RunStatus, StageName, SyncEvent } from './types';

/** A running job whose heartbeat is older than this belongs to a dead process (beats every 15 s). */
export const staleAfterMs = () => Number(process.env.PROXBOX_SYNC_STALE_MS ?? 60_000);

export class EndpointBusyError extends Error {
  constructor(readonly endpointIds: number[]) {
    super(`A sync of endpoint ${endpointIds.join(', ')} is already running.`);
    this.name = 'EndpointBusyError';
  }
}

/**
 * Opens a run for the given endpoints, refusing when another live run holds any of them. The
 * endpoint rows are locked for the check, so two processes cannot both start a run of one endpoint.
 */
export async function openRun(db: Database, input: { endpointIds: number[]; stages: StageName[]; requestedBy: string; kind: SyncJob['kind']; workerId: string }): Promise<SyncJob> {
  return db.transaction(async (tx) => {
    if (input.endpointIds.length > 0) await tx.select({ id: proxmoxEndpoints.id }).from(proxmoxEndpoints).where(inArray(proxmoxEndpoints.id, input.endpointIds)).for('update');
    const fresh = new Date(Date.now() - staleAfterMs());
    const running = await tx.select().from(syncJobs).where(and(eq(syncJobs.status, 'running'), or(isNull(syncJobs.heartbeatAt), sql`${syncJobs.heartbeatAt} >= ${fresh}`)));
    const busy = input.endpointIds.filter((id) => running.some((job) => job.endpointIds.includes(id)));
    if (busy.length > 0) throw new EndpointBusyError(busy);
    const [job] = await tx
      .insert(syncJobs)
      .values({ kind: input.kind, stages: input.stages, endpointIds: input.endpointIds, requestedBy: input.requestedBy, status: 'running', startedAt: new Date(), heartbeatAt: new Date(), workerId: input.workerId })
      .returning();
    return job;
  });
}

export async function heartbeat(db: Database, jobId: number): Promise<void> {
  await db.update(syncJobs).set({ heartbeatAt: new Date() }).where(eq(syncJobs.id, jobId));
}

export async function closeRun(db: Database, jobId: number, outcome: { status: RunStatus; summary: Record<string, StageSummary>; proxmoxRequests: number; errorCount: number; error: string | null }): Promise<void> {
  await db.update(syncJobs).set({ ...outcome, finishedAt: new Date(), heartbeatAt: new Date() }).where(eq(syncJobs.id, jobId));
}

/**
 * Marks runs whose process died (no heartbeat for a minute) as interrupted. Called at start-up and
 * before each run; their committed stages stay, and the next run repairs the rest.
 */
export async function markInterruptedRuns(db: Database): Promise<number> {
  const stale = new Date(Date.now() - staleAfterMs());
  const rows = await db
    .update(syncJobs)
    .set({ status: 'interrupted', finishedAt: new Date(), error: 'The process running this sync stopped before it finished.' })
    .where(and(eq(syncJobs.status, 'running'), or(isNull(syncJobs.heartbeatAt), lt(syncJobs.heartbeatAt, stale))))
    .returning({ id: syncJobs.id });
  return rows.length;
}

/** How long events wait before they are written: live enough for a progress bar, few inserts. */
const FLUSH_DELAY_MS = 250;

/**
 * Buffers a run's events and appends them to sync_events in batches (ordered by seq), at most
 * FLUSH_DELAY_MS after they happen, so that streams following the run see them live.
 */
export class EventLog {
  private seq = 0;
  private pending: { jobId: number; seq: number; event: string; stage: string | null; payload: Record<string, unknown> }[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  /** The first failed write, kept so that the run can report it (later batches still try). */
  failure: unknown = null;

  constructor(private readonly db: Database, private readonly jobId: number) {}

  push(event: SyncEvent): void {
    const stage = 'phase' in event ? String(event.phase) : null;
    this.pending.push({ jobId: this.jobId, seq: ++this.seq, event: event.event, stage, payload: event as unknown as Record<string, unknown> });
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
