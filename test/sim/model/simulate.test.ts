import { describe, expect, it } from 'vitest';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import type { Placement, SchedulingPolicy } from '../../../src/policies/types.ts';
import { MetricRangeError } from '../../../src/sim/metrics/computeMetrics.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import { PolicyError } from '../../../src/sim/model/PolicyError.ts';
import { batch, run, scenario, site } from './helpers.ts';
import { policySet } from '../../helpers/policies.ts';

describe('simulate: one GPU, constant work, FIFO', () => {
  it('completes each task exactly 10 s after it starts, starting as soon as the GPU frees', () => {
    const s = scenario({
      cluster: { sites: [site('a', 1, 1)] },
      workloads: [batch('w', 8, '10s', { arrival: { poisson: { rate: 0.08 } } })],
    });
    const { result, log } = run(s);
    expect(log.arrived.size).toBe(8);
    let free = 0;
    const responses: number[] = [];
    for (let id = 0; id < 8; id++) {
      const start = Math.max(log.arrived.get(id)!, free);
      const st = log.started.find((x) => x.task === id)!;
      expect(st.timeS).toBe(start);
      expect(st.gpus).toEqual([0]);
      expect(log.completed.get(id)).toBe(start + 10);
      free = start + 10;
      responses.push(free - log.arrived.get(id)!);
    }
    // The run ends when the last task completes (runToHorizon is false).
    expect(result.metrics.endS).toBe(free);
    expect(result.metrics.completed).toBe(8);
    expect(result.metrics.T).toBeCloseTo(responses.reduce((a, b) => a + b, 0) / 8, 9);
    expect(result.metrics.busyGpuS).toBeCloseTo(80, 9);
    expect(result.metrics.upGpuS).toBeCloseTo(free, 9);
    expect(result.metrics.R).toBeCloseTo(80 / free, 9);
    expect(result.metrics.S).toBe(1);
    expect(result.workloads.w).toMatchObject({ arrived: 8, completed: 8, queued: 0, running: 0 });
  });

  it('serves a burst of tasks back to back at 10, 20, 30, 40, 50 s', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 1)] }, workloads: [batch('w', 5, '10s')] });
    const { log, result } = run(s);
    expect([...log.completed.values()].map((t) => +t.toFixed(4))).toEqual([10, 20, 30, 40, 50]);
    expect(result.metrics.T).toBeCloseTo(30, 4);
    expect(result.metrics.Tp50).toBeCloseTo(30, 4);
    expect(result.metrics.Tp95).toBeCloseTo(50, 4);
    expect(result.metrics.meanQueued).toBeCloseTo((4 + 3 + 2 + 1) * 10 / 50, 4);
    expect(result.metrics.meanInSystem).toBeCloseTo((5 + 4 + 3 + 2 + 1) * 10 / 50, 4);
  });

  it('starts tasks in arrival order, a task that does not fit blocking those behind it', () => {
    const s = scenario({
      seed: 3,
      cluster: { sites: [site('a', 1, 4)] },
      workloads: [
        batch('big', 40, { exponential: { mean: '30s' } }, { gpus: 3, arrival: { poisson: { rate: 0.02 } } }),
        batch('small', 80, { exponential: { mean: '20s' } }, { gpus: 1, arrival: { poisson: { rate: 0.05 } } }),
      ],
    });
    const { log, result } = run(s, fifo.create({}), { recordSeries: true });
    const ids = log.started.map((x) => x.task);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    expect(ids.length).toBe(120);
    // At some point a GPU was free while work waited: the head did not fit and blocked the rest.
    const sr = result.series!;
    let blocked = false;
    for (let i = 0; i < sr.timeS.length; i++) if (sr.queued[i] > 0 && sr.busyGpus[i] < sr.upGpus[i]) blocked = true;
    expect(blocked).toBe(true);
  });

  it('is deterministic: the same scenario and seed give the same result; another seed differs', () => {
    const doc = {
      cluster: { sites: [site('a', 4, 2)] },
      workloads: [batch('w', 200, { exponential: { mean: '30s' } }, { arrival: { poisson: { rate: 0.2 } } })],
      failures: [{ target: 'node', mtbf: '1h', repair: { exponential: { mean: '5m' } } }],
    };
    const a = run(scenario(doc)).result, b = run(scenario(doc)).result, c = run(scenario({ ...doc, seed: 2 })).result;
    expect(a).toEqual(b);
    expect(c.metrics).not.toEqual(a.metrics);
  });

  it('runs to the horizon when runToHorizon is true', () => {
    const s = scenario({ horizon: '1h', runToHorizon: true, cluster: { sites: [site('a', 1, 1)] }, workloads: [batch('w', 1, '10s')] });
    const { result } = run(s);
    expect(result.metrics.endS).toBe(3600);
    expect(result.metrics.R).toBeCloseTo(10 / 3600, 9);
  });
});

