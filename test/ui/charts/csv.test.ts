import { describe, expect, it } from 'vitest';
import { csvField, toCsvText } from '../../../src/ui/charts/csv.ts';

describe('CSV (RFC 4180)', () => {
  it('quotes only fields that need it, doubling quotes', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('')).toBe('');
    expect(csvField('C · business − continuity')).toBe('C · business − continuity');
  });

  it('ends every record with CRLF', () => {
    expect(toCsvText([['a', 'b,c'], ['1', '']])).toBe('a,"b,c"\r\n1,\r\n');
    expect(toCsvText([])).toBe('');
  });
});
