import { describe, expect, it } from 'vitest';
import { parsePropertyString } from '@/lib/proxmox/config';

function entries(text: string, defaultKey?: string): [string, string][] | string {
  const result = parsePropertyString(text, defaultKey);
  return result.ok ? [...result.value] : result.error;
}

describe('parsePropertyString', () => {
  it('keeps the written order of keyed parts and puts a bare part under the default key', () => {
    expect(entries('local-lvm:vm-100-disk-0,size=32G,discard=on', 'file')).toEqual([
      ['file', 'local-lvm:vm-100-disk-0'],
      ['size', '32G'],
      ['discard', 'on'],
    ]);
    expect(entries('size=4G,local:snapshotable-disk-1', 'volume')).toEqual([
      ['size', '4G'],
      ['volume', 'local:snapshotable-disk-1'],
    ]);
  });

  it('splits a value only at the first "=" and skips empty and blank parts', () => {
    expect(entries('serial=a=b,,  ,ro=1')).toEqual([
      ['serial', 'a=b'],
      ['ro', '1'],
    ]);
    expect(entries('')).toEqual([]);
  });

  it('rejects duplicate keys, including a second bare value or a bare value plus its key', () => {
    expect(entries('tag=1,tag=2')).toBe("duplicate key 'tag'");
    expect(entries('a,b', 'file')).toBe("duplicate key 'file'");
    expect(entries('file=x,y', 'file')).toBe("duplicate key 'file'");
  });

  it('rejects a bare value without a default key and parts with an empty key or value', () => {
    expect(entries('eth0')).toMatch(/value without key/);
    expect(entries('name=')).toMatch(/missing key or value/);
    expect(entries('=eth0')).toMatch(/missing key or value/);
  });

  it('keeps keys such as __proto__ as ordinary entries', () => {
    const result = parsePropertyString('__proto__=x,constructor=y');
    expect(result.ok && Object.fromEntries(result.value)).toEqual({ ['__proto__']: 'x', constructor: 'y' });
  });

  it('reports a non-string input instead of throwing', () => {
    const result = parsePropertyString(42 as unknown as string);
    expect(result).toEqual({ ok: false, error: 'property string expected, got 42' });
  });
});
