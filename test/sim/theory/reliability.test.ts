/**
 * The simulator against reliability theory: random failures and repairs of GPUs, nodes and
 * racks, with no workloads (such runs always go to the horizon).
 *
 * Intervals: 4σ from the theoretical variance where it is known (exponential up and repair
 * times), otherwise batch means over 25 time windows of the recorded series after a 1%
 * warm-up, Student t at 99.9% two-sided (test/helpers/stats.ts). Each check also requires
 * the half-width to be a small fraction of the theoretical value, so that it could fail.
 * Seeds are fixed: the runs are deterministic.
 *
 * Set THEORY_REPORT=1 to print every measured value, interval and theoretical value.
 */
import { describe, expect, it } from 'vitest';
import {
  availability, batchMeans, binomialTail, intervalFromBatchMeans, lnGamma, markovMeanUpFraction, markovUpFractionVariance,
  timeAverage, timeWindowAverages, Z_SIGMAS,
} from '../../helpers/stats.ts';
import { batchWorkload, expectAgreement, run, runTraced, singleGpuCluster, type ScenarioDoc } from './harness.ts';

const HOUR = 3600;
const BATCHES = 25;

/**
 * Stability S (time-average fraction of GPUs up) under random failures and repairs.
 *
 *  - Exponential up and repair times: each node is a two-state Markov chain (failure rate
 *    a = 1/MTTF, repair rate b = 1/MTTR) that starts up. The expected time-average up
 *    fraction over [0, H] is A + (1 − A)(1 − e^{−(a+b)H})/((a+b)H), A = MTTF/(MTTF + MTTR),
 *    and for n independent nodes its variance is ≈ 2A(1 − A)/((a+b)·H·n): tolerance 4σ.
 *    The expected number of failures is a·∫P(up) = n·a·H·(that mean), with renewal variance
 *    ≈ n·H·Var(cycle)/E(cycle)³.
 *  - Any up-time and repair distributions: by renewal theory the long-run availability is
 *    E[up] / (E[up] + E[repair]) (lognormal repairs, Weibull up times); tolerance from
 *    batch means over 25 time windows of the recorded series after a warm-up, t at 99.9%.
 *  - Nested failures: a GPU is up only when it, its node and its rack are all up, so with
 *    independent processes at each level S = A_gpu · A_node · A_rack.
 *
 * Precision is judged on the unavailability 1 − S (the small number a bug would change).
 */

/** Unavailability over windows of the series after `warmupS`, with a batch-means interval. */
function seriesUnavailability(doc: ScenarioDoc, warmupS: number) {
  const r = run(doc, { recordSeries: true });
  const s = r.series!, m = r.metrics;
  const gpus = m.provisionedGpuS / m.endS;
  // The series integrates to the reported S.
  expect(Math.abs(timeAverage(s.timeS, s.upGpus, m.endS, 0, m.endS) / gpus - m.S)).toBeLessThan(1e-9);
  const windows = timeWindowAverages(s.timeS, s.upGpus, m.endS, warmupS, m.endS, BATCHES, (up) => 1 - up / gpus);
  return { result: r, estimate: intervalFromBatchMeans(windows) };
}