describe('simulate: conservation laws', () => {
  it('Little\'s law holds exactly for a run that drains: ∫ in-system dt = Σ response times', () => {
    const s = scenario({
      seed: 5,
      cluster: { sites: [site('a', 4, 2)] },
      workloads: [
        batch('x', 300, { exponential: { mean: '60s' } }, { arrival: { poisson: { rate: 0.1 } }, gpus: 2 }),
        batch('y', 300, { lognormal: { median: '30s', sigma: 0.5 } }, { arrival: { poisson: { rate: 0.1 } } }),
      ],
      failures: [{ target: 'node', mtbf: '2h', repair: { exponential: { mean: '10m' } } }],
    });
    const { result } = run(s);
    const m = result.metrics;
    expect(m.completed).toBe(600);
    expect(m.interruptions).toBeGreaterThan(0);
    expect(m.meanInSystem * m.endS).toBeCloseTo(m.T! * m.completed, 6);
    expect(m.throughputPerS).toBeCloseTo(600 / m.endS, 12);
  });

  it('random failures give availability near MTBF / (MTBF + MTTR)', () => {
    const s = scenario({
      horizon: '100d', runToHorizon: true,
      cluster: { sites: [site('a', 100, 1)] },
      failures: [{ target: 'gpu', mtbf: '9h', repair: { exponential: { mean: '1h' } } }],
    });
    const { result } = run(s);
    // About 100 GPUs × 240 cycles: the standard error of S is about 0.002.
    expect(Math.abs(result.metrics.S - 0.9)).toBeLessThan(0.01);
    expect(result.failures.byTarget.gpu).toBeGreaterThan(20_000);
    expect(result.failures.byTarget.gpu).toBeLessThan(28_000);
  });
});

describe('simulate: deadlines at the end of the run', () => {
  const doc = (horizon: number) => ({
    horizon, cluster: { sites: [site('a', 1, 1)] }, workloads: [batch('w', 3, '100s', { slo: '150s' })],
  });

  it('counts work pending past its deadline as missed', () => {
    const { result } = run(scenario(doc(160)));
    expect(result.metrics.endS).toBe(160);
    expect(result.workloads.w).toMatchObject({ completed: 1, queued: 1, running: 1, missed: 2 });
    expect(result.workloads.w.sloAttainment).toBeCloseTo(1 / 3, 12);
    expect(result.metrics.C).toBeCloseTo(1 / 3, 12);
  });

  it('leaves out work still pending before its deadline', () => {
    const { result } = run(scenario(doc(140)));
    expect(result.workloads.w).toMatchObject({ completed: 1, queued: 1, running: 1, missed: 0, sloAttainment: 1 });
    expect(result.metrics.C).toBe(1);
  });

  it('counts a completion after the deadline as missed', () => {
    const { result } = run(scenario(doc(1000)));
    // Completions near 100, 200 and 300 s against deadlines near 150 s.
    expect(result.workloads.w).toMatchObject({ completed: 3, missed: 2 });
    expect(result.metrics.C).toBeCloseTo(1 / 3, 12);
  });

  it('gives C = 1 when nothing has been decided', () => {
    const { result } = run(scenario(doc(50)));
    expect(result.metrics.C).toBe(1);
    expect(result.metrics.sloAttainment).toBeNull();
  });
});

