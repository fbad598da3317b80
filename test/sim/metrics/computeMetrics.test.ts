import { describe, expect, it } from 'vitest';
import { computeMetrics, MetricRangeError, workloadMetrics, type RunTally, type WorkloadTally } from '../../../src/sim/metrics/computeMetrics.ts';

const zero = { gpu: 0, node: 0, rack: 0, site: 0, uplink: 0, wan: 0 };

function workload(over: Partial<WorkloadTally> = {}): WorkloadTally {
  return {
    id: 'w', weight: 1, arrived: 0, completed: 0, met: 0, pendingMissed: 0, queued: 0, running: 0,
    responseTimesS: [], lostGpuS: 0, interruptions: 0, ...over,
  };
}

function tally(over: Partial<RunTally> = {}): RunTally {
  return {
    horizonS: 1000, endS: 1000, provisionedGpus: 10, upGpuS: 10_000, busyGpuS: 5_000, inSystemS: 0, queuedS: 0,
    upGpusAtEnd: 10, workloads: [], failuresByTarget: zero, interruptionsByCause: zero, ...over,
  };
}

describe('computeMetrics: C (business continuity)', () => {
  it('weights each workload\'s SLO attainment by its weight', () => {
    const m = computeMetrics(tally({
      workloads: [
        workload({ id: 'a', weight: 3, arrived: 10, completed: 10, met: 8 }),
        workload({ id: 'b', weight: 1, arrived: 4, completed: 4, met: 2 }),
      ],
    }));
    expect(m.C).toBeCloseTo((3 * 0.8 + 1 * 0.5) / 4, 12);
    // The pooled attainment counts items, not weights.
    expect(m.sloAttainment).toBeCloseTo(10 / 14, 12);
  });

  it('counts items pending past their deadline as missed', () => {
    const m = computeMetrics(tally({ workloads: [workload({ arrived: 6, completed: 4, met: 4, pendingMissed: 1, queued: 2 })] }));
    expect(m.C).toBeCloseTo(4 / 5, 12);
    expect(m.sloAttainment).toBeCloseTo(4 / 5, 12);
  });

  it('leaves out items still pending before their deadline', () => {
    const m = computeMetrics(tally({ workloads: [workload({ arrived: 9, completed: 4, met: 3, queued: 3, running: 2 })] }));
    expect(m.C).toBeCloseTo(3 / 4, 12);
  });

  it('is 1 when no demand has been decided', () => {
    expect(computeMetrics(tally()).C).toBe(1);
    const m = computeMetrics(tally({ workloads: [workload({ arrived: 3, queued: 2, running: 1 })] }));
    expect(m.C).toBe(1);
    expect(m.sloAttainment).toBeNull();
  });

  it('ignores a workload with weight 0 in C but counts it in the pooled attainment', () => {
    const m = computeMetrics(tally({
      workloads: [
        workload({ id: 'a', weight: 0, arrived: 2, completed: 2, met: 0 }),
        workload({ id: 'b', weight: 1, arrived: 2, completed: 2, met: 2 }),
      ],
    }));
    expect(m.C).toBe(1);
    expect(m.sloAttainment).toBe(0.5);
  });

  it('ignores a workload with nothing decided, whatever its weight', () => {
    const m = computeMetrics(tally({
      workloads: [
        workload({ id: 'a', weight: 100, arrived: 5, queued: 5 }),
        workload({ id: 'b', weight: 1, arrived: 2, completed: 2, met: 1 }),
      ],
    }));
    expect(m.C).toBe(0.5);
  });
});

