import { rangesToList, type GpuRanges } from '../../src/sim/policy/GpuRanges.ts';
/**
 * Property-based tests of inference services on random small clusters: 1–2 services (random
 * replicas, GPUs per replica, site pinning, start-up, concurrency, arrival shapes, service
 * distributions or token counts, SLOs, retries, queue limits) mixed with batch work, under
 * random failures at every level (rack uplinks and, between two sites, the WAN link included)
 * plus scheduled outages.
 *
 * For every run:
 *  - every request is accounted for: arrived = completed + failed + dropped + queued + running;
 *  - latencies are ≥ 0 and their percentiles ordered; nothing is dropped without a queue
 *    limit, nothing fails without failures, and a failed request used all its retries
 *    (retried ≥ failed × retries);
 *  - availability, utilisation, SLO attainment, C, S and R lie in [0, 1]; mean ready replicas
 *    in [0, replicas] and at most replicas × availability;
 *  - an oracle following the observer (replicas are scheduler tasks) recomputes, from the
 *    placements and interruptions of each replica, the time with ≥ 1 replica ready (start-up
 *    after each placement) and ∫ ready replicas dt, and finds the reported figures; replicas
 *    run on exactly gpusPerReplica GPUs, in their site when pinned, never share a GPU with
 *    other work, never start on a GPU that is down (its rack's uplink down included), and
 *    never complete; work is interrupted only by a failure just under it (a GPU of it down,
 *    or a WAN link between two sites it spans), and a WAN failure interrupts all such work;
 *  - the same seed gives the identical result (JSON).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fifo } from '../../src/policies/scheduling/fifo.ts';
import { simulate } from '../../src/sim/model/simulate.ts';
import type { RunResult } from '../../src/sim/model/RunResult.ts';
import type { SimObserver } from '../../src/sim/model/SimObserver.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import type { FailureTarget, InferenceWorkloadSpec, Scenario } from '../../src/sim/scenario/types.ts';
import { policySet } from '../helpers/policies.ts';
import { GpuMap } from './support/oracle.ts';
import { linkArb, outageArb, outageDocOf, siteArb, TARGETS } from './support/arbitraries.ts';

const MAX_EVENTS = 50_000;
const MIN = 60, H = 3600;

// ---------------------------------------------------------------------------------------
// Generated scenarios
// ---------------------------------------------------------------------------------------


const serviceTimeArb = fc.oneof(
  fc.integer({ min: 5, max: 600 }).map((s) => `${s}s`),
  fc.integer({ min: 5, max: 600 }).map((s) => ({ exponential: { mean: `${s}s` } })),
  fc.record({ median: fc.integer({ min: 5, max: 300 }), sigma: fc.double({ min: 0, max: 1.5, noNaN: true }) }).map((l) => ({ lognormal: { median: l.median, sigma: l.sigma } })),
  fc.record({ prompt: fc.integer({ min: 1, max: 4000 }), output: fc.integer({ min: 0, max: 1000 }), prefillMs: fc.double({ min: 0, max: 2, noNaN: true }), decodeMs: fc.double({ min: 0, max: 100, noNaN: true }) })
    .map((t) => ({ tokens: { prompt: { exponential: { mean: t.prompt } }, output: { uniform: { min: 0, max: 2 * t.output } }, prefillPerToken: `${t.prefillMs}ms`, decodePerToken: `${t.decodeMs}ms` } })),
);

const serviceArb = fc.record({
  replicas: fc.integer({ min: 1, max: 3 }),
  gpusPerReplica: fc.integer({ min: 1, max: 3 }),
  pinned: fc.option(fc.nat(), { nil: undefined }),
  startupS: fc.option(fc.integer({ min: 0, max: 20 * MIN }), { nil: undefined }),
  concurrency: fc.option(fc.integer({ min: 1, max: 4 }), { nil: undefined }),
  ratePerMin: fc.double({ min: 0.1, max: 3, noNaN: true }),
  diurnal: fc.option(fc.record({ amplitude: fc.double({ min: 0, max: 1, noNaN: true }), periodH: fc.integer({ min: 1, max: 24 }), peakH: fc.integer({ min: 0, max: 24 }) }), { nil: undefined }),
  bursts: fc.array(fc.record({ atS: fc.integer({ min: 0, max: 24 * H }), durationS: fc.integer({ min: 1, max: 4 * H }), factor: fc.double({ min: 0, max: 4, noNaN: true }) }), { maxLength: 2 }),
  count: fc.option(fc.integer({ min: 0, max: 600 }), { nil: undefined }),
  service: serviceTimeArb,
  sloS: fc.option(fc.integer({ min: 10, max: 2 * H }), { nil: undefined }),
  retries: fc.option(fc.integer({ min: 0, max: 2 }), { nil: undefined }),
  queueLimit: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
  weight: fc.option(fc.constantFrom(0, 0.5, 1, 3), { nil: undefined }),
  /** Replicas wider than either of two sites (not pinned then): they span both, and a WAN link failure strikes them. */
  wide: fc.oneof({ weight: 2, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
});

