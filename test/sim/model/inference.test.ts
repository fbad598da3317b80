/**
 * Inference services on hand-checkable timelines: scheduled outages only, requests that all
 * arrive within microseconds of time 0 (Poisson at 10⁶/s with a `count`), constant service
 * times. Every latency, count and time fraction below is worked out by hand in the comments;
 * "≈" allows for the microseconds of the arrivals.
 *
 * Unless a case says otherwise: H100 GPUs (speed 1.0), one GPU per replica, concurrency 1,
 * retries 1, no start-up, FIFO scheduling.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import { ScenarioError } from '../../../src/sim/scenario/formatIssue.ts';
import { validateScenario } from '../../../src/sim/scenario/parseScenario.ts';
import { batch, run, scenario, site, type Log } from './helpers.ts';

const MIN = 60;
const H = 3600;

/** An inference service; requests arrive at 10⁶/s (all within microseconds) unless `arrival` is given. */
function svc(extra: Record<string, unknown> = {}) {
  return { kind: 'inference', id: 'svc', replicas: 1, arrival: { poisson: { rate: 1e6 } }, service: '1h', ...extra };
}

/** A scheduled outage. */
function outage(id: string, at: string, duration: string, target = 'gpu') {
  return { target, id, at, duration };
}

/** Runs under FIFO. */
function go(doc: Record<string, unknown>): { result: RunResult; log: Log } {
  return run(scenario(doc));
}

