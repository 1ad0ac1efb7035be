import { randomUUID } from 'node:crypto';
import { inArray } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { proxboxPluginSettings, proxmoxEndpoints, type ProxmoxEndpoint, type SyncJob } from '@/db/schema';
import { SYNC_STAGES } from '@/db/schema/choices';
import type { StageSummary } from '@/db/schema/sync';
import { ensureSettings } from '@/lib/bootstrap/settings';
import { countsOf, effectiveOverwrites, effectivePolicy, recordIssue, type SyncContext } from './context';
import { createEndpointReaderFactory, failingReader } from './read/endpoint-client';
import { ProxmoxError } from '@/lib/proxmox/errors';
import { EndpointFetcher, type ProxmoxReader } from './read/fetch';
import { prefetch } from './read/prefetch';
import { resolveObjectTarget } from './scope/object-scope';
import { EventLog, cancelledBy, closeRun, markInterruptedRuns, openRun, watchRun } from './jobs/run-store';
import { STAGE_RUNNERS } from './stages';
import { hasEnabledNetboxEndpoint, runNetboxPushStage, type PushStageOutcome } from '@/lib/netbox/push/stage';
import {
  eventResult,
  type ProxmoxStageName,
  type RunStatus,
  type StageCounts,
  type StageName,
  type SyncEvent,
  type SyncIssue,
} from './types';
import { databaseUnavailableReason } from '@/lib/data/db-unavailable';
import { capChangeSet, changeSetOf, type SyncChangeSet } from './preview/change-set';
import { readRunChanges, withDiscardedWrites } from './preview/discard';
import { processMetrics } from '@/lib/metrics/registry';

export interface SyncRequest {
  /** Endpoints to sync; all enabled ones when omitted. */
  endpointIds?: number[];
  /** Stages to run, in the canonical order; all twelve when omitted. */
  stages?: StageName[];
  requestedBy: string;
  /** One object ("Sync now" on a VM, node, cluster or storage page): limits the run to its part. */
  object?: { type: string; id: number };
  /** Builds the Proxmox client of an endpoint (tests inject one; default: lib/proxmox/client). */
  createReader?: (endpoint: ProxmoxEndpoint) => ProxmoxReader | Promise<ProxmoxReader>;
  onEvent?: (event: SyncEvent) => void;
  /** Called once the run is recorded (before any stage runs), e.g. to answer an API call at once. */
  onJob?: (jobId: number) => void;
  workerId?: string;
  /** A queued job a worker claimed (lib/sync/jobs/worker.ts): the run records into it instead of opening one. */
  job?: SyncJob;
  /** Cancels the run: it stops before its next stage and ends `cancelled`. */
  signal?: AbortSignal;
  /**
   * The clock the run reads "now" from once, when it starts (default the wall clock): the
   * task-history window ends there and VMs are stamped last-synced with it. Tests pin it.
   */
  clock?: () => Date;
  /**
   * Preview (writes nothing): the Proxmox stages run on a transaction that is rolled back and the
   * run reports the change set they wrote (lib/sync/preview/); the NetBox push only plans.
   */
  dryRun?: boolean;
}

export interface SyncOutcome {
  jobId: number;
  status: RunStatus;
  counts: Record<string, StageCounts>;
  issues: SyncIssue[];
  proxmoxRequests: number;
  elapsedMs: number;
  /** A preview's change set, every row (the job's log keeps PREVIEW_ROW_LIMIT rows per model and kind). */
  preview?: SyncChangeSet;
}

/** Rows per model and kind a preview keeps in the job's log; the counts stay exact. */
export const PREVIEW_ROW_LIMIT = 100;

const DATABASE_LOST_SUGGESTION =
  'Check that PostgreSQL is running and reachable; nothing half-written was kept (each stage commits whole), and the next run repairs the rest.';

async function stagesOf(db: Database, request: SyncRequest): Promise<StageName[]> {
  // A full sync ends with the NetBox push whenever there is a NetBox to push to.
  const wanted = new Set(request.stages ?? SYNC_STAGES.filter((s) => s !== 'netbox-push'));
  if (!request.stages && (await hasEnabledNetboxEndpoint(db))) wanted.add('netbox-push');
  return SYNC_STAGES.filter((s) => wanted.has(s));
}

function startPrefetch(ctx: SyncContext, stages: ProxmoxStageName[]): Promise<void> {
  return prefetch(
    ctx.fetcher,
    stages,
    ctx.settings.taskHistoryDays,
    ctx.now,
    ctx.scope,
    ctx.overwrite.overwriteIpAddressDnsName,
  ).catch(() => undefined);
}

