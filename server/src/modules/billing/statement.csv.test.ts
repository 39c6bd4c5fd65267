import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './statement.csv.js';

describe('CSV (RFC 4180)', () => {
  it('quotes fields with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rlf')).toBe('"cr\rlf"');
  });

  it('writes empty fields for null and undefined, and numbers and booleans as text', () => {
    expect([null, undefined, 0, 12, true, false].map(csvField)).toEqual(['', '', '0', '12', 'true', 'false']);
  });

  it('keeps negative amounts as numbers but defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('-3.00')).toBe('-3.00');
    expect(csvField('+1')).toBe('+1');
    expect(csvField('=SUM(A1:A2)')).toBe("'=SUM(A1:A2)");
    expect(csvField('@cmd')).toBe("'@cmd");
    expect(csvField('-x')).toBe("'-x");
    expect(csvField('=1,2')).toBe('"\'=1,2"');
  });

  it('writes a header and rows with CRLF line ends', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,y'], [null, '"q"']])).toBe('a,b\r\n1,"x,y"\r\n,"""q"""\r\n');
    expect(toCsv(['only'], [])).toBe('only\r\n');
  });
});
