/**
 * Inference services against queueing, arrival-process and reliability theory.
 *
 * Requests are not scheduler tasks, so the observer does not see them: the tests read the
 * per-workload figures (`result.workloads[id]`), whose latency summary T is exact over every
 * completed request, and, for arrival counts, the recorded capacity series (its `queued`
 * count includes waiting requests).
 *
 * Intervals: independent replications (different seeds) with a Student t interval at 99.9%
 * two-sided, or 4σ where the variance is known from theory (Poisson counts, Markov
 * availability). Each check also requires the half-width to be a small fraction of the
 * theoretical value, so that it could fail. Seeds are fixed: the runs are deterministic.
 *
 * Set THEORY_REPORT=1 to print every measured value, interval and theoretical value.
 */
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import {
  erlangB, intervalFromBatchMeans, markovAllDownFraction, markovAllDownVariance, markovMeanUpFraction,
  markovUpFractionVariance, mmcMeanResponse, Z_SIGMAS,
} from '../../helpers/stats.ts';
import { expectAgreement, report, run, type ScenarioDoc } from './harness.ts';

const HOUR = 3600;
const DAY = 24 * HOUR;

/** One site of `nodes` single-GPU nodes of the given model in one rack. */
function cluster(nodes: number, gpu = 'H100'): ScenarioDoc {
  return { sites: [{ id: 'dc', racks: 1, nodesPerRack: nodes, node: { gpus: 1, gpu } }] };
}

/** An inference service (one GPU per replica) with Poisson arrivals at `rate` per second. */
function service(extra: Record<string, unknown> & { replicas: number; rate: number }): ScenarioDoc {
  const { rate, ...rest } = extra;
  return { kind: 'inference', id: 'svc', arrival: { poisson: { rate } }, ...rest };
}

/**
 * Runs `reps` independent replications (seeds seed0, seed0+1, …) and returns the t interval
 * of `f` over them (independent replications: the "batches" are whole runs).
 */
function replicate(reps: number, seed0: number, doc: (seed: number) => ScenarioDoc, f: (r: RunResult) => number) {
  const values: number[] = [];
  for (let i = 0; i < reps; i++) values.push(f(run(doc(seed0 + i))));
  return intervalFromBatchMeans(values);
}

// ---------------------------------------------------------------------------------------
// M/M/c and M/M/(r·k)
// ---------------------------------------------------------------------------------------

/**
 * A service of c replicas, concurrency 1, exponential service, FIFO queue: M/M/c. With
 * concurrency k, every replica serves k requests at once at full speed, so r replicas are
 * r·k independent servers: M/M/(r·k). Mean latency against Erlang C:
 *   W = C(c, a) / (cμ − λ) + 1/μ,  a = λ/μ.
 * Each replication runs `requests` requests from an empty system until the run drains; the
 * per-run mean latency (over every request) is one observation. The empty start biases a
 * run's mean down by about (relaxation time × λ) / requests of Wq, well inside the tolerance.
 */
interface MmcCase {
  readonly replicas: number;
  readonly concurrency: number;
  readonly lambda: number;
  readonly mu: number;
  readonly gpu?: string;
  /** Speed of the GPU model (μ = speed / E[work]). */
  readonly speed?: number;
  readonly requests: number;
  readonly reps: number;
  readonly seed: number;
}

const mmcCases: MmcCase[] = [
  { replicas: 1, concurrency: 1, lambda: 0.3, mu: 0.5, requests: 20_000, reps: 16, seed: 101 },
  { replicas: 4, concurrency: 1, lambda: 1.4, mu: 0.5, requests: 20_000, reps: 16, seed: 121 },
  { replicas: 10, concurrency: 1, lambda: 4, mu: 0.5, requests: 20_000, reps: 16, seed: 141 },
  // M/M/(r·k): 3 replicas × 4 slots = M/M/12 at ρ = 0.75; 2 × 3 = M/M/6 at ρ = 0.8.
  { replicas: 3, concurrency: 4, lambda: 4.5, mu: 0.5, requests: 20_000, reps: 16, seed: 161 },
  { replicas: 2, concurrency: 3, lambda: 2.4, mu: 0.5, requests: 20_000, reps: 16, seed: 181 },
  // GPU speed: A100 replicas (speed 0.32) serve work/0.32; E[work] = 0.64 s gives 1/μ = 2 s.
  { replicas: 4, concurrency: 1, lambda: 1.4, mu: 0.5, gpu: 'A100', speed: 0.32, requests: 20_000, reps: 16, seed: 201 },
];

