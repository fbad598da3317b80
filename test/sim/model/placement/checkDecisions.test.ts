/**
 * The checks of a policy's decisions (checkDecisions.ts), called directly: each returns what
 * is wrong, as a message, or undefined (placementRanges: the GPUs as ranges, or a message).
 *
 * The rules (their TSDoc, and the decision types'): a preemption names a task that is
 * running and started before now; a placement names a queued task and is not also a
 * preemption; it gives its GPUs as exactly one of `ranges` (a well-formed set) and `gpus` (a
 * list of distinct existing GPUs, turned into merged ranges); a failover decision is a known
 * action, restarting in an existing site, swapping with enough ready spares or shrinking to
 * a smaller whole GPU count; a replica decision is `replace`, optionally in a known site.
 */
import { describe, expect, it } from 'vitest';
import type { FailoverView } from '../../../../src/sim/policy/FailoverPolicy.ts';
import type { Placement, Preemption } from '../../../../src/sim/policy/SchedulingPolicy.ts';
import { TaskState } from '../../../../src/sim/model/TaskTable.ts';
import {
  failoverProblem, gpuOutside, isPreemption, placedTaskProblem, placementRanges, preemptionProblem, replicaDecisionProblem,
} from '../../../../src/sim/model/placement/checkDecisions.ts';

describe('isPreemption', () => {
  it('is true for an object naming `preempt` and no `workId`, false for anything else', () => {
    expect(isPreemption({ preempt: 1 })).toBe(true);
    expect(isPreemption({ preempt: 'x' })).toBe(true); // its value is preemptionProblem's to check
    expect(isPreemption({ preempt: 1, workId: 2 })).toBe(false);
    expect(isPreemption({ workId: 1, gpus: [0] })).toBe(false);
    expect(isPreemption(null)).toBe(false);
    expect(isPreemption(undefined)).toBe(false);
    expect(isPreemption(3)).toBe(false);
    expect(isPreemption('preempt')).toBe(false);
  });
});

describe('preemptionProblem', () => {
  const p = (id: number): Preemption => ({ preempt: id });

  it('accepts a running task that started before now', () => {
    expect(preemptionProblem(p(2), 5, TaskState.Running, 3, 7)).toBeUndefined();
    expect(preemptionProblem(p(0), 1, TaskState.Running, 0, 1e-9)).toBeUndefined();
  });

  it('rejects an id that names no task: out of range or not a whole number', () => {
    for (const id of [5, -1, 1.5]) {
      expect(preemptionProblem(p(id), 5, TaskState.Running, 0, 1)).toBe(`preemption {"preempt":${id}} names no task`);
    }
  });

  it('rejects a task that is not running, saying what it is', () => {
    expect(preemptionProblem(p(2), 5, TaskState.Queued, 0, 1)).toBe('preemption {"preempt":2}: task 2 is not running (it is waiting in the queue)');
    expect(preemptionProblem(p(2), 5, TaskState.Hung, 0, 1)).toBe('preemption {"preempt":2}: task 2 is not running (it is stopped by a failure)');
    expect(preemptionProblem(p(2), 5, TaskState.Done, 0, 1)).toBe('preemption {"preempt":2}: task 2 is not running (it is done)');
  });

  it('rejects a task that started at this instant', () => {
    expect(preemptionProblem(p(2), 5, TaskState.Running, 7, 7)).toBe(
      'preemption {"preempt":2}: task 2 started at this instant (7 s); work may not be preempted in the instant it started',
    );
  });
});

