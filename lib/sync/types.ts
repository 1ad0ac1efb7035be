import type { SYNC_STAGES } from '@/db/schema/choices';
import type { ProxmoxErrorCategory } from '@/lib/proxmox/errors';
import type { SyncChangeSet } from './preview/change-set';

export type StageName = (typeof SYNC_STAGES)[number];
/** The stages that read Proxmox and run per Proxmox endpoint (all but the NetBox push). */
export type ProxmoxStageName = Exclude<StageName, 'netbox-push'>;

/** Per-stage counters a run keeps and reports. */
export interface StageCounts {
  created: number;
  updated: number;
  deleted: number;
  unchanged: number;
  failed: number;
}

export const emptyCounts = (): StageCounts => ({ created: 0, updated: 0, deleted: 0, unchanged: 0, failed: 0 });

/** One recorded failure: what failed, why, and what the admin can do about it. */
export interface SyncIssue {
  stage: StageName;
  endpoint: string;
  item: string;
  category: ProxmoxErrorCategory | 'conflict';
  message: string;
  suggestion: string;
  /** Warnings (a guest agent that does not answer) are reported but do not fail the run. */
  severity: 'error' | 'warning';
}

/** One object a `discovery` event names. */
export interface DiscoveryItem {
  name: string;
  item_type: string;
}

/** Completed/total of a stage's work. */
export interface EventProgress {
  current: number;
  total: number;
  percent: number;
}

/** A stage's counters as the seed's events report them (`skipped` = unchanged). */
export interface EventResult {
  created: number;
  updated: number;
  deleted: number;
  failed: number;
  skipped: number;
}

/**
 * An event of the seed's stream vocabulary: the payload fields of
 * tests/fixtures/proxbox/proxbox_api_sse_schema.json, every one always present (null when there is
 * nothing to say), so that proxbox-api's clients (the netbox-proxbox plugin) read them unchanged.
 */
export type SyncEvent =
  | {
      event: 'step';
      step: StageName | 'sync';
      status: 'started' | 'progress' | 'completed' | 'failed';
      message: string;
    }
  | {
      event: 'discovery';
      phase: StageName;
      status: 'discovered';
      message: string;
      count: number;
      items: DiscoveryItem[];
      progress: EventProgress;
      metadata: Record<string, unknown>;
    }
  | {
      event: 'substep';
      phase: StageName;
      substep: string;
      status: 'started' | 'processing' | 'completed' | 'failed' | 'skipped';
      message: string;
      item: string | null;
      timing: { elapsed_ms: number };
      result: Record<string, unknown> | null;
    }
  | {
      event: 'item_progress';
      phase: StageName;
      status: 'completed' | 'failed';
      message: string;
      item: string;
      operation: 'created' | 'updated' | 'deleted' | 'skipped' | 'failed';
      progress: EventProgress;
      timing: { elapsed_ms: number };
      error: string | null;
      warning: string | null;
    }
  | {
      event: 'phase_summary';
      phase: StageName;
      status: 'completed' | 'completed_with_errors' | 'failed';
      message: string;
      result: EventResult;
      timing: { elapsed_ms: number };
    }
  | {
      event: 'error_detail';
      phase: StageName;
      item: string;
      category: EventCategory;
      message: string;
      detail: string;
      suggestion: string;
      traceback: string | null;
    }
  | { event: 'error'; step: StageName | 'sync'; status: 'failed'; error: string; detail: string }
  | {
      event: 'duplicate_name_resolved';
      cluster: string;
      original_name: string;
      resolved_name: string;
      vmid: number;
      suffix_index: number;
      operator_renamed: boolean;
    }
  | {
      /** One per NetBox endpoint the `netbox-push` stage pushed to (or planned, in a dry run). */
      event: 'netbox_push';
      phase: 'netbox-push';
      status: 'completed' | 'completed_with_errors' | 'failed';
      message: string;
      endpointId: number;
      endpointName: string;
      dryRun: boolean;
      /** Per NetBox object type. */
      counts: Record<string, StageCounts>;
      failures: {
        type: string;
        key: string;
        label: string;
        operation: string;
        category: string;
        message: string;
        suggestion: string;
      }[];
      requests: { total: number; writes: number };
      /** The change set, for a dry run whose plan is small enough to keep in the job's log. */
      plan?: unknown;
    }
  | {
      /** A preview's change set per model (rows capped, counts exact), for its run page; once, before `complete`. */
      event: 'sync_preview';
      message: string;
      changes: SyncChangeSet;
    }
  | { event: 'complete'; ok: boolean; message: string; result: CompleteResult; errors: CompleteError[] };

/** The terminal event's result: how the run ended and its counters per stage. */
export interface CompleteResult {
  status: RunStatus;
  stages: Record<string, StageCounts>;
  elapsed_ms: number;
}

/** One error of a run, in the terminal event. */
export interface CompleteError {
  phase: string;
  item: string;
  message: string;
}

/** The error categories of the event contract. */
export type EventCategory =
  | 'connection'
  | 'authentication'
  | 'permission'
  | 'validation'
  | 'not_found'
  | 'timeout'
  | 'rate_limit'
  | 'internal'
  | 'unknown';

/** An issue's category in the event contract, which has no `conflict`: NetBox refused or would refuse the data, i.e. `validation`. */
export const eventCategory = (category: SyncIssue['category']): EventCategory =>
  category === 'conflict' ? 'validation' : category;

/** A stage's counters in the seed's event shape. */
export const eventResult = (c: StageCounts): EventResult => ({
  created: c.created,
  updated: c.updated,
  deleted: c.deleted,
  failed: c.failed,
  skipped: c.unchanged,
});

/** The `complete` event of a run whose own one is missing (cancelled while queued, failed to start, process gone). */
export function terminalEvent(status: RunStatus, message: string): SyncEvent {
  const failed = status !== 'completed' && status !== 'cancelled';
  return {
    event: 'complete',
    ok: status === 'completed',
    message,
    result: { status, stages: {}, elapsed_ms: 0 },
    errors: failed ? [{ phase: 'sync', item: 'run', message }] : [],
  };
}

export type RunStatus = 'completed' | 'completed_with_errors' | 'failed' | 'interrupted' | 'cancelled';
