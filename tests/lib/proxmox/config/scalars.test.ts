import { describe, expect, it } from 'vitest';
import {
  bytesToMB,
  bytesToMiB,
  decodeUrlEncoded,
  parseAgent,
  parseBoolean,
  parseDecimal,
  parseInteger,
  parseMemory,
  parseSize,
  parseTags,
} from '@/lib/proxmox/config';

describe('parseBoolean', () => {
  it.each(['1', 'on', 'yes', 'true', 'TRUE', 'On', 1, true])('%s → true', (value) => {
    expect(parseBoolean(value)).toEqual({ ok: true, value: true });
  });
  it.each(['0', 'off', 'no', 'false', 'No', 0, false])('%s → false', (value) => {
    expect(parseBoolean(value)).toEqual({ ok: true, value: false });
  });
  it.each(['2', 'y', '', ' 1', 2, null, undefined, {}])('%s is rejected', (value) => {
    expect(parseBoolean(value).ok).toBe(false);
  });
});

describe('parseInteger / parseDecimal', () => {
  it('accepts numbers and numeric strings within bounds', () => {
    expect(parseInteger('2048', 'memory')).toEqual({ ok: true, value: 2048 });
    expect(parseInteger(4, 'cores', { min: 1 })).toEqual({ ok: true, value: 4 });
    expect(parseDecimal('12.5', 'rate')).toEqual({ ok: true, value: 12.5 });
    expect(parseDecimal('.5', 'rate')).toEqual({ ok: true, value: 0.5 });
  });
  it('rejects fractions, junk, unsafe and out-of-range values', () => {
    expect(parseInteger('1.5', 'x')).toEqual({ ok: false, error: "x is not an integer: '1.5'" });
    expect(parseInteger(1.5, 'x').ok).toBe(false);
    expect(parseInteger('99999999999999999999', 'x').ok).toBe(false);
    expect(parseInteger('0', 'x', { min: 1 })).toEqual({ ok: false, error: 'x must be at least 1' });
    expect(parseDecimal('1e999', 'x').ok).toBe(false);
    expect(parseDecimal('-1', 'x', { min: 0 }).ok).toBe(false);
  });
});

describe('parseSize (powers of 1024, bare number = bytes, truncated)', () => {
  it.each([
    ['1001', 1001],
    ['528K', 540672],
    ['104858K', 107374592],
    ['4M', 4194304],
    ['32G', 34359738368],
    ['2T', 2 * 1024 ** 4],
    ['2.5G', 2684354560],
    ['1.5KiB', 1536],
    ['0.3K', 307],
  ])('%s → %d bytes', (text, bytes) => {
    expect(parseSize(text)).toEqual({ ok: true, value: bytes });
  });
  it.each(['32g', '1P', '10GB', '1 G', '', '-1', 'G', '1.G', '99999999999T'])('%s is rejected', (text) => {
    expect(parseSize(text).ok).toBe(false);
  });
  it('takes a JSON number as bytes', () => {
    expect(parseSize(1024)).toEqual({ ok: true, value: 1024 });
    expect(parseSize(-1).ok).toBe(false);
  });
  it('converts bytes to MiB and MB', () => {
    expect(bytesToMiB(34359738368)).toBe(32768);
    expect(bytesToMB(34359738368)).toBe(34359.738368);
  });
});

describe('parseTags', () => {
  it('splits on ";", "," and whitespace and drops empties', () => {
    expect(parseTags('prod;web')).toEqual(['prod', 'web']);
    expect(parseTags('one, two, three')).toEqual(['one', 'two', 'three']);
    expect(parseTags(' ;a b\t,,c; ')).toEqual(['a', 'b', 'c']);
    expect(parseTags('')).toEqual([]);
  });
});

describe('parseMemory', () => {
  it('reads an integer, a numeric string and the current= property string', () => {
    expect(parseMemory(1000)).toEqual({ ok: true, value: 1000 });
    expect(parseMemory('3072')).toEqual({ ok: true, value: 3072 });
    expect(parseMemory('current=2048')).toEqual({ ok: true, value: 2048 });
  });
  it('rejects junk and values below 16 MiB', () => {
    expect(parseMemory('2G').ok).toBe(false);
    expect(parseMemory(8).ok).toBe(false);
    expect(parseMemory('max=4096').ok).toBe(false);
    expect(parseMemory(null).ok).toBe(false);
  });
});

describe('parseAgent', () => {
  it.each([
    ['1', { enabled: true }],
    ['0', { enabled: false }],
    [1, { enabled: true }],
    ['1,fstrim_cloned_disks=1', { enabled: true, fstrimClonedDisks: true }],
    ['enabled=1,type=virtio', { enabled: true, type: 'virtio' }],
    ['1,type=isa', { enabled: true, type: 'isa' }],
    ['enabled=1,freeze-fs-on-backup=0', { enabled: true, freezeFsOnBackup: false }],
    ['1,freeze-fs=1', { enabled: true, freezeFsOnBackup: true }],
    ['type=virtio', { enabled: false, type: 'virtio' }],
  ] as const)('%s', (value, expected) => {
    expect(parseAgent(value)).toStrictEqual({ ok: true, value: expected });
  });
  it.each(['maybe', '1,type=usb', '1,freeze-fs=1,freeze-fs-on-backup=0', '1,0'])('%s is rejected', (value) => {
    expect(parseAgent(value).ok).toBe(false);
  });
});

describe('decodeUrlEncoded', () => {
  it('decodes escapes and keeps malformed ones as written', () => {
    expect(decodeUrlEncoded('disk%20one')).toBe('disk one');
    expect(decodeUrlEncoded('100%')).toBe('100%');
  });
});
