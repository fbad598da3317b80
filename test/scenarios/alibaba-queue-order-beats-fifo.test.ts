import { describe, expect, it } from 'vitest';
import { haveTraces, loadPreset, runSets } from './presets.ts';

// The Alibaba GPU trace (scenarios/alibaba-gpu-2023.json) under four schedulers. The trace fixes
// arrivals and run times; the seed changes only the random GPU and node failures.
if (!haveTraces) console.warn('skipping the Alibaba preset: ../shared/traces is absent (CI always has it)');

describe.skipIf(!haveTraces)('Alibaba GPU trace: the order of the queue, not the GPUs, decides who meets 6 hours', () => {
  const SEEDS = [1, 2];
  const FIFO = 'FIFO', BACKFILL = 'EASY backfilling', SJF = 'Shortest job first', LAS = 'Least attained service (Tiresias)';
  const runs = haveTraces ? runSets(loadPreset('alibaba-gpu-2023.json'), [FIFO, BACKFILL, SJF, LAS], SEEDS, 100_000) : {};
  const C = (name: string, i: number) => runs[name][i].metrics.C;

  it('replays all 6,203 GPU pods under every scheduler', () => {
    for (const name of [FIFO, BACKFILL, SJF, LAS]) for (const r of runs[name]) expect(r.workloads.pods.arrived).toBe(6203);
  });

  it('FIFO meets 6 hours for under a third of the pods and leaves over a thousand queued', () => {
    for (const r of runs[FIFO]) {
      expect(r.metrics.C).toBeLessThan(1 / 3);
      expect(r.workloads.pods.queued).toBeGreaterThan(1000);
    }
  });

  it('backfilling beats FIFO, LAS beats backfilling, SJF beats LAS, on C and T, on every seed', () => {
    SEEDS.forEach((_, i) => {
      expect(C(BACKFILL, i)).toBeGreaterThan(C(FIFO, i) + 0.15);
      expect(C(LAS, i)).toBeGreaterThan(C(BACKFILL, i) + 0.2);
      expect(C(SJF, i)).toBeGreaterThan(C(LAS, i));
      const T = (name: string) => runs[name][i].metrics.T!;
      expect(T(BACKFILL)).toBeLessThan(T(FIFO) * 0.8);
      expect(T(SJF)).toBeLessThan(T(LAS));
      expect(T(LAS)).toBeLessThan(T(BACKFILL));
    });
  });

  it('LAS pays for not knowing run times with preempted work (lost GPU-time); R hardly moves', () => {
    SEEDS.forEach((_, i) => {
      expect(runs[LAS][i].preemptions).toBeGreaterThan(0);
      expect(runs[LAS][i].metrics.lostGpuS).toBeGreaterThan(runs[SJF][i].metrics.lostGpuS);
      for (const name of [BACKFILL, SJF, LAS]) expect(Math.abs(runs[name][i].metrics.R - runs[FIFO][i].metrics.R)).toBeLessThan(0.03);
    });
  });
});
