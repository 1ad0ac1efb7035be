import type { FieldMeta } from '@/lib/models/types';

// Formatting shared by server and client renders. Everything is locale- and zone-fixed so the
// server HTML and the hydrated client output are identical.

const integerFormat = new Intl.NumberFormat('en-US');

/** `12345` → `12,345` (row counts, not data values such as VM IDs). */
export function formatCount(n: number): string {
  return integerFormat.format(n);
}

/** ISO timestamp → `2024-05-01 10:00:00 UTC`; unparsable input is returned unchanged. */
export function formatDatetime(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  return `${new Date(time).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Label of a choice value, falling back to the raw value for values the registry does not know. */
export function choiceText(field: FieldMeta, value: unknown): string {
  const text = String(value);
  return field.choices?.find((c) => c.value === text)?.label ?? text;
}

/** The `<key>Set` flag DTOs carry instead of a secret's value. */
export const secretSetKey = (key: string) => `${key}Set`;

/** A compact one-line rendering of a JSON value for table cells. */
export function jsonPreview(value: unknown, max = 60): string {
  const text = JSON.stringify(value) ?? '';
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const PLAIN_KINDS = new Set(['text', 'textarea', 'ip', 'integer', 'number']);

/**
 * Text of the linking first cell of a row: the value itself when it reads as a name (text,
 * numbers, times), else the object's display name.
 */
export function linkText(field: FieldMeta, row: Record<string, unknown> & { display: string }): string {
  const value = row[field.key];
  if (value === null || value === undefined || value === '') return row.display;
  if (field.kind === 'datetime') return formatDatetime(String(value));
  if (field.kind === 'choice') return choiceText(field, value);
  return PLAIN_KINDS.has(field.kind) ? String(value) : row.display;
}
