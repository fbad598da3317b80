/**
 * The simulator against queueing theory. Batch tasks with Poisson arrivals run under FIFO on
 * single-GPU H100 nodes (speed 1.0) unless a test says otherwise.
 *
 * Intervals: batch means over 25 batches of consecutive tasks (arrival order) or of equal
 * time windows, after a 2% warm-up, Student t at 99.9% two-sided (test/helpers/stats.ts).
 * Each check also requires the half-width to be a small fraction of the theoretical value,
 * so that it could fail. Seeds are fixed: the runs are deterministic.
 *
 * Set THEORY_REPORT=1 to print every measured value, interval and theoretical value.
 */
import { describe, expect, it } from 'vitest';
import {
  batchMeans, erlangC, intervalFromBatchMeans, mean, mmcMeanResponse, pkMeanResponse, timeAverage, timeWindowAverages,
} from '../../helpers/stats.ts';
import { batchWorkload, expectAgreement, run, runTraced, singleGpuCluster } from './harness.ts';

const BATCHES = 25;
const WARMUP = 0.02;

/**
 * M/M/c: Poisson arrivals, exponential service, c identical servers (single-GPU H100 nodes,
 * speed 1.0), FIFO. The simulator's response times are compared with Erlang C:
 *   W = C(c, a) / (cμ − λ) + 1/μ,  a = λ/μ,
 * and the fraction of tasks that wait with C(c, a) itself (PASTA: an arrival finds all c
 * servers busy with the time-stationary probability C(c, a)).
 */
interface MmcCase {
  readonly c: number;
  readonly lambda: number;
  readonly mu: number;
  readonly tasks: number;
  readonly seed: number;
  /** Largest acceptable half-width of the W interval, relative to W (heavy traffic is noisier). */
  readonly maxRelHalfWidth: number;
}

const mmcCases: MmcCase[] = [
  { c: 1, lambda: 0.25, mu: 0.5, tasks: 300_000, seed: 11, maxRelHalfWidth: 0.04 },
  { c: 4, lambda: 1.4, mu: 0.5, tasks: 300_000, seed: 12, maxRelHalfWidth: 0.04 },
  { c: 10, lambda: 4, mu: 0.5, tasks: 300_000, seed: 13, maxRelHalfWidth: 0.04 },
  { c: 16, lambda: 7.2, mu: 0.5, tasks: 1_500_000, seed: 14, maxRelHalfWidth: 0.05 },
];

function mmcRun({ c, lambda, mu, tasks, seed }: MmcCase) {
  return runTraced({
    name: `M/M/${c}`, seed, horizon: '1000d',
    cluster: singleGpuCluster(c),
    workloads: [batchWorkload('w', tasks, lambda, { exponential: { mean: `${1 / mu}s` } })],
  }, tasks);
}

describe('M/M/c against Erlang C', () => {
  for (const k of mmcCases) {
    const rho = k.lambda / (k.c * k.mu);
    const label = `λ=${k.lambda}, μ=${k.mu}, c=${k.c} (ρ=${rho.toFixed(2)})`;

    it(`matches Erlang C mean response time and probability of waiting for M/M/c at ${label}`, () => {
      const traced = mmcRun(k);
      const m = traced.result.metrics;
      expect(m.completed).toBe(k.tasks);
      expect(m.interruptions).toBe(0);

      const W = batchMeans(traced.responseS, BATCHES, { warmupFraction: WARMUP });
      expectAgreement({ label: `M/M/${k.c} W at ${label}`, measured: W.mean, halfWidth: W.halfWidth, theory: mmcMeanResponse(k.lambda, k.mu, k.c) }, k.maxRelHalfWidth);

      const waited = traced.waitS.map((w) => (w > 0 ? 1 : 0));
      const P = batchMeans(waited, BATCHES, { warmupFraction: WARMUP });
      expectAgreement({ label: `M/M/${k.c} P(wait) at ${label}`, measured: P.mean, halfWidth: P.halfWidth, theory: erlangC(k.c, k.lambda / k.mu) }, 0.06);

      // The reported mean response time is the mean of the observed ones (all tasks).
      const all = mean(traced.responseS);
      expect(Math.abs(m.T! - all) / all).toBeLessThan(1e-9);
      expect(Math.abs(traced.result.workloads.w.T.mean! - all) / all).toBeLessThan(1e-9);
    });
  }
});