/**
 * Runs the stages of one endpoint in order; a stage that throws is recorded and the next runs.
 * A cancelled run stops between stages (each stage commits whole or not at all): returns true then.
 * In a preview (`savepoints`), `ctx.db` is the preview's transaction: each stage runs in a
 * savepoint, so that a stage that fails is undone alone, as its own transaction would be in a run.
 */
async function syncEndpoint(
  ctx: SyncContext,
  stages: ProxmoxStageName[],
  signal: AbortSignal,
  lost: { reason: string | null },
  options: { prefetched?: boolean; savepoints?: boolean } = {},
): Promise<boolean> {
  if (!options.prefetched) void startPrefetch(ctx, stages);
  for (const stage of stages) {
    if (signal.aborted) return true;
    // Later stages build on earlier ones: after losing the database, no endpoint goes on.
    if (lost.reason) return false;
    const started = Date.now();
    ctx.emit({ event: 'step', step: stage, status: 'started', message: `${ctx.endpoint.name}: ${stage}` });
    const failedBefore = countsOf(ctx, stage).failed;
    try {
      if (options.savepoints) await ctx.db.transaction((sp) => STAGE_RUNNERS[stage]({ ...ctx, db: sp as Database }));
      else await STAGE_RUNNERS[stage](ctx);
    } catch (error) {
      const unavailable = databaseUnavailableReason(error);
      if (unavailable) {
        lost.reason ??= `The database connection was lost during ${stage}: ${unavailable}`;
        recordIssue(ctx, stage, stage, {
          category: 'internal',
          message: lost.reason,
          suggestion: DATABASE_LOST_SUGGESTION,
        });
      } else {
        recordIssue(ctx, stage, stage, error);
        // The issue's suggestion points at the server log for an unexpected failure: put it there.
        if (!(error instanceof ProxmoxError))
          console.error(`sync ${ctx.runId}: ${ctx.endpoint.name}: stage ${stage} failed:`, error);
      }
      const message = error instanceof Error ? error.message : String(error);
      ctx.emit({
        event: 'error',
        step: stage,
        status: 'failed',
        error: message,
        detail: `${ctx.endpoint.name}: stage ${stage} stopped; the next stage runs.`,
      });
    }
    const counts = countsOf(ctx, stage);
    ctx.durations.set(stage, Date.now() - started);
    const status = counts.failed > failedBefore ? 'completed_with_errors' : 'completed';
    ctx.emit({
      event: 'phase_summary',
      phase: stage,
      status,
      message: `${ctx.endpoint.name}: ${stage} ${status.replace(/_/g, ' ')}`,
      result: eventResult(counts),
      timing: { elapsed_ms: Date.now() - started },
    });
  }
  return false;
}

/** The push stage, after the Proxmox stages of every endpoint; deletes whose Proxmox source failed are held back. */
async function pushStage(
  db: Database,
  jobId: number,
  dryRun: boolean,
  contexts: SyncContext[],
  proxmoxStages: ProxmoxStageName[],
  emit: (event: SyncEvent) => void,
): Promise<PushStageOutcome & { durationMs: number }> {
  const started = Date.now();
  emit({
    event: 'step',
    step: 'netbox-push',
    status: 'started',
    message: dryRun ? 'NetBox push: planning (dry run)' : 'NetBox push',
  });
  const failedStages = proxmoxStages.filter((stage) =>
    contexts.some((ctx) => (ctx.counts.get(stage)?.failed ?? 0) > 0),
  );
  const outcome = await runNetboxPushStage(db, { jobId, dryRun, failedStages, emit });
  const status = outcome.counts.failed > 0 ? 'completed_with_errors' : 'completed';
  emit({
    event: 'phase_summary',
    phase: 'netbox-push',
    status,
    message: `NetBox push ${status.replace(/_/g, ' ')}${dryRun ? ' (dry run: nothing written)' : ''}`,
    result: eventResult(outcome.counts),
    timing: { elapsed_ms: Date.now() - started },
  });
  return { ...outcome, durationMs: Date.now() - started };
}

function sumCounts(contexts: SyncContext[], stages: StageName[]): Record<string, StageCounts> {
  const total: Record<string, StageCounts> = {};
  for (const stage of stages) {
    total[stage] = { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 };
    for (const ctx of contexts) {
      const c = ctx.counts.get(stage);
      if (c) for (const k of Object.keys(c) as (keyof StageCounts)[]) total[stage][k] += c[k];
    }
  }
  return total;
}

/** Errors listed in the `complete` event (the run records all of them). */
const MAX_COMPLETE_ERRORS = 100;

/**
 * One sync run over one or more endpoints (all in parallel), stages in the seed's order. The run
 * is recorded in sync_jobs with per-stage counts, request counts, errors and its event stream;
 * it never reports success while something failed.
 */
