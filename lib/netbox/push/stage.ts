// The `netbox-push` sync stage: after the Proxmox stages of a job, the local inventory is pushed
// to every enabled NetBox endpoint (or only planned, in a dry run). Deletes of object types whose
// Proxmox stage failed in the same job are held back.
import { eq } from 'drizzle-orm';
import type { Database } from '@/db/client';
import { netboxEndpoints } from '@/db/schema';
import {
  eventCategory,
  type ProxmoxStageName,
  type StageCounts,
  type SyncEvent,
  type SyncIssue,
} from '@/lib/sync/types';
import { NetboxError } from '../errors';
import { applyNetboxPush } from './index';
import { PUSH_OBJECT_TYPES, type PushObjectType } from './types';

const STAGE = 'netbox-push' as const;
/** Issues recorded one by one per endpoint; the rest are summed up in one. */
const MAX_ITEM_ISSUES = 100;
/** A dry run's change set is kept in the job's log up to this many entries (the preview reads larger ones live). */
const MAX_LOGGED_PLAN = 5000;

/** NetBox object types whose deletes rest on each Proxmox stage having read everything. */
export const DELETES_RESTING_ON: Record<string, PushObjectType[]> = {
  devices: ['virtualization/clusters', 'dcim/devices'],
  'virtual-machines': ['virtualization/virtual-machines'],
  'network-interfaces': ['dcim/interfaces', 'dcim/mac-addresses'],
  'vm-interfaces': ['virtualization/interfaces', 'dcim/mac-addresses'],
  'ip-addresses': ['ipam/ip-addresses'],
  'vm-disks': ['virtualization/virtual-disks'],
};

export interface PushStageOutcome {
  counts: StageCounts;
  /** Per NetBox object type, summed over the NetBox endpoints. */
  types: Record<string, StageCounts>;
  issues: SyncIssue[];
  requests: number;
}

/** Whether a full sync should end with the push: some NetBox endpoint is enabled. */
export async function hasEnabledNetboxEndpoint(db: Database): Promise<boolean> {
  const [row] = await db
    .select({ id: netboxEndpoints.id })
    .from(netboxEndpoints)
    .where(eq(netboxEndpoints.enabled, true))
    .limit(1);
  return row !== undefined;
}

