import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseScenarioText } from '../../src/sim/scenario/parseScenario.ts';
import { runScenario } from '../../src/worker/runScenario.ts';
import type { BatchWorkloadSpec } from '../../src/sim/scenario/types.ts';
import { loadPreset, mean, runSets } from './presets.ts';

const text = readFileSync(new URL('../../scenarios/seed-example.json', import.meta.url), 'utf8');
const scenario = parseScenarioText(text, 'json', 'seed-example.json');

describe('the seed example', () => {
  it('is 10 identical single-GPU nodes and 1000 tasks of 100 s offered at load 0.8', () => {
    expect(scenario.cluster.sites.reduce((n, s) => n + s.racks * s.nodesPerRack * s.node.gpus, 0)).toBe(10);
    const w = scenario.workloads[0] as BatchWorkloadSpec;
    expect(w.count).toBe(1000);
    expect(w.work).toEqual({ kind: 'constant', value: 100 });
    expect((w.arrivalRatePerS * 100) / 10).toBeCloseTo(0.8, 12);
  });

  it('completes all 1000 tasks, and its busy GPU-time is exactly their work plus the work lost', () => {
    for (const seed of [1, 2, 3]) {
      const r = runScenario(scenario, { seed });
      expect(r.metrics.completed).toBe(1000);
      expect(r.metrics.busyGpuS - r.metrics.lostGpuS).toBeCloseTo(1000 * 100, 6);
      for (const k of ['C', 'S', 'R'] as const) {
        expect(r.metrics[k]).toBeGreaterThan(0);
        expect(r.metrics[k]).toBeLessThanOrEqual(1);
      }
    }
  });

  it('keeps most GPUs busy: busy GPU-time over the run is near the offered load of 0.8', () => {
    // Over [0, end], busy time = 1000 × 100 s + lost; the run lasts about 1000 / 0.08 s plus
    // the drain, so busy / provisioned sits a little under 0.8 and R = busy / up above it.
    const r = runScenario(scenario);
    const busyShare = r.metrics.busyGpuS / r.metrics.provisionedGpuS;
    expect(busyShare).toBeGreaterThan(0.7);
    expect(busyShare).toBeLessThan(0.85);
  });
});

describe('the seed example\'s policy sets', () => {
  const SEEDS = [1, 2, 3, 4, 5];
  const FIFO = 'FIFO (the worked example)', SJF = 'Shortest job first', SPARE = 'One node held as a hot spare';
  const runs = runSets(loadPreset('seed-example.json'), [FIFO, SJF, SPARE], SEEDS, 10_000);

  it('shortest job first gives exactly FIFO\'s figures: every task has the same work', () => {
    SEEDS.forEach((_, i) => expect(runs[SJF][i].metrics).toEqual(runs[FIFO][i].metrics));
  });

  it('a node held as a hot spare leaves nine for the tasks: T rises and C falls on every seed', () => {
    SEEDS.forEach((_, i) => {
      expect(runs[SPARE][i].metrics.T!).toBeGreaterThan(runs[FIFO][i].metrics.T!);
      expect(runs[SPARE][i].metrics.C).toBeLessThan(runs[FIFO][i].metrics.C);
    });
    expect(mean(runs[SPARE].map((r) => r.metrics.C))).toBeLessThan(mean(runs[FIFO].map((r) => r.metrics.C)) - 0.05);
  });
});
