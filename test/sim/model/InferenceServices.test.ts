/**
 * InferenceServices, driven directly: a real Simulator, a RandomStreams with a fixed seed,
 * hand-made service specs, and the model's side played by the test — it registers replicas,
 * places them (replicaStarted), hangs them, takes them down and drains them at chosen times.
 * Deterministic cases replay arrivals from a trace (arrival k at arrivalS[k]) with constant
 * service times; random ones draw Poisson arrivals and are checked against theory.
 *
 * The rules (its TSDoc): requests wait in one FIFO queue per service and go to the next ready
 * replica with a free slot in round-robin order, served in work / speed; an arrival that
 * finds the queue at its limit is dropped. Replicas placed at time 0 serve at once, later
 * ones after the start-up time. A replica that fails unnoticed hangs — it no longer counts as
 * ready, its requests stop, but it still receives requests — until replicaDown, which sends
 * its requests back to the head of the queue (in arrival order) or fails those whose retries
 * are used up. A drained replica takes no new request and stops when its last one ends.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';
import { InferenceServices } from '../../../src/sim/model/InferenceServices.ts';
import { RandomStreams } from '../../../src/sim/random/streams.ts';
import type { InferenceWorkloadSpec } from '../../../src/sim/scenario/types.ts';
import { batchMeans, mmcMeanResponse } from '../../helpers/stats.ts';

const COMPLETED = 0, FAILED = 1, DROPPED = 2;

/** A service with one replica of one GPU, concurrency 1, constant 10 s requests, retries 1, no limit, no SLO. */
function svc(over: Partial<InferenceWorkloadSpec> = {}): InferenceWorkloadSpec {
  return {
    kind: 'inference', id: 'svc', replicas: 1, minReplicas: 1, maxReplicas: 1, gpusPerReplica: 1, startupS: 0, concurrency: 1,
    arrivalRatePerS: 1, rateShape: { bursts: [] }, count: Infinity,
    service: { kind: 'distribution', distribution: { kind: 'constant', value: 10 } },
    sloS: Infinity, retries: 1, queueLimit: Infinity, weight: 1, ...over,
  };
}

/** A service whose requests arrive at the given times (a trace), with `over` on top. */
function traced(arrivalS: number[], over: Partial<InferenceWorkloadSpec> = {}): InferenceWorkloadSpec {
  const n = arrivalS.length;
  return svc({
    trace: { format: 'azure-llm-2023', path: 'test.csv', timeScale: 1, limit: Infinity, data: { arrivalS: Float64Array.from(arrivalS), promptTokens: new Float64Array(n), outputTokens: new Float64Array(n) } },
    ...over,
  });
}

interface Done { workload: number; arrivalS: number; timeS: number; outcome: number }

/** The services on their own engine; the scenario index of service i is `10 + i`. */
function setup(specs: InferenceWorkloadSpec[], opts: { horizonS?: number; seed?: number; withoutHooks?: boolean } = {}) {
  const sim = new Simulator();
  const done: Done[] = [];
  const ready: [task: number, timeS: number][] = [];
  const drained: [task: number, timeS: number][] = [];
  const idle: number[] = [];
  const inf = new InferenceServices(sim, (h, o) => sim.on(h, o), specs, new RandomStreams(opts.seed ?? 1), opts.horizonS ?? 1e9, specs.map((_, i) => 10 + i), {
    onReady: (t) => ready.push([t, sim.nowS]),
    onIdle: () => idle.push(sim.nowS),
    onDrained: (t) => drained.push([t, sim.nowS]),
    requestDone: (workload, arrivalS, timeS, outcome) => done.push({ workload, arrivalS, timeS, outcome }),
    withoutHooks: opts.withoutHooks ?? false,
  });
  const actions: (() => void)[] = [];
  const kind = sim.on((i) => actions[i]());
  const at = (t: number, fn: () => void) => { actions.push(fn); sim.at(t, kind, actions.length - 1); };
  /** Registers replica `task` of service `si` and places it now at `speed`. */
  const place = (task: number, si = 0, speed = 1, quality = 1) => { inf.addReplica(task, si); inf.replicaStarted(task, speed, quality); };
  const outcomes = () => done.map((d) => `${d.arrivalS}:${['done', 'failed', 'dropped'][d.outcome]}@${d.timeS}`);
  return { sim, inf, done, ready, drained, idle, at, place, outcomes };
}

