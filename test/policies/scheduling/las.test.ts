import { describe, expect, it } from 'vitest';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import { las } from '../../../src/policies/scheduling/las.ts';
import type { SchedulingPolicy } from '../../../src/policies/types.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import { policySet } from '../../helpers/policies.ts';
import { batch, scenario, site } from '../../sim/model/helpers.ts';
import { cluster, withRunning, work, listed } from './support.ts';

describe('las', () => {
  it('defaults to Tiresias\' two queues split at 3,250 GPU-seconds, preempting', () => {
    expect(las.params.find((p) => p.name === 'thresholds')!.default).toEqual([3250]);
    expect(las.create({}).preempts).toBe(true);
    expect(las.create({ preempt: false }).preempts).toBe(false);
  });

  it('preempts a long-running job (past the threshold) in favour of a new short one', () => {
    const c = () => withRunning(cluster(1, 1, 4), [[10, [0, 1, 2, 3], { attainedGpuS: 4 * 1000, startS: 0 }]]);
    const policy = las.create({});
    expect(listed(policy.schedule([work(0, 2)], c(), 1000))).toEqual([{ preempt: 10 }, { workId: 0, gpus: [0, 1] }]);
    // Still in the first queue (below 3,250 GPU-s): no preemption.
    const young = withRunning(cluster(1, 1, 4), [[10, [0, 1, 2, 3], { attainedGpuS: 4 * 800, startS: 0 }]]);
    expect(listed(policy.schedule([work(0, 2)], young, 800))).toEqual([]);
    expect(listed(las.create({ preempt: false }).schedule([work(0, 2)], c(), 1000))).toEqual([]);
  });

  it('ranks waiting work by attained service, first come first served within a queue', () => {
    const c = cluster(1, 1, 4);
    const policy = las.create({ thresholds: ['1h', 36000] });
    // 0 has had 2 GPU-hours (second queue), 1 and 2 less than one (first queue): 1 first.
    const q = [work(0, 1, { attainedGpuS: 7200 }), work(1, 1, { attainedGpuS: 100 }), work(2, 1, { attainedGpuS: 0 })];
    expect(listed(policy.schedule(q, c, 0))).toEqual([{ workId: 1, gpus: [0] }]);
  });

  it('preempts the lowest-priority queue first, the latest arrival first within it, no more than needed', () => {
    const c = withRunning(cluster(1, 1, 6), [
      [10, [0, 1], { attainedGpuS: 5000, arrivalS: 1, startS: 1 }],
      [11, [2, 3], { attainedGpuS: 50000, arrivalS: 2, startS: 2 }],
      [12, [4, 5], { attainedGpuS: 6000, arrivalS: 3, startS: 3 }],
    ]);
    const policy = las.create({ thresholds: [3250, 40000] });
    expect(listed(policy.schedule([work(0, 4)], c, 10))).toEqual([{ preempt: 11 }, { preempt: 12 }, { workId: 0, gpus: [2, 3, 4, 5] }]);
    // Waiting work in the second queue may preempt only the third.
    expect(listed(policy.schedule([work(0, 2, { attainedGpuS: 4000 })], c, 10))).toEqual([{ preempt: 11 }, { workId: 0, gpus: [2, 3] }]);
  });

  it('gives short jobs a lower mean response time than fifo by preempting a long one', () => {
    // One GPU; a long task (1,000 s) at time 0; short tasks (10 s) now and then.
    const s = scenario({
      seed: 5,
      cluster: { sites: [site('a', 1, 1)] },
      workloads: [batch('long', 1, '1000s'), batch('short', 8, '10s', { arrival: { poisson: { rate: 1 / 300 } } })],
    });
    const go = (policy: SchedulingPolicy) => {
      const preempted: number[] = [];
      const result = simulate(s, policySet({ scheduling: policy }), { observer: { taskPreempted: (task) => { preempted.push(task); } } });
      return { result, preempted };
    };
    const l = go(las.create({ thresholds: ['60s'] }));
    const f = go(fifo.create({}));
    expect(l.result.preemptions).toBeGreaterThan(0);
    expect(l.preempted.every((task) => task === 0)).toBe(true);
    expect(l.result.workloads.short.T.mean!).toBeLessThan(0.5 * f.result.workloads.short.T.mean!);
    expect(l.result.workloads.long.completed).toBe(1);
    expect(l.result.workloads.short.completed).toBe(8);
    expect(f.result.preemptions).toBe(0);
  });
});
