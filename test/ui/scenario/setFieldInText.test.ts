import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { setFieldInText } from '../../../src/ui/scenario/setFieldInText.ts';

const SEED = readFileSync(new URL('../../../scenarios/seed-example.json', import.meta.url), 'utf8');

describe('setFieldInText', () => {
  it('replaces a JSON value in place, leaving every other character', () => {
    const out = setFieldInText(SEED, 'json', ['workloads', 0, 'arrival', 'poisson', 'rate'], 0.095);
    expect(out).toBe(SEED.replace('"rate": 0.08', '"rate": 0.095'));
    expect(setFieldInText(SEED, 'json', ['failures', 0, 'mtbf'], '12h')).toBe(SEED.replace('"mtbf": "24h"', '"mtbf": "12h"'));
    expect(setFieldInText(SEED, 'json', ['cluster', 'sites', 0, 'racks'], 'two')).toBe(SEED.replace('"racks": 1', '"racks": "two"'));
  });

  it('adds a missing JSON field at the start of its object, in its indentation', () => {
    const text = SEED.replace('  "seed": 1,\n', '');
    const out = setFieldInText(text, 'json', ['seed'], 7);
    expect(out.startsWith('{\n  "seed": 7,\n  "name"')).toBe(true);
    expect(JSON.parse(out).seed).toBe(7);
    const flow = '{"a": {"b": 1}}';
    expect(JSON.parse(setFieldInText(flow, 'json', ['a', 'c'], 'x'))).toEqual({ a: { c: 'x', b: 1 } });
    expect(JSON.parse(setFieldInText('{"a": {}}', 'json', ['a', 'c'], 2))).toEqual({ a: { c: 2 } });
  });

  it('edits YAML keeping comments and layout; quotes only when needed', () => {
    const yaml = '# my scenario\nname: x  # the title\nhorizon: 1d\nworkloads:\n  - kind: batch\n    arrival: { poisson: { rate: 0.08 } }\n';
    expect(setFieldInText(yaml, 'yaml', ['horizon'], '2d')).toBe(yaml.replace('horizon: 1d', 'horizon: 2d'));
    expect(setFieldInText(yaml, 'yaml', ['workloads', 0, 'arrival', 'poisson', 'rate'], 0.1)).toBe(yaml.replace('rate: 0.08', 'rate: 0.1'));
    expect(setFieldInText(yaml, 'yaml', ['horizon'], '12')).toBe(yaml.replace('horizon: 1d', 'horizon: "12"'));
    expect(setFieldInText(yaml, 'yaml', ['name'], 'a: b')).toBe(yaml.replace('name: x ', 'name: "a: b" '));
    const added = setFieldInText(yaml, 'yaml', ['seed'], 3);
    expect(added).toBe(yaml.replace('name: x', 'seed: 3\nname: x'));
    expect(parse(setFieldInText(yaml, 'yaml', ['workloads', 0, 'slo'], '3m')).workloads[0]).toEqual({ slo: '3m', kind: 'batch', arrival: { poisson: { rate: 0.08 } } });
  });

  it('refuses text that does not parse, or a field with no parent object', () => {
    expect(() => setFieldInText('{"a": ', 'json', ['a'], 1)).toThrow(/syntax/);
    expect(() => setFieldInText('{"a": 1}', 'json', ['b', 'c'], 1)).toThrow(/no object/);
  });
});