const failureArb = fc.record({
  level: fc.constantFrom(...TARGETS),
  mtbfH: fc.double({ min: 2, max: 72, noNaN: true }),
  repairMin: fc.integer({ min: 5, max: 240 }),
});


const genArb = fc.record({
  sites: fc.array(siteArb, { minLength: 1, maxLength: 2 }),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 2 }),
  batch: fc.option(fc.record({ count: fc.integer({ min: 1, max: 30 }), gpus: fc.integer({ min: 1, max: 2 }), ratePerH: fc.double({ min: 0.5, max: 10, noNaN: true }), workMin: fc.integer({ min: 1, max: 120 }) }), { nil: undefined }),
  failures: fc.array(failureArb, { maxLength: 3 }),
  outages: fc.array(outageArb, { maxLength: 3 }),
  /** Each site's racks' uplink, sometimes; the WAN link between two sites, often. */
  uplinks: fc.array(fc.option(linkArb, { nil: undefined }), { minLength: 2, maxLength: 2 }),
  wan: fc.option(linkArb, { nil: undefined, freq: 4 }),
  /** A failure rule for that link, often. */
  wanFailure: fc.option(fc.record({ mtbfH: fc.double({ min: 1, max: 24, noNaN: true }), repairMin: fc.integer({ min: 1, max: 120 }) }), { nil: undefined, freq: 4 }),
  horizonS: fc.integer({ min: 2 * H, max: 24 * H }),
  runToHorizon: fc.boolean(),
  detectionS: fc.option(fc.integer({ min: 0, max: 10 * 60 }), { nil: undefined }),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
}).map((g) => {
  // Validation rejects a service whose replicas cannot all fit where they may run: size
  // each service's replicas to its room (the oracle reads the same numbers).
  const size = (x: (typeof g.sites)[number]) => x.racks * x.nodesPerRack * x.gpus;
  const total = g.sites.reduce((a, x) => a + size(x), 0);
  const services = g.services.map((w) => {
    const v = w.wide && g.sites.length === 2 ? { ...w, pinned: undefined } : w;
    const room = v.pinned === undefined ? total : size(g.sites[v.pinned % g.sites.length]);
    const gpusPerReplica = v.wide && g.sites.length === 2 ? Math.max(...g.sites.map(size)) + 1 : Math.min(room, v.gpusPerReplica);
    return { ...v, gpusPerReplica, replicas: Math.max(1, Math.min(v.replicas, Math.floor(room / gpusPerReplica))) };
  });
  return { ...g, services };
});

type Gen = typeof genArb extends fc.Arbitrary<infer T> ? T : never;