describe('InferenceServices: serving', () => {
  it('serves `concurrency` requests at once per replica in work / speed, and queues the rest first come, first served', () => {
    // Concurrency 2, speed 0.5: 10 s of work take 20 s. Arrivals 0, 1 start at once; 2 and 3
    // wait for the slots freed at 20 and 21.
    const { sim, inf, outcomes, idle, place } = setup([traced([0, 1, 2, 3], { concurrency: 2, sloS: 30 })]);
    place(100, 0, 0.5);
    inf.start();
    sim.run(Infinity);
    expect(outcomes()).toEqual(['0:done@20', '1:done@21', '2:done@40', '3:done@41']);
    const t = inf.tally(0, sim.nowS);
    expect([t.arrived, t.completed, t.met, t.failed, t.dropped, t.retried, t.queued, t.inFlight]).toEqual([4, 4, 2, 0, 0, 0, 0, 0]);
    expect(Array.from(t.responseTimesS)).toEqual([20, 20, 38, 38]);
    // ∫ in service: 1 over [0,1), 2 over [1,40), 1 over [40,41) = 80 = 4 × 20; ∫ waiting: 18 + 18.
    expect([t.servingS, t.queuedS, t.availableS, t.readyReplicaS]).toEqual([80, 36, 41, 41]);
    expect(t.qualitySum).toBe(4);
    expect(idle).toEqual([41]);
  });

  it('spreads requests over the ready replicas in round-robin order', () => {
    // Replicas A (speed 1) and B (speed 0.5), 10 slots each: arrivals 0, 1, 2, 3 go to A, B, A, B
    // and end at 10, 21, 12, 23.
    const { sim, inf, done, place } = setup([traced([0, 1, 2, 3], { concurrency: 10 })]);
    place(1, 0, 1);
    place(2, 0, 0.5);
    inf.start();
    sim.run(Infinity);
    expect(done.map((d) => [d.arrivalS, d.timeS])).toEqual([[0, 10], [2, 12], [1, 21], [3, 23]]);
  });

  it('drops the arrivals that find the queue at its limit, at their arrival', () => {
    const { sim, inf, outcomes, place } = setup([traced([0, 1, 2, 3, 4], { queueLimit: 2 })]);
    place(1);
    inf.start();
    sim.run(Infinity);
    expect(outcomes()).toEqual(['3:dropped@3', '4:dropped@4', '0:done@10', '1:done@20', '2:done@30']);
    expect(inf.tally(0, sim.nowS)).toMatchObject({ arrived: 5, completed: 3, dropped: 2 });
    // With no room to wait at all, every arrival that finds the slots busy is dropped.
    const none = setup([traced([0, 1, 2, 15], { queueLimit: 0 })]);
    none.place(1);
    none.inf.start();
    none.sim.run(Infinity);
    expect(none.outcomes()).toEqual(['1:dropped@1', '2:dropped@2', '0:done@10', '15:done@25']);
  });

  it('keeps each service\'s requests to its own replicas, and reports them under the service\'s scenario index', () => {
    const { sim, inf, done, place } = setup([traced([0, 1], { id: 'a' }), traced([0, 2], { id: 'b' })]);
    place(1, 0);
    inf.start();
    sim.run(100);
    // b has no replica: its requests wait; a's are served one after the other.
    expect(done.map((d) => [d.workload, d.arrivalS, d.timeS])).toEqual([[10, 0, 10], [10, 1, 20]]);
    expect(inf.tally(1, 100)).toMatchObject({ arrived: 2, completed: 0, queued: 2, availableS: 0, queuedS: 100 + 98 });
    place(2, 1);
    inf.serveAll();
    sim.run(Infinity);
    expect(done.slice(2).map((d) => [d.workload, d.arrivalS, d.timeS])).toEqual([[11, 0, 110], [11, 2, 120]]);
  });

  it('counts the quality of the variant of the replica that served each request', () => {
    const { sim, inf, place } = setup([traced([0, 1, 2], { concurrency: 10 })]);
    place(1, 0, 1, 0.9);
    place(2, 0, 1, 0.5);
    inf.start();
    sim.run(Infinity);
    // Round robin: 0.9, 0.5, 0.9.
    expect(inf.tally(0, sim.nowS).qualitySum).toBeCloseTo(2.3, 12);
  });

  it('counts the requests still waiting or in service at the end that are past their deadline, deadline included', () => {
    const spec = (sloS: number) => traced([0, 1, 2], { sloS, service: { kind: 'distribution', distribution: { kind: 'constant', value: 100 } } });
    for (const [sloS, inFlightMissed, queuedMissed] of [[30, 1, 2], [49, 1, 1], [50, 1, 0], [51, 0, 0]]) {
      const { sim, inf, place } = setup([spec(sloS)]);
      place(1);
      inf.start();
      sim.run(50);
      expect(inf.tally(0, 50), `slo ${sloS}`).toMatchObject({ inFlight: 1, queued: 2, inFlightMissed, queuedMissed });
    }
  });
});

