import { describe, expect, it } from 'vitest';
import { buildWriteSchema, issuesToFieldErrors } from '@/lib/data/field-schemas';
import { joinMulti, multiIds, splitMulti } from '@/lib/models/multi-value';
import type { FieldMeta } from '@/lib/models/types';

const field = (key: string, extra: Partial<FieldMeta>): FieldMeta => ({
  key,
  api: key,
  label: key,
  kind: 'text',
  required: false,
  nullable: false,
  readOnly: false,
  maxLength: 30,
  ...extra,
});
const stages = field('stages', {
  multiChoices: ['devices', 'storage', 'vm-disks'].map((v) => ({ value: v, label: v })),
});
const endpoints = field('endpoints', { multiFk: 'proxmox-endpoints' });
const schema = buildWriteSchema([stages, endpoints], 'update');

function errorsOf(input: Record<string, unknown>): Record<string, string[]> {
  const parsed = schema.safeParse(input);
  return parsed.success ? {} : issuesToFieldErrors(parsed.error);
}

describe('set-valued text fields', () => {
  it('store lists and comma-separated text in canonical order without duplicates', () => {
    expect(schema.parse({ stages: ['vm-disks', ' devices', 'vm-disks'], endpoints: ['12', '3', '12'] })).toEqual({
      stages: 'devices, vm-disks',
      endpoints: '3, 12',
    });
    expect(schema.parse({ stages: 'storage,devices,,', endpoints: ' 7 ' })).toEqual({
      stages: 'devices, storage',
      endpoints: '7',
    });
    expect(schema.parse({ stages: [], endpoints: '' })).toEqual({ stages: '', endpoints: '' });
  });

  it('report unknown choices, malformed ids, overlong lists and wrong types as field errors', () => {
    expect(errorsOf({ stages: ['devices', 'nodes', 'nodes'], endpoints: '1, x, -2, 0' })).toEqual({
      stages: ['Unknown choice(s): nodes. Choose from: devices, storage, vm-disks.'],
      endpoints: ['Object ids must be positive whole numbers (not: x, -2, 0).'],
    });
    expect(errorsOf({ endpoints: Array.from({ length: 10 }, (_, i) => String(100 + i)) })).toEqual({
      endpoints: ['Too many items: the list must fit in 30 characters.'],
    });
    expect(errorsOf({ stages: 5 })).toEqual({ stages: ['Enter a comma-separated list or a list of values.'] });
  });

  it('split, join and read ids', () => {
    expect(splitMulti(' a, ,b ,')).toEqual(['a', 'b']);
    expect(joinMulti(stages, ['storage', 'devices'])).toBe('devices, storage');
    expect(multiIds('4, 2, x')).toEqual([4, 2]);
    expect(multiIds(null)).toEqual([]);
  });
});
