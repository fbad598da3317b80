import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadScenario } from '../../src/cli/loadScenario.ts';
import { runScenario } from '../../src/worker/runScenario.ts';

// docs/metrics.md computes every figure of docs/examples/metrics-worked-example.json by hand.
// These are the hand-computed numbers from that page.
const file = new URL('../../docs/examples/metrics-worked-example.json', import.meta.url);
const r = runScenario(loadScenario(file.pathname));
const doc = readFileSync(new URL('../../docs/metrics.md', import.meta.url), 'utf8');

describe('the worked example of docs/metrics.md', () => {
  it('ends at E = 2:32 = 9,120 s', () => expect(r.metrics.endS).toBe(9120));

  it('S = 14,640 / 18,240', () => {
    expect(r.metrics.upGpuS).toBe(2 * 9120 - 3600);
    expect(r.metrics.provisionedGpuS).toBe(18_240);
    expect(r.metrics.S).toBeCloseTo(14_640 / 18_240, 12);
  });

  it('R = 12,720 / 14,640', () => {
    expect(r.metrics.busyGpuS).toBe(5400 + 3720 + 3600);
    expect(r.metrics.R).toBeCloseTo(12_720 / 14_640, 12);
  });

  it('T = (9,120 + 3,600) / 2, Tp50 3,600, Tp95 and Tp99 9,120', () => {
    expect(r.metrics.T).toBe(6360);
    expect([r.metrics.Tp50, r.metrics.Tp95, r.metrics.Tp99]).toEqual([3600, 9120, 9120]);
  });

  it('job a: allocated 9,120 = useful 6,600 + lost 1,440 + checkpoint 360 + restart 720; goodput 6,600 / 9,120', () => {
    const a = r.workloads.a.training!;
    expect([a.allocatedGpuS, a.usefulGpuS, a.lostGpuS, a.checkpointGpuS, a.restartGpuS, a.inProgressGpuS]).toEqual([9120, 6600, 1440, 360, 720, 0]);
    expect(a.goodput).toBeCloseTo(6600 / 9120, 12);
    expect(r.workloads.b.training!.goodput).toBe(1);
  });

  it('C = (6,600 / 9,120 + 1) / 2; goodput = 1 − 2,520 / 12,720; sloAttainment 1', () => {
    expect(r.metrics.C).toBeCloseTo((6600 / 9120 + 1) / 2, 12);
    expect(r.metrics.goodput).toBeCloseTo(1 - 2520 / 12_720, 12);
    expect(r.metrics.sloAttainment).toBe(1);
  });

  it('meanInSystem = 12,720 / 9,120, nothing queued, throughput 2 / 9,120', () => {
    expect(r.metrics.meanInSystem).toBeCloseTo(12_720 / 9120, 12);
    expect(r.metrics.meanQueued).toBe(0);
    expect(r.metrics.throughputPerS).toBeCloseTo(2 / 9120, 15);
  });

  it('job a recovered in 720 s (all restart) with a recovery point of 1,440 s; one node failure, one interruption', () => {
    expect(r.workloads.a.recovery).toEqual({ count: 1, meanRtoS: 720, meanDetectionS: 0, meanDecisionS: 0, meanRecoveryS: 720, maxRtoS: 720 });
    expect(r.workloads.a.training!.meanRpoS).toBe(1440);
    expect([r.failures.count, r.failures.byTarget.node, r.interruptions.count, r.interruptions.byCause.node]).toEqual([1, 1, 1, 1]);
  });

  it('the page prints the figures the run gives, rounded', () => {
    for (const [figure, digits] of [['S', 4], ['R', 4], ['C', 4], ['goodput', 4], ['meanInSystem', 4]] as const) {
      expect(doc).toContain(`**${r.metrics[figure].toFixed(digits)}**`);
    }
    expect(doc).toContain(`**${r.workloads.a.training!.goodput!.toFixed(4)}**`);
  });
});
