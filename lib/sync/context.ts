import type { Database } from '@/db/client';
import type { ProxboxPluginSettings, ProxmoxEndpoint } from '@/db/schema';
import { OVERWRITE_FLAGS, type OverwriteFlag } from '@/db/schema/choices';
import type { EndpointFetcher } from './read/fetch';
import type { SyncScope } from './scope/object-scope';
import { emptyCounts, eventCategory, type StageCounts, type StageName, type SyncEvent, type SyncIssue } from './types';

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
  return {
    staleVmPolicy: endpoint.staleVmPolicy ?? settings.staleVmPolicy,
    deleteOrphans: endpoint.deleteOrphans ?? settings.deleteOrphans,
  };
}

export function effectiveOverwrites(
  endpoint: ProxmoxEndpoint,
  settings: ProxboxPluginSettings,
): Record<OverwriteFlag, boolean> {
  return Object.fromEntries(OVERWRITE_FLAGS.map((flag) => [flag, endpoint[flag] ?? settings[flag]])) as Record<
    OverwriteFlag,
    boolean
  >;
}

export function countsOf(ctx: SyncContext, stage: StageName): StageCounts {
  if (!ctx.counts.has(stage)) ctx.counts.set(stage, emptyCounts());
  return ctx.counts.get(stage)!;
}

/** Records a failure with its category and suggestion, as an issue and an `error_detail` event. */
export function recordIssue(
  ctx: SyncContext,
  stage: StageName,
  item: string,
  error: unknown,
  severity: SyncIssue['severity'] = 'error',
): void {
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
  // A classified failure is explained by its message and suggestion; an unexpected one carries
  // its stack as the seed's `traceback`, for the bug report.
  const traceback = issue.category === 'internal' && error instanceof Error && error.stack ? error.stack : null;
  ctx.emit({
    event: 'error_detail',
    phase: stage,
    item,
    category: eventCategory(issue.category),
    message: issue.message,
    detail: `${ctx.endpoint.name}: ${item}`,
    suggestion: issue.suggestion,
    traceback,
  });
  if (severity === 'error') {
    ctx.emit({
      event: 'item_progress',
      phase: stage,
      status: 'failed',
      message: `${ctx.endpoint.name}: ${item} failed`,
      item,
      operation: 'failed',
      progress: { current: 0, total: 0, percent: 0 },
      timing: { elapsed_ms: 0 },
      error: issue.message,
      warning: null,
    });
  }
}

/** Objects named per `discovery` event and changes reported as `item_progress` per write. */
const MAX_DISCOVERY_ITEMS = 50;
const MAX_ITEM_EVENTS = 100;

/** A stored row's name for events: its name, volid, UPID or address, else its id. */
function itemName(row: Record<string, unknown>): string {
  const name = row.name ?? row.volid ?? row.upid ?? row.address ?? row.jobId ?? row.replicationId;
  return name === undefined || name === null ? `#${String(row.id)}` : String(name);
}

/**
 * Adds a write result to the stage counters and reports it in the seed's vocabulary: one
 * `discovery` naming what Proxmox has (at most 50 names, the count in full) and an
 * `item_progress` per created, updated or deleted object (at most 100 per write; the
 * `phase_summary` has the full counts, unchanged objects as `skipped`).
 */
export function addCounts(
  ctx: SyncContext,
  stage: StageName,
  result: {
    created: Record<string, unknown>[];
    updated: Record<string, unknown>[];
    removed: Record<string, unknown>[];
    unchanged: Record<string, unknown>[];
  },
  removedAs: 'deleted' | 'updated' = 'deleted',
): void {
  const c = countsOf(ctx, stage);
  c.created += result.created.length;
  c.updated += result.updated.length + (removedAs === 'updated' ? result.removed.length : 0);
  c.deleted += removedAs === 'deleted' ? result.removed.length : 0;
  c.unchanged += result.unchanged.length;
  const present = [...result.created, ...result.updated, ...result.unchanged];
  ctx.emit({
    event: 'discovery',
    phase: stage,
    status: 'discovered',
    message: `${ctx.endpoint.name}: ${present.length} ${stage} found`,
    count: present.length,
    items: present.slice(0, MAX_DISCOVERY_ITEMS).map((row) => ({ name: itemName(row), item_type: stage })),
    progress: { current: present.length, total: present.length, percent: 100 },
    metadata: { endpoint: ctx.endpoint.name, truncated: present.length > MAX_DISCOVERY_ITEMS },
  });
  const changes = [
    ...result.created.map((row) => ({ row, operation: 'created' as const })),
    ...result.updated.map((row) => ({ row, operation: 'updated' as const })),
    ...result.removed.map((row) => ({ row, operation: removedAs })),
  ];
  changes.slice(0, MAX_ITEM_EVENTS).forEach(({ row, operation }, i) => {
    const item = itemName(row);
    ctx.emit({
      event: 'item_progress',
      phase: stage,
      status: 'completed',
      message: `${ctx.endpoint.name}: ${item} ${operation}`,
      item,
      operation,
      progress: { current: i + 1, total: changes.length, percent: Math.round(((i + 1) / changes.length) * 100) },
      timing: { elapsed_ms: 0 },
      error: null,
      warning: null,
    });
  });
}

/**
 * Progress of a stage's per-item reads (configs, snapshot lists…) as `substep` events, at
 * most about twenty per stage so that a 5,000-guest run does not flood the stream.
 */
export function progressTracker(
  ctx: SyncContext,
  stage: StageName,
  total: number,
  what: string,
): (item: string, failed?: boolean) => void {
  let done = 0;
  const every = Math.max(1, Math.ceil(total / 20));
  const started = Date.now();
  return (item, failed = false) => {
    done += 1;
    if (done % every !== 0 && done !== total && !failed) return;
    ctx.emit({
      event: 'substep',
      phase: stage,
      substep: what,
      status: failed ? 'failed' : done === total ? 'completed' : 'processing',
      message: `${ctx.endpoint.name}: ${done}/${total} ${what}`,
      item,
      timing: { elapsed_ms: Date.now() - started },
      result: { current: done, total, percent: total === 0 ? 100 : Math.round((done / total) * 100) },
    });
  };
}