function docOf(g: Gen): Record<string, unknown> {
  const sites = g.sites.map((s, i) => ({ id: `s${i}`, racks: s.racks, nodesPerRack: s.nodesPerRack, node: { gpus: s.gpus, gpu: s.gpu }, ...(g.uplinks[i] ? { uplink: g.uplinks[i] } : {}) }));
  const hasWan = g.sites.length === 2 && g.wan !== undefined;
  const size = (s: Gen['sites'][number]) => s.racks * s.nodesPerRack * s.gpus;
  const total = g.sites.reduce((a, s) => a + size(s), 0);
  const workloads: Record<string, unknown>[] = g.services.map((v, i) => {
    const pinned = v.pinned === undefined ? undefined : v.pinned % g.sites.length;
    const room = pinned === undefined ? total : size(g.sites[pinned]);
    const arrival: Record<string, unknown> = { poisson: { rate: v.ratePerMin / MIN } };
    if (v.diurnal) arrival.diurnal = { amplitude: v.diurnal.amplitude, period: `${v.diurnal.periodH}h`, peak: `${v.diurnal.peakH}h` };
    if (v.bursts.length > 0) arrival.bursts = v.bursts.map((b) => ({ at: b.atS, duration: b.durationS, factor: b.factor }));
    const svc = typeof v.service === 'object' && 'tokens' in v.service ? { tokens: v.service.tokens } : { service: v.service };
    return {
      kind: 'inference', id: `svc${i}`, replicas: v.replicas, gpusPerReplica: Math.min(room, v.gpusPerReplica), arrival, ...svc,
      ...(pinned === undefined ? {} : { site: `s${pinned}` }),
      ...(v.startupS === undefined ? {} : { startup: v.startupS }),
      ...(v.concurrency === undefined ? {} : { concurrency: v.concurrency }),
      ...(v.count === undefined ? {} : { count: v.count }),
      ...(v.sloS === undefined ? {} : { slo: v.sloS }),
      ...(v.retries === undefined ? {} : { retries: v.retries }),
      ...(v.queueLimit === undefined ? {} : { queueLimit: v.queueLimit }),
      ...(v.weight === undefined ? {} : { weight: v.weight }),
    };
  });
  if (g.batch) {
    workloads.push({
      kind: 'batch', id: 'batch', count: g.batch.count, gpus: Math.min(total, g.batch.gpus),
      arrival: { poisson: { rate: g.batch.ratePerH / H } }, work: { exponential: { mean: `${g.batch.workMin}m` } },
    });
  }
  // A WAN rule needs a link to fail: without one it stands for an uplink rule.
  const failures: Record<string, unknown>[] = g.failures.map((f) => ({ target: f.level === 'wan' && !hasWan ? 'uplink' : f.level, mtbf: `${f.mtbfH}h`, repair: { exponential: { mean: `${f.repairMin}m` } } }));
  if (hasWan && g.wanFailure) failures.push({ target: 'wan', mtbf: `${g.wanFailure.mtbfH}h`, repair: `${g.wanFailure.repairMin}m` });
  for (const o of g.outages) failures.push(outageDocOf(g.sites, o, hasWan));
  const cluster = { sites, ...(hasWan ? { wan: [{ between: ['s0', 's1'], ...g.wan }] } : {}) };
  return {
    name: 'inference property', seed: g.seed, horizon: g.horizonS, runToHorizon: g.runToHorizon, cluster, workloads, failures,
    ...(g.detectionS === undefined ? {} : { monitoring: { detection: g.detectionS } }),
  };
}

// ---------------------------------------------------------------------------------------
// Oracle
// ---------------------------------------------------------------------------------------

/** Follows replica placements and GPU ownership through the observer. */
class ReplicaOracle implements SimObserver {
  readonly errors: string[] = [];
  /** Service index of each replica task id (replicas are the first tasks, in workload order). */
  private readonly serviceOfTask = new Map<number, number>();
  /** Placements of each service's replicas: [start, end) (end = Infinity while placed). */
  readonly placements: { task: number; startS: number; endS: number }[][];
  private readonly open = new Map<number, { task: number; startS: number; endS: number }>();
  private readonly owner: Int32Array;
  private readonly gpusOf = new Map<number, readonly number[]>();
  /** Failures in force over each GPU (its rack's uplink included). */
  private readonly down: Int32Array;
  /** Running work a failure just struck (a GPU of it, or a WAN link it spans): to be interrupted at once. */
  private readonly hit = new Set<number>();
  private lastDown: { target: FailureTarget; id: string; timeS: number } | null = null;
  /** Interruptions by a WAN link failure, for the test to see that it is not vacuous. */
  wanInterruptions = 0;

  constructor(private readonly s: Scenario, private readonly services: readonly InferenceWorkloadSpec[], private readonly map: GpuMap) {
    let id = 0;
    services.forEach((v, i) => { for (let k = 0; k < v.replicas; k++) this.serviceOfTask.set(id++, i); });
    this.placements = services.map(() => []);
    this.owner = new Int32Array(map.gpuCount).fill(-1);
    this.down = new Int32Array(map.gpuCount);
  }

  private error(msg: string): void {
    if (this.errors.length < 10) this.errors.push(msg);
  }

  /** Every callback but an interruption (and the end): the work a failure struck must be gone by now. */
  settled(timeS: number): void {
    if (this.hit.size > 0) this.error(`t=${timeS}: tasks ${[...this.hit].join(', ')} were not interrupted by the ${this.lastDown?.target} failure of ${this.lastDown?.id}`);
    this.hit.clear();
  }

  taskArrived(_task: number, _workload: string, timeS: number): void {
    this.settled(timeS);
  }

