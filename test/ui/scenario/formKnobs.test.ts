import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { knobInputValue, knobsOf } from '../../../src/ui/scenario/formKnobs.ts';

const SEED = JSON.parse(readFileSync(new URL('../../../scenarios/seed-example.json', import.meta.url), 'utf8'));

describe('knobsOf', () => {
  it('lists the common knobs of the seed example with their paths and values', () => {
    const k = knobsOf(SEED).map((x) => [x.group, x.pathText, x.value]);
    expect(k).toEqual([
      ['Run', 'horizon', '1d'],
      ['Run', 'seed', '1'],
      ['Site "dc"', 'cluster.sites[0].racks', '1'],
      ['Site "dc"', 'cluster.sites[0].nodesPerRack', '10'],
      ['Site "dc"', 'cluster.sites[0].node.gpus', '1'],
      ['Failures of every node', 'failures[0].mtbf', '24h'],
      ['Failures of every node', 'failures[0].repair.exponential.mean', '1h'],
      ['Workload "tasks" (batch)', 'workloads[0].arrival.poisson.rate', '0.08'],
      ['Workload "tasks" (batch)', 'workloads[0].slo', '3m'],
    ]);
  });

  it('offers absent optional knobs empty with their default, and skips fields it cannot show', () => {
    const k = knobsOf({ horizon: '1h', failures: [{ target: 'gpu', mtbf: { weibull: { shape: 0.7, scale: '30d' } }, repair: '2h' }, { target: 'node', id: 'x', at: '1h', duration: '1h' }], workloads: [{ kind: 'inference', id: 's', replicas: 3, trace: {} }, { kind: 'training', id: 't' }] });
    expect(k.map((x) => [x.pathText, x.value, x.placeholder])).toEqual([
      ['horizon', '1h', undefined],
      ['seed', '', '1'],
      ['failures[0].repair', '2h', undefined],
      ['workloads[0].replicas', '3', undefined],
    ]);
  });

  it('is empty for data that is not an object', () => {
    expect(knobsOf(null)).toEqual([]);
    expect(knobsOf([1])).toEqual([]);
  });
});

describe('knobInputValue', () => {
  it('reads numbers as numbers, anything else as the text typed', () => {
    expect(knobInputValue(' 12 ')).toBe(12);
    expect(knobInputValue('0.095')).toBe(0.095);
    expect(knobInputValue('-1')).toBe(-1);
    expect(knobInputValue('1e3')).toBe(1000);
    expect(knobInputValue('24h')).toBe('24h');
    expect(knobInputValue('abc')).toBe('abc');
  });
});