describe('stability S against availability theory', () => {
  it('matches A = MTTF/(MTTF+MTTR) for 500 nodes with exponential up (100 h) and repair (10 h) times', () => {
    const n = 500, mttf = 100 * HOUR, mttr = 10 * HOUR, horizon = 100_000 * HOUR;
    const r = run({
      name: 'availability exponential', seed: 41, horizon,
      cluster: singleGpuCluster(n),
      failures: [{ target: 'node', mtbf: '100h', repair: { exponential: { mean: '10h' } } }],
    });
    const m = r.metrics;
    expect(m.endS).toBe(horizon);
    const expectedS = markovMeanUpFraction(mttf, mttr, horizon);
    // The transient from the all-up start is negligible next to the tolerance, but included.
    expect(Math.abs(expectedS - availability(mttf, mttr))).toBeLessThan(1e-4);
    const sigma = Math.sqrt(markovUpFractionVariance(mttf, mttr, horizon, n));
    expectAgreement({ label: 'exponential: unavailability 1 − S', measured: 1 - m.S, halfWidth: Z_SIGMAS * sigma, theory: 1 - expectedS }, 0.03);

    // Failure count: E = n·a·H·E[S]; Var ≈ n·H·Var(cycle)/E(cycle)³ (renewal CLT).
    const expectedFailures = (n * horizon * expectedS) / mttf;
    const sdFailures = Math.sqrt((n * horizon * (mttf * mttf + mttr * mttr)) / (mttf + mttr) ** 3);
    expect(r.failures.byTarget.node).toBe(r.failures.count);
    expectAgreement({ label: 'exponential: node failures', measured: r.failures.count, halfWidth: Z_SIGMAS * sdFailures, theory: expectedFailures }, 0.01);
  });

  it('matches A = MTTF/(MTTF+MTTR) with lognormal repairs (mean 10 h, σ=1) and exponential up times (100 h)', () => {
    const n = 500, sigma = 1, mttr = 10 * HOUR, horizon = 100_000 * HOUR;
    // Lognormal mean e^{μ + σ²/2} = MTTR.
    const mu = Math.log(mttr) - (sigma * sigma) / 2;
    const { estimate } = seriesUnavailability({
      name: 'availability lognormal repair', seed: 42, horizon,
      cluster: singleGpuCluster(n),
      failures: [{ target: 'node', mtbf: '100h', repair: { lognormal: { mu, sigma } } }],
    }, 0.01 * horizon);
    expectAgreement({ label: 'lognormal repair: unavailability', measured: estimate.mean, halfWidth: estimate.halfWidth, theory: 1 - availability(100 * HOUR, mttr) }, 0.03);
  });

  it('matches E[up]/(E[up]+E[repair]) with Weibull up times (shape 1.5, mean 50 h) and lognormal repairs (mean 5 h)', () => {
    const n = 400, shape = 1.5, mttf = 50 * HOUR, mttr = 5 * HOUR, sigma = 0.8, horizon = 50_000 * HOUR;
    // Weibull mean = scale·Γ(1 + 1/shape).
    const scale = mttf / Math.exp(lnGamma(1 + 1 / shape));
    const mu = Math.log(mttr) - (sigma * sigma) / 2;
    const { estimate } = seriesUnavailability({
      name: 'availability weibull', seed: 43, horizon,
      cluster: singleGpuCluster(n),
      failures: [{ target: 'node', mtbf: { weibull: { shape, scale } }, repair: { lognormal: { mu, sigma } } }],
    }, 0.01 * horizon);
    expectAgreement({ label: 'weibull up, lognormal repair: unavailability', measured: estimate.mean, halfWidth: estimate.halfWidth, theory: 1 - availability(mttf, mttr) }, 0.03);
  });

  it('multiplies availabilities across nested levels: S = A_gpu·A_node·A_rack·A_site for GPU, node, rack and site failures', () => {
    const horizon = 100_000 * HOUR;
    const site = (id: string) => ({ id, racks: 10, nodesPerRack: 10, node: { gpus: 2, gpu: 'H100' } });
    const { result, estimate } = seriesUnavailability({
      name: 'availability nested', seed: 44, horizon,
      cluster: { sites: [site('east'), site('west')] },
      failures: [
        { target: 'gpu', mtbf: '200h', repair: { exponential: { mean: '5h' } } },
        { target: 'node', mtbf: '100h', repair: { exponential: { mean: '10h' } } },
        { target: 'rack', mtbf: '1000h', repair: { exponential: { mean: '10h' } } },
        { target: 'site', mtbf: '200h', repair: { exponential: { mean: '2h' } } },
      ],
    }, 0.01 * horizon);
    for (const level of ['gpu', 'node', 'rack', 'site'] as const) expect(result.failures.byTarget[level]).toBeGreaterThan(0);
    const A = availability(200, 5) * availability(100, 10) * availability(1000, 10) * availability(200, 2);
    expectAgreement({ label: 'nested gpu/node/rack/site: unavailability', measured: estimate.mean, halfWidth: estimate.halfWidth, theory: 1 - A }, 0.03);
  });

  it('counts a rack cut off by its uplink as down: S = A_rack·A_uplink, and no data is lost to uplink failures', () => {
    // 400 racks of one GPU, replicated storage (2 pieces): rack failures lose stripes when two
    // neighbouring racks are down together; uplink failures cut racks off but keep their data.
    const n = 400, horizon = 20_000 * HOUR;
    const doc = (uplinkOnly: boolean): ScenarioDoc => ({
      name: 'availability uplinks', seed: 45, horizon,
      cluster: { sites: [{ id: 'dc', racks: n, nodesPerRack: 1, node: { gpus: 1, gpu: 'H100' }, storage: { replicas: 2, stripes: 4000 } }] },
      failures: [
        { target: 'uplink', mtbf: '50h', repair: { exponential: { mean: '5h' } } },
        ...(uplinkOnly ? [] : [{ target: 'rack', mtbf: '200h', repair: { exponential: { mean: '10h' } } }]),
      ],
    });
    const { result, estimate } = seriesUnavailability(doc(false), 0.01 * horizon);
    const A = availability(50, 5) * availability(200, 10);
    expectAgreement({ label: 'uplink and rack: unavailability', measured: estimate.mean, halfWidth: estimate.halfWidth, theory: 1 - A }, 0.03);
    expect(result.storage.dc.lostStripes).toBeGreaterThan(0);
    const uplinks = run(doc(true));
    expect(uplinks.failures.byTarget.uplink).toBeGreaterThan(1000);
    expect(uplinks.storage.dc.lostStripes).toBe(0);
  });
});

