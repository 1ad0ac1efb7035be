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

/** A timestamp (Date or ISO string) as formatDatetime renders it, or "never" when there is none. */
export function formatDatetimeOrNever(value: Date | string | null): string {
  if (value === null) return 'never';
  return formatDatetime(value instanceof Date ? value.toISOString() : value);
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

const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
const MIB = 1024 * 1024;

/** `1536` → `1.5 KiB`, `5368709120` → `5 GiB`: binary units, at most one decimal. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  // Round first, so 1023.96 KiB reads "1 MiB" rather than "1024 KiB".
  let rounded = Math.round(value * 10) / 10;
  if (rounded >= 1024 && unit < BYTE_UNITS.length - 1) {
    rounded = Math.round((rounded / 1024) * 10) / 10;
    unit++;
  }
  return `${sign}${unit === 0 ? Math.round(value) : rounded} ${BYTE_UNITS[unit]}`;
}

/** NetBox and Proxmox give memory and disk sizes in MB (really MiB): `2048` → `2 GiB`. */
export function formatMegabytes(mb: number): string {
  return formatBytes(mb * MIB);
}

/** `0` → `0 s`, `90` → `1 min 30 s`, `3725` → `1 h 2 min`, `90061` → `1 d 1 h`: the two largest units. */
export function formatDuration(totalSeconds: number): string {
  if (!Number.isFinite(totalSeconds) || totalSeconds < 0) return '—';
  const s = Math.round(totalSeconds);
  const parts: [number, string][] = [
    [Math.floor(s / 86_400), 'd'],
    [Math.floor((s % 86_400) / 3600), 'h'],
    [Math.floor((s % 3600) / 60), 'min'],
    [s % 60, 's'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first === -1) return '0 s';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n} ${unit}`)
    .join(' ');
}

const relativeFormat = new Intl.RelativeTimeFormat('en', { numeric: 'always' });
const RELATIVE_STEPS: [limitSeconds: number, unitSeconds: number, unit: Intl.RelativeTimeFormatUnit][] = [
  [45 * 60, 60, 'minute'],
  [22 * 3600, 3600, 'hour'],
  [26 * 86_400, 86_400, 'day'],
  [320 * 86_400, 30 * 86_400, 'month'],
  [Infinity, 365 * 86_400, 'year'],
];

/** ISO timestamp → `just now`, `5 minutes ago`, `in 2 hours`, `3 days ago` relative to `now`. */
export function formatRelative(value: string, now: number = Date.now()): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) return value;
  const seconds = (time - now) / 1000;
  const abs = Math.abs(seconds);
  if (abs < 45) return 'just now';
  for (const [limit, unitSeconds, unit] of RELATIVE_STEPS) {
    if (abs < limit) return relativeFormat.format(Math.round(seconds / unitSeconds) || Math.sign(seconds), unit);
  }
  return value;
}

/**
 * How a number field is a size: `(bytes)` or `(MB)` in its registry label (the registry spells
 * units out there), or null for plain numbers such as ports and VM IDs.
 */
export function sizeUnit(field: FieldMeta): 'bytes' | 'mb' | null {
  if (field.kind !== 'integer' && field.kind !== 'number') return null;
  if (/\(bytes\)$/i.test(field.label)) return 'bytes';
  if (/\(MB\)$/.test(field.label)) return 'mb';
  return null;
}

/**
 * A field's label where its value is shown formatted: a size reads "4 GiB" whatever unit the
 * column stores, so the stored unit ("(MB)", "(bytes)") is left off the header. Forms, filters
 * and exports, which deal in the stored number, keep the full label.
 */
export function displayLabel(field: FieldMeta): string {
  return sizeUnit(field) ? field.label.replace(/\s*\((MB|bytes)\)$/i, '') : field.label;
}

/** A size field's value in binary units, e.g. memory `4096` (MB) → `4 GiB`. */
export function formatSize(field: FieldMeta, value: number): string {
  return sizeUnit(field) === 'mb' ? formatMegabytes(value) : formatBytes(value);
}

/** End-time fields and the start field they pair with; their difference is shown as a duration. */
const DURATION_STARTS: Record<string, string> = { endTime: 'startTime', finishedAt: 'startedAt' };

/** Seconds between a record's start and this end-time field, or null when either is missing. */
export function durationOf(field: FieldMeta, record: Record<string, unknown>): number | null {
  const startKey = DURATION_STARTS[field.key];
  const start = startKey ? record[startKey] : null;
  const end = record[field.key];
  if (typeof start !== 'string' || typeof end !== 'string') return null;
  const ms = Date.parse(end) - Date.parse(start);
  return Number.isNaN(ms) || ms < 0 ? null : ms / 1000;
}
