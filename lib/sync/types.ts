import type { SYNC_STAGES } from '@/db/schema/choices';
import type { ProxmoxErrorCategory } from '@/lib/proxmox/errors';

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

/** An event of the seed's stream vocabulary (fixtures/proxbox/proxbox_api_sse_schema.json). */
export type SyncEvent =
  | { event: 'step'; phase: StageName | 'sync'; status: 'started' | 'completed' | 'failed' | 'skipped'; message: string }
  | { event: 'discovery'; phase: StageName; status: 'completed'; message: string; count: number }
  | {
      event: 'item_progress';
      phase: StageName;
      status: 'completed' | 'failed';
      message: string;
      item: string;
      operation: 'create' | 'update' | 'delete' | 'unchanged' | 'stale';
      progress: { current: number; total: number; percent: number };
    }
  | { event: 'phase_summary'; phase: StageName; status: 'completed' | 'completed_with_errors' | 'failed'; message: string; result: StageCounts; timing: { elapsed_ms: number } }
  | { event: 'error_detail'; phase: StageName; item: string; category: SyncIssue['category']; message: string; detail: string; suggestion: string }
  | { event: 'duplicate_name_resolved'; cluster: string; original_name: string; resolved_name: string; vmid: number; suffix_index: number; operator_renamed: boolean }
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
      failures: { type: string; key: string; label: string; operation: string; category: string; message: string; suggestion: string }[];
      requests: { total: number; writes: number };
      /** The change set, for a dry run whose plan is small enough to keep in the job's log. */
      plan?: unknown;
    }
  | { event: 'complete'; status: RunStatus; message: string; result: Record<string, StageCounts>; timing: { elapsed_ms: number } };

export type RunStatus = 'completed' | 'completed_with_errors' | 'failed' | 'interrupted' | 'cancelled';