describe('simulate: failures', () => {
  it('a scheduled node outage interrupts the running task, which restarts after repair and completes', () => {
    const s = scenario({
      cluster: { sites: [site('east', 1, 8)] },
      workloads: [batch('w', 1, '100s', { gpus: 4 })],
      failures: [{ target: 'node', id: 'east/r0/n0', at: '30s', duration: '20s' }],
    });
    const { result, log } = run(s);
    expect(log.started.map((x) => x.timeS)).toEqual([log.arrived.get(0), 50]);
    const startedAt = log.started[0].timeS;
    expect(log.interrupted).toEqual([{ task: 0, cause: 'node', timeS: 30 }]);
    expect(log.changes).toEqual([
      { target: 'node', id: 'east/r0/n0', down: true, timeS: 30 },
      { target: 'node', id: 'east/r0/n0', down: false, timeS: 50 },
    ]);
    expect(log.completed.get(0)).toBe(150);
    expect(result.interruptions).toEqual({ count: 1, byCause: { gpu: 0, node: 1, rack: 0, site: 0, uplink: 0, wan: 0 }, planned: 0 });
    expect(result.failures).toEqual({ count: 1, byTarget: { gpu: 0, node: 1, rack: 0, site: 0, uplink: 0, wan: 0 } });
    expect(result.workloads.w.interruptions).toBe(1);
    expect(result.workloads.w.lostGpuS).toBe((30 - startedAt) * 4);
    expect(result.metrics.lostGpuS).toBe((30 - startedAt) * 4);
    expect(result.metrics.busyGpuS).toBeCloseTo(4 * (30 - startedAt) + 4 * 100, 9);
    expect(result.metrics.goodput).toBeCloseTo(1 - (30 - startedAt) / (30 - startedAt + 100), 9);
    expect(result.metrics.T).toBeCloseTo(150 - log.arrived.get(0)!, 9);
    // 8 GPUs down for 20 of the 150 s.
    expect(result.metrics.S).toBeCloseTo(1 - 20 / 150, 12);
  });

  it('an interrupted task goes back to the head of the queue, its attempt counted', () => {
    const seen: { id: number; attempts: number; t: number }[] = [];
    const base = fifo.create({});
    const spy: SchedulingPolicy = {
      name: 'spy',
      schedule(q, c, now) {
        const p = base.schedule(q, c, now);
        for (const x of p as readonly Placement[]) seen.push({ id: x.workId, attempts: q.find((w) => w.id === x.workId)!.attempts, t: now });
        return p;
      },
    };
    const s = scenario({
      cluster: { sites: [site('a', 1, 1)] },
      workloads: [batch('w', 3, '100s')],
      failures: [{ target: 'node', id: 'a/r0/n0', at: '50s', duration: '10s' }],
    });
    const { log } = run(s, spy);
    expect(seen.map((x) => [x.id, x.attempts])).toEqual([[0, 0], [0, 1], [1, 0], [2, 0]]);
    expect([...log.completed.entries()]).toEqual([[0, 160], [1, 260], [2, 360]]);
  });

  it('a GPU outage on a GPU the task does not hold leaves it running', () => {
    const s = scenario({
      cluster: { sites: [site('east', 1, 8)] },
      workloads: [batch('w', 1, '100s', { gpus: 4 })],
      failures: [{ target: 'gpu', id: 'east/r0/n0/g7', at: '30s', duration: '20s' }],
    });
    const { result, log } = run(s);
    expect(log.interrupted).toEqual([]);
    expect(result.interruptions.count).toBe(0);
    expect(result.failures.byTarget.gpu).toBe(1);
    expect(log.completed.get(0)).toBeCloseTo(100, 4);
  });

  it('a site outage takes all its GPUs down: S = 1 − duration / horizon', () => {
    const s = scenario({
      horizon: 1000, runToHorizon: true,
      cluster: { sites: [{ id: 'a', racks: 2, nodesPerRack: 2, node: { gpus: 4, gpu: 'H100' } }] },
      workloads: [batch('w', 1, '500s', { gpus: 8 })],
      failures: [{ target: 'site', id: 'a', at: '100s', duration: '250s' }],
    });
    const { result, log } = run(s, fifo.create({}), { recordSeries: true });
    expect(result.metrics.S).toBe(0.75);
    expect(result.metrics.upGpuS).toBe(16 * 750);
    const sr = result.series!;
    const at = (t: number) => { let i = 0; while (i + 1 < sr.timeS.length && sr.timeS[i + 1] <= t) i++; return i; };
    expect(sr.upGpus[at(99)]).toBe(16);
    expect(sr.upGpus[at(100)]).toBe(0);
    expect(sr.upGpus[at(349)]).toBe(0);
    expect(sr.upGpus[at(350)]).toBe(16);
    expect(log.interrupted).toEqual([{ task: 0, cause: 'site', timeS: 100 }]);
    expect(log.started[1].timeS).toBe(350);
    expect(log.completed.get(0)).toBe(850);
    expect(result.interruptions.byCause.site).toBe(1);
  });

  it('a site outage leaves other sites up', () => {
    const s = scenario({
      horizon: 1000, runToHorizon: true,
      cluster: { sites: [site('a', 2, 4), site('b', 2, 4)] },
      failures: [{ target: 'site', id: 'b', at: 0, duration: '250s' }],
    });
    expect(run(s).result.metrics.S).toBe(1 - 0.5 * 0.25);
  });

  it('a rack outage covers exactly the GPUs of that rack', () => {
    const s = scenario({
      horizon: 1000, runToHorizon: true,
      cluster: { sites: [{ id: 'a', racks: 4, nodesPerRack: 2, node: { gpus: 2, gpu: 'H100' } }] },
      failures: [{ target: 'rack', id: 'a/r3', at: '500s', duration: '100s' }],
    });
    expect(run(s).result.metrics.S).toBe(1 - (4 / 16) * 0.1);
  });

  it('overlapping outages keep a GPU down until the last one ends', () => {
    const s = scenario({
      horizon: 1000, runToHorizon: true,
      cluster: { sites: [site('a', 1, 1)] },
      failures: [
        { target: 'node', id: 'a/r0/n0', at: '100s', duration: '200s' },
        { target: 'site', id: 'a', at: '200s', duration: '300s' },
      ],
    });
    const { result } = run(s);
    expect(result.metrics.S).toBe(0.6);
    expect(result.failures.count).toBe(2);
  });

  it('a random failure restricted to a site strikes only that site', () => {
    const s = scenario({
      horizon: '2d', runToHorizon: true,
      cluster: { sites: [site('a', 4, 2), site('b', 4, 2)] },
      failures: [{ target: 'gpu', mtbf: '2h', repair: '10m', site: 'b' }],
    });
    const { result, log } = run(s);
    expect(log.changes.length).toBeGreaterThan(20);
    expect(log.changes.every((c) => c.id.startsWith('b/') && c.target === 'gpu')).toBe(true);
    expect(result.failures.byTarget.gpu).toBe(log.changes.filter((c) => c.down).length);
    // Each GPU alternates down and up.
    const byId = new Map<string, boolean[]>();
    for (const c of log.changes) byId.set(c.id, [...(byId.get(c.id) ?? []), c.down]);
    for (const seq of byId.values()) seq.forEach((down, i) => expect(down).toBe(i % 2 === 0));
  });
});