export async function runNetboxPushStage(
  db: Database,
  input: { jobId: number | null; dryRun: boolean; failedStages: ProxmoxStageName[]; emit: (event: SyncEvent) => void },
): Promise<PushStageOutcome> {
  const counts: StageCounts = { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 };
  const types: Record<string, StageCounts> = {};
  const issues: SyncIssue[] = [];
  let requests = 0;
  const holdDeletes = [...new Set(input.failedStages.flatMap((s) => DELETES_RESTING_ON[s] ?? []))];
  const endpoints = (await db.select().from(netboxEndpoints).where(eq(netboxEndpoints.enabled, true))).sort(
    (a, b) => a.id - b.id,
  );
  const issue = (
    endpoint: string,
    item: string,
    category: SyncIssue['category'],
    message: string,
    suggestion: string,
    severity: SyncIssue['severity'],
  ) => {
    issues.push({ stage: STAGE, endpoint, item, category, message, suggestion, severity });
    input.emit({
      event: 'error_detail',
      phase: STAGE,
      item,
      category: eventCategory(category),
      message,
      detail: `${endpoint}: ${item}`,
      suggestion,
      traceback: null,
    });
  };
  if (endpoints.length === 0) {
    issue(
      'NetBox',
      'NetBox endpoints',
      'validation',
      'No enabled NetBox endpoint to push to.',
      'Add a NetBox endpoint (Endpoints → NetBox endpoints) or enable one.',
      'error',
    );
    counts.failed += 1;
    return { counts, types, issues, requests };
  }
  const started = Date.now();
  for (const endpoint of endpoints) {
    try {
      const result = await applyNetboxPush(db, endpoint.id, {
        dryRun: input.dryRun,
        holdDeletes,
        jobId: input.jobId,
        onProgress: (message) =>
          input.emit({
            event: 'substep',
            phase: STAGE,
            substep: message,
            status: 'processing',
            message: `${endpoint.name}: ${message}`,
            item: endpoint.name,
            timing: { elapsed_ms: Date.now() - started },
            result: null,
          }),
      });
      requests += result.requests.total;
      for (const type of PUSH_OBJECT_TYPES) {
        const c = result.counts[type];
        const t = (types[type] ??= { created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 });
        for (const k of Object.keys(c) as (keyof StageCounts)[]) {
          t[k] += c[k];
          counts[k] += c[k];
        }
      }
      const failed = Object.values(result.counts).reduce((n, c) => n + c.failed, 0);
      const done = Object.values(result.counts).reduce(
        (n, c) => n + c.created + c.updated + c.deleted + c.unchanged,
        0,
      );
      const planSize = result.plan.types.reduce(
        (n, t) => n + t.creates.length + t.updates.length + t.deletes.length + t.conflicts.length + t.refusals.length,
        0,
      );
      input.emit({
        event: 'netbox_push',
        phase: STAGE,
        status: failed === 0 ? 'completed' : done === 0 ? 'failed' : 'completed_with_errors',
        message: `${endpoint.name}: ${input.dryRun ? 'planned' : 'pushed'} (${result.requests.total} requests, ${result.requests.writes} writes)`,
        endpointId: endpoint.id,
        endpointName: endpoint.name,
        dryRun: input.dryRun,
        counts: result.counts,
        failures: result.failures,
        requests: result.requests,
        ...(input.dryRun && planSize <= MAX_LOGGED_PLAN ? { plan: result.plan } : {}),
      });
      const problems = [
        ...result.plan.types.flatMap((t) =>
          [...t.conflicts, ...t.refusals].map((c) => ({
            item: `${t.type} ${c.label}`,
            category: 'conflict' as const,
            message: c.reason,
            suggestion:
              'Resolve it in NetBox (rename or remove the object in the way, or clear its Proxmox custom fields); Proxbox never takes it over.',
            severity: 'warning' as const,
          })),
        ),
        ...result.failures.map((f) => ({
          item: `${f.type} ${f.label}`,
          category: f.category as SyncIssue['category'],
          message: `${f.operation}: ${f.message}`,
          suggestion: f.suggestion,
          severity: 'error' as const,
        })),
      ];
      for (const p of problems.slice(0, MAX_ITEM_ISSUES))
        issue(endpoint.name, p.item, p.category, p.message, p.suggestion, p.severity);
      if (problems.length > MAX_ITEM_ISSUES) {
        const rest = problems.slice(MAX_ITEM_ISSUES);
        issue(
          endpoint.name,
          `${rest.length} more`,
          'conflict',
          `${rest.length} more objects were refused or failed (${rest.filter((p) => p.severity === 'error').length} failed writes).`,
          "See the NetBox endpoint's preview for the full list.",
          rest.some((p) => p.severity === 'error') ? 'error' : 'warning',
        );
      }
      if (result.plan.deletesHeldBack.length) {
        issue(
          endpoint.name,
          'deletes',
          'validation',
          `Deletes of ${result.plan.deletesHeldBack.join(', ')} held back: a Proxmox stage they depend on failed in this run.`,
          'Fix the failed stage; the next push deletes what is really gone.',
          'warning',
        );
      }
    } catch (error) {
      const n = error instanceof NetboxError ? error : null;
      counts.failed += 1;
      input.emit({
        event: 'netbox_push',
        phase: STAGE,
        status: 'failed',
        message: `${endpoint.name}: ${n?.message ?? String(error)}`,
        endpointId: endpoint.id,
        endpointName: endpoint.name,
        dryRun: input.dryRun,
        counts: {},
        failures: [],
        requests: { total: 0, writes: 0 },
      });
      issue(
        endpoint.name,
        n ? `NetBox ${n.method} ${n.path}` : endpoint.name,
        n?.category ?? 'internal',
        n?.message ?? (error instanceof Error ? error.message : String(error)),
        n?.suggestion ?? 'See the server log for details.',
        'error',
      );
    }
  }
  return { counts, types, issues, requests };
}