describe('InferenceServices: replicas starting, failing and draining', () => {
  it('serves at once with a replica placed at time 0, and only after the start-up time with a replica placed later', () => {
    const { sim, inf, ready, done, at, place } = setup([traced([50, 110, 120], { startupS: 30, service: { kind: 'distribution', distribution: { kind: 'constant', value: 5 } } })]);
    place(7);
    inf.start();
    at(100, () => { inf.replicaDown(7); inf.replicaStarted(7, 1, 1); });
    at(101, () => expect(inf.isStarting(7)).toBe(true));
    // A start-up cut short: placed at 200 (ready at 230), hangs at 210, down at 220, placed
    // again at 240: ready at 270, not 230.
    at(200, () => { inf.replicaDown(7); inf.replicaStarted(7, 1, 1); });
    at(210, () => inf.replicaHang(7));
    at(220, () => inf.replicaDown(7));
    at(240, () => inf.replicaStarted(7, 1, 1));
    sim.run(300);
    expect(ready).toEqual([[7, 0], [7, 130], [7, 270]]);
    // Requests of 110 and 120 waited for the replica ready at 130.
    expect(done.map((d) => [d.arrivalS, d.timeS])).toEqual([[50, 55], [110, 135], [120, 140]]);
    // Ready over [0,100), [130,200) and [270,300).
    expect(inf.tally(0, 300).availableS).toBe(200);
    expect(inf.runningReplicas).toBe(1);
  });

  it('sends the requests of a replica that goes down back to the head of the queue in arrival order, and fails those out of retries', () => {
    // Concurrency 2, retries 1. A serves 0 and 1; 2 and 3 wait. A down at 5: 0 and 1 go back
    // ahead of 2 and 3. B placed at 6 takes 0 and 1; B down at 10: their second failure, they
    // fail. A placed again at 12 serves 2 and 3 (12 → 22).
    const { sim, inf, outcomes, at, place } = setup([traced([0, 1, 2, 3], { concurrency: 2 })]);
    place(1);
    inf.addReplica(2, 0);
    inf.start();
    at(5, () => { inf.replicaDown(1); inf.serveAll(); });
    at(6, () => inf.replicaStarted(2, 1, 1));
    at(10, () => { inf.replicaDown(2); inf.serveAll(); });
    at(12, () => inf.replicaStarted(1, 1, 1));
    sim.run(Infinity);
    // (The order of the two failures reported in one instant is not specified: sorted.)
    expect(outcomes().sort()).toEqual(['0:failed@10', '1:failed@10', '2:done@22', '3:done@22']);
    const t = inf.tally(0, sim.nowS);
    expect([t.arrived, t.completed, t.failed, t.retried]).toEqual([4, 2, 2, 2]);
    expect(Array.from(t.responseTimesS)).toEqual([20, 19]);
  });

  it('fails a request of a failed replica at once with retries 0', () => {
    const { sim, inf, outcomes, at, place } = setup([traced([0, 1], { retries: 0 })]);
    place(1);
    inf.start();
    at(4, () => { inf.replicaDown(1); inf.replicaStarted(1, 1, 1); inf.serveAll(); });
    sim.run(Infinity);
    // Request 1 waited; it is served from 4 (start-up 0) to 14.
    expect(outcomes()).toEqual(['0:failed@4', '1:done@14']);
    expect(inf.tally(0, sim.nowS).retried).toBe(0);
  });

  it('a replica that hangs keeps receiving requests until the failure is detected; they are retried then', () => {
    // A and B, concurrency 2. Arrivals 0 → A, 1 → B. A hangs at 2: request 0 stops; it no
    // longer counts as ready, but round robin still sends it request 3 (4 goes to B; 5 and 6
    // wait: both full). Detected at 8: 0 and 3 go back to the head of the queue, and B serves
    // 0 at 11, 3 at 14, 5 at 21, 6 at 24 as its slots free up.
    const { sim, inf, at, place } = setup([traced([0, 1, 3, 4, 5, 6], { concurrency: 2 })]);
    place(1);
    place(2);
    inf.start();
    at(2, () => inf.replicaHang(1));
    at(2.5, () => expect(inf.readyOf(0)).toBe(1));
    at(7, () => expect(inf.snapshot(0)).toMatchObject({ inFlight: 4, queued: 2, ready: 1 }));
    at(8, () => { inf.replicaDown(1); inf.serveAll(); });
    sim.run(Infinity);
    const t = inf.tally(0, sim.nowS);
    expect(sim.nowS).toBe(34);
    // In completion order: 1, 4, 0, 3, 5, 6.
    expect(Array.from(t.responseTimesS)).toEqual([10, 10, 21, 21, 26, 28]);
    expect([t.completed, t.retried, t.failed]).toEqual([6, 2, 0]);
    // Two ready over [0, 2), one after: ∫ ready = 4 + 32; some replica ready throughout.
    expect([t.readyReplicaS, t.availableS]).toEqual([36, 34]);
  });

  it('counts a service unavailable while its only replica hangs, though requests still go to it', () => {
    const { sim, inf, at, place, outcomes } = setup([traced([6], { service: { kind: 'distribution', distribution: { kind: 'constant', value: 2 } } })]);
    place(1);
    inf.start();
    at(5, () => inf.replicaHang(1));
    at(9, () => { inf.replicaDown(1); inf.replicaStarted(1, 1, 1); inf.serveAll(); });
    sim.run(20);
    // Request 6 went to the hung replica, was retried at 9 and served 9 → 11.
    expect(outcomes()).toEqual(['6:done@11']);
    expect(inf.tally(0, 20).availableS).toBe(16);
  });

  it('stops a drained replica that is still starting at once, and one that serves nothing at once', () => {
    const { sim, inf, ready, at, place } = setup([svc({ count: 0, startupS: 30 })]);
    inf.start();
    place(1); // at 0: ready
    at(10, () => {
      place(2); // starting until 40
      expect(inf.runningReplicas).toBe(2);
      expect(inf.drain(2)).toBe(true);
      expect(inf.drain(1)).toBe(true);
      expect(inf.runningReplicas).toBe(0);
      inf.retire(2);
      expect(inf.replicaCount).toBe(1);
    });
    sim.run(100);
    expect(ready).toEqual([[1, 0]]);
    expect(inf.readyOf(0)).toBe(0);
  });

  it('lets a drained replica finish its requests without taking new ones, then stops it', () => {
    // A and B, concurrency 2: 0 → A, 1 → B, 2 → A. A drained at 3 (serving 0 and 2). 4 goes to
    // B; 5 waits (B full) and is not given to A when A's slots free up at 10. B takes 5 at 11.
    // A stops when its last request ends, at 12.
    const { sim, inf, drained, done, at, place } = setup([traced([0, 1, 2, 4, 5], { concurrency: 2 })]);
    place(1);
    place(2);
    inf.start();
    at(3, () => expect(inf.drain(1)).toBe(false));
    at(3.5, () => expect([inf.readyOf(0), inf.runningReplicas]).toEqual([1, 2]));
    sim.run(Infinity);
    expect(drained).toEqual([[1, 12]]);
    expect(inf.runningReplicas).toBe(1);
    expect(done.map((d) => [d.arrivalS, d.timeS])).toEqual([[0, 10], [1, 11], [2, 12], [4, 14], [5, 21]]);
    // ∫ ready replicas counts A while it drains: 2 × 3 + 2 × 9 + 1 × 9.
    expect(inf.tally(0, sim.nowS).readyReplicaS).toBe(33);
  });

  it('retries the requests of a draining replica that fails, and never reports it drained', () => {
    const { sim, inf, drained, outcomes, at, place } = setup([traced([0, 1], { concurrency: 2 })]);
    place(1);
    place(2);
    inf.start();
    at(3, () => inf.drain(1)); // serving 0
    at(5, () => { inf.replicaDown(1); inf.serveAll(); }); // 0 retried: B has a free slot
    sim.run(Infinity);
    expect(drained).toEqual([]);
    expect(outcomes()).toEqual(['1:done@11', '0:done@15']);
    // ∫ ready replicas: 2 × 3 (both ready), 2 × 2 (B, and A draining), 1 × 10.
    expect(inf.tally(0, sim.nowS).readyReplicaS).toBe(20);
  });
});

