import { describe, expect, it } from 'vitest';
import { loadPreset, mean, runSets } from './presets.ts';

// Healthcare (scenarios/healthcare-imaging.json): rack r0 (half the GPUs) loses power 9:00–13:00.
const scenario = loadPreset('healthcare-imaging.json');
const SEEDS = [1, 2, 3, 4, 5];
const FIFO = 'FIFO', PRIORITY = 'Priority by weight', SJF = 'Shortest job first';
const runs = runSets(scenario, [FIFO, PRIORITY, SJF], SEEDS, 50_000);
const slo = (name: string, w: string) => runs[name].map((r) => r.workloads[w].sloAttainment!);

describe('Healthcare: priority scheduling keeps the stroke deadlines through a rack power loss', () => {
  it('offers about 5 of the 8 GPUs of work on an average day, more than the 4 left during the outage', () => {
    // Work is given at H100 speed and runs at L40S speed (0.37); lognormal mean = median·e^(σ²/2).
    const load = scenario.workloads.reduce((n, w) => {
      if (w.kind !== 'batch' || w.work.kind !== 'lognormal') throw new Error('expected lognormal batch work');
      return n + w.arrivalRatePerS * Math.exp(w.work.mu + (w.work.sigma ** 2) / 2) / 0.37;
    }, 0);
    expect(load).toBeGreaterThan(4.5);
    expect(load).toBeLessThan(6);
  });

  it('under FIFO, stroke studies queue behind routine ones and many miss 10 minutes, on every seed', () => {
    for (const a of slo(FIFO, 'stroke-cta')) expect(a).toBeLessThan(0.9);
    expect(mean(slo(FIFO, 'stroke-cta'))).toBeLessThan(0.8);
  });

  it('under priority every stroke study is read in time, and routine studies still meet their 6 hours', () => {
    for (const a of slo(PRIORITY, 'stroke-cta')) expect(a).toBe(1);
    for (const a of slo(PRIORITY, 'routine')) expect(a).toBeGreaterThan(0.99);
    SEEDS.forEach((_, i) => expect(runs[PRIORITY][i].metrics.C).toBeGreaterThan(runs[FIFO][i].metrics.C + 0.1));
  });

  it('shortest job first rescues nearly all stroke studies too, and lowers the mean response time of everything', () => {
    expect(mean(slo(SJF, 'stroke-cta'))).toBeGreaterThan(0.95);
    SEEDS.forEach((_, i) => expect(runs[SJF][i].metrics.T!).toBeLessThan(runs[PRIORITY][i].metrics.T!));
  });
});
