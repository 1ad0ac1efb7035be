import type { ModelDefinition } from '@/lib/models/define-model';
import type { FieldMeta } from '@/lib/models/types';

// API vocabulary: NetBox's class names (404 bodies, OpenAPI components) and brief field sets
// (both declared in the model definitions' `api`), NetBox's exact choice labels where ours read
// differently, and the API name → field lookups every other module uses.

/** NetBox's class name: `VirtualMachine`, `VMInterface`, `IPAddress`, `ProxmoxEndpoint`. */
export function schemaName(model: ModelDefinition): string {
  return (
    model.api?.name ??
    model.meta.label
      .split(/\s+/)
      .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
      .join('')
  );
}

/** Identifying fields a model's brief form shows when its definition lists no `api.brief`. */
const DEFAULT_BRIEF = ['name', 'slug', 'volid', 'upid', 'job_id', 'replication_id', 'kind', 'status', 'description'];

/** The brief field list of a model; plugin models get their identifying fields + description. */
export function briefFields(model: ModelDefinition): string[] {
  const listed = model.api?.brief;
  if (listed) return listed;
  const present = new Set(model.meta.fields.map((f) => f.api));
  return DEFAULT_BRIEF.filter((name) => present.has(name));
}

/** NetBox's labels where the registry's generic ones differ (values are identical). */
const NETBOX_LABELS: Record<string, Record<string, string>> = {
  weight_unit: { kg: 'Kilograms', g: 'Grams', lb: 'Pounds', oz: 'Ounces' },
  type: {
    lag: 'Link Aggregation Group (LAG)',
    '1000base-t': '1000BASE-T (1GE)',
    '2.5gbase-t': '2.5GBASE-T (2.5GE)',
    '10gbase-t': '10GBASE-T (10GE)',
    '10gbase-x-sfpp': 'SFP+ (10GE)',
    '25gbase-x-sfp28': 'SFP28 (25GE)',
    '40gbase-x-qsfpp': 'QSFP+ (40GE)',
    '100gbase-x-qsfp28': 'QSFP28 (100GE)',
  },
  mode: { 'tagged-all': 'Tagged (All)', 'q-in-q': 'Q-in-Q (802.1ad)' },
  start_on_boot: { laststate: 'Last State' },
  action: { create: 'Created', update: 'Updated', delete: 'Deleted' },
};

export function choiceLabel(field: FieldMeta, value: string): string {
  return NETBOX_LABELS[field.api]?.[value] ?? field.choices?.find((c) => c.value === value)?.label ?? value;
}

/** Content-type columns are plain `app.model` strings in NetBox, not `{value, label}` choices. */
export function isContentTypeField(field: FieldMeta): boolean {
  return field.api.endsWith('object_type') || field.api === 'scope_type';
}

/** Columns the API never shows: write-only secrets and internal markers. */
export function isExposed(field: FieldMeta): boolean {
  return field.kind !== 'secret' && !field.hidden;
}

const fieldMaps = new WeakMap<ModelDefinition, Map<string, FieldMeta>>();

/** API name → field, secrets included (they are writable). */
export function fieldByApi(model: ModelDefinition, api: string): FieldMeta | undefined {
  let map = fieldMaps.get(model);
  if (!map) {
    map = new Map(model.meta.fields.filter((f) => !f.hidden).map((f) => [f.api, f]));
    fieldMaps.set(model, map);
  }
  return map.get(api);
}

/** Field key → API name, for error bodies and filter errors (`nonFieldErrors` → `non_field_errors`). */
export function apiNameOf(model: ModelDefinition, key: string): string {
  if (key === 'nonFieldErrors') return 'non_field_errors';
  const field = model.meta.fields.find((f) => f.key === key);
  if (field) return field.api;
  const virtual = model.meta.virtualFilters.find((v) => v.key === key);
  return virtual ? key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase() : key;
}