  componentChanged(target: FailureTarget, id: string, down: boolean, timeS: number): void {
    this.settled(timeS);
    const r = this.map.rangeOf(target, id);
    if (!r) { this.error(`t=${timeS}: change of unknown ${target} "${id}"`); return; }
    for (let g = r.first; g < r.end; g++) this.down[g] += down ? 1 : -1;
    if (!down) return;
    this.lastDown = { target, id, timeS };
    for (const [task, gpus] of this.gpusOf) {
      if (target === 'wan' ? this.map.spans(gpus, id) : gpus.some((g) => g >= r.first && g < r.end)) this.hit.add(task);
    }
  }

  taskStarted(task: number, ranges: GpuRanges, timeS: number): void {
    const gpus = rangesToList(ranges);
    this.settled(timeS);
    for (const g of gpus) {
      if (this.owner[g] !== -1) this.error(`t=${timeS}: task ${task} placed on GPU ${g}, held by task ${this.owner[g]}`);
      if (this.down[g] > 0) this.error(`t=${timeS}: task ${task} placed on GPU ${this.map.ancestors[g][3]}, which is down`);
      this.owner[g] = task;
    }
    this.gpusOf.set(task, gpus.slice());
    const i = this.serviceOfTask.get(task);
    if (i === undefined) return;
    const v = this.services[i];
    if (gpus.length !== v.gpusPerReplica) this.error(`t=${timeS}: replica ${task} of ${v.id} on ${gpus.length} GPUs, expected ${v.gpusPerReplica}`);
    if (v.site !== undefined) {
      for (const g of gpus) if (this.map.ancestors[g][0] !== v.site) this.error(`t=${timeS}: replica ${task} of ${v.id} (site ${v.site}) on GPU ${this.map.ancestors[g][3]}`);
    }
    if (this.open.has(task)) this.error(`t=${timeS}: replica ${task} placed twice`);
    const p = { task, startS: timeS, endS: Infinity };
    this.open.set(task, p);
    this.placements[i].push(p);
  }

  private release(task: number): void {
    for (const g of this.gpusOf.get(task) ?? []) if (this.owner[g] === task) this.owner[g] = -1;
    this.gpusOf.delete(task);
  }

  taskInterrupted(task: number, cause: FailureTarget, timeS: number): void {
    const d = this.lastDown;
    if (!this.hit.delete(task) || !d || d.timeS !== timeS || d.target !== cause) this.error(`t=${timeS}: task ${task} interrupted by a ${cause} failure; no failure just struck it (last: ${JSON.stringify(d)})`);
    if (cause === 'wan') this.wanInterruptions++;
    this.release(task);
    const p = this.open.get(task);
    if (p) { p.endS = timeS; this.open.delete(task); }
  }

  taskCompleted(task: number, timeS: number): void {
    this.settled(timeS);
    if (this.serviceOfTask.has(task)) this.error(`t=${timeS}: replica ${task} completed`);
    this.release(task);
  }

  /** ∫ ready replicas dt and the time with ≥ 1 replica ready, of service i over [0, end]. */
  readyFigures(i: number, endS: number): { readyReplicaS: number; availableS: number } {
    const startup = this.services[i].startupS;
    const intervals: [number, number][] = [];
    let readyReplicaS = 0;
    for (const p of this.placements[i]) {
      // Replicas placed at time 0 are the running service: they serve at once.
      const a = p.startS === 0 ? 0 : p.startS + startup, b = Math.min(p.endS, endS);
      if (b > a) { intervals.push([a, b]); readyReplicaS += b - a; }
    }
    intervals.sort((x, y) => x[0] - y[0]);
    let availableS = 0, curA = -Infinity, curB = -Infinity;
    for (const [a, b] of intervals) {
      if (a > curB) { if (curB > curA) availableS += curB - curA; curA = a; curB = b; } else curB = Math.max(curB, b);
    }
    if (curB > curA) availableS += curB - curA;
    return { readyReplicaS, availableS };
  }
}

function runOnce(s: Scenario, observer?: SimObserver): RunResult {
  return simulate(s, policySet({ scheduling: fifo.create({}) }), { maxEvents: MAX_EVENTS, ...(observer ? { observer } : {}) });
}

const in01 = (x: number) => x >= 0 && x <= 1;