describe('inference service as M/M/c against Erlang C', () => {
  for (const k of mmcCases) {
    const c = k.replicas * k.concurrency;
    const rho = k.lambda / (c * k.mu);
    const speed = k.speed ?? 1;
    const meanWork = speed / k.mu;
    const label = `${k.replicas} replica(s) × concurrency ${k.concurrency} on ${k.gpu ?? 'H100'} = M/M/${c}, λ=${k.lambda}, μ=${k.mu} (ρ=${rho.toFixed(2)})`;
    it(`matches Erlang C mean latency for ${label}`, () => {
      let utilSum = 0;
      const W = replicate(k.reps, k.seed, (seed) => ({
        name: `M/M/${c} inference`, seed, horizon: '10000d',
        cluster: cluster(k.replicas, k.gpu),
        workloads: [service({ replicas: k.replicas, concurrency: k.concurrency, rate: k.lambda, count: k.requests, service: { exponential: { mean: `${meanWork}s` } } })],
      }), (r) => {
        const w = r.workloads.svc;
        expect(w.arrived).toBe(k.requests);
        expect(w.completed).toBe(k.requests);
        expect(w.inference!.dropped + w.inference!.failed + w.inference!.retried).toBe(0);
        expect(w.inference!.availability).toBe(1);
        expect(w.inference!.meanReadyReplicas).toBeCloseTo(k.replicas, 9);
        utilSum += w.inference!.utilisation;
        return w.T.mean!;
      });
      expectAgreement({ label: `${label}: W`, measured: W.mean, halfWidth: W.halfWidth, theory: mmcMeanResponse(k.lambda, k.mu, c) }, 0.05);
      // Busy slots / ready slots = ρ (loosely: the runs include their drain at the end).
      const util = utilSum / k.reps;
      report({ label: `${label}: utilisation (±2% band)`, measured: util, halfWidth: 0.02, theory: rho });
      expect(Math.abs(util - rho)).toBeLessThan(0.02);
    });
  }
});

// ---------------------------------------------------------------------------------------
// Erlang B: no queue
// ---------------------------------------------------------------------------------------

/**
 * `queueLimit: 0`: an arrival that finds every slot busy is dropped: M/M/c/c (and, by
 * insensitivity, M/G/c/c). The fraction dropped is compared with Erlang B blocking
 *   B(c, a) = (a^c / c!) / Σ_{j≤c} a^j / j!,  a = λ·E[S],
 * which PASTA makes the fraction of arrivals that find all c busy.
 */
interface ErlangBCase {
  readonly name: string;
  readonly replicas: number;
  readonly concurrency: number;
  readonly lambda: number;
  readonly meanS: number;
  readonly service: unknown;
  readonly seed: number;
}

const erlangBCases: ErlangBCase[] = [
  { name: 'exponential service', replicas: 5, concurrency: 1, lambda: 2, meanS: 2, service: { exponential: { mean: '2s' } }, seed: 301 },
  { name: 'exponential service, 2 replicas × 3 slots', replicas: 2, concurrency: 3, lambda: 2, meanS: 2, service: { exponential: { mean: '2s' } }, seed: 321 },
  // Lognormal with mean 2 s: μ = ln 2 − σ²/2.
  { name: 'lognormal service (σ=1), insensitivity', replicas: 8, concurrency: 1, lambda: 3, meanS: 2, service: { lognormal: { mu: Math.log(2) - 0.5, sigma: 1 } }, seed: 341 },
];

describe('inference service with no queue against Erlang B', () => {
  for (const k of erlangBCases) {
    const c = k.replicas * k.concurrency, a = k.lambda * k.meanS;
    it(`matches Erlang B blocking for M/G/${c}/${c} with ${k.name} at a=${a} Erlangs`, () => {
      const requests = 20_000, reps = 16;
      const P = replicate(reps, k.seed, (seed) => ({
        name: 'erlang B', seed, horizon: '10000d',
        cluster: cluster(k.replicas),
        workloads: [service({ replicas: k.replicas, concurrency: k.concurrency, rate: k.lambda, count: requests, queueLimit: 0, service: k.service })],
      }), (r) => {
        const w = r.workloads.svc, inf = w.inference!;
        expect(w.arrived).toBe(requests);
        expect(w.completed + inf.dropped).toBe(requests);
        expect(inf.failed).toBe(0);
        return inf.dropped / w.arrived;
      });
      expectAgreement({ label: `M/G/${c}/${c} (${k.name}): fraction dropped`, measured: P.mean, halfWidth: P.halfWidth, theory: erlangB(c, a) }, 0.05);
    });
  }
});