/**
 * k-of-n redundancy: n single-GPU nodes fail and are repaired independently; the fraction of
 * time at least k of them are up is compared with the binomial tail
 *   P(≥ k up) = Σ_{j≥k} C(n, j) A^j (1 − A)^{n−j},  A = MTTF / (MTTF + MTTR),
 * which holds in steady state for any up-time and repair distributions (each node is up
 * with probability A, independently of the others).
 *
 * The fraction is read from the recorded series (upGpus, one GPU per node). Interval: batch
 * means over 25 time windows after a 1% warm-up, Student t at 99.9% two-sided. Precision is
 * judged on the probability of the rarer outcome (fewer than k up, when that is below 1/2).
 */
interface KOfNCase {
  readonly name: string;
  readonly n: number;
  readonly k: number;
  readonly mttfH: number;
  readonly mttrH: number;
  readonly repair: unknown;
  readonly horizonH: number;
  readonly seed: number;
}

const LOGNORMAL_SIGMA = 1;
const kOfNCases: KOfNCase[] = [
  { name: 'exponential repairs', n: 10, k: 8, mttfH: 100, mttrH: 10, repair: { exponential: { mean: '10h' } }, horizonH: 4_000_000, seed: 51 },
  {
    name: `lognormal repairs (σ=${LOGNORMAL_SIGMA})`, n: 20, k: 18, mttfH: 100, mttrH: 10,
    repair: { lognormal: { mu: Math.log(10 * HOUR) - LOGNORMAL_SIGMA ** 2 / 2, sigma: LOGNORMAL_SIGMA } }, horizonH: 1_000_000, seed: 52,
  },
  { name: 'exponential repairs, series system (all must be up)', n: 5, k: 5, mttfH: 100, mttrH: 10, repair: { exponential: { mean: '10h' } }, horizonH: 2_000_000, seed: 53 },
];