/** Checks one run; returns its interruptions by an uplink and by a WAN link failure. */
function checkRun(s: Scenario): { uplink: number; wan: number } {
  const services = s.workloads.filter((w): w is InferenceWorkloadSpec => w.kind === 'inference');
  const oracle = new ReplicaOracle(s, services, new GpuMap(s));
  const r = runOnce(s, oracle);
  const m = r.metrics, endS = m.endS;
  oracle.settled(endS);
  expect(oracle.errors).toEqual([]);
  expect(oracle.wanInterruptions).toBe(r.interruptions.byCause.wan);
  expect(endS).toBeLessThanOrEqual(s.horizonS);
  for (const [name, v] of Object.entries({ C: m.C, S: m.S, R: m.R, goodput: m.goodput })) expect(in01(v), `${name} = ${v}`).toBe(true);
  if (m.sloAttainment !== null) expect(in01(m.sloAttainment)).toBe(true);
  const anyFailures = s.failures.length > 0;
  services.forEach((v, i) => {
    const w = r.workloads[v.id], inf = w.inference!;
    const label = `${v.id}: ${JSON.stringify({ ...w, T: w.T })}`;
    // Conservation of requests.
    expect(w.arrived, label).toBe(w.completed + inf.failed + inf.dropped + w.queued + w.running);
    if (Number.isFinite(v.count)) expect(w.arrived, label).toBeLessThanOrEqual(v.count);
    expect(w.running, label).toBeLessThanOrEqual(v.replicas * v.concurrency);
    if (!Number.isFinite(v.queueLimit)) expect(inf.dropped, label).toBe(0);
    else expect(w.queued, label).toBeLessThanOrEqual(v.queueLimit + inf.retried);
    if (!anyFailures) expect([inf.failed, inf.retried], label).toEqual([0, 0]);
    expect(inf.retried, label).toBeGreaterThanOrEqual(inf.failed * v.retries);
    // Latencies.
    if (w.completed === 0) expect(w.T.mean, label).toBeNull();
    else {
      expect(w.T.mean!, label).toBeGreaterThanOrEqual(0);
      expect(w.T.p50!, label).toBeGreaterThanOrEqual(0);
      expect(w.T.p50!, label).toBeLessThanOrEqual(w.T.p95!);
      expect(w.T.p95!, label).toBeLessThanOrEqual(w.T.p99!);
    }
    // Ranges.
    expect(in01(inf.availability), label).toBe(true);
    expect(in01(inf.utilisation), label).toBe(true);
    expect(inf.meanReadyReplicas, label).toBeGreaterThanOrEqual(0);
    expect(inf.meanReadyReplicas, label).toBeLessThanOrEqual(v.replicas * inf.availability + 1e-9);
    if (w.sloAttainment !== null) expect(in01(w.sloAttainment), label).toBe(true);
    expect(w.missed, label).toBeGreaterThanOrEqual(inf.failed + inf.dropped);
    // The oracle's ready time.
    if (endS > 0) {
      const f = oracle.readyFigures(i, endS);
      expect(Math.abs(inf.meanReadyReplicas * endS - f.readyReplicaS), `${label}: ∫ ready replicas ${inf.meanReadyReplicas * endS} vs oracle ${f.readyReplicaS}`).toBeLessThanOrEqual(1e-6 * Math.max(1, endS));
      expect(Math.abs(inf.availability * endS - f.availableS), `${label}: available ${inf.availability * endS} vs oracle ${f.availableS}`).toBeLessThanOrEqual(1e-6 * Math.max(1, endS));
      if (w.completed + w.running > 0) expect(f.readyReplicaS, label).toBeGreaterThan(0);
    }
  });
  return { uplink: r.interruptions.byCause.uplink, wan: r.interruptions.byCause.wan };
}

describe('inference services: properties', () => {
  it('accounts for every request, keeps figures in range and matches the replica oracle', () => {
    let runs = 0, byUplink = 0, byWan = 0;
    fc.assert(
      fc.property(genArb, (g) => {
        const n = checkRun(validateScenario(docOf(g), 'property'));
        runs++;
        if (n.uplink > 0) byUplink++;
        if (n.wan > 0) byWan++;
      }),
      { numRuns: 250 },
    );
    if (process.env.PROPERTY_REPORT) console.log({ runs, byUplink, byWan });
    // Not vacuous: uplink and WAN link failures interrupted work in some runs.
    expect(byUplink).toBeGreaterThan(runs / 20);
    expect(byWan).toBeGreaterThan(0);
  });

  it('gives identical results for the same seed', () => {
    fc.assert(
      fc.property(genArb, (g) => {
        const s = validateScenario(docOf(g), 'property');
        expect(JSON.stringify(runOnce(s))).toBe(JSON.stringify(runOnce(s)));
      }),
      { numRuns: 60 },
    );
  });
});