describe('placedTaskProblem', () => {
  const states = Uint8Array.of(TaskState.Queued, TaskState.Running, TaskState.Hung, TaskState.Done, TaskState.Queued);

  it('accepts a placement of a queued task', () => {
    expect(placedTaskProblem({ workId: 0, gpus: [0] }, 5, states)).toBeUndefined();
    expect(placedTaskProblem({ workId: 4, ranges: [0, 8] }, 5, states)).toBeUndefined();
  });

  it('rejects a decision that is both a placement and a preemption', () => {
    const d = { workId: 0, gpus: [0], preempt: 1 } as unknown as Placement;
    expect(placedTaskProblem(d, 5, states)).toBe('decision {"workId":0,"gpus":[0],"preempt":1} is both a placement and a preemption');
  });

  it('rejects a task that is running, hung or done', () => {
    for (const id of [1, 2, 3]) {
      expect(placedTaskProblem({ workId: id, gpus: [0] }, 5, states)).toBe(`placement {"workId":${id},"gpus":[0]} names no queued task`);
    }
  });

  it('rejects an id that names no task, and a decision that is not an object', () => {
    for (const id of [5, -1, 0.5]) {
      expect(placedTaskProblem({ workId: id, gpus: [0] }, 5, states)).toBe(`placement {"workId":${id},"gpus":[0]} names no queued task`);
    }
    expect(placedTaskProblem({ gpus: [0] } as unknown as Placement, 5, states)).toBe('placement {"gpus":[0]} names no queued task');
    expect(placedTaskProblem(null as unknown as Placement, 5, states)).toBe('placement null names no queued task');
  });
});

describe('placementRanges', () => {
  const exactlyOne = 'a placement gives its GPUs either as `ranges` or as a `gpus` list (exactly one)';

  it('needs exactly one of `ranges` and `gpus`', () => {
    expect(placementRanges({ workId: 0 } as unknown as Placement, 16)).toBe(exactlyOne);
    expect(placementRanges({ workId: 0, ranges: [0, 2], gpus: [0, 1] } as unknown as Placement, 16)).toBe(exactlyOne);
  });

  it('returns well-formed ranges as they are', () => {
    const ranges = [0, 2, 4, 16];
    expect(placementRanges({ workId: 0, ranges }, 16)).toBe(ranges);
  });

  it('rejects malformed ranges with the ranges check\'s message', () => {
    const of = (ranges: unknown) => placementRanges({ workId: 0, ranges } as unknown as Placement, 16);
    expect(of('0-4')).toBe('ranges is not a list');
    expect(of([0, 4, 6])).toBe('ranges must list [first, end) pairs: its length is odd');
    expect(of([0, 4, 4, 6])).toBe('range 1 [4, 6) is not after the previous one and apart from it (ranges must be sorted and merged)');
    expect(of([6, 8, 0, 2])).toBe('range 1 [0, 2) is not after the previous one and apart from it (ranges must be sorted and merged)');
    expect(of([3, 3])).toBe('range 0 [3, 3) is empty');
    expect(of([8, 17])).toBe('range 0 [8, 17) is outside the cluster\'s GPUs [0, 16)');
    expect(of([0.5, 2])).toBe('range 0 [0.5, 2) is not a pair of whole numbers');
  });

  it('turns a list of GPUs, in any order, into sorted merged ranges', () => {
    expect(placementRanges({ workId: 0, gpus: [5, 0, 1, 2, 7, 6] }, 16)).toEqual([0, 3, 5, 8]);
    expect(placementRanges({ workId: 0, gpus: [15] }, 16)).toEqual([15, 16]);
  });

  it('rejects a list with a GPU that does not exist', () => {
    const of = (gpus: unknown[]) => placementRanges({ workId: 0, gpus } as unknown as Placement, 16);
    expect(of([0, 16])).toBe('GPU 16 does not exist');
    expect(of([-1])).toBe('GPU -1 does not exist');
    expect(of([1.5])).toBe('GPU 1.5 does not exist');
    expect(of([2, 'a'])).toBe('GPU a does not exist');
  });

  it('rejects a list that gives a GPU twice', () => {
    expect(placementRanges({ workId: 0, gpus: [3, 1, 3] }, 16)).toBe('GPU 3 is given twice');
    expect(placementRanges({ workId: 0, gpus: [4, 5, 6, 5] }, 16)).toBe('GPU 5 is given twice');
  });

  it('rejects a `gpus` that is not a list', () => {
    expect(placementRanges({ workId: 0, gpus: 3 } as unknown as Placement, 16)).toBe('gpus is not a list');
  });
});

describe('gpuOutside', () => {
  it('is -1 when every GPU is inside [first, end)', () => {
    expect(gpuOutside([8, 16], 8, 16)).toBe(-1);
    expect(gpuOutside([8, 10, 12, 16], 8, 16)).toBe(-1);
  });

  it('names the lowest GPU below the site', () => {
    expect(gpuOutside([4, 10], 8, 16)).toBe(4);
    expect(gpuOutside([0, 2, 9, 10], 8, 16)).toBe(0);
  });

  it('names the first GPU at or past the site\'s end', () => {
    expect(gpuOutside([10, 20], 8, 16)).toBe(16); // a range across the end
    expect(gpuOutside([10, 12, 20, 22], 8, 16)).toBe(20); // a range wholly past it
    expect(gpuOutside([16, 17], 8, 16)).toBe(16);
  });
});

