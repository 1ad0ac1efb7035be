import { describe, expect, it } from 'vitest';
import {
  durationOf,
  formatBytes,
  formatDatetimeOrNever,
  formatDuration,
  formatMegabytes,
  formatRelative,
  formatSize,
  sizeUnit,
} from '@/components/data-table/format';
import { getMeta } from '@/lib/models/registry';
import type { FieldMeta } from '@/lib/models/types';

function field(model: string, key: string): FieldMeta {
  const found = getMeta(model)?.fields.find((f) => f.key === key);
  if (!found) throw new Error(`${model}.${key} is not registered`);
  return found;
}

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1024, '1 KiB'],
    [1536, '1.5 KiB'],
    [1_048_064, '1023.5 KiB'],
    [1_048_575, '1 MiB'],
    [5 * 1024 ** 3, '5 GiB'],
    [1.25 * 1024 ** 3, '1.3 GiB'],
    [3 * 1024 ** 4, '3 TiB'],
    [2 * 1024 ** 5, '2 PiB'],
    [4096 * 1024 ** 5, '4096 PiB'],
    [-2048, '-2 KiB'],
  ])('%d bytes → %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('leaves non-numbers readable', () => {
    expect(formatBytes(Number.NaN)).toBe('NaN');
  });
});

describe('formatMegabytes (NetBox and Proxmox MB fields)', () => {
  it.each([
    [512, '512 MiB'],
    [2048, '2 GiB'],
    [1536, '1.5 GiB'],
    [102_400, '100 GiB'],
    [2_097_152, '2 TiB'],
  ])('%d MB → %s', (mb, text) => {
    expect(formatMegabytes(mb)).toBe(text);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [0.4, '0 s'],
    [59, '59 s'],
    [60, '1 min'],
    [90, '1 min 30 s'],
    [3600, '1 h'],
    [3725, '1 h 2 min'],
    [86_400, '1 d'],
    [90_061, '1 d 1 h'],
    [172_800 + 59, '2 d'],
  ])('%d s → %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('shows a dash for negative or invalid durations', () => {
    expect(formatDuration(-1)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
  });
});

describe('formatRelative', () => {
  const now = Date.parse('2026-11-27T12:00:00Z');
  it.each([
    ['2026-11-27T11:59:30Z', 'just now'],
    ['2026-11-27T12:00:44Z', 'just now'],
    ['2026-11-27T11:59:00Z', '1 minute ago'],
    ['2026-11-27T11:55:00Z', '5 minutes ago'],
    ['2026-11-27T12:05:00Z', 'in 5 minutes'],
    ['2026-11-27T10:00:00Z', '2 hours ago'],
    ['2026-11-26T12:00:00Z', '1 day ago'],
    ['2026-11-20T12:00:00Z', '7 days ago'],
    ['2026-09-27T12:00:00Z', '2 months ago'],
    ['2024-11-27T12:00:00Z', '2 years ago'],
  ])('%s → %s', (iso, text) => {
    expect(formatRelative(iso, now)).toBe(text);
  });

  it('returns unparsable input unchanged', () => {
    expect(formatRelative('not a date', now)).toBe('not a date');
  });
});

describe('sizes and durations by field', () => {
  it('recognises byte and MB fields from their registry labels, and nothing else', () => {
    expect(sizeUnit(field('backups', 'size'))).toBe('bytes');
    expect(sizeUnit(field('proxmox-nodes', 'maxMemory'))).toBe('bytes');
    expect(sizeUnit(field('virtual-machines', 'memory'))).toBe('mb');
    expect(sizeUnit(field('virtual-machines', 'disk'))).toBe('mb');
    expect(sizeUnit(field('virtual-disks', 'size'))).toBe('mb');
    expect(sizeUnit(field('virtual-machines', 'vmid'))).toBeNull();
    expect(sizeUnit(field('proxmox-endpoints', 'port'))).toBeNull();
    expect(sizeUnit(field('replications', 'rate'))).toBeNull();
  });

  it('formats a size field in binary units', () => {
    expect(formatSize(field('virtual-machines', 'memory'), 4096)).toBe('4 GiB');
    expect(formatSize(field('backups', 'size'), 1_610_612_736)).toBe('1.5 GiB');
  });

  it('measures an end time against its start time', () => {
    const end = field('task-history', 'endTime');
    expect(durationOf(end, { startTime: '2026-11-27T10:00:00Z', endTime: '2026-11-27T10:02:05Z' })).toBe(125);
    expect(durationOf(end, { startTime: null, endTime: '2026-11-27T10:02:05Z' })).toBeNull();
    expect(durationOf(end, { startTime: '2026-11-27T10:05:00Z', endTime: '2026-11-27T10:02:05Z' })).toBeNull();
    expect(
      durationOf(field('sync-jobs', 'finishedAt'), {
        startedAt: '2026-11-27T10:00:00Z',
        finishedAt: '2026-11-27T11:00:30Z',
      }),
    ).toBe(3630);
    expect(durationOf(field('task-history', 'startTime'), { startTime: '2026-11-27T10:00:00Z' })).toBeNull();
  });
});

describe('displayLabel', () => {
  it('leaves the stored unit off size labels whose values are shown formatted', async () => {
    const { displayLabel } = await import('@/components/data-table/format');
    const base = { key: 'memory', api: 'memory', required: false, nullable: true, readOnly: false } as const;
    expect(displayLabel({ ...base, label: 'Memory (MB)', kind: 'integer' })).toBe('Memory');
    expect(displayLabel({ ...base, label: 'Max memory (bytes)', kind: 'integer' })).toBe('Max memory');
    expect(displayLabel({ ...base, label: 'Port', kind: 'integer' })).toBe('Port');
    expect(displayLabel({ ...base, label: 'Notes (MB)', kind: 'text' })).toBe('Notes (MB)');
  });
});

describe('formatDatetimeOrNever', () => {
  it('renders a Date or an ISO string to the second in UTC, and null as never', () => {
    expect(formatDatetimeOrNever(new Date(Date.UTC(2024, 4, 1, 10, 2, 3, 456)))).toBe('2024-05-01 10:02:03 UTC');
    expect(formatDatetimeOrNever('2024-05-01T10:02:03.456Z')).toBe('2024-05-01 10:02:03 UTC');
    expect(formatDatetimeOrNever('2024-05-01T12:02:03+02:00')).toBe('2024-05-01 10:02:03 UTC');
    expect(formatDatetimeOrNever(null)).toBe('never');
  });
});
