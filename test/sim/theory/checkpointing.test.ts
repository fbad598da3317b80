/**
 * Checkpointed training against the exact theory of checkpoint/restart under exponential
 * failures, and at Llama-3 scale.
 *
 * Model. A job holding its GPUs is hit by a Poisson process of rate λ = 1/M (only GPU- and
 * node-level failures with exponential MTBF, single-GPU nodes, and plenty of spare GPUs, so
 * that after a hit the job restarts at once on other GPUs and sees the same rate). A segment
 * that needs W seconds without a failure, where every failed attempt is followed by a restart
 * of R seconds (failures can strike during restarts and during checkpoint writes), takes in
 * expectation
 *
 *   f(W) = M·e^{R/M}·(e^{W/M} − 1),
 *
 * the first segment included: E[X] = (1 − e^{−λW})(1/λ + E[Y]) with E[Y] = M(e^{λ(R+W)} − 1),
 * the expected time from a failure to the end of the segment.
 *
 * The simulator checkpoints after every τ of computation except after the last segment (the
 * job ends there, nothing to save), so with n = ⌈T_s/τ⌉ − 1 checkpointed segments the
 * expected wall time is exactly
 *
 *   T_w = n·f(τ + δ) + f(T_s − n·τ).                         ← what these tests check
 *
 * (The usual textbook form T_w = (T_s/τ)·f(τ + δ) also charges a checkpoint after the last
 * segment; for T_s a multiple of τ it exceeds the above by f(τ+δ) − f(τ) ≈ 0.15 % here.)
 * By the Poisson compensator the expected number of interruptions is T_w / M.
 *
 * Estimates come from independent replications (one job per run, seeds 1..N): mean with a
 * Student-t interval at 99.9 %, and each check also requires the half-width to be a small
 * fraction of the theoretical value, so that it can fail. Seeds are fixed: deterministic.
 *
 * THEORY_REPORT=1 prints every measured value against theory.
 */
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../../src/policies/backup/fixedInterval.ts';
import { dalyIntervalS, youngDaly } from '../../../src/policies/backup/youngDaly.ts';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import type { PolicySet } from '../../../src/sim/policy/PolicySet.ts';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import type { BackupPolicy, TrainingJobView } from '../../../src/sim/policy/BackupPolicy.ts';
import { validateScenario } from '../../../src/sim/scenario/parseScenario.ts';
import type { Scenario } from '../../../src/sim/scenario/types.ts';
import { intervalFromBatchMeans, Z_SIGMAS } from '../../helpers/stats.ts';
import { policySet } from '../../helpers/policies.ts';
import { expectAgreement, report, type ScenarioDoc } from './harness.ts';

const MIN = 60;
const HOUR = 3600;
const DAY = 86400;

// ---------------------------------------------------------------------------------------
// Theory (written from the formulas above, independently of src/)
// ---------------------------------------------------------------------------------------

/** Expected time to get W seconds without a failure, with restart R after each failure. */
function segmentS(W: number, M: number, R: number): number {
  return M * Math.exp(R / M) * Math.expm1(W / M);
}

/** Exact expected wall time with a checkpoint every τ of computation and none after the last segment. */
function expectedWallS(Ts: number, tau: number, delta: number, M: number, R: number): number {
  const n = Math.ceil(Ts / tau - 1e-9) - 1;
  return n * segmentS(tau + delta, M, R) + segmentS(Ts - n * tau, M, R);
}

/** The textbook form with fractional segments n = T_s/τ (a checkpoint after every segment). */
function textbookWallS(Ts: number, tau: number, delta: number, M: number, R: number): number {
  return (Ts / tau) * segmentS(tau + delta, M, R);
}

