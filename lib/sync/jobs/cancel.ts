import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { syncEvents, syncJobs, type SyncJob } from '@/db/schema';
import { actorName, type Actor } from '@/lib/data/actor';
import { AppError, notFound } from '@/lib/data/errors';
import { assertCan } from '@/lib/data/permissions';
import { abortLocalRun } from './run-store';
import { terminalEvent } from '../types';

export interface CancelOutcome {
  job: SyncJob;
  /** `cancelled`: it had not started and never will; `cancelling`: it stops after its current stage. */
  state: 'cancelled' | 'cancelling';
}

/**
 * Cancels a sync job for `actor`. A queued job ends `cancelled` at once (with the one `complete`
 * event its stream ends with); a running one is asked to stop, wherever it runs, and ends
 * `cancelled` after its current stage. A finished job is a conflict; viewers are refused.
 */
export async function cancelSyncJob(db: Database, actor: Actor, jobId: number): Promise<CancelOutcome> {
  assertCan(actor, 'sync');
  const by = actorName(actor);
  const outcome = await db.transaction(async (tx): Promise<CancelOutcome> => {
    const [job] = await tx.select().from(syncJobs).where(eq(syncJobs.id, jobId)).for('update');
    if (!job) throw notFound('SyncJob');
    const now = new Date();
    if (job.status === 'queued') {
      const message = `Cancelled by ${by} before it started.`;
      const [row] = await tx
        .update(syncJobs)
        .set({ status: 'cancelled', finishedAt: now, cancelRequestedAt: now, cancelRequestedBy: by, error: message })
        .where(eq(syncJobs.id, jobId))
        .returning();
      await tx
        .insert(syncEvents)
        .values({
          jobId,
          seq: 1,
          event: 'complete',
          stage: null,
          payload: terminalEvent('cancelled', message) as unknown as Record<string, unknown>,
        });
      return { job: row, state: 'cancelled' };
    }
    if (job.status !== 'running')
      throw new AppError('conflict', `Sync job ${jobId} has already finished (${job.status.replace(/_/g, ' ')}).`);
    // A second cancel of a stopping job changes nothing and keeps who asked first.
    if (job.cancelRequestedAt) return { job, state: 'cancelling' };
    const [row] = await tx
      .update(syncJobs)
      .set({ cancelRequestedAt: now, cancelRequestedBy: by })
      .where(eq(syncJobs.id, jobId))
      .returning();
    return { job: row, state: 'cancelling' };
  });
  if (outcome.state === 'cancelling') abortLocalRun(jobId, outcome.job.cancelRequestedBy ?? by);
  return outcome;
}
