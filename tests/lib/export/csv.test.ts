import { describe, expect, it } from 'vitest';
import { csvField, csvLine, parseCsv } from '@/lib/export/csv';

describe('CSV encoding', () => {
  it('quotes only fields that need it and doubles quotes', () => {
    expect(csvField('web-1')).toBe('web-1');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvLine(['1', 'x,y', ''])).toBe('1,"x,y",\r\n');
  });

  it('parses what it writes, CRLF or LF, with a BOM and embedded line breaks', () => {
    const rows = [
      ['name', 'comments'],
      ['a,b', 'say "hi"\nbye'],
      ['', 'x'],
    ];
    expect(parseCsv(rows.map(csvLine).join(''))).toEqual(rows);
    expect(parseCsv('\uFEFFa,b\nc,d\n')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
    expect(parseCsv('a,b\r\n\r\nc,d')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('refuses an unterminated quote', () => {
    expect(() => parseCsv('a,"b\n')).toThrow('The CSV ends inside a quoted field.');
  });
});
