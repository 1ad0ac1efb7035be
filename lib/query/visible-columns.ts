import type { FieldMeta, ModelMeta } from '@/lib/models/types';

// The column chooser's state lives in the URL as `cols=name,status,cluster`; absent = the model's
// default columns. Secrets and JSON documents can only appear if the model lists them by default.

/** Fields a user may add to or remove from the list table. */
export function choosableFields(meta: ModelMeta): FieldMeta[] {
  return meta.fields.filter((f) => !f.hidden && f.kind !== 'secret' && f.kind !== 'json');
}

/** Every field that can be a column, default columns first (in their declared order). */
export function columnFields(meta: ModelMeta): FieldMeta[] {
  const byKey = new Map(meta.fields.map((f) => [f.key, f]));
  const defaults = meta.list.columns.map((k) => byKey.get(k)).filter((f): f is FieldMeta => f !== undefined);
  const rest = choosableFields(meta).filter((f) => !meta.list.columns.includes(f.key));
  return [...defaults, ...rest];
}

/** Visible column keys from the `cols` parameter; unknown keys dropped, empty → defaults. */
export function parseVisibleColumns(meta: ModelMeta, cols: string | null | undefined): string[] {
  const allowed = new Set(columnFields(meta).map((f) => f.key));
  const keys = (cols ?? '').split(',').filter((k) => allowed.has(k));
  return keys.length > 0 ? [...new Set(keys)] : meta.list.columns.filter((k) => allowed.has(k));
}

/** The `cols` value to put in the URL (in the user's order), or null when it equals the defaults. */
export function serializeVisibleColumns(meta: ModelMeta, keys: string[]): string | null {
  const allowed = new Set(columnFields(meta).map((f) => f.key));
  const ordered = [...new Set(keys)].filter((k) => allowed.has(k));
  const defaults = meta.list.columns.join(',');
  return ordered.length === 0 || ordered.join(',') === defaults ? null : ordered.join(',');
}

/** `keys` with `key` moved `delta` places (−1 = left), clamped to the ends. */
export function moveColumn(keys: string[], key: string, delta: number): string[] {
  const from = keys.indexOf(key);
  if (from < 0) return keys;
  const to = Math.min(Math.max(from + delta, 0), keys.length - 1);
  const next = keys.filter((k) => k !== key);
  next.splice(to, 0, key);
  return next;
}