describe('M/M/c equivalents through GPU speed and multi-GPU packing', () => {
  it('matches Erlang C for M/M/4 on speed-2 GPUs, where μ = speed / E[work] (λ=1.4, E[work]=4 s, ρ=0.7)', () => {
    const c = 4, lambda = 1.4, speed = 2, meanWork = 4, tasks = 300_000;
    const traced = runTraced({
      name: 'M/M/4 speed 2', seed: 15, horizon: '1000d',
      cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: c, node: { gpus: 1, gpu: 'H100', speed } }] },
      workloads: [batchWorkload('w', tasks, lambda, { exponential: { mean: `${meanWork}s` } })],
    }, tasks);
    const W = batchMeans(traced.responseS, BATCHES, { warmupFraction: WARMUP });
    expectAgreement({ label: 'M/M/4 on speed-2 GPUs W', measured: W.mean, halfWidth: W.halfWidth, theory: mmcMeanResponse(lambda, speed / meanWork, c) }, 0.04);
  });

  it('matches Erlang C for 2-GPU tasks on four 4-GPU nodes, which best-fit packing makes M/M/8 (λ=3.2, μ=0.5, ρ=0.8)', () => {
    const lambda = 3.2, mu = 0.5, tasks = 500_000;
    const traced = runTraced({
      name: 'M/M/8 by packing', seed: 16, horizon: '1000d',
      cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: 4, node: { gpus: 4, gpu: 'H100' } }] },
      workloads: [{ ...batchWorkload('w', tasks, lambda, { exponential: { mean: `${1 / mu}s` } }), gpus: 2 }],
    }, tasks);
    const W = batchMeans(traced.responseS, BATCHES, { warmupFraction: WARMUP });
    expectAgreement({ label: '2-GPU tasks on 4-GPU nodes (M/M/8) W', measured: W.mean, halfWidth: W.halfWidth, theory: mmcMeanResponse(lambda, mu, 8) }, 0.04);
    const P = batchMeans(traced.waitS.map((w) => (w > 0 ? 1 : 0)), BATCHES, { warmupFraction: WARMUP });
    expectAgreement({ label: '2-GPU tasks on 4-GPU nodes (M/M/8) P(wait)', measured: P.mean, halfWidth: P.halfWidth, theory: erlangC(8, lambda / mu) }, 0.06);
  });
});

/**
 * M/G/1: Poisson arrivals, general service, one server (one single-GPU H100 node), FIFO.
 * The mean response time is compared with Pollaczek–Khinchine:
 *   Wq = λ·E[S²] / (2(1 − ρ)),  W = Wq + E[S],  ρ = λ·E[S].
 * E[S] and E[S²] are written from the distributions' formulas here, not taken from src/.
 */
const MG1_RHO = 0.7;

interface Mg1Case {
  readonly name: string;
  /** The service distribution as a scenario writes it. */
  readonly work: unknown;
  readonly meanS: number;
  readonly secondMomentS: number;
  readonly seed: number;
  /** Tasks to run (a heavier-tailed service needs more for the same precision). */
  readonly tasks: number;
}

const LOGNORMAL_SIGMA = 0.75;
const mg1Cases: Mg1Case[] = [
  // Constant 2 s: E[S] = 2, E[S²] = 4.
  { name: 'M/D/1 (constant 2 s service)', work: '2s', meanS: 2, secondMomentS: 4, seed: 21, tasks: 400_000 },
  // Uniform on [1, 3] s: E[S] = 2, E[S²] = (1 + 3 + 9)/3.
  { name: 'M/G/1 with uniform service on [1 s, 3 s]', work: { uniform: { min: '1s', max: '3s' } }, meanS: 2, secondMomentS: 13 / 3, seed: 22, tasks: 400_000 },
  // Lognormal, median 2 s (μ = ln 2), σ = 0.75: E[S] = 2·e^{σ²/2}, E[S²] = 4·e^{2σ²}.
  {
    name: `M/G/1 with lognormal service (median 2 s, σ=${LOGNORMAL_SIGMA})`, work: { lognormal: { median: '2s', sigma: LOGNORMAL_SIGMA } },
    meanS: 2 * Math.exp((LOGNORMAL_SIGMA * LOGNORMAL_SIGMA) / 2), secondMomentS: 4 * Math.exp(2 * LOGNORMAL_SIGMA * LOGNORMAL_SIGMA), seed: 23, tasks: 1_000_000,
  },
];

describe('M/G/1 against Pollaczek–Khinchine', () => {
  for (const k of mg1Cases) {
    const lambda = MG1_RHO / k.meanS;
    it(`matches the Pollaczek–Khinchine mean response time for ${k.name} at ρ=${MG1_RHO}`, () => {
      const traced = runTraced({
        name: k.name, seed: k.seed, horizon: '1000d',
        cluster: singleGpuCluster(1),
        workloads: [batchWorkload('w', k.tasks, lambda, k.work)],
      }, k.tasks);
      expect(traced.result.metrics.completed).toBe(k.tasks);
      const W = batchMeans(traced.responseS, BATCHES, { warmupFraction: WARMUP });
      expectAgreement({
        label: `${k.name} W at λ=${lambda.toPrecision(4)}`, measured: W.mean, halfWidth: W.halfWidth,
        theory: pkMeanResponse(lambda, k.meanS, k.secondMomentS),
      }, 0.04);
    });
  }
});