/** Golden-section search for the minimum of a unimodal function on [a, b]. */
function goldenMin(f: (x: number) => number, a: number, b: number): number {
  const r = (Math.sqrt(5) - 1) / 2;
  let c = b - r * (b - a), d = a + r * (b - a);
  let fc = f(c), fd = f(d);
  for (let i = 0; i < 300 && b - a > 1e-12 * b; i++) {
    if (fc < fd) { b = d; d = c; fd = fc; c = b - r * (b - a); fc = f(c); }
    else { a = c; c = d; fc = fd; d = a + r * (b - a); fd = f(d); }
  }
  return (a + b) / 2;
}

/** The τ minimising the exact T_w(τ) with fractional segments (independent of T_s and R). */
function optimalTau(delta: number, M: number): number {
  return goldenMin((tau) => textbookWallS(1, tau, delta, M, 0), 1e-6 * M, 20 * M);
}

// ---------------------------------------------------------------------------------------
// Runs
// ---------------------------------------------------------------------------------------

/** Single-GPU nodes, exponential failures of GPUs (and optionally nodes), constant repairs. */
function trainingDoc(o: {
  gpus: number; spareGpus: number; workS: number; deltaS: number; restartS: number;
  gpuMtbfS: number; nodeMtbfS?: number; repair?: string;
}): ScenarioDoc {
  const failures: unknown[] = [{ target: 'gpu', mtbf: o.gpuMtbfS, repair: o.repair ?? '1h' }];
  if (o.nodeMtbfS !== undefined) failures.push({ target: 'node', mtbf: `${o.nodeMtbfS}s`, repair: { exponential: { mean: '30m' } } });
  return {
    name: 'checkpointing theory', horizon: '3000d',
    cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: o.gpus + o.spareGpus, node: { gpus: 1, gpu: 'H100' } }] },
    workloads: [{ kind: 'training', id: 'job', gpus: o.gpus, work: o.workS, checkpoint: { cost: o.deltaS, restart: o.restartS } }],
    failures,
  };
}

interface Replications {
  readonly wallS: number[];
  readonly interruptions: number[];
  readonly checkpoints: number[];
  /** M the backup policy was shown (first call of the first run). */
  readonly mtbfSeen: number;
}

/**
 * Runs seeds 1..n of a scenario, one training job each, and checks that every run
 * completed the job and never waited for GPUs (the theory assumes immediate restarts).
 */
function replicate(s: Scenario, backup: BackupPolicy, n: number): Replications {
  let mtbfSeen = NaN;
  const spy: BackupPolicy = {
    name: backup.name,
    checkpointIntervalS: (job: TrainingJobView, nowS: number) => {
      if (Number.isNaN(mtbfSeen)) mtbfSeen = job.mtbfS;
      return backup.checkpointIntervalS(job, nowS);
    },
  };
  const policies: PolicySet = policySet({ scheduling: fifo.create({}), backup: spy });
  const w0 = s.workloads[0];
  if (w0.kind !== 'training') throw new Error('expected one training workload');
  const gpus = w0.gpus;
  const out: Replications = { wallS: [], interruptions: [], checkpoints: [], mtbfSeen: NaN };
  for (let seed = 1; seed <= n; seed++) {
    const r: RunResult = simulate({ ...s, seed }, policies, { maxEvents: 10_000_000 });
    const w = r.workloads.job;
    if (w.completed !== 1) throw new Error(`seed ${seed}: the job did not complete by the horizon`);
    const heldS = w.training!.allocatedGpuS / gpus;
    if (Math.abs(heldS - r.metrics.endS) > 1e-6 * r.metrics.endS) {
      throw new Error(`seed ${seed}: the job held GPUs ${heldS} s of ${r.metrics.endS} s: it waited, the theory assumes it never does`);
    }
    out.wallS.push(r.metrics.endS);
    out.interruptions.push(w.interruptions);
    out.checkpoints.push(w.training!.checkpoints);
  }
  return { ...out, mtbfSeen };
}

// ---------------------------------------------------------------------------------------
// Fixed-interval checkpoints
// ---------------------------------------------------------------------------------------