describe('k-of-n availability against the binomial tail', () => {
  for (const c of kOfNCases) {
    it(`matches the binomial tail for at least ${c.k} of ${c.n} nodes up with ${c.name}`, () => {
      const horizon = c.horizonH * HOUR;
      const r = run({
        name: `${c.k}-of-${c.n}`, seed: c.seed, horizon,
        cluster: singleGpuCluster(c.n),
        failures: [{ target: 'node', mtbf: `${c.mttfH}h`, repair: c.repair }],
      }, { recordSeries: true });
      const s = r.series!;
      expect(r.metrics.endS).toBe(horizon);
      expect(s.upGpus[0]).toBe(c.n);
      expect(s.upGpus.every((u) => u >= 0 && u <= c.n)).toBe(true);

      const P = binomialTail(c.n, c.k, availability(c.mttfH, c.mttrH));
      // Estimate the rarer of "at least k up" and "fewer than k up".
      const rareIsShortfall = P > 0.5;
      const indicator = (up: number) => ((up >= c.k) !== rareIsShortfall ? 1 : 0);
      const est = intervalFromBatchMeans(timeWindowAverages(s.timeS, s.upGpus, horizon, 0.01 * horizon, horizon, BATCHES, indicator));
      expectAgreement({
        label: `${c.k}-of-${c.n}, ${c.name}: P(${rareIsShortfall ? `fewer than ${c.k}` : `at least ${c.k}`} up)`,
        measured: est.mean, halfWidth: est.halfWidth, theory: rareIsShortfall ? 1 - P : P,
      }, 0.05);
    });
  }
});

/**
 * Restart after failure (preemptive repeat, identical work): a task needing x seconds of
 * work runs on a node whose up time is exponential with rate α; when the node fails the task
 * starts over, at once, on another up node (there are always plenty free here, and by
 * memorylessness that node's remaining up time is again Exp(α)). Then
 *   E[completion time] = (e^{αx} − 1)/α,  E[interruptions] = e^{αx} − 1,
 * and goodput (useful / busy GPU time) = x / E[completion time] = αx / (e^{αx} − 1).
 * Intervals: batch means over 25 batches of consecutive tasks after a 2% warm-up.
 */
describe('restart after failure against the preemptive-repeat formula', () => {
  it('matches E[T] = (e^{αx} − 1)/α and e^{αx} − 1 interruptions per task for 1 h tasks on nodes with a 1 h MTTF', () => {
    const tasks = 20_000, mttf = HOUR, work = HOUR, alpha = 1 / mttf;
    const expectedT = Math.expm1(alpha * work) / alpha;
    const traced = runTraced({
      name: 'preemptive repeat', seed: 61, horizon: '10000d',
      cluster: singleGpuCluster(200),
      // About 20 tasks in service at a time, on ~180 nodes up: a restart never waits.
      workloads: [batchWorkload('w', tasks, 20 / expectedT, `${work}s`)],
      failures: [{ target: 'node', mtbf: '1h', repair: { exponential: { mean: '6m' } } }],
    }, tasks, { recordSeries: true });
    const m = traced.result.metrics;
    expect(m.completed).toBe(tasks);
    // The premise: no task ever waited for a GPU.
    expect(traced.result.series!.queued.every((q) => q === 0)).toBe(true);

    const T = batchMeans(traced.responseS, BATCHES, { warmupFraction: 0.02 });
    expectAgreement({ label: 'preemptive repeat: E[T]', measured: T.mean, halfWidth: T.halfWidth, theory: expectedT }, 0.03);
    const I = batchMeans(Array.from(traced.interruptions, Number), BATCHES, { warmupFraction: 0.02 });
    expectAgreement({ label: 'preemptive repeat: interruptions per task', measured: I.mean, halfWidth: I.halfWidth, theory: Math.expm1(alpha * work) }, 0.05);
    expect(traced.interruptions.reduce((a, b) => a + b, 0)).toBe(m.interruptions);

    // With no waiting, busy time is the sum of completion times: goodput = x / mean T exactly.
    expect(Math.abs(m.goodput - work / m.T!)).toBeLessThan(1e-9);
    // Against theory, with the interval of T carried through g = x/T (delta method).
    expectAgreement({
      label: 'preemptive repeat: goodput', measured: work / T.mean, halfWidth: (work * T.halfWidth) / (T.mean * T.mean),
      theory: (alpha * work) / Math.expm1(alpha * work),
    }, 0.03);
  });
});
