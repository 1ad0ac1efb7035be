import type { FieldMeta, RecordDTO } from '@/lib/models/types';

function isRef(value: unknown): value is { display: string } {
  return typeof value === 'object' && value !== null && typeof (value as { display?: unknown }).display === 'string';
}

/**
 * A list cell as text for an export of the current view: related objects by name, choices by
 * label, times in ISO 8601 UTC, numbers as stored (in the unit the column header names).
 */
export function cellText(field: FieldMeta, row: RecordDTO): string {
  const value = row[field.key];
  if (value === null || value === undefined) return '';
  if (isRef(value)) return value.display;
  if (Array.isArray(value)) return value.map((v) => (isRef(v) ? v.display : String(v))).join(', ');
  if (value instanceof Date) return value.toISOString();
  if (field.kind === 'choice') return field.choices?.find((c) => c.value === String(value))?.label ?? String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}
