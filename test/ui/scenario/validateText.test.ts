import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateText } from '../../../src/ui/scenario/validateText.ts';

const SEED = readFileSync(new URL('../../../scenarios/seed-example.json', import.meta.url), 'utf8');
const lineAt = (text: string, line: number) => text.split('\n')[line - 1];

describe('validateText', () => {
  it('passes a preset', () => {
    const v = validateText(SEED, 'json');
    expect(v.issues).toEqual([]);
    expect(v.scenario?.name).toBe('Seed example: 10 nodes, 1000 tasks');
  });

  it('places a bad value at its line, with the path', () => {
    const text = SEED.replace('"rate": 0.08', '"rate": -1');
    const v = validateText(text, 'json');
    expect(v.scenario).toBeNull();
    expect(v.issues).toHaveLength(1);
    const i = v.issues[0];
    expect(i.path).toBe('workloads[0].arrival.poisson.rate');
    expect(i.message).toMatch(/expected a number > 0, got -1/);
    expect(lineAt(text, i.line!)).toContain('"rate": -1');
    expect(text.slice(i.from, i.to)).toBe('"rate": -1');
  });

  it('places a misspelt field at the field', () => {
    const text = SEED.replace('"slo": "3m"', '"sol": "3m"');
    const [i] = validateText(text, 'json').issues;
    expect(i).toMatchObject({ path: 'workloads[0].sol', message: 'unknown field' });
    expect(text.slice(i.from, i.to)).toBe('"sol": "3m"');
  });

  it('places a missing required field at its parent', () => {
    const text = SEED.replace('"horizon": "1d",', '');
    const [i] = validateText(text, 'json').issues;
    expect(i.path).toBe('horizon');
    expect(i.line).toBe(1);
  });

  it('makes an unknown policy an error at its field', () => {
    const text = SEED.replace('"scheduling": "fifo"', '"scheduling": "fast"');
    const [i] = validateText(text, 'json').issues;
    expect(i.path).toBe('policies.scheduling');
    expect(i.message).toMatch(/fast/);
    expect(lineAt(text, i.line!)).toContain('"scheduling": "fast"');
  });

  it('places a syntax error at its line and column', () => {
    const text = SEED.replace('"seed": 1,', '"seed": 1,,');
    const [i] = validateText(text, 'json').issues;
    expect(i.path).toBe('');
    expect(i.message).toMatch(/not valid JSON at line \d+/);
    expect(lineAt(text, i.line!)).toContain('"seed": 1,,');
    const yaml = 'name: x\nhorizon: [1\n';
    const [y] = validateText(yaml, 'yaml').issues;
    expect(y.message).toMatch(/not valid YAML/);
    expect(y.line).toBeGreaterThanOrEqual(2);
  });

  it('reads YAML, and never evaluates the text', () => {
    const yaml = 'name: y\nhorizon: 1h\ncluster: { sites: [ { id: a, racks: 1, nodesPerRack: 1, node: { gpus: 1, gpu: H100 } } ] }\ndescription: "${globalThis.pwned = 1}"\n';
    const v = validateText(yaml, 'yaml');
    expect(v.issues).toEqual([]);
    expect(v.scenario?.description).toBe('${globalThis.pwned = 1}');
    expect((globalThis as Record<string, unknown>).pwned).toBeUndefined();
  });
});

describe('validateText and policy sets', () => {
  it('shows a bad scenario policy once, not again for each set that inherits it', () => {
    const doc = JSON.parse(SEED);
    doc.policies = { scheduling: 'fastest' };
    doc.policySets = [{ name: 'a', policies: { scheduling: 'fifo' } }, { name: 'b', policies: { failover: 'hot-spare' } }, { name: 'c', policies: { scheduling: 'slow' } }];
    const text = JSON.stringify(doc, null, 2);
    const v = validateText(text, 'json');
    expect(v.issues.map((i) => i.path)).toEqual(['policies.scheduling', 'policySets[2].policies.scheduling']);
    expect(text.slice(v.issues[1].from, v.issues[1].to)).toBe('"scheduling": "slow"');
  });
});
