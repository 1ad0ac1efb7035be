import type { Database } from '@/db/client';
import type { ProxboxPluginSettings, ProxmoxEndpoint } from '@/db/schema';
import { OVERWRITE_FLAGS, type OverwriteFlag } from '@/db/schema/choices';
import type { EndpointFetcher } from './fetch';
import type { SyncScope } from './object-scope';
import { emptyCounts, type StageCounts, type StageName, type SyncEvent, type SyncIssue } from './types';

/** Everything one endpoint's sync needs, shared by its stages. */
export interface SyncContext {
  db: Database;
  runId: string;
  endpoint: ProxmoxEndpoint;
  settings: ProxboxPluginSettings;
  fetcher: EndpointFetcher;
  /** Effective overwrite flags: the endpoint's override, else the global setting. */
  overwrite: Record<OverwriteFlag, boolean>;
  /** Effective deletion policy: the endpoint's override, else the global setting. */
  policy: DeletionPolicy;
  counts: Map<StageName, StageCounts>;
  durations: Map<StageName, number>;
  issues: SyncIssue[];
  emit: (event: SyncEvent) => void;
  now: Date;
  /** Set on a per-object run: the stages read, write and remove only inside it (object-scope.ts). */
  scope?: SyncScope | null;
}

export interface DeletionPolicy {
  staleVmPolicy: 'mark' | 'delete';
  deleteOrphans: boolean;
}

export function effectivePolicy(endpoint: ProxmoxEndpoint, settings: ProxboxPluginSettings): DeletionPolicy {
  return { staleVmPolicy: endpoint.staleVmPolicy ?? settings.staleVmPolicy, deleteOrphans: endpoint.deleteOrphans ?? settings.deleteOrphans };
}

export function effectiveOverwrites(endpoint: ProxmoxEndpoint, settings: ProxboxPluginSettings): Record<OverwriteFlag, boolean> {
  return Object.fromEntries(OVERWRITE_FLAGS.map((flag) => [flag, endpoint[flag] ?? settings[flag]])) as Record<OverwriteFlag, boolean>;
}

export function countsOf(ctx: SyncContext, stage: StageName): StageCounts {
  if (!ctx.counts.has(stage)) ctx.counts.set(stage, emptyCounts());
  return ctx.counts.get(stage)!;
}

/** Records a failure with its category and suggestion, as an issue and an `error_detail` event. */
export function recordIssue(ctx: SyncContext, stage: StageName, item: string, error: unknown, severity: SyncIssue['severity'] = 'error'): void {
  const e = error as { category?: SyncIssue['category']; message?: string; suggestion?: string };
  const issue: SyncIssue = {
    stage,
    endpoint: ctx.endpoint.name,
    item,
    category: e?.category ?? 'internal',
    message: e?.message ?? String(error),
    suggestion: e?.suggestion ?? 'See the server log for details.',
    severity,
  };
  ctx.issues.push(issue);
  if (severity === 'error') countsOf(ctx, stage).failed += 1;
  ctx.emit({ event: 'error_detail', phase: stage, item, category: issue.category, message: issue.message, detail: `${ctx.endpoint.name}: ${item}`, suggestion: issue.suggestion });
}

/** Adds a write result to the stage counters. */
export function addCounts(ctx: SyncContext, stage: StageName, result: { created: unknown[]; updated: unknown[]; removed: unknown[]; unchanged: unknown[] }, removedAs: 'deleted' | 'updated' = 'deleted'): void {
  const c = countsOf(ctx, stage);
  c.created += result.created.length;
  c.updated += result.updated.length + (removedAs === 'updated' ? result.removed.length : 0);
  c.deleted += removedAs === 'deleted' ? result.removed.length : 0;
  c.unchanged += result.unchanged.length;
}

/**
 * Progress of a stage's per-item work (configs, snapshot lists…) as `item_progress` events, at
 * most about twenty per stage so that a 5,000-guest run does not flood the stream.
 */
export function progressTracker(ctx: SyncContext, stage: StageName, total: number, what: string): (item: string, failed?: boolean) => void {
  let done = 0;
  const every = Math.max(1, Math.ceil(total / 20));
  return (item, failed = false) => {
    done += 1;
    if (done % every !== 0 && done !== total && !failed) return;
    ctx.emit({
      event: 'item_progress',
      phase: stage,
      status: failed ? 'failed' : 'completed',
      message: `${ctx.endpoint.name}: ${done}/${total} ${what}`,
      item,
      operation: 'unchanged',
      progress: { current: done, total, percent: total === 0 ? 100 : Math.round((done / total) * 100) },
    });
  };
}