describe('InferenceServices: engine hooks', () => {
  it('runs request arrivals and completions without the engine\'s hooks when asked, start-ups with them', () => {
    const hooked = (withoutHooks: boolean) => {
      const { sim, inf, at, place } = setup([traced([0, 1, 2], { startupS: 5, service: { kind: 'distribution', distribution: { kind: 'constant', value: 1 } } })], { withoutHooks });
      let calls = 0;
      sim.beforeEach = () => { calls++; };
      place(1); // at 0: no start-up event
      inf.start();
      at(10, () => { inf.addReplica(2, 0); inf.replicaStarted(2, 1, 1); }); // a start-up event at 15
      sim.run(Infinity);
      return { calls, events: sim.eventCount };
    };
    // 3 arrivals + 3 completions + the action at 10 + the start-up at 15.
    expect(hooked(false)).toEqual({ calls: 8, events: 8 });
    expect(hooked(true)).toEqual({ calls: 2, events: 8 });
  });
});

describe('InferenceServices: random arrivals against theory', () => {
  it('draws Poisson arrivals: the count by the horizon within 4 standard deviations of λH', () => {
    const lambda = 3, H = 10_000;
    const { sim, inf } = setup([svc({ arrivalRatePerS: lambda })], { horizonS: H, seed: 11 });
    inf.start();
    sim.run(H);
    const n = inf.tally(0, H).arrived;
    expect(Math.abs(n - lambda * H)).toBeLessThan(4 * Math.sqrt(lambda * H));
    // One arrival is pending, past the horizon (where the search for it stops).
    expect(sim.pending).toBe(1);
  });

  it('multiplies the rate by a burst\'s factor inside its window only', () => {
    // λ = 2/s; × 5 over [500, 1000). Counts per stretch are independent Poisson variables.
    const { sim, inf, at } = setup([svc({ arrivalRatePerS: 2, rateShape: { bursts: [{ atS: 500, durationS: 500, factor: 5 }] } })], { horizonS: 2000, seed: 5 });
    const counts: number[] = [];
    for (const t of [500, 1000, 2000]) at(t, () => counts.push(inf.snapshot(0).arrived));
    inf.start();
    sim.run(2000);
    const perStretch = [counts[0], counts[1] - counts[0], counts[2] - counts[1]];
    const expected = [1000, 5000, 2000];
    perStretch.forEach((n, i) => expect(Math.abs(n - expected[i]), `stretch ${i}: ${n}`).toBeLessThan(4 * Math.sqrt(expected[i])));
  });

  it('stops arrivals after `count` requests and says when every request has ended', () => {
    const { sim, inf, idle, place } = setup([svc({ count: 25, arrivalRatePerS: 0.05, service: { kind: 'distribution', distribution: { kind: 'exponential', mean: 5 } } })], { seed: 3 });
    place(1);
    inf.start();
    sim.run(Infinity);
    const t = inf.tally(0, sim.nowS);
    expect([t.arrived, t.completed, t.queued, t.inFlight]).toEqual([25, 25, 0, 0]);
    expect(idle).toEqual([sim.nowS]);
    expect(sim.pending).toBe(0);
  });

  it('behaves as M/M/4 with two replicas of concurrency 2: mean response within 4 standard errors of Erlang C', () => {
    // λ = 3/s, exponential service of mean 1 s, 2 replicas × 2 slots = 4 servers (ρ = 0.75):
    // W = C(4, 3) / (4μ − λ) + 1/μ ≈ 1.509 s. 200,000 requests, 20 batches after a 5% warm-up.
    const lambda = 3, mu = 1, requests = 200_000;
    const { sim, inf, place } = setup([svc({ arrivalRatePerS: lambda, count: requests, concurrency: 2, service: { kind: 'distribution', distribution: { kind: 'exponential', mean: 1 / mu } } })], { seed: 2024, withoutHooks: true });
    place(1);
    place(2);
    inf.start();
    sim.run(Infinity);
    const t = inf.tally(0, sim.nowS);
    expect(t.completed).toBe(requests);
    const w = mmcMeanResponse(lambda, mu, 4);
    const est = batchMeans(t.responseTimesS, 20, { warmupFraction: 0.05 });
    expect(est.stdError / w).toBeLessThan(0.02); // tight enough to tell a wrong model apart
    expect(Math.abs(est.mean - w), `mean ${est.mean} vs ${w} (se ${est.stdError})`).toBeLessThan(4 * est.stdError);
    // Little's law holds exactly on a drained run: ∫ (in service + waiting) dt = Σ responses.
    let sum = 0;
    for (let i = 0; i < t.responseTimesS.length; i++) sum += t.responseTimesS[i];
    expect((t.servingS + t.queuedS) / sum).toBeCloseTo(1, 9);
    // Busy slots / ready slots near ρ = λ / (4μ).
    const rho = t.servingS / (2 * t.readyReplicaS);
    expect(Math.abs(rho - 0.75)).toBeLessThan(0.01);
  });
});