// ---------------------------------------------------------------------------------------
// Arrival shapes: diurnal cycle and bursts
// ---------------------------------------------------------------------------------------

interface Shape {
  readonly base: number;
  readonly diurnal?: { readonly amplitude: number; readonly periodS: number; readonly peakS: number };
  readonly bursts?: readonly { readonly atS: number; readonly durationS: number; readonly factor: number }[];
}

/**
 * ∫_a^b λ(t) dt for λ(t) = base · (1 + A cos(2π(t − peak)/P)) · Π{factor of each burst
 * window holding t}, in closed form piece by piece between burst edges.
 */
function expectedArrivals(shape: Shape, a: number, b: number): number {
  const edges = [a, b];
  for (const w of shape.bursts ?? []) for (const e of [w.atS, w.atS + w.durationS]) if (e > a && e < b) edges.push(e);
  edges.sort((x, y) => x - y);
  const d = shape.diurnal;
  const cosIntegral = (x: number, y: number) => {
    if (!d) return y - x;
    const w = (2 * Math.PI) / d.periodS;
    return y - x + (d.amplitude / w) * (Math.sin(w * (y - d.peakS)) - Math.sin(w * (x - d.peakS)));
  };
  let total = 0;
  for (let i = 0; i + 1 < edges.length; i++) {
    const x = edges[i], y = edges[i + 1], mid = (x + y) / 2;
    let f = 1;
    for (const w of shape.bursts ?? []) if (mid >= w.atS && mid < w.atS + w.durationS) f *= w.factor;
    total += shape.base * f * cosIntegral(x, y);
  }
  return total;
}

/**
 * Runs a service whose only replica is never up (its site is down from time 0 to past the
 * horizon), so every request waits: the recorded `queued` series is the number of arrivals
 * so far. Returns a function giving the number of arrivals in [a, b).
 */
function arrivalCounter(shape: Shape, horizonS: number, seed: number): { count: (a: number, b: number) => number; result: RunResult } {
  const arrival: Record<string, unknown> = { poisson: { rate: shape.base } };
  if (shape.diurnal) arrival.diurnal = { amplitude: shape.diurnal.amplitude, period: shape.diurnal.periodS, peak: shape.diurnal.peakS };
  if (shape.bursts) arrival.bursts = shape.bursts.map((b) => ({ at: b.atS, duration: b.durationS, factor: b.factor }));
  const result = run({
    name: 'arrivals', seed, horizon: horizonS,
    cluster: cluster(1),
    workloads: [{ kind: 'inference', id: 'svc', replicas: 1, arrival, service: '1s' }],
    failures: [{ target: 'site', id: 'dc', at: 0, duration: `${10 * horizonS}s` }],
  }, { recordSeries: true });
  const s = result.series!;
  expect(result.metrics.endS).toBe(horizonS);
  expect(result.workloads.svc.queued).toBe(result.workloads.svc.arrived);
  expect(s.queued[s.queued.length - 1]).toBe(result.workloads.svc.arrived);
  /** Arrivals by time t: the series value at the last point at or before t. */
  const by = (t: number) => {
    let lo = 0, hi = s.timeS.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (s.timeS[mid] <= t) lo = mid; else hi = mid - 1;
    }
    return s.queued[lo];
  };
  return { count: (a, b) => by(b) - by(a), result };
}

/** A Poisson count against its mean, 4√mean. */
function expectPoisson(label: string, measured: number, theory: number, maxRel: number): void {
  expectAgreement({ label, measured, halfWidth: Z_SIGMAS * Math.sqrt(theory), theory }, maxRel);
}

