/**
 * RunTally, driven directly: the run-wide counts, the time integrals of the piecewise-constant
 * counts and the capacity series.
 *
 * The rules (RunTally's TSDoc): `integrate` adds each count × the time since the last call
 * (work in the system = queued + running) and returns false, changing nothing, when no time
 * passed; `counts()` sums each per-target record, interruptions adding the planned ones;
 * `recordPoint` skips a point whose counts repeat the last one; `capacitySeries` copies the
 * series out, and is undefined when the series is not recorded.
 */
import { describe, expect, it } from 'vitest';
import { RunTally } from '../../../../src/sim/model/accounting/RunTally.ts';

const integrals = (t: RunTally) => ({ lastS: t.lastS, upGpuS: t.upGpuS, busyGpuS: t.busyGpuS, queuedS: t.queuedS, inSystemS: t.inSystemS });

describe('RunTally: time integrals', () => {
  it('integrates each count over the interval since the last call, work in the system being queued plus running', () => {
    const t = new RunTally(false);
    expect(t.integrate(10, 8, 4, 2, 3)).toBe(true);
    expect(integrals(t)).toEqual({ lastS: 10, upGpuS: 80, busyGpuS: 40, queuedS: 20, inSystemS: 50 });
    expect(t.integrate(15, 6, 6, 0, 1)).toBe(true);
    expect(integrals(t)).toEqual({ lastS: 15, upGpuS: 110, busyGpuS: 70, queuedS: 20, inSystemS: 55 });
  });

  it('ignores a zero-length interval (and one going back in time): returns false and changes nothing', () => {
    const t = new RunTally(false);
    t.integrate(10, 8, 4, 2, 3);
    const before = integrals(t);
    expect(t.integrate(10, 100, 100, 100, 100)).toBe(false);
    expect(t.integrate(5, 100, 100, 100, 100)).toBe(false);
    expect(integrals(t)).toEqual(before);
  });

  it('a first call at time 0 is a zero-length interval', () => {
    const t = new RunTally(false);
    expect(t.integrate(0, 8, 8, 8, 8)).toBe(false);
    expect(integrals(t)).toEqual({ lastS: 0, upGpuS: 0, busyGpuS: 0, queuedS: 0, inSystemS: 0 });
  });
});

describe('RunTally: counts', () => {
  it('starts with every count at 0, one entry per failure target', () => {
    const c = new RunTally(false).counts();
    const zeros = { gpu: 0, node: 0, rack: 0, site: 0, uplink: 0, wan: 0 };
    expect(c).toEqual({
      failures: { count: 0, byTarget: zeros },
      interruptions: { count: 0, byCause: zeros, planned: 0 },
      maintenance: { count: 0, byTarget: zeros },
      preemptions: 0,
    });
  });

  it('sums each record over its targets; interruptions add the planned ones', () => {
    const t = new RunTally(false);
    t.failuresByTarget.gpu = 2; t.failuresByTarget.node = 1; t.failuresByTarget.wan = 4;
    t.interruptionsByCause.rack = 2; t.interruptionsByCause.gpu = 1;
    t.plannedInterruptions = 3;
    t.maintenanceByTarget.node = 5;
    t.preemptions = 6;
    const c = t.counts();
    expect(c.failures).toEqual({ count: 7, byTarget: { gpu: 2, node: 1, rack: 0, site: 0, uplink: 0, wan: 4 } });
    expect(c.interruptions).toEqual({ count: 6, byCause: { gpu: 1, node: 0, rack: 2, site: 0, uplink: 0, wan: 0 }, planned: 3 });
    expect(c.maintenance).toEqual({ count: 5, byTarget: { gpu: 0, node: 5, rack: 0, site: 0, uplink: 0, wan: 0 } });
    expect(c.preemptions).toBe(6);
  });

  it('hands out copies: later counting does not change a result already taken', () => {
    const t = new RunTally(false);
    t.failuresByTarget.site = 1;
    const c = t.counts();
    t.failuresByTarget.site = 9;
    t.interruptionsByCause.site = 9;
    t.maintenanceByTarget.site = 9;
    expect(c.failures.byTarget.site).toBe(1);
    expect(c.interruptions.byCause.site).toBe(0);
    expect(c.maintenance.byTarget.site).toBe(0);
  });
});

describe('RunTally: capacity series', () => {
  it('records a point only when a count differs from the last point', () => {
    const t = new RunTally(true);
    expect(t.recordsSeries).toBe(true);
    t.recordPoint(0, 8, 0, 0);
    t.recordPoint(1, 8, 0, 0); // repeat
    t.recordPoint(2, 8, 2, 0);
    t.recordPoint(3, 8, 2, 1);
    t.recordPoint(4, 8, 2, 1); // repeat
    t.recordPoint(5, 7, 2, 1);
    t.recordPoint(6, 8, 0, 0); // as an earlier point, but not the last one
    const s = t.capacitySeries()!;
    expect(Array.from(s.timeS)).toEqual([0, 2, 3, 5, 6]);
    expect(Array.from(s.upGpus)).toEqual([8, 8, 8, 7, 8]);
    expect(Array.from(s.busyGpus)).toEqual([0, 2, 2, 2, 0]);
    expect(Array.from(s.queued)).toEqual([0, 0, 1, 1, 0]);
  });

  it('an empty recorded series is four empty arrays', () => {
    const s = new RunTally(true).capacitySeries()!;
    expect([s.timeS.length, s.upGpus.length, s.busyGpus.length, s.queued.length]).toEqual([0, 0, 0, 0]);
  });

  it('keeps every point past the arrays\' first growth', () => {
    const t = new RunTally(true);
    for (let i = 0; i < 600; i++) t.recordPoint(i, 8, i % 2, 0);
    const s = t.capacitySeries()!;
    expect(s.timeS.length).toBe(600);
    expect(s.timeS[599]).toBe(599);
    expect(s.busyGpus[599]).toBe(1);
  });

  it('copies the series out: later points and changes to the copy leave each other alone', () => {
    const t = new RunTally(true);
    t.recordPoint(0, 8, 0, 0);
    const first = t.capacitySeries()!;
    t.recordPoint(1, 8, 1, 0);
    expect(Array.from(first.timeS)).toEqual([0]);
    first.upGpus[0] = 99;
    const second = t.capacitySeries()!;
    expect(Array.from(second.upGpus)).toEqual([8, 8]);
    expect(second.timeS).not.toBe(first.timeS);
  });

  it('records nothing when not asked: no series, and recordPoint does nothing', () => {
    const t = new RunTally(false);
    expect(t.recordsSeries).toBe(false);
    t.recordPoint(0, 8, 0, 0);
    expect(t.capacitySeries()).toBeUndefined();
  });
});
