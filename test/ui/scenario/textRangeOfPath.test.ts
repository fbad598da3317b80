import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { lineOf, offsetOf, textRangeOfPath } from '../../../src/ui/scenario/textRangeOfPath.ts';

const JSON_TEXT = `{
  "name": "x",
  "workloads": [
    { "kind": "batch", "id": "a", "arrival": { "poisson": { "rate": -1 } } }
  ]
}`;

const YAML_TEXT = `name: x
workloads:
  - kind: batch
    id: a
    arrival:
      poisson:
        rate: -1
`;

const at = (text: string, path: (string | number)[]) => {
  const r = textRangeOfPath(parseDocument(text), text, path);
  return r && { text: text.slice(r.from, r.to), line: lineOf(text, r.from), exact: r.exact };
};

describe('textRangeOfPath', () => {
  it('finds a scalar field with its key, in JSON and YAML', () => {
    expect(at(JSON_TEXT, ['workloads', 0, 'arrival', 'poisson', 'rate'])).toEqual({ text: '"rate": -1', line: 4, exact: true });
    expect(at(YAML_TEXT, ['workloads', 0, 'arrival', 'poisson', 'rate'])).toEqual({ text: 'rate: -1', line: 7, exact: true });
  });

  it('shows an object field by its key, a list item by its first line', () => {
    expect(at(YAML_TEXT, ['workloads', 0, 'arrival'])).toEqual({ text: 'arrival', line: 5, exact: true });
    expect(at(YAML_TEXT, ['workloads', 0])).toEqual({ text: 'kind: batch', line: 3, exact: true });
    expect(at(JSON_TEXT, ['workloads', 0])?.line).toBe(4);
  });

  it('falls back to the nearest existing parent for a missing field', () => {
    expect(at(JSON_TEXT, ['workloads', 0, 'work'])).toEqual({ text: '{ "kind": "batch", "id": "a", "arrival": { "poisson": { "rate": -1 } } }', line: 4, exact: false });
    expect(at(YAML_TEXT, ['workloads', 0, 'arrival', 'poisson', 'nope'])).toEqual({ text: 'poisson', line: 6, exact: false });
    expect(at(YAML_TEXT, ['horizon'])).toEqual({ text: 'name: x', line: 1, exact: false });
    expect(at(YAML_TEXT, ['workloads', 5, 'x'])).toEqual({ text: 'workloads', line: 2, exact: false });
  });

  it('is null for an empty document', () => {
    expect(at('', ['x'])).toBeNull();
  });

  it('converts between lines and offsets', () => {
    expect(offsetOf('ab\ncd\nef', 2, 2)).toBe(4);
    expect(offsetOf('ab\ncd', 9, 1)).toBe(5);
    expect(lineOf('ab\ncd\nef', 6)).toBe(3);
  });
});
