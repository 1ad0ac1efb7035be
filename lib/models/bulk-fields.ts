import type { FieldMeta, ModelMeta } from './types';

/**
 * Fields a bulk edit may set: those the model's edit form offers (never read-only, secret,
 * hidden or free JSON). Fields the sync owns on synced rows are refused per row by the DAL,
 * which names the row, so hand-made objects stay editable in bulk.
 */
export function bulkEditableFields(meta: ModelMeta): FieldMeta[] {
  return meta.fields.filter((f) => !f.readOnly && !f.hidden && f.kind !== 'secret' && f.kind !== 'json');
}
