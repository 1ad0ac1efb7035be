import type { StageCounts } from '@/lib/sync/types';

/**
 * The NetBox object types the push writes, as their REST list paths under `/api/`, in dependency
 * order: creates and updates run in this order, deletes in reverse.
 */
export const PUSH_OBJECT_TYPES = [
  'extras/tags',
  'extras/custom-fields',
  'dcim/manufacturers',
  'dcim/device-types',
  'dcim/sites',
  'dcim/device-roles',
  'virtualization/cluster-types',
  'virtualization/virtual-machine-types',
  'virtualization/clusters',
  'dcim/devices',
  'dcim/interfaces',
  'virtualization/virtual-machines',
  'virtualization/interfaces',
  'dcim/mac-addresses',
  'ipam/ip-addresses',
  'virtualization/virtual-disks',
] as const;

export type PushObjectType = (typeof PUSH_OBJECT_TYPES)[number];

/** A JSON value as NetBox reads and writes it. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One field an update changes: the value NetBox holds now and the one the push writes. */
export interface FieldChange {
  field: string;
  old: JsonValue;
  new: JsonValue;
}

/** An object the push creates; `fields` is the body it sends (references to objects not yet created shown by their label). */
export interface PlannedCreate {
  /** Stable identity of the local object (e.g. `vm:12`, `tag:proxbox`); also the ownership record's key. */
  key: string;
  label: string;
  fields: Record<string, JsonValue>;
}

/** An existing NetBox object the push changes (or adopts: `adopt` = it was not ours before). */
export interface PlannedUpdate {
  key: string;
  label: string;
  remoteId: number;
  adopt: boolean;
  changes: FieldChange[];
}

/** An owned NetBox object the push deletes, or (guests gone from Proxmox) marks stale. */
export interface PlannedDelete {
  key: string;
  label: string;
  remoteId: number;
  reason: string;
}

/** An object the push will not touch: another guest's identity, an address owned by something else… */
export interface PlannedConflict {
  key: string;
  label: string;
  /** The NetBox object in the way, when there is one. */
  remoteId: number | null;
  reason: string;
}

/** Everything planned for one NetBox object type. */
export interface PushTypePlan {
  type: PushObjectType;
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  deletes: PlannedDelete[];
  /** Identity conflicts: NetBox holds an object the push must not take over. */
  conflicts: PlannedConflict[];
  /** Things the push refuses to do (e.g. reassign an IP assigned to a foreign object). */
  refusals: PlannedConflict[];
  /** Owned objects already as they should be. */
  unchanged: number;
}

/** Counts per NetBox object type: created / updated / deleted / unchanged / failed. */
export type PushCounts = StageCounts;

/**
 * The change set of one push to one NetBox endpoint. A dry run returns it; an apply executes
 * exactly it (the same planner computes both).
 */
export interface PushPlan {
  endpointId: number;
  endpointName: string;
  /** `netbox-version` from `/api/status/`, e.g. "4.2.2". */
  netboxVersion: string;
  /** Per object type, in dependency order; types with nothing to report are still listed. */
  types: PushTypePlan[];
  /** Planned counts per type (`failed` is 0 in a plan; it counts refusals and conflicts in a result). */
  summary: Record<PushObjectType, PushCounts>;
  /** Object types whose deletes were held back because a Proxmox stage they depend on failed in this job. */
  deletesHeldBack: PushObjectType[];
}

/** A write NetBox refused or that failed, with the object it was for. */
export interface PushFailure {
  type: PushObjectType;
  key: string;
  label: string;
  operation: 'create' | 'update' | 'delete';
  category: string;
  message: string;
  suggestion: string;
}

/** What an apply did. */
export interface PushResult {
  plan: PushPlan;
  /** Done counts per type; `failed` counts failed writes plus conflicts and refusals. */
  counts: Record<PushObjectType, PushCounts>;
  failures: PushFailure[];
  /** Requests sent to NetBox during this push (reads included) and how many of them were writes. */
  requests: { total: number; writes: number };
  dryRun: boolean;
}

/** Whether a NetBox endpoint answers, its version, and else why not (with what to do). */
export interface NetboxReachability {
  reachable: boolean;
  /** NetBox version, when reachable. */
  version: string | null;
  /** Why it is not reachable (or the token was refused), with what to do. */
  error: { category: string; message: string; suggestion: string } | null;
}

export interface PushOptions {
  /** Compute the change set only (dry run): nothing is written to NetBox or to the ownership records. */
  dryRun?: boolean;
  /** Object types whose deletes must be held back (their Proxmox source failed to sync in this job). */
  holdDeletes?: PushObjectType[];
  /** The sync job this push runs in, recorded as the last push. */
  jobId?: number | null;
  /** Progress messages for the job's event stream. */
  onProgress?: (message: string) => void;
  now?: Date;
}