export async function runSync(db: Database, request: SyncRequest): Promise<SyncOutcome> {
  const started = Date.now();
  await markInterruptedRuns(db);
  await ensureSettings(db);
  const [settings] = await db.select().from(proxboxPluginSettings).limit(1);
  // One object: its endpoint and stages, and the scope that confines the stages (object-scope.ts).
  const target = request.object ? await resolveObjectTarget(db, request.object) : null;
  const endpointIds = target ? [target.endpointId] : request.endpointIds;
  const all = await db
    .select()
    .from(proxmoxEndpoints)
    .where(endpointIds ? inArray(proxmoxEndpoints.id, endpointIds) : undefined);
  const endpoints = endpointIds ? all : all.filter((e) => e.enabled);
  const stages = target
    ? target.stages
    : request.job
      ? (request.job.stages as StageName[])
      : await stagesOf(db, request);
  const dryRun = request.job?.dryRun ?? request.dryRun ?? false;
  const job =
    request.job ??
    (await openRun(db, {
      object: target ? request.object : undefined,
      endpointIds: endpoints.map((e) => e.id),
      stages,
      requestedBy: request.requestedBy,
      kind: target ? 'object' : request.stages ? 'stage' : request.endpointIds ? 'endpoint' : 'full',
      workerId: request.workerId ?? `pid-${process.pid}`,
      dryRun,
    }));
  request.onJob?.(job.id);
  const log = new EventLog(db, job.id);
  const emit = (event: SyncEvent) => {
    log.push(event);
    request.onEvent?.(event);
  };
  emit({
    event: 'step',
    step: 'sync',
    status: 'started',
    message: target
      ? `Sync of ${target.label}: ${stages.join(', ')}`
      : `Sync of ${endpoints.length} endpoint(s): ${stages.join(', ')}`,
  });

  const createReader = request.createReader ?? (await createEndpointReaderFactory(db, settings));
  // A client that cannot even be built (undecryptable token…) fails that endpoint's stages, not the run.
  const readers = await Promise.all(
    endpoints.map(async (endpoint) => {
      try {
        return await createReader(endpoint);
      } catch (error) {
        return failingReader(
          new ProxmoxError({
            category: 'internal',
            status: null,
            path: '/',
            message: error instanceof Error ? error.message : String(error),
            suggestion: 'Re-enter the endpoint credentials; the secret key may have changed.',
          }),
        );
      }
    }),
  );
  const now = request.clock?.() ?? new Date();
  const contexts: SyncContext[] = endpoints.map((endpoint, i) => ({
    db,
    runId: `sync-${job.id}-${randomUUID().slice(0, 8)}`,
    endpoint,
    settings,
    fetcher: new EndpointFetcher(readers[i], {
      configConcurrency: settings.vmSyncMaxConcurrency,
      concurrency: settings.proxboxFetchMaxConcurrency,
    }),
    overwrite: effectiveOverwrites(endpoint, settings),
    policy: effectivePolicy(endpoint, settings),
    counts: new Map(),
    durations: new Map(),
    issues: [],
    emit,
    now,
    scope: target?.scope ?? null,
  }));
  const proxmoxStages = stages.filter((s): s is ProxmoxStageName => s !== 'netbox-push');
  const watch = watchRun(db, job.id, request.signal);
  let status: RunStatus = 'completed';
  let fatal: string | null = null;
  let stopped = false;
  let push: (PushStageOutcome & { durationMs: number }) | null = null;
  let preview: SyncChangeSet | undefined;
  const lost = { reason: null as string | null };
  const wantsPush = () => stages.includes('netbox-push') && !stopped && !fatal && !watch.signal.aborted;
  try {
    if (dryRun && proxmoxStages.length > 0) {
      // Proxmox is read first, outside the transaction: the preview holds the database only while
      // its stages write. The endpoints then run one after the other, since they share the
      // transaction's single connection (savepoints cannot interleave).
      await Promise.all(contexts.map((ctx) => startPrefetch(ctx, proxmoxStages).then(() => ctx.fetcher.settled())));
      preview = await withDiscardedWrites(db, async (tx) => {
        for (const ctx of contexts) {
          ctx.db = tx;
          if (await syncEndpoint(ctx, proxmoxStages, watch.signal, lost, { prefetched: true, savepoints: true })) {
            stopped = true;
            break;
          }
        }
        fatal = lost.reason;
        // The push plans against the inventory as this run leaves it.
        if (wantsPush()) push = await pushStage(tx, job.id, dryRun, contexts, proxmoxStages, emit);
        return changeSetOf(
          await readRunChanges(
            tx,
            contexts.map((ctx) => ctx.runId),
          ),
        );
      });
      for (const ctx of contexts) ctx.db = db;
      if (watch.signal.aborted) stopped = true;
    } else {
      stopped = (await Promise.all(contexts.map((ctx) => syncEndpoint(ctx, proxmoxStages, watch.signal, lost)))).some(
        Boolean,
      );
      fatal = lost.reason;
      if (wantsPush()) push = await pushStage(db, job.id, dryRun, contexts, proxmoxStages, emit);
      else if (watch.signal.aborted) stopped = true;
    }
    if (preview && !stopped && !fatal)
      emit({
        event: 'sync_preview',
        message: `Preview: ${preview.totals.creates} to create, ${preview.totals.updates} to update, ${preview.totals.deletes} to delete; nothing was written`,
        changes: capChangeSet(preview, PREVIEW_ROW_LIMIT),
      });
  } catch (error) {
    fatal = error instanceof Error ? error.message : String(error);
    // The run's `error` event sends the reader to the server log.
    console.error(`sync ${job.id}: the run stopped:`, error);
  } finally {
    watch.stop();
    for (const reader of readers) reader.close?.();
  }
  const metrics = processMetrics();
  for (const ctx of contexts) {
    metrics.proxmoxRequests.inc({ endpoint: ctx.endpoint.name }, ctx.fetcher.requestCount);
    for (const issue of ctx.issues)
      if (issue.severity === 'error' && issue.category !== 'conflict')
        metrics.proxmoxErrors.inc({ endpoint: ctx.endpoint.name, category: issue.category });
  }
  const issues = [...contexts.flatMap((c) => c.issues), ...(push?.issues ?? [])];
  const errors = issues.filter((i) => i.severity === 'error');
  const counts = sumCounts(contexts, proxmoxStages);
  if (push) counts['netbox-push'] = { ...push.counts };
  const requests = contexts.reduce((n, c) => n + c.fetcher.requestCount, 0);
  const worked = (k: StageCounts) => k.created + k.updated + k.unchanged + k.deleted > 0;
  const nothingWorked =
    (contexts.length > 0 || push !== null) &&
    contexts.every((c) => ![...c.counts.values()].some(worked)) &&
    !(push && worked(push.counts));
  const cancelled = stopped ? `Cancelled by ${cancelledBy(watch.signal)}.` : null;
  if (cancelled) status = 'cancelled';
  else if (fatal || (errors.length > 0 && nothingWorked)) status = 'failed';
  else if (errors.length > 0) status = 'completed_with_errors';
  const elapsedMs = Date.now() - started;
  if (fatal)
    emit({
      event: 'error',
      step: 'sync',
      status: 'failed',
      error: fatal,
      detail: 'The run stopped; see the server log.',
    });
  emit({
    event: 'complete',
    ok: status === 'completed',
    message:
      fatal ??
      cancelled ??
      `Sync ${status.replace(/_/g, ' ')}: ${errors.length} error(s), ${issues.length - errors.length} warning(s)`,
    result: { status, stages: counts, elapsed_ms: elapsedMs },
    errors: [
      ...(fatal ? [{ phase: 'sync', item: 'run', message: fatal }] : []),
      ...errors.slice(0, MAX_COMPLETE_ERRORS).map((e) => ({ phase: e.stage, item: e.item, message: e.message })),
    ],
  });
  await log.flush();
  // Progress events that could not be stored must not vanish quietly: the run says so.
  if (log.failure) {
    console.error(`sync ${job.id}: progress events could not be stored:`, log.failure);
    // The inventory was written, but the run's record is incomplete: it is not a clean success.
    if (status === 'completed') status = 'completed_with_errors';
  }
  const summary: Record<string, StageSummary> = Object.fromEntries(
    Object.entries(counts).map(([stage, c]) => [
      stage,
      {
        ...c,
        durationMs:
          stage === 'netbox-push'
            ? (push?.durationMs ?? 0)
            : Math.max(0, ...contexts.map((ctx) => ctx.durations.get(stage as StageName) ?? 0)),
      },
    ]),
  );
  if (push && summary['netbox-push']) summary['netbox-push'].types = push.types;
  await closeRun(db, job.id, {
    status,
    summary,
    proxmoxRequests: requests,
    errorCount: errors.length,
    error:
      fatal ??
      cancelled ??
      (errors[0]
        ? `${errors[0].item}: ${errors[0].message}`
        : log.failure
          ? `Progress events could not be stored: ${String(log.failure)}`
          : null),
  });
  return { jobId: job.id, status, counts, issues, proxmoxRequests: requests, elapsedMs, preview };
}
