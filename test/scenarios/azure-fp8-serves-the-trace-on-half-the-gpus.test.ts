import { describe, expect, it } from 'vitest';
import { haveTraces, loadPreset, runSets, service } from './presets.ts';

// The Azure LLM conversation trace (scenarios/azure-llm-conv.json) through a 15-minute node failure.
if (!haveTraces) console.warn('skipping the Azure preset: ../shared/traces is absent (CI always has it)');

describe.skipIf(!haveTraces)('Azure LLM trace: FP8 serves it on half the GPUs, faster; adaptive compression has no reason to switch', () => {
  const SEEDS = [1, 2, 3];
  const FULL = 'Full model', FP8 = 'FP8', ADAPTIVE = 'FP8 while capacity is short';
  const runs = haveTraces ? runSets(loadPreset('azure-llm-conv.json'), [FULL, FP8, ADAPTIVE], SEEDS, 200_000) : {};

  it('the full model rides through the node failure: requests retried, the replica back after its 5-minute load, C above 0.99', () => {
    for (const r of runs[FULL]) {
      const w = service(r, 'conversation');
      expect(w.inference.retried).toBeGreaterThan(0);
      expect(w.recovery!.meanRtoS).toBeCloseTo(300, 6);
      expect(r.metrics.C).toBeGreaterThan(0.99);
    }
  });

  it('FP8 halves R, cuts the mean response time by more than a quarter, at quality 0.995', () => {
    SEEDS.forEach((_, i) => {
      const full = runs[FULL][i], fp8 = runs[FP8][i];
      expect(fp8.metrics.R).toBeCloseTo(full.metrics.R / 2, 2);
      expect(fp8.metrics.T!).toBeLessThan(full.metrics.T! * 0.75);
      expect(fp8.metrics.C).toBeGreaterThanOrEqual(full.metrics.C);
      expect(service(fp8, 'conversation').inference.quality).toBeCloseTo(0.995, 9);
    });
  });

  it('adaptive compression gives exactly the full model\'s figures (a spare node is free), and every seed the same', () => {
    SEEDS.forEach((_, i) => {
      expect(runs[ADAPTIVE][i].metrics).toEqual(runs[FULL][i].metrics);
      expect(runs[FULL][i].metrics).toEqual(runs[FULL][0].metrics);
    });
  });
});