describe('arrival shapes against the integrated rate', () => {
  it('diurnal cycle (amplitude 0.8, period 1 d, peak 6 h): arrivals per hour and in all over 2 days match ∫λ(t)dt', () => {
    const shape: Shape = { base: 2, diurnal: { amplitude: 0.8, periodS: DAY, peakS: 6 * HOUR } };
    const horizon = 2 * DAY;
    const { count, result } = arrivalCounter(shape, horizon, 401);
    // Over whole periods the cycle integrates to base × time.
    expect(expectedArrivals(shape, 0, horizon)).toBeCloseTo(2 * horizon, 6);
    expectPoisson('diurnal: arrivals over 2 days', result.workloads.svc.arrived, expectedArrivals(shape, 0, horizon), 0.01);
    const perHour: number[] = [];
    for (let h = 0; h < 48; h++) {
      const n = count(h * HOUR, (h + 1) * HOUR);
      perHour.push(n);
      expectPoisson(`diurnal: arrivals in hour ${h}`, n, expectedArrivals(shape, h * HOUR, (h + 1) * HOUR), 0.11);
    }
    // The busiest hours are those around the peak (5–7 h and 29–31 h), the quietest around the trough.
    const argmax = perHour.indexOf(Math.max(...perHour)) % 24, argmin = perHour.indexOf(Math.min(...perHour)) % 24;
    expect(argmax).toBeGreaterThanOrEqual(4);
    expect(argmax).toBeLessThanOrEqual(7);
    expect(argmin).toBeGreaterThanOrEqual(16);
    expect(argmin).toBeLessThanOrEqual(19);
  });

  it('diurnal defaults (period 1 d, peak 14 h, amplitude 1): arrivals per 2 hours match ∫λ(t)dt, none near the trough at 2 h', () => {
    const shape: Shape = { base: 1, diurnal: { amplitude: 1, periodS: DAY, peakS: 14 * HOUR } };
    const arrival = { poisson: { rate: 1 }, diurnal: { amplitude: 1 } };
    const result = run({
      name: 'diurnal defaults', seed: 402, horizon: '1d', cluster: cluster(1),
      workloads: [{ kind: 'inference', id: 'svc', replicas: 1, arrival, service: '1s' }],
      failures: [{ target: 'site', id: 'dc', at: 0, duration: '100d' }],
    }, { recordSeries: true });
    const s = result.series!;
    const by = (t: number) => { let v = 0; for (let i = 0; i < s.timeS.length && s.timeS[i] <= t; i++) v = s.queued[i]; return v; };
    for (let h = 0; h < 24; h += 2) {
      const theory = expectedArrivals(shape, h * HOUR, (h + 2) * HOUR);
      const n = by((h + 2) * HOUR) - by(h * HOUR);
      if (theory < 100) { expect(n).toBeLessThan(100); continue; }
      expectPoisson(`diurnal defaults: arrivals in [${h} h, ${h + 2} h)`, n, theory, 0.5);
    }
    // Around the trough (2 h) the rate is ≈ 0: ∫ over [1.5 h, 2.5 h] is about 2.4 requests.
    const trough = by(2.5 * HOUR) - by(1.5 * HOUR);
    expect(trough).toBeLessThanOrEqual(15);
  });

  it('bursts (on a mild diurnal cycle) scale the rate by their factor inside their windows, overlapping windows multiply, factor 0 silences', () => {
    const shape: Shape = {
      base: 2,
      diurnal: { amplitude: 0.5, periodS: 6 * HOUR, peakS: 0 },
      bursts: [
        { atS: 1 * HOUR, durationS: 30 * 60, factor: 5 },
        { atS: 2 * HOUR, durationS: HOUR, factor: 0.25 },
        { atS: 3.5 * HOUR, durationS: 20 * 60, factor: 0 },
        { atS: 4 * HOUR, durationS: 40 * 60, factor: 3 },
        { atS: 4 * HOUR + 20 * 60, durationS: 40 * 60, factor: 2 },
      ],
    };
    const horizon = 6 * HOUR;
    const { count, result } = arrivalCounter(shape, horizon, 403);
    expect(count(3.5 * HOUR, 3.5 * HOUR + 20 * 60)).toBe(0);
    const windows: [string, number, number, number][] = [
      ['before the first burst', 0, HOUR, 0.05],
      ['burst ×5', HOUR, 1.5 * HOUR, 0.05],
      ['between bursts', 1.5 * HOUR, 2 * HOUR, 0.1],
      ['burst ×0.25', 2 * HOUR, 3 * HOUR, 0.15],
      ['burst ×3 alone', 4 * HOUR, 4 * HOUR + 20 * 60, 0.1],
      ['bursts ×3 and ×2 overlapping (×6)', 4 * HOUR + 20 * 60, 4 * HOUR + 40 * 60, 0.1],
      ['burst ×2 alone', 4 * HOUR + 40 * 60, 5 * HOUR, 0.15],
      ['after the bursts', 5 * HOUR, 6 * HOUR, 0.05],
    ];
    for (const [name, a, b, maxRel] of windows) expectPoisson(`bursts: arrivals ${name}`, count(a, b), expectedArrivals(shape, a, b), maxRel);
    expectPoisson('bursts: all arrivals', result.workloads.svc.arrived, expectedArrivals(shape, 0, horizon), 0.03);
  });
});

