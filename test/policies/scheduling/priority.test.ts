import { describe, expect, it } from 'vitest';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import { priority } from '../../../src/policies/scheduling/priority.ts';
import type { SchedulingPolicy } from '../../../src/policies/types.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import { policySet } from '../../helpers/policies.ts';
import { batch, scenario, site } from '../../sim/model/helpers.ts';
import { cluster, withRunning, work, listed } from './support.ts';

/**
 * A flood of 400 low-weight batch tasks (1 GPU each) at time 0 on one node of 4 GPUs — over
 * 10,000 s of backlog — and 10 high-weight tasks of 50 s arriving meanwhile with an SLO of 200 s.
 */
const flood = (floodWork: string) => scenario({
  seed: 3, horizon: '3d',
  cluster: { sites: [site('a', 1, 4)] },
  workloads: [
    batch('flood', 400, floodWork, { weight: 1 }),
    batch('high', 10, '50s', { weight: 5, slo: '200s', arrival: { poisson: { rate: 0.002 } } }),
  ],
});

interface Trace { result: RunResult; waitS: Map<number, number>; maxFloodRunning: number; startedAlone: number[]; preempted: { task: number; t: number; latestFlood: number }[] }

/** Runs, noting each high task's wait, the most flood tasks running at once, and preemptions. */
function trace(policy: SchedulingPolicy, floodWork = '100s'): Trace {
  const s = flood(floodWork);
  const wl = new Map<number, string>(), arrived = new Map<number, number>(), waitS = new Map<number, number>();
  const running = { flood: new Set<number>(), high: new Set<number>() };
  const floodStart = new Map<number, number>();
  let maxFloodRunning = 0;
  const startedAlone: number[] = [];
  const highAtArrival = new Map<number, number>();
  const preempted: Trace['preempted'] = [];
  const stop = (task: number) => { running.flood.delete(task); running.high.delete(task); };
  const result = simulate(s, policySet({ scheduling: policy }), {
    observer: {
      taskArrived: (task, w, t) => { wl.set(task, w); arrived.set(task, t); if (w === 'high') highAtArrival.set(task, running.high.size); },
      taskStarted: (task, _g, t) => {
        const w = wl.get(task) as 'flood' | 'high';
        running[w].add(task);
        if (w === 'flood') floodStart.set(task, t);
        maxFloodRunning = Math.max(maxFloodRunning, running.flood.size);
        if (w === 'high') {
          waitS.set(task, t - arrived.get(task)!);
          if (highAtArrival.get(task) === 0) startedAlone.push(t - arrived.get(task)!);
        }
      },
      taskPreempted: (task, t) => {
        const latestFlood = [...running.flood].sort((a, b) => floodStart.get(b)! - floodStart.get(a)!)[0];
        preempted.push({ task, t, latestFlood });
        stop(task);
      },
      taskCompleted: stop,
    },
  });
  return { result, waitS, maxFloodRunning, startedAlone, preempted };
}