describe('simulate: GPU speed and placement', () => {
  it('an A100 node (speed 0.32) takes work / 0.32', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 8, 'A100')] }, workloads: [batch('w', 1, '10s')] });
    const { log } = run(s);
    expect(log.completed.get(0)! - log.started[0].timeS).toBeCloseTo(10 / 0.32, 9);
  });

  it('a node speed override replaces the GPU type\'s speed', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 1, 'A100', { speed: 0.5 })] }, workloads: [batch('w', 1, '10s')] });
    const { log } = run(s);
    expect(log.completed.get(0)! - log.started[0].timeS).toBeCloseTo(20, 9);
  });

  it('a task needing 16 GPUs spans two 8-GPU nodes', () => {
    const s = scenario({ cluster: { sites: [site('a', 2, 8)] }, workloads: [batch('w', 1, '10s', { gpus: 16 })] });
    const { log, result } = run(s);
    expect([...log.started[0].gpus].sort((a, b) => a - b)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(result.workloads.w.completed).toBe(1);
  });

  it('a task on GPUs of two speeds runs at the slower one', () => {
    const s = scenario({ cluster: { sites: [site('fast', 1, 1, 'H100'), site('slow', 1, 1, 'A100')] }, workloads: [batch('w', 1, '10s', { gpus: 2 })] });
    const { log } = run(s);
    expect(log.completed.get(0)! - log.started[0].timeS).toBeCloseTo(10 / 0.32, 9);
  });

  it('packs tasks best-fit: the fullest node with room first, spanning nodes only when none fits', () => {
    const s = scenario({ cluster: { sites: [site('a', 2, 8)] }, workloads: [batch('w', 5, '1000s', { gpus: 3 })] });
    const { log } = run(s);
    expect(log.started.map((x) => x.gpus)).toEqual([[0, 1, 2], [3, 4, 5], [8, 9, 10], [11, 12, 13], [6, 7, 14]]);
  });
});

