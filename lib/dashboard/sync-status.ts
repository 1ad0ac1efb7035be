import { desc, eq } from 'drizzle-orm';
import { syncJobs } from '@/db/schema';
import type { Actor } from '@/lib/data/actor';
import { nextScheduledRun } from '@/lib/sync/jobs/scheduler';
import { dashboardDb } from './read';

export interface LastSync {
  id: number;
  kind: string;
  status: string;
  created: string;
  startedAt: string | null;
  finishedAt: string | null;
  /** Wall time; for a run still going, the time since it started. Null before it starts. */
  durationMs: number | null;
  /** Sums over the run's stages. */
  createdCount: number;
  updatedCount: number;
  deletedCount: number;
  failedCount: number;
  errorCount: number;
  error: string | null;
}

export interface SyncStatus {
  last: LastSync | null;
  /** ISO time of the next scheduled run; null when scheduling is off. */
  next: string | null;
}

/**
 * The most recent sync run (any status) and when the scheduler starts the next one. Previews
 * (dry runs) are left out: they wrote nothing, so they say nothing about the inventory's freshness.
 */
export async function loadSyncStatus(actor: Actor, now = new Date()): Promise<SyncStatus> {
  const db = await dashboardDb(actor);
  const [[job], next] = await Promise.all([
    db
      .select({
        id: syncJobs.id,
        kind: syncJobs.kind,
        status: syncJobs.status,
        created: syncJobs.created,
        startedAt: syncJobs.startedAt,
        finishedAt: syncJobs.finishedAt,
        summary: syncJobs.summary,
        errorCount: syncJobs.errorCount,
        error: syncJobs.error,
      })
      .from(syncJobs)
      .where(eq(syncJobs.dryRun, false))
      .orderBy(desc(syncJobs.created), desc(syncJobs.id))
      .limit(1),
    nextScheduledRun(db, now),
  ]);
  if (!job) return { last: null, next: next?.toISOString() ?? null };
  const stages = Object.values(job.summary ?? {});
  const sum = (key: 'created' | 'updated' | 'deleted' | 'failed') =>
    stages.reduce((n, s) => n + (Number(s?.[key]) || 0), 0);
  const end = job.finishedAt ?? (job.status === 'running' ? now : null);
  return {
    last: {
      id: job.id,
      kind: job.kind,
      status: job.status,
      created: job.created.toISOString(),
      startedAt: job.startedAt?.toISOString() ?? null,
      finishedAt: job.finishedAt?.toISOString() ?? null,
      durationMs: job.startedAt && end ? Math.max(0, end.getTime() - job.startedAt.getTime()) : null,
      createdCount: sum('created'),
      updatedCount: sum('updated'),
      deletedCount: sum('deleted'),
      failedCount: sum('failed'),
      errorCount: job.errorCount,
      error: job.error,
    },
    next: next?.toISOString() ?? null,
  };
}