describe('overlapping bursts', () => {
  // The rate is base × Π factors of the windows holding t (RateShape: "rate × diurnal cycle ×
  // burst factors"), so two windows of ×3 and ×2 over the same hour give ×6, more than the
  // largest single factor. Arrivals are drawn by thinning, whose bound must cover that product.
  it('multiplies factors beyond the largest single one: ×3 and ×2 over the same hour give 6× the arrivals', () => {
    const shape: Shape = { base: 1, bursts: [{ atS: HOUR, durationS: HOUR, factor: 3 }, { atS: HOUR, durationS: HOUR, factor: 2 }] };
    const { count } = arrivalCounter(shape, 3 * HOUR, 404);
    expectPoisson('overlap: arrivals before the bursts', count(0, HOUR), expectedArrivals(shape, 0, HOUR), 0.1);
    expectPoisson('overlap: arrivals in the ×3·×2 hour', count(HOUR, 2 * HOUR), expectedArrivals(shape, HOUR, 2 * HOUR), 0.05);
    expectPoisson('overlap: arrivals after the bursts', count(2 * HOUR, 3 * HOUR), expectedArrivals(shape, 2 * HOUR, 3 * HOUR), 0.1);
  });
});

// ---------------------------------------------------------------------------------------
// Service time from tokens
// ---------------------------------------------------------------------------------------

describe('service time from token counts', () => {
  it('has mean E[prompt]·prefill + E[output]·decode (low load, many replicas: latency = service time)', () => {
    // prompt ~ U[200, 1800] tokens (mean 1000), output ~ Exp(mean 300) tokens, rounded to
    // whole tokens; prefill 1 ms/token, decode 10 ms/token: E[S] = 1 + 3 = 4 s.
    // 60 replicas at λ = 2/s (8 Erlangs): P(all busy) is astronomically small, so every
    // latency is a service time and T.mean is the sample mean of N service times.
    const n = 100_000, lambda = 2, replicas = 60;
    const prefill = 0.001, decode = 0.01;
    const r = run({
      name: 'tokens', seed: 501, horizon: '10000d', cluster: cluster(replicas),
      workloads: [service({
        replicas, rate: lambda, count: n,
        tokens: { prompt: { uniform: { min: 200, max: 1800 } }, output: { exponential: { mean: 300 } }, prefillPerToken: '1ms', decodePerToken: '10ms' },
      })],
    });
    const w = r.workloads.svc;
    expect(w.completed).toBe(n);
    const meanS = 1000 * prefill + 300 * decode;
    // Var(S) = prefill²·Var(prompt) + decode²·Var(output) (+ 1/12 token² each for rounding).
    const varS = prefill ** 2 * (1600 ** 2 / 12 + 1 / 12) + decode ** 2 * (300 ** 2 + 1 / 12);
    expectAgreement({ label: 'tokens: mean service time', measured: w.T.mean!, halfWidth: Z_SIGMAS * Math.sqrt(varS / n), theory: meanS }, 0.02);
    // With no waiting, ∫ busy slots dt = Σ service times = completed × T.mean.
    const inf = w.inference!;
    const servingS = inf.utilisation * replicas * r.metrics.endS;
    expect(Math.abs(servingS - n * w.T.mean!) / (n * w.T.mean!)).toBeLessThan(1e-9);
    // Utilisation ≈ λ·E[S]/c (loosely: the run ends at the last completion).
    expect(Math.abs(inf.utilisation - (lambda * meanS) / replicas)).toBeLessThan(0.005);
  });
});