describe('simulate: policies that misbehave fail the run with a PolicyError naming the policy', () => {
  const policy = (schedule: SchedulingPolicy['schedule']): SchedulingPolicy => ({ name: 'bad', schedule });
  const expectPolicyError = (f: () => unknown, message: RegExp) => {
    let err: unknown;
    try { f(); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PolicyError);
    expect((err as PolicyError).policy).toBe('bad');
    expect((err as Error).message).toMatch(/^policy "bad": /);
    expect((err as Error).message).toMatch(message);
  };
  const oneNode = (extra: Record<string, unknown> = {}) => scenario({ cluster: { sites: [site('a', 1, 2)] }, workloads: [batch('w', 2, '100s')], ...extra });

  it('placing a task on a GPU that is down', () => {
    const s = oneNode({ failures: [{ target: 'gpu', id: 'a/r0/n0/g0', at: 0, duration: '1h' }] });
    expectPolicyError(() => run(s, policy((q) => [{ workId: q[0].id, gpus: [0] }])), /GPU a\/r0\/n0\/g0 is down/);
  });

  it('placing a task on a GPU another task holds', () => {
    expectPolicyError(() => run(oneNode(), policy((q) => [{ workId: q[0].id, gpus: [0] }])), /GPU a\/r0\/n0\/g0 is already running task 0/);
  });

  it('placing a task that is not queued', () => {
    expectPolicyError(() => run(oneNode(), policy(() => [{ workId: 999, gpus: [0] }])), /names no queued task/);
  });

  it('placing the same task twice in one answer', () => {
    expectPolicyError(() => run(oneNode(), policy((q) => [{ workId: q[0].id, gpus: [0] }, { workId: q[0].id, gpus: [1] }])), /names no queued task/);
  });

  it('giving the wrong number of GPUs', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 2)] }, workloads: [batch('w', 1, '100s', { gpus: 2 })] });
    expectPolicyError(() => run(s, policy((q) => [{ workId: q[0].id, gpus: [0] }])), /needs 2 GPU\(s\), the placement gives 1/);
  });

  it('giving the same GPU twice', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 2)] }, workloads: [batch('w', 1, '100s', { gpus: 2 })] });
    expectPolicyError(() => run(s, policy((q) => [{ workId: q[0].id, gpus: [1, 1] }])), /given twice/);
  });

  it('giving a GPU that does not exist', () => {
    expectPolicyError(() => run(oneNode(), policy((q) => [{ workId: q[0].id, gpus: [7] }])), /GPU 7 does not exist/);
    expectPolicyError(() => run(oneNode(), policy((q) => [{ workId: q[0].id, gpus: [0.5] }])), /does not exist/);
  });

  it('throwing', () => {
    expectPolicyError(() => run(oneNode(), policy(() => { throw new Error('boom'); })), /schedule threw: boom/);
  });

  it('returning something other than a list', () => {
    expectPolicyError(() => run(oneNode(), policy(() => null as never)), /must return a list/);
  });
});

describe('simulate: metric formulas', () => {
  const doc = {
    cluster: { sites: [site('a', 4, 1)] },
    workloads: [batch('w', 100, { exponential: { mean: '30s' } }, { arrival: { poisson: { rate: 0.1 } }, slo: '1m' })],
    failures: [{ target: 'node', mtbf: '30m', repair: '5m' }],
  };

  it('replaces C by "0.5*S + 0.5*R" of the run', () => {
    const base = run(scenario(doc)).result.metrics;
    const m = run(scenario({ ...doc, metrics: { C: '0.5*S + 0.5*R' } })).result.metrics;
    expect(m.C).toBeCloseTo(0.5 * base.S + 0.5 * base.R, 12);
    expect(m.S).toBe(base.S);
    expect(m.R).toBe(base.R);
    expect(m.C).not.toBeCloseTo(base.C, 6);
  });

  it('fails the run with MetricRangeError when C\'s formula gives more than 1', () => {
    expect(() => simulate(scenario({ ...doc, metrics: { C: 'S + 1' } }), policySet({ scheduling: fifo.create({}) }))).toThrow(MetricRangeError);
  });
});

describe('simulate: edge cases', () => {
  it('ends at time 0 when no workload has any arrival', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 2)] }, workloads: [batch('w', 0, '1s')] });
    const { result } = run(s);
    expect(result.metrics.endS).toBe(0);
    expect(result.metrics.S).toBe(1);
    expect(result.metrics.C).toBe(1);
    expect(result.metrics.T).toBeNull();
  });

  it('runs to the horizon with no workloads at all', () => {
    const s = scenario({ horizon: '1h', cluster: { sites: [site('a', 1, 2)] } });
    expect(run(s).result.metrics.endS).toBe(3600);
  });

  it('stops with an error past its event budget', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 1)] }, workloads: [batch('w', 1000, '1s')] });
    expect(() => run(s, fifo.create({}), { maxEvents: 100 })).toThrow(/budget of 100 events/);
  });
});
