import { fkDisplayName } from '@/lib/forms/form-data';
import type { BriefRef, FieldMeta, RecordDTO } from '@/lib/models/types';

/** Where a form's initial values come from: a failed submission, the stored record, or nothing. */
export type FormSource =
  { kind: 'values'; values: Record<string, string> } | { kind: 'record'; record: RecordDTO } | { kind: 'new' };

function isRef(value: unknown): value is BriefRef {
  return typeof value === 'object' && value !== null && typeof (value as BriefRef).id === 'number';
}

function recordText(field: FieldMeta, value: unknown): string {
  if (value === null || value === undefined) return '';
  if (field.kind === 'json') return JSON.stringify(value, null, 2);
  // datetime-local inputs take `YYYY-MM-DDTHH:mm:ss` without a zone; the form works in UTC.
  if (field.kind === 'datetime') return String(value).slice(0, 19);
  return String(value);
}

/** The string an input starts with. */
export function textDefault(field: FieldMeta, source: FormSource): string {
  if (source.kind === 'values') return source.values[field.key] ?? '';
  if (source.kind === 'record') return recordText(field, source.record[field.key]);
  const d = field.default;
  return d === undefined || d === null ? '' : String(d);
}

/** Whether a boolean checkbox starts ticked. */
export function checkedDefault(field: FieldMeta, source: FormSource): boolean {
  if (source.kind === 'values') return source.values[field.key] === 'true';
  if (source.kind === 'record') return source.record[field.key] === true;
  return field.default === true;
}

/** The object an FK picker starts with. */
export function refDefault(field: FieldMeta, source: FormSource): BriefRef | null {
  if (source.kind === 'record') {
    const value = source.record[field.key];
    return isRef(value) ? value : null;
  }
  if (source.kind !== 'values') return null;
  const id = Number(source.values[field.key]);
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  return { id, display: source.values[fkDisplayName(field.key)] || `#${id}`, model: field.fk ?? '' };
}
