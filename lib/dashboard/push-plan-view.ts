import type {
  JsonValue,
  PlannedConflict,
  PlannedCreate,
  PlannedDelete,
  PlannedUpdate,
  PushPlan,
} from '@/lib/netbox/push/types';

// A push plan as the preview shows it: per NetBox object type the full counts, and at most
// `rowLimit` rows of each kind, so that the preview of a large estate stays a page, not megabytes.

export interface PlanConflictRow extends PlannedConflict {
  /** `conflict`: NetBox holds an object with another identity; `refused`: a change the push will not make. */
  kind: 'conflict' | 'refused';
}

export interface PlanTypeView {
  type: string;
  counts: { creates: number; updates: number; deletes: number; conflicts: number; unchanged: number };
  creates: PlannedCreate[];
  updates: PlannedUpdate[];
  deletes: PlannedDelete[];
  conflicts: PlanConflictRow[];
}

export interface PlanView {
  endpointId: number;
  endpointName: string;
  netboxVersion: string;
  types: PlanTypeView[];
  totals: PlanTypeView['counts'];
  deletesHeldBack: string[];
  rowLimit: number;
}

export const PLAN_ROW_LIMIT = 100;

export function planView(plan: PushPlan, rowLimit = PLAN_ROW_LIMIT): PlanView {
  const totals = { creates: 0, updates: 0, deletes: 0, conflicts: 0, unchanged: 0 };
  const types = plan.types.map((t): PlanTypeView => {
    const conflicts: PlanConflictRow[] = [
      ...t.conflicts.map((c) => ({ ...c, kind: 'conflict' as const })),
      ...t.refusals.map((c) => ({ ...c, kind: 'refused' as const })),
    ];
    const counts = {
      creates: t.creates.length,
      updates: t.updates.length,
      deletes: t.deletes.length,
      conflicts: conflicts.length,
      unchanged: t.unchanged,
    };
    for (const k of Object.keys(totals) as (keyof typeof totals)[]) totals[k] += counts[k];
    return {
      type: t.type,
      counts,
      creates: t.creates.slice(0, rowLimit),
      updates: t.updates.slice(0, rowLimit),
      deletes: t.deletes.slice(0, rowLimit),
      conflicts: conflicts.slice(0, rowLimit),
    };
  });
  return {
    endpointId: plan.endpointId,
    endpointName: plan.endpointName,
    netboxVersion: plan.netboxVersion,
    types,
    totals,
    deletesHeldBack: [...plan.deletesHeldBack],
    rowLimit,
  };
}

/** A NetBox field value in one line: objects by their name/label/id, lists joined, null as a dash. */
export function formatJsonValue(value: JsonValue): string {
  if (value === null) return '—';
  if (Array.isArray(value)) return value.length === 0 ? '[]' : value.map(formatJsonValue).join(', ');
  if (typeof value === 'object') {
    for (const k of ['display', 'name', 'slug', 'label', 'address', 'id'] as const)
      if (k in value && value[k] !== null && typeof value[k] !== 'object') return String(value[k]);
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${formatJsonValue(v)}`)
      .join(', ')}}`;
  }
  return String(value);
}
