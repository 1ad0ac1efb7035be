import type { FieldChange, JsonValue, PlannedCreate, PlannedDelete, PlannedUpdate } from '@/lib/netbox/push/types';
import type { ChangeEntry } from '@/lib/data/change-log';
import { getModelByObjectType } from '@/lib/models/registry';

// What a sync run writes, per model, in the shape of the NetBox push's change set (creates with
// their fields, updates as field: old → new, deletes), so that one table renders both. It is
// built from the change-log entries the run writes: a preview and its run describe their writes
// the same way, and the change log is what a user compares them with.

export interface ModelChangeSet {
  /** The model's object type, e.g. `virtualization.virtualmachine`. */
  type: string;
  /** Exact counts, whatever number of rows is kept. */
  counts: { creates: number; updates: number; deletes: number };
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  deletes: PlannedDelete[];
}

export interface SyncChangeSet {
  /** Per model, in the order the run first changed it. */
  models: ModelChangeSet[];
  totals: ModelChangeSet['counts'];
  /** Rows kept per model and kind; null when every row is kept. */
  rowLimit: number | null;
}

/** Columns every row has and every write stamps: they say nothing about what changed. */
const SYSTEM_FIELDS = new Set(['id', 'created', 'lastUpdated']);

const json = (value: unknown): JsonValue => (value === undefined ? null : (value as JsonValue));
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** The fields an update changes, from the change log's before and after snapshots. */
export function fieldChanges(pre: Record<string, unknown> | null, post: Record<string, unknown> | null): FieldChange[] {
  const keys = [...new Set([...Object.keys(pre ?? {}), ...Object.keys(post ?? {})])];
  return keys
    .filter((k) => !SYSTEM_FIELDS.has(k) && !same(pre?.[k], post?.[k]))
    .map((field) => ({ field, old: json(pre?.[field]), new: json(post?.[field]) }));
}

/** A created object's fields as sent: set values only. */
function createdFields(post: Record<string, unknown> | null): Record<string, JsonValue> {
  return Object.fromEntries(
    Object.entries(post ?? {})
      .filter(([k, v]) => !SYSTEM_FIELDS.has(k) && v !== null && v !== undefined && v !== '')
      .map(([k, v]) => [k, json(v)]),
  );
}

const key = (e: ChangeEntry) => `${e.objectType}:${e.objectId}`;

/** The change set of a run's change-log entries (in the order they were written), every row kept. */
export function changeSetOf(entries: ChangeEntry[]): SyncChangeSet {
  const byType = new Map<string, ModelChangeSet>();
  const totals = { creates: 0, updates: 0, deletes: 0 };
  for (const e of entries) {
    let set = byType.get(e.objectType);
    if (!set) {
      set = {
        type: e.objectType,
        counts: { creates: 0, updates: 0, deletes: 0 },
        creates: [],
        updates: [],
        deletes: [],
      };
      byType.set(e.objectType, set);
    }
    if (e.action === 'create') {
      set.creates.push({ key: key(e), label: e.repr, fields: createdFields(e.post) });
      set.counts.creates += 1;
      totals.creates += 1;
    } else if (e.action === 'update') {
      set.updates.push({
        key: key(e),
        label: e.repr,
        remoteId: e.objectId,
        adopt: false,
        changes: fieldChanges(e.pre, e.post),
      });
      set.counts.updates += 1;
      totals.updates += 1;
    } else {
      set.deletes.push({ key: key(e), label: e.repr, remoteId: e.objectId, reason: 'gone from Proxmox' });
      set.counts.deletes += 1;
      totals.deletes += 1;
    }
  }
  return { models: [...byType.values()], totals, rowLimit: null };
}

/** The same change set with at most `rowLimit` rows per model and kind (the counts stay exact). */
export function capChangeSet(set: SyncChangeSet, rowLimit: number): SyncChangeSet {
  return {
    totals: { ...set.totals },
    rowLimit,
    models: set.models.map((m) => ({
      type: m.type,
      counts: { ...m.counts },
      creates: m.creates.slice(0, rowLimit),
      updates: m.updates.slice(0, rowLimit),
      deletes: m.deletes.slice(0, rowLimit),
    })),
  };
}

/** A model's name for people ("Virtual machines"), else its object type. */
export const modelLabel = (type: string): string => getModelByObjectType(type)?.meta.labelPlural ?? type;