describe('checkpointed training under exponential failures: mean wall time against the exact formula', () => {
  it('fixed-interval τ = 1 h, δ = 6 min, R = 15 min, M = 4 h, T_s = 72 h (a multiple of τ: no checkpoint after the last hour)', () => {
    const M = 4 * HOUR, tau = HOUR, delta = 6 * MIN, R = 15 * MIN, Ts = 72 * HOUR, G = 4;
    const s = validateScenario(trainingDoc({ gpus: G, spareGpus: 12, workS: Ts, deltaS: delta, restartS: R, gpuMtbfS: G * M }));
    const reps = replicate(s, fixedInterval.create({ interval: '1h' }), 1000);
    expect(reps.mtbfSeen).toBeCloseTo(M, 6);
    // 71 checkpointed segments of τ + δ, then the last hour with no checkpoint.
    expect(new Set(reps.checkpoints)).toEqual(new Set([71]));
    const theory = expectedWallS(Ts, tau, delta, M, R);
    expect(theory).toBeCloseTo(71 * segmentS(tau + delta, M, R) + segmentS(tau, M, R), 6);
    const est = intervalFromBatchMeans(reps.wallS);
    expectAgreement({ label: 'mean wall time, τ = 1 h (s)', measured: est.mean, halfWidth: est.halfWidth, theory }, 0.02);
    // The textbook form (a checkpoint after the last segment too) is only f(τ+δ) − f(τ) more.
    const textbook = textbookWallS(Ts, tau, delta, M, R);
    report({ label: 'textbook (T_s/τ)·f(τ+δ), for comparison (s)', measured: est.mean, halfWidth: est.halfWidth, theory: textbook });
    expect(textbook - theory).toBeCloseTo(segmentS(tau + delta, M, R) - segmentS(tau, M, R), 6);
    // Many interruptions per run, so the runs exercise the theory.
    const ints = intervalFromBatchMeans(reps.interruptions);
    expect(ints.mean).toBeGreaterThan(20);
    expectAgreement({ label: 'mean interruptions per run = T_w / M', measured: ints.mean, halfWidth: ints.halfWidth, theory: theory / M }, 0.04);
  });

  it('fixed-interval τ = 50 min, δ = 10 min, R = 20 min, M = 3 h from GPU and node failures, T_s = 61 h (last segment 10 min)', () => {
    // Rate 1/M = G/MTBF_gpu + G/MTBF_node (single-GPU nodes): 2/3 of it from GPUs, 1/3 from nodes.
    const M = 3 * HOUR, tau = 50 * MIN, delta = 10 * MIN, R = 20 * MIN, Ts = 61 * HOUR, G = 6;
    const s = validateScenario(trainingDoc({ gpus: G, spareGpus: 18, workS: Ts, deltaS: delta, restartS: R, gpuMtbfS: 1.5 * G * M, nodeMtbfS: 3 * G * M }));
    const reps = replicate(s, fixedInterval.create({ interval: '50m' }), 1000);
    expect(reps.mtbfSeen).toBeCloseTo(M, 6);
    expect(new Set(reps.checkpoints)).toEqual(new Set([73]));
    const theory = expectedWallS(Ts, tau, delta, M, R);
    expect(theory).toBeCloseTo(73 * segmentS(tau + delta, M, R) + segmentS(10 * MIN, M, R), 6);
    const est = intervalFromBatchMeans(reps.wallS);
    expectAgreement({ label: 'mean wall time, τ = 50 min, GPU + node failures (s)', measured: est.mean, halfWidth: est.halfWidth, theory }, 0.02);
    const ints = intervalFromBatchMeans(reps.interruptions);
    expect(ints.mean).toBeGreaterThan(20);
    expectAgreement({ label: 'mean interruptions per run = T_w / M', measured: ints.mean, halfWidth: ints.halfWidth, theory: theory / M }, 0.04);
  });
});

// ---------------------------------------------------------------------------------------
// Young–Daly
// ---------------------------------------------------------------------------------------