/** |a − b| ≤ 10 ms: times that differ from the hand-worked ones by the arrival microseconds. */
function expectNear(actual: number | null | undefined, expected: number, what = ''): void {
  expect(actual, what).not.toBeNull();
  expect(actual, what).not.toBeUndefined();
  expect(Math.abs((actual as number) - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(0.01);
}

/** The validation issues of a document (empty when it is valid). */
function issues(doc: Record<string, unknown>): string[] {
  try {
    validateScenario({ name: 'test', horizon: '1d', ...doc });
    return [];
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
}

describe('inference: serving', () => {
  it('serves `concurrency` requests at once per replica, each at full speed', () => {
    // Concurrency 2, three 1 h requests at ≈0: two run 0–1h, the third 1h–2h.
    const { result } = go({ cluster: { sites: [site('dc', 1, 1)] }, workloads: [svc({ concurrency: 2, count: 3 })] });
    const w = result.workloads.svc;
    expect([w.arrived, w.completed, w.queued, w.running]).toEqual([3, 3, 0, 0]);
    expectNear(w.T.mean, (1 * H + 1 * H + 2 * H) / 3, 'T.mean');
    expectNear(w.T.p50, 1 * H, 'T.p50');
    expectNear(w.T.p99, 2 * H, 'T.p99');
    expectNear(result.metrics.endS, 2 * H, 'end');
    const inf = w.inference!;
    expect(inf.availability).toBe(1);
    expect(inf.meanReadyReplicas).toBe(1);
    // Busy slots: 2 over [0, 1h), 1 over [1h, 2h) = 3 slot-hours of 2 h × 2 slots.
    expect(inf.utilisation).toBeCloseTo(0.75, 5);
    expect([inf.failed, inf.dropped, inf.retried]).toEqual([0, 0, 0]);
  });

  it('serves work / speed on slower GPUs: 1 h of work takes 1/0.32 h on an A100', () => {
    const { result } = go({ cluster: { sites: [site('dc', 1, 1, 'A100')] }, workloads: [svc({ count: 2 })] });
    const w = result.workloads.svc;
    expectNear(w.T.p50, H / 0.32, 'first request');
    expectNear(w.T.p99, (2 * H) / 0.32, 'second request');
  });

  it('uses token counts × per-token times as the service time', () => {
    // 500 prompt tokens × 2 ms + 100 output tokens × 30 ms = 1 s + 3 s = 4 s.
    const { result } = go({
      cluster: { sites: [site('dc', 1, 1)] },
      workloads: [svc({ service: undefined, count: 1, tokens: { prompt: 500, output: 100, prefillPerToken: '2ms', decodePerToken: '30ms' } })],
    });
    expectNear(result.workloads.svc.T.mean, 4);
  });

  it('places replicas on `gpusPerReplica` GPUs, one replica per placement', () => {
    const { result, log } = go({ cluster: { sites: [site('dc', 2, 2)] }, workloads: [svc({ replicas: 2, gpusPerReplica: 2, count: 2 })] });
    expect(log.started.map((s) => s.gpus.length)).toEqual([2, 2]);
    expect(new Set(log.started.flatMap((s) => s.gpus)).size).toBe(4);
    // Two replicas serve the two requests at once.
    expectNear(result.workloads.svc.T.p99, H);
  });
});

describe('inference: replica failures, retries and start-up', () => {
  it('sends an interrupted request back to the head of the queue (retried), and fails it at a failure beyond `retries`', () => {
    // One GPU, retries 1, two 1 h requests R1, R2 at ≈0; outages of the GPU at 30m and 1h, 10 min each.
    //   0–30m R1 (attempt 0) · 30m R1 cut, retried → queue [R1, R2] · 40m R1 (attempt 1)
    //   1h R1 cut again: retries used up → failed · 1h10–2h10 R2.
    // Had R1 gone to the back, R2 would have run at 40m and been cut instead (retried twice,
    // nothing failed, two completions).
    const { result, log } = go({
      cluster: { sites: [site('dc', 1, 1)] },
      workloads: [svc({ count: 2, slo: '3h' })],
      failures: [outage('dc/r0/n0/g0', '30m', '10m'), outage('dc/r0/n0/g0', '1h', '10m')],
    });
    const w = result.workloads.svc, inf = w.inference!;
    expect([inf.retried, inf.failed, inf.dropped]).toEqual([1, 1, 0]);
    expect([w.arrived, w.completed, w.queued, w.running]).toEqual([2, 1, 0, 0]);
    expectNear(w.T.mean, 2 * H + 10 * MIN, 'R2 latency');
    expectNear(result.metrics.endS, 2 * H + 10 * MIN, 'end');
    // The replica (task 0) was placed three times: at 0, 40m and 1h10.
    expect(log.started.map((s) => s.timeS)).toEqual([0, 40 * MIN, 70 * MIN]);
    expect(log.interrupted.map((i) => [i.task, i.timeS])).toEqual([[0, 30 * MIN], [0, 60 * MIN]]);
    expect(w.interruptions).toBe(2);
    // Ready [0, 30m) ∪ [40m, 1h) ∪ [1h10, 2h10) = 110 of 130 minutes, always serving.
    expectNear(inf.availability * 130, 110, 'availability × 130');
    expectNear(inf.meanReadyReplicas * 130, 110, 'mean ready × 130');
    expect(inf.utilisation).toBeCloseTo(1, 5);
    // The failed request counts as missed: R2 met its 3 h SLO, R1 failed.
    expect(w.sloAttainment).toBe(0.5);
    expect(w.missed).toBe(1);
    expect(result.metrics.C).toBe(0.5);
    expect(result.metrics.sloAttainment).toBe(0.5);
  });

  it('fails an interrupted request at once with retries 0; the queue behind it is served after the repair', () => {
    // R1 cut at 30m → failed; GPU back at 40m; R2 40m–1h40.
    const { result } = go({
      cluster: { sites: [site('dc', 1, 1)] },
      workloads: [svc({ count: 2, retries: 0 })],
      failures: [outage('dc/r0/n0/g0', '30m', '10m')],
    });
    const w = result.workloads.svc, inf = w.inference!;
    expect([inf.retried, inf.failed, w.completed]).toEqual([0, 1, 1]);
    expectNear(w.T.mean, H + 40 * MIN);
    // No SLO: the completed request met it, the failed one missed it.
    expect(w.sloAttainment).toBe(0.5);
    expect(result.metrics.C).toBe(0.5);
  });

  it('retries every in-flight request of a replica with several slots, keeping their arrival times', () => {
    // Concurrency 2, requests R1, R2, R3; R1 and R2 cut at 30m (both retried to the head),
    // GPU back at 1h: R1 and R2 1h–2h, R3 2h–3h.
    const { result } = go({
      cluster: { sites: [site('dc', 1, 1)] },
      workloads: [svc({ count: 3, concurrency: 2 })],
      failures: [outage('dc/r0/n0/g0', '30m', '30m')],
    });
    const w = result.workloads.svc;
    expect([w.inference!.retried, w.inference!.failed, w.completed]).toEqual([2, 0, 3]);
    expectNear(w.T.p50, 2 * H, 'R1, R2');
    expectNear(w.T.p99, 3 * H, 'R3');
  });

  it('keeps 100 retried requests and 200 waiting ones intact through a failure (request pool and queue grow past 64 and 256)', () => {
    // Concurrency 100, 300 requests at ≈0: 100 in service, 200 waiting. GPU down 30m–1h: the
    // 100 in service go back to the head (queue of 300); then 1h–2h, 2h–3h, 3h–4h, 100 at a time.
    const { result } = go({
      cluster: { sites: [site('dc', 1, 1)] },
      workloads: [svc({ count: 300, concurrency: 100 })],
      failures: [outage('dc/r0/n0/g0', '30m', '30m')],
    });
    const w = result.workloads.svc;
    expect([w.completed, w.inference!.retried, w.inference!.failed]).toEqual([300, 100, 0]);
    expectNear(w.T.mean, 3 * H, 'mean');
    expectNear(w.T.p50, 3 * H, 'p50');
    expectNear(w.T.p99, 4 * H, 'p99');
    expectNear(result.metrics.endS, 4 * H, 'end');
  });

  it('serves at once with the replicas placed at time 0, and after the start-up time with every re-placement', () => {
    // The service runs when the scenario begins: one 1 h request served 0–1h.
    const plain = go({ cluster: { sites: [site('dc', 1, 1)] }, workloads: [svc({ count: 1, startup: '10m' })] }).result.workloads.svc;
    expectNear(plain.T.mean, H, 'no failure');
    expectNear(plain.inference!.availability, 1, 'availability');

    // GPU down 30m–1h30: the request is cut at 30m; replica re-placed at 1h30, ready at 1h40, serves 1h40–2h40.
    const cut = go({
      cluster: { sites: [site('dc', 1, 1)] },
      workloads: [svc({ count: 1, startup: '10m' })],
      failures: [outage('dc/r0/n0/g0', '30m', '1h')],
    }).result.workloads.svc;
    expectNear(cut.T.mean, 2 * H + 40 * MIN, 'cut, no spare');
    expect(cut.inference!.retried).toBe(1);
    // Ready [0, 30m) ∪ [1h40, 2h40) = 90 of 160 minutes.
    expectNear(cut.inference!.availability * 160, 90, 'availability × 160');

    // With a spare GPU the replica moves at once: placed 30m, ready 40m, serves 40m–1h40.
    const spare = go({
      cluster: { sites: [site('dc', 2, 1)] },
      workloads: [svc({ count: 1, startup: '10m' })],
      failures: [outage('dc/r0/n0/g0', '30m', '1h')],
    });
    expectNear(spare.result.workloads.svc.T.mean, H + 40 * MIN, 'cut, spare GPU');
    expect(spare.log.started.map((s) => [s.gpus, s.timeS])).toEqual([[[0], 0], [[1], 30 * MIN]]);
    // Ready [0, 30m) ∪ [40m, 1h40) = 90 of 100 minutes.
    expectNear(spare.result.workloads.svc.inference!.availability * 100, 90, 'availability × 100 (spare)');
  });

  it('cancels a start-up cut short by a failure: the replica is ready only start-up after its re-placement', () => {
    // Start-up 10m; GPU down 30m–40m cuts the 1 h request; re-placed at 40m, its start-up is
    // cut by a second outage 45m–55m; re-placed at 55m, ready at 1h05, serves 1h05–2h05.
    const { result } = go({
      cluster: { sites: [site('dc', 1, 1)] },
      workloads: [svc({ count: 1, startup: '10m', retries: 3 })],
      failures: [outage('dc/r0/n0/g0', '30m', '10m'), outage('dc/r0/n0/g0', '45m', '10m')],
    });
    const w = result.workloads.svc;
    expect(w.inference!.retried).toBe(1);
    expectNear(w.T.mean, 2 * H + 5 * MIN);
    // Ready [0, 30m) ∪ [1h05, 2h05) = 90 of 125 minutes.
    expectNear(w.inference!.availability * 125, 90, 'availability × 125');
  });
});

describe('inference: sites', () => {
  // Site "a": one 1-GPU node; site "b": one 2-GPU node. Site "a" is down 1h–3h of a 10 h run
  // (requests every minute or so, 1 s each, until the horizon).
  const doc = (extra: Record<string, unknown>) => ({
    horizon: '10h',
    cluster: { sites: [site('a', 1, 1), site('b', 1, 2)] },
    workloads: [svc({ arrival: { poisson: { rate: 1 / 60 } }, service: '1s', ...extra })],
    failures: [outage('a', '1h', '2h', 'site')],
  });

  it('runs a service pinned to a site only there; while that site is down the service is unavailable', () => {
    const { result, log } = go(doc({ site: 'a' }));
    // Placed on GPU 0 (site a) at 0 and again at 3h; never on site b.
    expect(log.started.map((s) => [s.gpus, s.timeS])).toEqual([[[0], 0], [[0], 3 * H]]);
    expect(result.metrics.endS).toBe(10 * H);
    const w = result.workloads.svc, inf = w.inference!;
    // Available exactly while site a is up: 8 of 10 hours.
    expect(inf.availability).toBeCloseTo(0.8, 12);
    expect(inf.meanReadyReplicas).toBeCloseTo(0.8, 12);
    // Requests that arrived during the outage waited for it to end.
    expect(w.T.p99!).toBeGreaterThan(H);
    expect(w.T.p99!).toBeLessThanOrEqual(2 * H + 1);
    expect(w.arrived).toBe(w.completed + inf.failed + inf.dropped + w.queued + w.running);
    expect(w.arrived).toBeGreaterThan(500);
  });

  it('moves an unpinned service to another site when its site goes down (always available)', () => {
    const { result, log } = go(doc({}));
    expect(log.started.map((s) => s.timeS)).toEqual([0, H]);
    expect(log.started[1].gpus[0]).toBeGreaterThanOrEqual(1);
    expect(result.workloads.svc.inference!.availability).toBe(1);
    expect(result.workloads.svc.T.p99!).toBeLessThan(2);
  });
});

describe('inference: queue limit, count, SLOs and C', () => {
  it('drops arrivals that find the queue full; dropped requests count as missed', () => {
    // Queue limit 2, five 1 h requests at ≈0: R1 served, R2 and R3 wait, R4 and R5 dropped.
    // Latencies 1h, 2h, 3h; SLO 90m: only R1 meets it.
    const { result } = go({ cluster: { sites: [site('dc', 1, 1)] }, workloads: [svc({ count: 5, queueLimit: 2, slo: '90m' })] });
    const w = result.workloads.svc, inf = w.inference!;
    expect([w.arrived, w.completed, inf.dropped, inf.failed]).toEqual([5, 3, 2, 0]);
    expectNear(w.T.mean, 2 * H);
    expect(w.sloAttainment).toBe(1 / 5);
    expect(w.missed).toBe(4);
    expect(result.metrics.C).toBe(1 / 5);
  });

  it('drops every arrival that finds all slots busy with queueLimit 0', () => {
    const { result } = go({ cluster: { sites: [site('dc', 1, 1)] }, workloads: [svc({ count: 4, concurrency: 2, queueLimit: 0 })] });
    const w = result.workloads.svc;
    expect([w.completed, w.inference!.dropped]).toEqual([2, 2]);
    expectNear(w.T.mean, H);
  });

  it('stops arrivals after `count` requests and ends when they are served (or runs on to the horizon with runToHorizon)', () => {
    const base = { horizon: '1d', cluster: { sites: [site('dc', 2, 1)] }, workloads: [svc({ replicas: 2, count: 10, arrival: { poisson: { rate: 0.1 } }, service: '10s' })] };
    const drained = go(base).result;
    const w = drained.workloads.svc;
    expect([w.arrived, w.completed, w.queued, w.running]).toEqual([10, 10, 0, 0]);
    expect(drained.metrics.endS).toBeLessThan(H);
    expect(drained.metrics.arrived).toBe(10);
    const toHorizon = go({ ...base, runToHorizon: true }).result;
    expect(toHorizon.metrics.endS).toBe(24 * H);
    expect(toHorizon.workloads.svc.arrived).toBe(10);
    // Same arrivals and service: same latencies.
    expect(toHorizon.workloads.svc.T).toEqual(w.T);
    // The service was available the whole day, idle after the tenth request.
    expect(toHorizon.workloads.svc.inference!.availability).toBe(1);
    expect(toHorizon.workloads.svc.inference!.utilisation).toBeCloseTo((10 * 10) / (2 * 24 * H), 12);
  });

  it('waits for batch work too before ending, and drains when the service gets no requests (count 0)', () => {
    const r = go({ cluster: { sites: [site('dc', 2, 1)] }, workloads: [svc({ count: 0 }), batch('b', 1, '2h')] }).result;
    expectNear(r.metrics.endS, 2 * H, 'end');
    expect(r.workloads.svc.arrived).toBe(0);
    expect(r.workloads.svc.sloAttainment).toBeNull();
    expect(r.metrics.C).toBe(1);
  });

  it('counts requests still waiting or in service past their deadline at the horizon as missed', () => {
    // Three 1 h requests at ≈0, horizon 1h30: R1 done at 1h, R2 in service, R3 waiting.
    const cut = (slo: string) => go({ horizon: '90m', cluster: { sites: [site('dc', 1, 1)] }, workloads: [svc({ count: 3, slo })] }).result.workloads.svc;
    // SLO 30m: R1 late, R2 and R3 past their deadline: 0 of 3.
    const late = cut('30m');
    expect([late.completed, late.running, late.queued]).toEqual([1, 1, 1]);
    expect(late.sloAttainment).toBe(0);
    expect(late.missed).toBe(3);
    // SLO 2h: R1 on time; R2 and R3 not decided yet.
    const onTime = cut('2h');
    expect(onTime.sloAttainment).toBe(1);
    expect(onTime.missed).toBe(0);
  });

  it('weights the service in C like any workload: failed and dropped requests pull it down', () => {
    // Service (weight 3): as in the queue-limit case, attainment 1/5. Batch (weight 1) on its own GPU: 1.
    const { result } = go({
      cluster: { sites: [site('dc', 2, 1)] },
      workloads: [svc({ count: 5, queueLimit: 2, slo: '90m', weight: 3 }), batch('b', 1, '10m', { slo: '1h' })],
    });
    expect(result.workloads.svc.sloAttainment).toBe(1 / 5);
    expect(result.workloads.b.sloAttainment).toBe(1);
    expect(result.metrics.C).toBeCloseTo((3 * (1 / 5) + 1) / 4, 12);
    // Pooled: 2 met (R1 and the batch task) of 6 decided.
    expect(result.metrics.sloAttainment).toBeCloseTo(2 / 6, 12);
  });
});

describe("inference: Little's law", () => {
  it('holds exactly (L = X·W to rounding) on a drained run of a service and batch work: requests count as items in the system', () => {
    const { result } = go({
      horizon: '100d',
      cluster: { sites: [site('dc', 3, 2)] },
      workloads: [
        svc({ replicas: 2, concurrency: 2, count: 5000, arrival: { poisson: { rate: 1.2 } }, service: { exponential: { mean: '2s' } } }),
        batch('b', 500, { exponential: { mean: '20s' } }, { arrival: { poisson: { rate: 0.1 } } }),
      ],
    });
    const m = result.metrics;
    expect(m.completed).toBe(5500);
    expect(m.arrived).toBe(5500);
    expect(m.endS).toBeLessThan(100 * 24 * H);
    const xw = m.throughputPerS * m.T!;
    expect(Math.abs(m.meanInSystem - xw) / xw, `L = ${m.meanInSystem}, X·W = ${xw}`).toBeLessThan(1e-9);
    // Requests waited: the queue integral is not just the batch work's.
    expect(m.meanQueued).toBeGreaterThan(0);
  });
});

describe('inference: validation', () => {
  const cluster = { sites: [site('east', 1, 2), site('west', 2, 4)] };
  const base = { kind: 'inference', id: 'svc', replicas: 1, arrival: { poisson: { rate: 1 } } };

  it('accepts a service with either `service` or `tokens`', () => {
    expect(issues({ cluster, workloads: [{ ...base, service: '1s' }] })).toEqual([]);
    expect(issues({ cluster, workloads: [{ ...base, tokens: { prompt: 100, output: 10, prefillPerToken: '1ms', decodePerToken: '20ms' } }] })).toEqual([]);
  });

  it('rejects both `service` and `tokens`, and neither', () => {
    const both = issues({ cluster, workloads: [{ ...base, service: '1s', tokens: { prompt: 100, output: 10, prefillPerToken: '1ms', decodePerToken: '20ms' } }] });
    expect(both).toHaveLength(1);
    expect(both[0]).toMatch(/^workloads\[0\]\.service: .*either "service".*"tokens"/);
    const neither = issues({ cluster, workloads: [{ ...base }] });
    expect(neither).toHaveLength(1);
    expect(neither[0]).toMatch(/^workloads\[0\]\.service: .*either "service".*"tokens"/);
  });

  it('rejects an unknown site', () => {
    const found = issues({ cluster, workloads: [{ ...base, service: '1s', site: 'north' }] });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^workloads\[0\]\.site: no site "north"/);
  });

  it('rejects gpusPerReplica larger than the site it is pinned to, or than the cluster', () => {
    // east has 2 GPUs, west 8, the cluster 10.
    const site = issues({ cluster, workloads: [{ ...base, service: '1s', site: 'east', gpusPerReplica: 4 }] });
    expect(site).toHaveLength(1);
    expect(site[0]).toMatch(/^workloads\[0\]\.gpusPerReplica: needs 4 GPUs .*site "east" has only 2/);
    expect(issues({ cluster, workloads: [{ ...base, service: '1s', site: 'west', gpusPerReplica: 4 }] })).toEqual([]);
    const all = issues({ cluster, workloads: [{ ...base, service: '1s', gpusPerReplica: 11 }] });
    expect(all).toHaveLength(1);
    expect(all[0]).toMatch(/^workloads\[0\]\.gpusPerReplica: needs 11 GPUs .*cluster has only 10/);
  });
});

describe('inference: sizing checked when the scenario is read', () => {
  it('rejects more replicas than fit where they may run, naming the field', () => {
    expect(() => validateScenario({
      name: 't', horizon: '1h',
      cluster: { sites: [{ id: 'a', racks: 1, nodesPerRack: 2, node: { gpus: 4, gpu: 'H100' } }] },
      workloads: [{ kind: 'inference', id: 's', replicas: 5, gpusPerReplica: 2, arrival: { poisson: { rate: 1 } }, service: '1s' }],
    })).toThrow(/workloads\[0\]\.replicas: 5 replicas × 2 GPUs = 10 GPUs, more than the cluster has \(8\)/);
  });
});
