/**
 * Recoveries, driven directly: the RTO stages of interrupted work, booked into a workload's
 * RecoverySums when it runs again.
 *
 * The rules (Recoveries' TSDoc): detection runs from the failure until it is noticed,
 * decision from then until the work is placed again, recovery from then until it runs
 * again; their sum from the first failure is the work's RTO. Interrupted again while
 * restarting, the recovery stage so far counts and the record goes on (its RTO still from
 * the first failure). Preempted while restarting, the recovery stage so far counts and the
 * work waits to be placed again (a new decision stage). Running "again" before it was
 * placed books nothing.
 */
import { describe, expect, it } from 'vitest';
import type { RecoverySums } from '../../../../src/sim/model/accounting/WorkloadAccount.ts';
import { Recoveries } from '../../../../src/sim/model/recovery/Recoveries.ts';

const noSums = (): RecoverySums => ({ count: 0, detectionS: 0, decisionS: 0, recoveryS: 0, maxRtoS: 0 });

describe('Recoveries', () => {
  it('books detection, decision and recovery stages into the sums when the work runs again', () => {
    const r = new Recoveries(), sums = noSums();
    r.interrupted(1, 'gpu', 10);
    expect(r.detected(1, 13)).toEqual({ cause: 'gpu', hungS: 3 });
    r.placed(1, 20);
    r.recovered(1, 25, sums);
    expect(sums).toEqual({ count: 1, detectionS: 3, decisionS: 7, recoveryS: 5, maxRtoS: 15 });
    expect(r.has(1)).toBe(false);
  });

  it('adds each recovery to the sums and keeps the largest RTO', () => {
    const r = new Recoveries(), sums = noSums();
    r.interrupted(1, 'node', 0);
    r.interrupted(2, 'rack', 0);
    r.detected(1, 1); r.placed(1, 2); r.recovered(1, 30, sums); // RTO 30
    r.detected(2, 1); r.placed(2, 2); r.recovered(2, 12, sums); // RTO 12
    expect(sums).toEqual({ count: 2, detectionS: 2, decisionS: 2, recoveryS: 28 + 10, maxRtoS: 30 });
  });

  it('interrupted again while restarting: the recovery so far counts, the new cause is detected, the RTO runs from the first failure', () => {
    const r = new Recoveries(), sums = noSums();
    r.interrupted(1, 'gpu', 10);
    r.detected(1, 12); // detection 2
    r.placed(1, 15); // decision 3
    r.interrupted(1, 'node', 18); // recovery 3 so far
    expect(r.has(1)).toBe(true);
    expect(r.detected(1, 20)).toEqual({ cause: 'node', hungS: 2 });
    r.placed(1, 26); // decision 6 more
    r.recovered(1, 30, sums); // recovery 4 more
    expect(sums).toEqual({ count: 1, detectionS: 4, decisionS: 9, recoveryS: 7, maxRtoS: 20 });
    expect(sums.detectionS + sums.decisionS + sums.recoveryS).toBe(sums.maxRtoS);
  });

  it('interrupted again while restarting is not placed any more: running before it is placed again books nothing', () => {
    const r = new Recoveries(), sums = noSums();
    r.interrupted(1, 'gpu', 0);
    r.detected(1, 1);
    r.placed(1, 2);
    r.interrupted(1, 'gpu', 3);
    r.recovered(1, 4, sums);
    expect(sums).toEqual(noSums());
    expect(r.has(1)).toBe(true);
  });

  it('preempted while restarting: the recovery so far counts, the wait to be placed again is decision time', () => {
    const r = new Recoveries(), sums = noSums();
    r.interrupted(1, 'rack', 0);
    r.detected(1, 2); // detection 2
    r.placed(1, 5); // decision 3
    r.preempted(1, 9); // recovery 4
    r.recovered(1, 10, sums); // not placed: nothing booked
    expect(sums).toEqual(noSums());
    expect(r.has(1)).toBe(true);
    r.placed(1, 12); // decision 3 more
    r.recovered(1, 15, sums); // recovery 3 more
    expect(sums).toEqual({ count: 1, detectionS: 2, decisionS: 6, recoveryS: 7, maxRtoS: 15 });
  });

  it('a preemption of work not recovering, or recovering but not placed, changes nothing', () => {
    const r = new Recoveries(), sums = noSums();
    r.preempted(7, 1);
    expect(r.has(7)).toBe(false);
    r.interrupted(1, 'gpu', 0);
    r.detected(1, 1);
    r.preempted(1, 4); // still in its decision stage
    r.placed(1, 6);
    r.recovered(1, 8, sums);
    expect(sums).toEqual({ count: 1, detectionS: 1, decisionS: 5, recoveryS: 2, maxRtoS: 8 });
  });

  it('running before it is placed again is a no-op: the record stays open and its stages go on', () => {
    const r = new Recoveries(), sums = noSums();
    r.interrupted(1, 'gpu', 0);
    r.recovered(1, 1, sums);
    r.detected(1, 2);
    r.recovered(1, 3, sums);
    expect(sums).toEqual(noSums());
    expect(r.has(1)).toBe(true);
    r.placed(1, 4);
    r.recovered(1, 5, sums);
    expect(sums).toEqual({ count: 1, detectionS: 2, decisionS: 2, recoveryS: 1, maxRtoS: 5 });
  });

  it('placing or running work that never failed books nothing', () => {
    const r = new Recoveries(), sums = noSums();
    r.placed(3, 1);
    r.recovered(3, 2, sums);
    r.interrupted(1, 'gpu', 0);
    r.placed(3, 3);
    r.recovered(3, 4, sums);
    expect(sums).toEqual(noSums());
    expect(r.has(3)).toBe(false);
    expect(r.has(1)).toBe(true);
  });

  it('forget drops the record: the work is no longer recovering and its later start books nothing', () => {
    const r = new Recoveries(), sums = noSums();
    r.interrupted(1, 'gpu', 0);
    r.interrupted(2, 'gpu', 0);
    r.detected(1, 1);
    r.placed(1, 2);
    r.forget(1);
    expect(r.has(1)).toBe(false);
    expect(r.has(2)).toBe(true);
    r.recovered(1, 3, sums);
    expect(sums).toEqual(noSums());
    r.forget(5); // unknown: nothing happens
    expect(r.has(2)).toBe(true);
  });

  it('has() is true exactly for work that failed and has not run again nor been forgotten', () => {
    const r = new Recoveries(), sums = noSums();
    expect(r.has(0)).toBe(false);
    r.interrupted(4, 'wan', 0);
    expect([0, 3, 4, 5].map((t) => r.has(t))).toEqual([false, false, true, false]);
    r.detected(4, 0);
    r.placed(4, 0);
    expect(r.has(4)).toBe(true);
    r.recovered(4, 0, sums);
    expect(r.has(4)).toBe(false);
    expect(sums).toEqual({ count: 1, detectionS: 0, decisionS: 0, recoveryS: 0, maxRtoS: 0 });
  });
});