describe('young-daly: the interval it picks', () => {
  const view = (delta: number, M: number): TrainingJobView => ({
    id: 'job', gpus: 8, workS: 100 * DAY, checkpointedS: 0, speed: 1, checkpointCostS: delta, restartS: 10 * MIN, mtbfS: M, interruptions: 0, fullGpus: 8, runS: 0,
  });
  // Daly's estimate drifts from the optimum as δ approaches 2M (−5 % at δ = 1.8M) and jumps
  // to M at δ ≥ 2M (+5.5 % at δ = 2M): the cases stay at δ ≤ 1.5M.
  const cases: [string, number, number][] = [
    ['δ = 1 min, M = 24 h', MIN, 24 * HOUR],
    ['δ = 5 min, M = 4 h', 5 * MIN, 4 * HOUR],
    ['δ = 6 min, M = 4 h', 6 * MIN, 4 * HOUR],
    ['δ = 10 min, M = 3 h', 10 * MIN, 3 * HOUR],
    ['δ = 30 min, M = 2 h', 30 * MIN, 2 * HOUR],
    ['δ = 1 h, M = 2 h', HOUR, 2 * HOUR],
    ['δ = 90 min, M = 1 h', 90 * MIN, HOUR],
    ['δ = 1 h, M = 1 h', HOUR, HOUR],
  ];
  it.each(cases)('%s: within 5 percent of the τ that minimises the exact T_w(τ)', (_label, delta, M) => {
    const chosen = youngDaly.create({ adapt: false }).checkpointIntervalS(view(delta, M), 0);
    const best = optimalTau(delta, M);
    report({ label: `young-daly τ vs optimum, δ/M = ${(delta / M).toFixed(4)}`, measured: chosen, halfWidth: 0, theory: best });
    expect(Math.abs(chosen / best - 1)).toBeLessThan(0.05);
    // And the wall time it costs is within 0.1 % of the optimum's.
    expect(textbookWallS(1, chosen, delta, M, 0) / textbookWallS(1, best, delta, M, 0) - 1).toBeLessThan(1e-3);
  });

  it('picks Young\'s √(2δM) to first order when checkpoints are cheap', () => {
    const delta = 10, M = 10 * DAY;
    expect(dalyIntervalS(delta, M) / Math.sqrt(2 * delta * M)).toBeCloseTo(1, 2);
  });
});

describe('young-daly against simulation: its mean wall time matches the formula at its τ, and bad intervals cost more', () => {
  // M = 4 h from GPU and node failures; δ = 6 min; R = 15 min; T_s = 72 h.
  const M = 4 * HOUR, delta = 6 * MIN, R = 15 * MIN, Ts = 72 * HOUR, G = 4;
  const s = validateScenario(trainingDoc({ gpus: G, spareGpus: 12, workS: Ts, deltaS: delta, restartS: R, gpuMtbfS: 2 * G * M, nodeMtbfS: 2 * G * M }));
  const tauYD = dalyIntervalS(delta, M);

  it('young-daly (M = 4 h from GPU and node failures, δ = 6 min, R = 15 min, T_s = 72 h) vs τ = M/20 and τ = 5M', () => {
    const reps = replicate(s, youngDaly.create({ adapt: false }), 1000);
    expect(reps.mtbfSeen).toBeCloseTo(M, 6);
    const n = Math.ceil(Ts / tauYD) - 1;
    expect(new Set(reps.checkpoints)).toEqual(new Set([n]));
    const theory = expectedWallS(Ts, tauYD, delta, M, R);
    const yd = intervalFromBatchMeans(reps.wallS);
    expectAgreement({ label: `mean wall time, young-daly τ = ${tauYD.toFixed(0)} s (s)`, measured: yd.mean, halfWidth: yd.halfWidth, theory }, 0.02);

    for (const [label, tau, runs, width] of [['M/20', M / 20, 300, 0.03], ['5M', 5 * M, 60, 0.5]] as const) {
      const bad = replicate(s, fixedInterval.create({ interval: tau }), runs);
      const est = intervalFromBatchMeans(bad.wallS);
      const badTheory = expectedWallS(Ts, tau, delta, M, R);
      // The formula holds at the bad interval too (a looser width: far fewer, longer runs).
      expectAgreement({ label: `mean wall time, τ = ${label} (s)`, measured: est.mean, halfWidth: est.halfWidth, theory: badTheory }, width);
      // Clearly longer than young-daly's: the intervals do not even touch.
      expect(est.mean - est.halfWidth, `τ = ${label}: ${est.mean} vs young-daly ${yd.mean}`).toBeGreaterThan(yd.mean + yd.halfWidth);
      expect(badTheory).toBeGreaterThan(1.2 * theory);
    }
  });
});