describe('priority', () => {
  it('keeps the high-weight work within its SLO under a batch flood, where fifo does not', () => {
    const p = trace(priority.create({}));
    const f = trace(fifo.create({}));
    expect(p.result.workloads.high.sloAttainment).toBe(1);
    expect(f.result.workloads.high.sloAttainment).toBeLessThan(0.2);
    // Without preemption, high work waits at most for one flood task (100 s) to end.
    for (const w of p.waitS.values()) expect(w).toBeLessThanOrEqual(100 + 1e-9);
    expect(p.result.preemptions).toBe(0);
    expect(p.result.workloads.flood.completed).toBe(400);
  });

  it('with `reserve`, keeps GPUs free for critical work: the flood never holds more than its share, and critical work starts at once', () => {
    const r = trace(priority.create({ reserve: 0.25 }));
    expect(r.maxFloodRunning).toBe(3);
    expect(r.startedAlone.length).toBeGreaterThan(0);
    for (const w of r.startedAlone) expect(w).toBe(0);
    expect(r.result.workloads.high.sloAttainment).toBe(1);
    // Without the reserve the flood fills all 4 GPUs.
    expect(trace(priority.create({})).maxFloodRunning).toBe(4);
  });

  it('with `preempt`, preempts the most recently started low-weight work so that high-weight work starts at once', () => {
    const r = trace(priority.create({ preempt: true }), '1000s');
    expect(r.result.preemptions).toBe(10);
    for (const w of r.waitS.values()) expect(w).toBe(0);
    for (const x of r.preempted) expect(x.task).toBe(x.latestFlood);
    expect(r.result.workloads.flood.lostGpuS).toBeGreaterThan(0);
    expect(r.result.workloads.flood.completed).toBe(400);
    expect(r.result.workloads.high.sloAttainment).toBe(1);
    // Without preemption the same high work waits for flood tasks of 1000 s.
    expect(trace(priority.create({}), '1000s').result.workloads.high.sloAttainment).toBeLessThan(0.5);
  });

  it('orders by weight, first come first served within a weight, strictly', () => {
    const c = cluster(1, 1, 4);
    const policy = priority.create({});
    expect(listed(policy.schedule([work(0, 1, { weight: 1 }), work(1, 1, { weight: 3 }), work(2, 1, { weight: 3 })], c, 0))).toEqual([{ workId: 1, gpus: [0] }]);
    // The heaviest does not fit: nothing lighter starts.
    expect(listed(policy.schedule([work(0, 1, { weight: 1 }), work(1, 8, { weight: 3 })], c, 0))).toEqual([]);
  });

  it('preempts the lowest weight first, the most recently started first within a weight, and no more than needed', () => {
    const running = () => withRunning(cluster(1, 1, 8), [
      [10, [0, 1], { weight: 1, startS: 5 }],
      [11, [2], { weight: 1, startS: 8 }],
      [12, [3, 4, 5], { weight: 2, startS: 9 }],
      [13, [6, 7], { weight: 0.5, startS: 1 }],
    ]);
    const policy = priority.create({ preempt: true });
    expect(policy.preempts).toBe(true);
    expect(listed(policy.schedule([work(0, 3, { weight: 3 })], running(), 20))).toEqual([{ preempt: 13 }, { preempt: 11 }, { workId: 0, gpus: [2, 6, 7] }]);
    expect(listed(policy.schedule([work(0, 2, { weight: 3 })], running(), 20))).toEqual([{ preempt: 13 }, { workId: 0, gpus: [6, 7] }]);
    // 4 GPUs: 13, 11, 10 make 5; 11 is not needed after all.
    expect(listed(policy.schedule([work(0, 4, { weight: 3 })], running(), 20))).toEqual([{ preempt: 13 }, { preempt: 10 }, { workId: 0, gpus: [0, 1, 6, 7] }]);
    // Only lower weights: weight 1 work may preempt only task 13, which is not enough for 3 GPUs.
    expect(listed(policy.schedule([work(0, 3, { weight: 1 })], running(), 20))).toEqual([]);
    // Work started at this instant is not preempted.
    expect(listed(policy.schedule([work(0, 2, { weight: 3 })], running(), 1))).toEqual([]);
    // Without `preempt`, never.
    expect(listed(priority.create({}).schedule([work(0, 2, { weight: 3 })], running(), 20))).toEqual([]);
  });

  it('never preempts inference replicas', () => {
    const c = withRunning(cluster(1, 1, 2), [[10, [0, 1], { kind: 'replica', weight: 0, startS: 0 }]]);
    expect(listed(priority.create({ preempt: true }).schedule([work(0, 2, { weight: 9 })], c, 5))).toEqual([]);
  });

  it('lets non-critical work hold at most (1 − reserve) of the GPUs', () => {
    const c = withRunning(cluster(1, 1, 8), [[10, [0, 1, 2, 3, 4], { weight: 1 }]]);
    const policy = priority.create({ reserve: 0.25, critical: 4 });
    expect(listed(policy.schedule([work(0, 2, { weight: 1 })], c, 0))).toEqual([]);
    expect(listed(policy.schedule([work(0, 1, { weight: 1 })], c, 0))).toEqual([{ workId: 0, gpus: [5] }]);
    expect(listed(policy.schedule([work(0, 3, { weight: 4 })], c, 0))).toEqual([{ workId: 0, gpus: [5, 6, 7] }]);
  });
});