describe('failoverProblem', () => {
  const view = (o: Partial<FailoverView> = {}): FailoverView => ({
    sites: [
      { id: 'east', up: true, gpus: 16, upGpus: 16, freeGpus: 8 },
      { id: 'west', up: false, gpus: 16, upGpus: 0, freeGpus: 0 },
    ],
    site: 'east', failedGpus: 2, spareGpusReady: 4, ...o,
  });
  const expected = 'expected { "action": "restart" [, "site"] }, { "action": "wait-for-repair" }, { "action": "swap" } or { "action": "shrink", "gpus" }';

  it('rejects what is not an object, or an unknown action, with the list of decisions', () => {
    for (const d of [null, undefined, 'restart', 3, {}, { action: 'explode' }]) expect(failoverProblem(d, 8, view(), 0)).toBe(expected);
  });

  it('restart: anywhere, or in a site that exists (up or not)', () => {
    expect(failoverProblem({ action: 'restart' }, 8, view(), 0)).toBeUndefined();
    expect(failoverProblem({ action: 'restart', site: 'west' }, 8, view(), 0)).toBeUndefined();
    expect(failoverProblem({ action: 'restart', site: 'north' }, 8, view(), 0)).toBe('no site "north"; sites: east, west');
  });

  it('wait-for-repair: always valid', () => {
    expect(failoverProblem({ action: 'wait-for-repair' }, 8, view(), 0)).toBeUndefined();
  });

  it('swap: needs a spare pool, with at least as many ready spares as failed GPUs', () => {
    expect(failoverProblem({ action: 'swap' }, 8, view(), 0)).toBe('swap needs a hot-spare pool, and the policy reserves none (spareGpus)');
    expect(failoverProblem({ action: 'swap' }, 8, view({ failedGpus: 3, spareGpusReady: 2 }), 8)).toBe('swap needs 3 spare GPUs, the pool has 2 ready');
    expect(failoverProblem({ action: 'swap' }, 8, view({ failedGpus: 3, spareGpusReady: 3 }), 8)).toBeUndefined();
  });

  it('shrink: a whole number of GPUs from 1 to one less than the job has', () => {
    expect(failoverProblem({ action: 'shrink', gpus: 1 }, 8, view(), 0)).toBeUndefined();
    expect(failoverProblem({ action: 'shrink', gpus: 7 }, 8, view(), 0)).toBeUndefined();
    const msg = (got: string) => `shrink needs a whole number of GPUs from 1 to 7 (the job has 8), got ${got}`;
    expect(failoverProblem({ action: 'shrink', gpus: 8 }, 8, view(), 0)).toBe(msg('8'));
    expect(failoverProblem({ action: 'shrink', gpus: 0 }, 8, view(), 0)).toBe(msg('0'));
    expect(failoverProblem({ action: 'shrink', gpus: 2.5 }, 8, view(), 0)).toBe(msg('2.5'));
    expect(failoverProblem({ action: 'shrink', gpus: '4' }, 8, view(), 0)).toBe(msg('"4"'));
    expect(failoverProblem({ action: 'shrink' }, 8, view(), 0)).toBe(msg('undefined'));
  });
});

describe('replicaDecisionProblem', () => {
  const expected = 'expected { "action": "replace" [, "site": one of east, west] }';

  it('accepts replace, anywhere or in a known site', () => {
    expect(replicaDecisionProblem({ action: 'replace' }, ['east', 'west'])).toBeUndefined();
    expect(replicaDecisionProblem({ action: 'replace', site: 'west' }, ['east', 'west'])).toBeUndefined();
  });

  it('rejects an unknown site, another action, or no object', () => {
    for (const d of [{ action: 'replace', site: 'north' }, { action: 'replace', site: 1 }, { action: 'restart' }, {}, null, undefined, 'replace']) {
      expect(replicaDecisionProblem(d, ['east', 'west'])).toBe(expected);
    }
  });
});