// ---------------------------------------------------------------------------------------
// Llama-3 scale
// ---------------------------------------------------------------------------------------

describe('Llama-3 scale: 16,384 H100s for 54 days of work', () => {
  it('interrupts the job a Poisson number of times (~419 expected, as reported for Llama 3) and restarts without waiting', () => {
    const G = 16_384, Ts = 54 * DAY, delta = 5 * MIN, R = 10 * MIN;
    // Per-GPU MTBF such that E[interruptions] = T_w(M) / M = 419 under young-daly (fixed point).
    let M = Ts / 419;
    for (let i = 0; i < 100; i++) M = expectedWallS(Ts, dalyIntervalS(delta, M), delta, M, R) / 419;
    const gpuMtbfS = G * M;
    const s = validateScenario({
      name: 'llama3-scale', horizon: '400d', seed: 3,
      // 2048 nodes of 8 H100s for the job, plus 64 spare nodes: 66 racks of 32 nodes.
      cluster: { sites: [{ id: 'dc', racks: 66, nodesPerRack: 32, node: { gpus: 8, gpu: 'H100' } }] },
      workloads: [{ kind: 'training', id: 'llama3', gpus: G, work: '54d', checkpoint: { cost: '5m', restart: '10m' } }],
      failures: [{ target: 'gpu', mtbf: gpuMtbfS, repair: '3d' }],
      policies: { backup: 'young-daly' },
    });
    const r = simulate(s, policySet({ scheduling: fifo.create({}), backup: youngDaly.create({ adapt: false }) }), { maxEvents: 1_000_000 });
    const w = r.workloads.llama3, t = w.training!;
    expect(w.completed).toBe(1);
    const heldS = t.allocatedGpuS / G;
    // No waiting: the job held its GPUs from start to end.
    expect(Math.abs(heldS - r.metrics.endS)).toBeLessThan(1e-6 * r.metrics.endS);
    // Poisson: the count over the time it held GPUs, at rate G / MTBF_gpu.
    const mean = heldS / M;
    report({ label: 'Llama-3 scale interruptions', measured: w.interruptions, halfWidth: Z_SIGMAS * Math.sqrt(mean), theory: mean });
    expect(Math.abs(w.interruptions - mean)).toBeLessThanOrEqual(Z_SIGMAS * Math.sqrt(mean));
    // The MTBF was chosen for ~419 expected interruptions over the run.
    const expected = expectedWallS(Ts, dalyIntervalS(delta, M), delta, M, R) / M;
    expect(expected).toBeCloseTo(419, 6);
    expect(Math.abs(mean / expected - 1)).toBeLessThan(0.1);
    expect(w.interruptions).toBeGreaterThan(300);
    // All of the work was saved; goodput is work / wall time held.
    expect(t.progress).toBe(1);
    expect(t.usefulGpuS).toBeCloseTo(Ts * G, -3);
    expect(t.goodput!).toBeCloseTo(Ts / heldS, 9);
    expect(t.lostGpuS + t.checkpointGpuS + t.restartGpuS).toBeCloseTo(t.allocatedGpuS - t.usefulGpuS, -3);
    expect(r.interruptions.count).toBe(w.interruptions);
  });
});