// ---------------------------------------------------------------------------------------
// Availability under node failures with no spare capacity
// ---------------------------------------------------------------------------------------

/**
 * n replicas, one per single-GPU node, on a cluster of exactly n nodes that fail and are
 * repaired independently (exponential, MTTF and MTTR). A replica is re-placed the moment a
 * node comes back (start-up 0), so the number of ready replicas is the number of nodes up:
 *  - availability (time with ≥ 1 replica ready) → 1 − (1 − A)ⁿ, A = MTTF/(MTTF + MTTR);
 *  - mean ready replicas → n·A.
 * Over a finite horizon from an all-up start the expectations include the transient
 * (markovAllDownFraction, markovMeanUpFraction); tolerance 4σ from the Markov variances.
 * Precision is judged on the unavailabilities (the small numbers a bug would change).
 */
describe('service availability under node failures against parallel-redundancy theory', () => {
  it('matches 1 − (1 − A)ⁿ and n·A for 3 replicas on 3 nodes (MTTF 10 h, MTTR 5 h)', () => {
    const n = 3, mttf = 10 * HOUR, mttr = 5 * HOUR, horizon = 1_000_000 * HOUR;
    const r = run({
      name: 'service availability', seed: 601, horizon, runToHorizon: true,
      cluster: cluster(n),
      workloads: [service({ replicas: n, rate: 1 / HOUR, service: '1s' })],
      failures: [{ target: 'node', mtbf: '10h', repair: { exponential: { mean: '5h' } } }],
    });
    expect(r.metrics.endS).toBe(horizon);
    const inf = r.workloads.svc.inference!;
    const A = mttf / (mttf + mttr);
    expect(Math.abs(markovAllDownFraction(mttf, mttr, n, horizon) - (1 - A) ** n)).toBeLessThan(1e-5);
    const allDown = markovAllDownFraction(mttf, mttr, n, horizon);
    expectAgreement({
      label: 'availability: 1 − availability vs (1 − A)ⁿ', measured: 1 - inf.availability,
      halfWidth: Z_SIGMAS * Math.sqrt(markovAllDownVariance(mttf, mttr, n, horizon)), theory: allDown,
    }, 0.05);
    const up = markovMeanUpFraction(mttf, mttr, horizon);
    expectAgreement({
      label: 'availability: n − mean ready replicas vs n(1 − A)', measured: n - inf.meanReadyReplicas,
      halfWidth: Z_SIGMAS * n * Math.sqrt(markovUpFractionVariance(mttf, mttr, horizon, n)), theory: n * (1 - up),
    }, 0.01);
    // Stability S sees the same nodes: mean ready replicas / n = S (one replica per GPU).
    expect(Math.abs(inf.meanReadyReplicas / n - r.metrics.S)).toBeLessThan(1e-9);
  });

  it('holds for 2 replicas of 2 GPUs on 2 nodes of 2 GPUs that fail as nodes (MTTF 20 h, MTTR 10 h)', () => {
    const n = 2, mttf = 20 * HOUR, mttr = 10 * HOUR, horizon = 1_000_000 * HOUR;
    const r = run({
      name: 'service availability 2-GPU replicas', seed: 602, horizon, runToHorizon: true,
      cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: n, node: { gpus: 2, gpu: 'H100' } }] },
      workloads: [service({ replicas: n, gpusPerReplica: 2, rate: 1 / HOUR, service: '1s' })],
      failures: [{ target: 'node', mtbf: '20h', repair: { exponential: { mean: '10h' } } }],
    });
    const inf = r.workloads.svc.inference!;
    expectAgreement({
      label: 'availability (2 × 2-GPU): 1 − availability vs (1 − A)ⁿ', measured: 1 - inf.availability,
      halfWidth: Z_SIGMAS * Math.sqrt(markovAllDownVariance(mttf, mttr, n, horizon)), theory: markovAllDownFraction(mttf, mttr, n, horizon),
    }, 0.05);
    const up = markovMeanUpFraction(mttf, mttr, horizon);
    expectAgreement({
      label: 'availability (2 × 2-GPU): n − mean ready replicas vs n(1 − A)', measured: n - inf.meanReadyReplicas,
      halfWidth: Z_SIGMAS * n * Math.sqrt(markovUpFractionVariance(mttf, mttr, horizon, n)), theory: n * (1 - up),
    }, 0.02);
  });
});