describe('computeMetrics: S, R and the integrals', () => {
  it('takes S as up GPU-seconds over provisioned GPU-seconds', () => {
    const m = computeMetrics(tally({ provisionedGpus: 4, endS: 100, upGpuS: 300, busyGpuS: 150 }));
    expect(m.S).toBe(0.75);
    expect(m.provisionedGpuS).toBe(400);
    expect(m.upGpuS).toBe(300);
  });

  it('takes R as busy GPU-seconds over up GPU-seconds', () => {
    const m = computeMetrics(tally({ provisionedGpus: 4, endS: 100, upGpuS: 300, busyGpuS: 150 }));
    expect(m.R).toBe(0.5);
    expect(m.busyGpuS).toBe(150);
  });

  it('gives R = 0 when nothing was up', () => {
    expect(computeMetrics(tally({ upGpuS: 0, busyGpuS: 0 })).R).toBe(0);
  });

  it('takes S from the GPUs up at the end when the run lasted no time', () => {
    const m = computeMetrics(tally({ endS: 0, upGpuS: 0, busyGpuS: 0, provisionedGpus: 8, upGpusAtEnd: 6 }));
    expect(m.S).toBe(0.75);
    expect(m.meanInSystem).toBe(0);
    expect(m.throughputPerS).toBe(0);
  });

  it('gives the time-average queue and system sizes and the throughput', () => {
    const m = computeMetrics(tally({ endS: 200, inSystemS: 500, queuedS: 100, workloads: [workload({ arrived: 50, completed: 40, met: 40 })] }));
    expect(m.meanInSystem).toBe(2.5);
    expect(m.meanQueued).toBe(0.5);
    expect(m.throughputPerS).toBe(0.2);
    expect(m.arrived).toBe(50);
    expect(m.completed).toBe(40);
  });

  it('gives goodput as 1 − lost / busy, summing losses and interruptions over workloads', () => {
    const m = computeMetrics(tally({
      busyGpuS: 1000,
      workloads: [workload({ id: 'a', lostGpuS: 100, interruptions: 2 }), workload({ id: 'b', lostGpuS: 50, interruptions: 1 })],
    }));
    expect(m.lostGpuS).toBe(150);
    expect(m.goodput).toBeCloseTo(0.85, 12);
    expect(m.interruptions).toBe(3);
  });

  it('counts failures over every target', () => {
    expect(computeMetrics(tally({ failuresByTarget: { gpu: 3, node: 2, rack: 1, site: 1, uplink: 2, wan: 1 } })).failures).toBe(10);
  });

  it('is pure: the same tally gives the same figures', () => {
    const t = tally({ workloads: [workload({ completed: 3, met: 2, responseTimesS: [3, 1, 2] })] });
    expect(computeMetrics(t)).toEqual(computeMetrics(t));
  });
});

describe('computeMetrics: T', () => {
  it('pools response times of every workload for the mean and nearest-rank percentiles', () => {
    const m = computeMetrics(tally({
      workloads: [
        workload({ id: 'a', completed: 3, met: 3, responseTimesS: new Float64Array([10, 30, 20]) }),
        workload({ id: 'b', completed: 2, met: 2, responseTimesS: [50, 40] }),
      ],
    }));
    expect(m.T).toBe(30);
    expect(m.Tp50).toBe(30);
    expect(m.Tp95).toBe(50);
    expect(m.Tp99).toBe(50);
  });

  it('is null when nothing completed', () => {
    const m = computeMetrics(tally());
    expect(m.T).toBeNull();
    expect(m.Tp50).toBeNull();
  });
});

describe('computeMetrics: formulas', () => {
  const t = tally({ provisionedGpus: 4, endS: 100, upGpuS: 300, busyGpuS: 150, workloads: [workload({ completed: 2, met: 1, responseTimesS: [5, 15] })] });

  it('replaces C by its formula, evaluated over the default figures', () => {
    const m = computeMetrics(t, { C: '0.5*S + 0.5*R' });
    expect(m.C).toBeCloseTo(0.5 * 0.75 + 0.5 * 0.5, 12);
    expect(m.S).toBe(0.75);
    expect(m.R).toBe(0.5);
  });

  it('evaluates every formula over the default figures, not over each other', () => {
    const m = computeMetrics(t, { C: 'S', S: 'C' });
    expect(m.C).toBe(0.75);
    expect(m.S).toBe(0.5);
  });

  it('fails with MetricRangeError when a formula gives C > 1', () => {
    expect(() => computeMetrics(t, { C: 'S + 1' })).toThrow(MetricRangeError);
    expect(() => computeMetrics(t, { C: 'S + 1' })).toThrow(/metrics\.C.*\[0, 1\]/);
  });

  it('fails with MetricRangeError when a formula gives R < 0', () => {
    expect(() => computeMetrics(t, { R: 'R - 1' })).toThrow(MetricRangeError);
  });

  it('lets T exceed 1 but not go below 0', () => {
    expect(computeMetrics(t, { T: 'T * 60' }).T).toBe(600);
    expect(() => computeMetrics(t, { T: '-T' })).toThrow(MetricRangeError);
  });

  it('makes T null when its formula uses an undefined figure', () => {
    expect(computeMetrics(tally(), { T: 'Tp99' }).T).toBeNull();
  });

  it('fails with MetricRangeError when a 0..1 formula uses an undefined figure', () => {
    expect(() => computeMetrics(tally(), { C: 'sloAttainment' })).toThrow(MetricRangeError);
  });
});

describe('workloadMetrics', () => {
  it('gives attainment over decided items and counts the missed', () => {
    const w = workloadMetrics(workload({ arrived: 10, completed: 6, met: 4, pendingMissed: 2, queued: 3, running: 1, responseTimesS: [1, 2, 3, 4, 5, 6] }));
    expect(w.sloAttainment).toBe(0.5);
    expect(w.missed).toBe(4);
    expect(w.T).toEqual({ mean: 3.5, p50: 3, p95: 6, p99: 6 });
    expect(w.queued).toBe(3);
    expect(w.running).toBe(1);
  });

  it('gives null attainment when nothing is decided', () => {
    expect(workloadMetrics(workload({ arrived: 2, queued: 2 })).sloAttainment).toBeNull();
  });
});