/**
 * Little's law, L = λW, two ways:
 *  - as a sample-path identity: over a run that drains (every task completes), the time
 *    integral of the number in system equals the sum of the response times, so
 *    meanInSystem = throughput × mean response time up to rounding, whatever the arrival,
 *    service, failure or placement processes;
 *  - as a steady-state statement for M/M/c: the time-average number in system (from the
 *    recorded series, batch means over time windows) against λ·W from Erlang C.
 */
function expectLittleIdentity(m: { meanInSystem: number; throughputPerS: number; T: number | null; completed: number; arrived: number }): void {
  expect(m.completed).toBe(m.arrived);
  const xw = m.throughputPerS * m.T!;
  expect(Math.abs(m.meanInSystem - xw) / xw, `L = ${m.meanInSystem}, X·W = ${xw}`).toBeLessThan(1e-9);
}

describe("Little's law", () => {
  it('holds exactly (L = X·W to rounding) on a drained M/M/4 run', () => {
    const r = run({
      name: 'little M/M/4', seed: 31, horizon: '1000d',
      cluster: singleGpuCluster(4),
      workloads: [batchWorkload('w', 50_000, 1.4, { exponential: { mean: '2s' } })],
    });
    expect(r.metrics.endS).toBeLessThan(r.horizonS);
    expectLittleIdentity(r.metrics);
  });

  it('holds exactly on a drained run with two workloads, multi-GPU tasks and node and rack failures that interrupt tasks', () => {
    const r = run({
      name: 'little with failures', seed: 32, horizon: '1000d',
      cluster: { sites: [{ id: 'dc', racks: 2, nodesPerRack: 4, node: { gpus: 4, gpu: 'H100' } }] },
      workloads: [
        batchWorkload('small', 20_000, 0.8, { exponential: { mean: '10s' } }),
        { ...batchWorkload('large', 10_000, 0.4, { lognormal: { median: '15s', sigma: 0.5 } }), gpus: 3 },
      ],
      failures: [
        { target: 'node', mtbf: '2h', repair: { exponential: { mean: '10m' } } },
        { target: 'rack', mtbf: '12h', repair: { exponential: { mean: '20m' } } },
      ],
    });
    expect(r.interruptions.count).toBeGreaterThan(20);
    expect(r.metrics.endS).toBeLessThan(r.horizonS);
    expectLittleIdentity(r.metrics);
  });

  it('agrees with λW from Erlang C for the time-average number in system (and λ/μ for busy servers) of M/M/10 at ρ=0.8', () => {
    const c = 10, lambda = 4, mu = 0.5, tasks = 300_000;
    const traced = runTraced({
      name: 'little M/M/10', seed: 33, horizon: '1000d',
      cluster: singleGpuCluster(c),
      workloads: [batchWorkload('w', tasks, lambda, { exponential: { mean: '2s' } })],
    }, tasks, { recordSeries: true });
    const r = traced.result, s = r.series!, m = r.metrics;
    const inSystem = s.queued.map((q, i) => q + s.busyGpus[i]);

    // The series integrates to the reported figures (one GPU per task, no failures).
    expect(Math.abs(timeAverage(s.timeS, inSystem, m.endS, 0, m.endS) - m.meanInSystem) / m.meanInSystem).toBeLessThan(1e-9);
    expect(Math.abs(timeAverage(s.timeS, s.queued, m.endS, 0, m.endS) - m.meanQueued) / m.meanQueued).toBeLessThan(1e-9);
    expect(Math.abs(timeAverage(s.timeS, s.busyGpus, m.endS, 0, m.endS) * m.endS - m.busyGpuS) / m.busyGpuS).toBeLessThan(1e-9);

    // Steady state: from the 2% warm-up point to the last arrival, 25 time windows.
    const from = traced.arrivalS[Math.floor(0.02 * tasks)], to = traced.arrivalS[tasks - 1];
    const L = intervalFromBatchMeans(timeWindowAverages(s.timeS, inSystem, m.endS, from, to, BATCHES));
    expectAgreement({ label: 'M/M/10 L (time average)', measured: L.mean, halfWidth: L.halfWidth, theory: lambda * mmcMeanResponse(lambda, mu, c) }, 0.04);
    // Little's law on the servers alone: the mean number busy is λ/μ.
    const busy = intervalFromBatchMeans(timeWindowAverages(s.timeS, s.busyGpus, m.endS, from, to, BATCHES));
    expectAgreement({ label: 'M/M/10 busy servers (time average)', measured: busy.mean, halfWidth: busy.halfWidth, theory: lambda / mu }, 0.02);
  });
});
