/**
 * Property-based tests of training jobs on random small clusters: 1–2 training jobs (with or
 * without checkpoints) mixed with batch work, random failures at every level plus scheduled
 * outages, and a random backup policy (none, fixed-interval, young-daly).
 *
 * An oracle follows the observer callbacks and checks, for every run:
 *  - checkpointed progress starts at 0, never decreases, never exceeds the work, and changes
 *    only when a checkpoint write completes (a compute phase right after a checkpoint phase,
 *    with no interruption in between), by the segment's wall time × the GPUs' speed;
 *  - phases follow the machine: compute first; checkpoint only after compute and only for
 *    jobs with a checkpoint block; restart exactly after an interruption when restart > 0;
 *  - the accounting: GPU time held (from taskStarted / taskInterrupted / taskCompleted × GPUs)
 *    = useful + lost + checkpoint + restart + inProgress, and each part equals what the oracle
 *    recomputes from the phase times;
 *  - no GPU runs two things, nothing starts on a failed GPU;
 *  - C, S, R, goodput and each job's goodput and progress lie in [0, 1].
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../src/policies/backup/fixedInterval.ts';
import { none } from '../../src/policies/backup/none.ts';
import { youngDaly } from '../../src/policies/backup/youngDaly.ts';
import { fifo } from '../../src/policies/scheduling/fifo.ts';
import { simulate, type RunResult, type SimObserver } from '../../src/sim/model/simulate.ts';
import type { TrainingPhase } from '../../src/sim/model/TrainingJobs.ts';
import type { BackupPolicy } from '../../src/sim/policy/BackupPolicy.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import type { FailureTarget, Scenario, TrainingWorkloadSpec } from '../../src/sim/scenario/types.ts';
import { policySet } from '../helpers/policies.ts';
import { GpuMap } from './support/oracle.ts';
import { LEVELS, outageArb, siteArb } from './support/arbitraries.ts';

const MAX_EVENTS = 200_000;
const MIN = 60, H = 3600;

// ---------------------------------------------------------------------------------------
// Generated scenarios
// ---------------------------------------------------------------------------------------


const jobArb = fc.record({
  gpuShare: fc.double({ min: 0, max: 1, noNaN: true }),
  workS: fc.integer({ min: 10 * MIN, max: 8 * H }),
  startS: fc.integer({ min: 0, max: 2 * H }),
  checkpoint: fc.option(fc.record({ costS: fc.integer({ min: 0, max: 20 * MIN }), restartS: fc.option(fc.integer({ min: 0, max: 30 * MIN }), { nil: undefined }) }), { nil: undefined }),
  restartS: fc.option(fc.integer({ min: 0, max: 30 * MIN }), { nil: undefined }),
});

const failureArb = fc.record({
  level: fc.constantFrom(...LEVELS),
  mtbfH: fc.double({ min: 2, max: 72, noNaN: true }),
  repairMin: fc.integer({ min: 5, max: 240 }),
  kind: fc.constantFrom('exponential', 'weibull', 'constant-repair'),
});


const backupArb = fc.oneof(
  fc.constant({ name: 'none' as const }),
  fc.integer({ min: 5 * MIN, max: 4 * H }).map((interval) => ({ name: 'fixed-interval' as const, interval })),
  fc.constant({ name: 'young-daly' as const }),
);

const genArb = fc.record({
  sites: fc.array(siteArb, { minLength: 1, maxLength: 2 }),
  jobs: fc.array(jobArb, { minLength: 1, maxLength: 2 }),
  batch: fc.option(fc.record({ count: fc.integer({ min: 1, max: 12 }), gpus: fc.integer({ min: 1, max: 2 }), ratePerH: fc.double({ min: 0.5, max: 6, noNaN: true }), workMin: fc.integer({ min: 5, max: 180 }) }), { nil: undefined }),
  failures: fc.array(failureArb, { maxLength: 4 }),
  outages: fc.array(outageArb, { maxLength: 3 }),
  backup: backupArb,
  horizonS: fc.integer({ min: 6 * H, max: 3 * 24 * H }),
  runToHorizon: fc.boolean(),
  seed: fc.integer({ min: 0, max: 2 ** 31 }),
});

type Gen = typeof genArb extends fc.Arbitrary<infer T> ? T : never;

function docOf(g: Gen): Record<string, unknown> {
  const sites = g.sites.map((s, i) => ({ id: `s${i}`, racks: s.racks, nodesPerRack: s.nodesPerRack, node: { gpus: s.gpus, gpu: s.gpu } }));
  const total = g.sites.reduce((a, s) => a + s.racks * s.nodesPerRack * s.gpus, 0);
  const workloads: Record<string, unknown>[] = g.jobs.map((j, i) => ({
    kind: 'training', id: `train${i}`, gpus: 1 + Math.floor(j.gpuShare * (Math.min(total, 8) - 1)), work: j.workS, start: j.startS,
    ...(j.checkpoint ? { checkpoint: { cost: j.checkpoint.costS, ...(j.checkpoint.restartS !== undefined ? { restart: j.checkpoint.restartS } : {}) } } : {}),
    ...(j.restartS !== undefined && !j.checkpoint ? { restart: j.restartS } : {}),
  }));
  if (g.batch) {
    workloads.push({
      kind: 'batch', id: 'batch', count: g.batch.count, gpus: Math.min(total, g.batch.gpus),
      arrival: { poisson: { rate: g.batch.ratePerH / H } }, work: { exponential: { mean: `${g.batch.workMin}m` } },
    });
  }
  const failures: Record<string, unknown>[] = g.failures.map((f) => ({
    target: f.level,
    mtbf: f.kind === 'weibull' ? { weibull: { shape: 0.8, scale: `${f.mtbfH}h` } } : `${f.mtbfH}h`,
    repair: f.kind === 'constant-repair' ? `${f.repairMin}m` : { exponential: { mean: `${f.repairMin}m` } },
  }));
  for (const o of g.outages) {
    const ids: string[] = [];
    g.sites.forEach((s, i) => {
      for (let r = 0; r < s.racks; r++) for (let n = 0; n < s.nodesPerRack; n++) for (let k = 0; k < s.gpus; k++) {
        const all = [`s${i}`, `s${i}/r${r}`, `s${i}/r${r}/n${n}`, `s${i}/r${r}/n${n}/g${k}`];
        ids.push(all[LEVELS.length - 1 - LEVELS.indexOf(o.level)]);
      }
    });
    const unique = [...new Set(ids)];
    failures.push({ target: o.level, id: unique[o.pick % unique.length], at: o.atS, duration: o.durationS });
  }
  return { name: 'training property', seed: g.seed, horizon: g.horizonS, runToHorizon: g.runToHorizon, cluster: { sites }, workloads, failures };
}

function backupOf(g: Gen): BackupPolicy {
  const b = g.backup;
  return b.name === 'none' ? none.create({}) : b.name === 'fixed-interval' ? fixedInterval.create({ interval: b.interval }) : youngDaly.create({});
}

// ---------------------------------------------------------------------------------------
// Oracle
// ---------------------------------------------------------------------------------------

interface JobTrack {
  readonly spec: TrainingWorkloadSpec;
  phase: TrainingPhase | 'waiting' | 'done' | 'new';
  phaseStartS: number;
  /** Wall time of the compute phase whose checkpoint is being written. */
  pendingS: number;
  progressS: number;
  speed: number;
  interruptedSinceLastPhase: boolean;
  startedAtS: number;
  /** Held-GPU time from the task callbacks. */
  heldGpuS: number;
  useful: number; lost: number; checkpoint: number; restart: number; inProgress: number;
  checkpoints: number;
}

class TrainingOracle implements SimObserver {
  readonly errors: string[] = [];
  private readonly map: GpuMap;
  private readonly owner: Int32Array;
  private readonly down: Int32Array;
  private readonly specs = new Map<string, TrainingWorkloadSpec>();
  readonly jobs = new Map<number, JobTrack>();
  private readonly gpusOf = new Map<number, readonly number[]>();
  private readonly startOf = new Map<number, number>();

  /** `fixedIntervalS`: the fixed-interval policy's interval, when that is the backup policy. */
  constructor(s: Scenario, private readonly fixedIntervalS?: number) {
    this.map = new GpuMap(s);
    this.owner = new Int32Array(this.map.gpuCount).fill(-1);
    this.down = new Int32Array(this.map.gpuCount);
    for (const w of s.workloads) if (w.kind === 'training') this.specs.set(w.id, w);
  }

  private fail(msg: string): void {
    if (this.errors.length < 10) this.errors.push(msg);
  }

  /** Durations equal up to the rounding of clock times near `timeS`. */
  private near(a: number, b: number, timeS: number): boolean {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, timeS);
  }

  taskArrived(task: number, workloadId: string): void {
    const spec = this.specs.get(workloadId);
    if (!spec) return;
    this.jobs.set(task, {
      spec, phase: 'new', phaseStartS: 0, pendingS: 0, progressS: 0, speed: 1, interruptedSinceLastPhase: false, startedAtS: NaN,
      heldGpuS: 0, useful: 0, lost: 0, checkpoint: 0, restart: 0, inProgress: 0, checkpoints: 0,
    });
  }

  taskStarted(task: number, gpus: readonly number[], timeS: number): void {
    for (const g of gpus) {
      if (this.owner[g] >= 0) this.fail(`t=${timeS}: task ${task} started on GPU ${g}, running task ${this.owner[g]}`);
      if (this.down[g] > 0) this.fail(`t=${timeS}: task ${task} started on GPU ${g}, which is down`);
      this.owner[g] = task;
    }
    this.gpusOf.set(task, gpus.slice());
    this.startOf.set(task, timeS);
    const j = this.jobs.get(task);
    if (j) {
      if (gpus.length !== j.spec.gpus) this.fail(`job ${j.spec.id} started on ${gpus.length} GPUs, needs ${j.spec.gpus}`);
      j.speed = Math.min(...gpus.map((g) => this.map.speed[g]));
      j.startedAtS = timeS;
    }
  }

  private release(task: number, timeS: number): void {
    const gpus = this.gpusOf.get(task) ?? [];
    for (const g of gpus) {
      if (this.owner[g] !== task) this.fail(`t=${timeS}: GPU ${g} of task ${task} is owned by ${this.owner[g]}`);
      this.owner[g] = -1;
    }
    const j = this.jobs.get(task);
    if (j) j.heldGpuS += (timeS - this.startOf.get(task)!) * gpus.length;
    this.gpusOf.delete(task);
  }

  taskCompleted(task: number, timeS: number): void {
    const j = this.jobs.get(task);
    if (j) {
      if (j.phase !== 'compute') this.fail(`job ${j.spec.id} completed in phase ${j.phase}`);
      const want = (j.spec.workS - j.progressS) / j.speed;
      if (!this.near(timeS - j.phaseStartS, want, timeS)) this.fail(`job ${j.spec.id}: its last segment took ${timeS - j.phaseStartS} s, the work left needed ${want}`);
      j.useful += (timeS - j.phaseStartS) * j.spec.gpus;
      j.phase = 'done';
    }
    this.release(task, timeS);
  }

  taskInterrupted(task: number, _cause: FailureTarget, timeS: number): void {
    const j = this.jobs.get(task);
    if (j) {
      const g = j.spec.gpus, el = timeS - j.phaseStartS;
      if (j.phase === 'restart') j.restart += el * g;
      else if (j.phase === 'compute') j.lost += el * g;
      else if (j.phase === 'checkpoint') { j.checkpoint += el * g; j.lost += j.pendingS * g; }
      else this.fail(`job ${j.spec.id} interrupted in phase ${j.phase}`);
      j.phase = 'waiting';
      j.interruptedSinceLastPhase = true;
    }
    this.release(task, timeS);
  }

  componentChanged(_target: FailureTarget, id: string, down: boolean): void {
    const r = this.map.range.get(id)!;
    for (let g = r.first; g < r.end; g++) this.down[g] += down ? 1 : -1;
  }

  trainingPhase(task: number, phase: TrainingPhase, progressS: number, timeS: number): void {
    const j = this.jobs.get(task);
    if (!j) { this.fail(`phase ${phase} for task ${task}, which is not a training job`); return; }
    const id = j.spec.id, g = j.spec.gpus;
    const prev = j.phase, el = timeS - j.phaseStartS;
    // Progress: in [0, work], never down, and up only when a checkpoint write completes.
    if (!(progressS >= 0 && progressS <= j.spec.workS)) this.fail(`${id}: progress ${progressS} outside [0, ${j.spec.workS}]`);
    if (progressS < j.progressS) this.fail(`${id}: progress went down from ${j.progressS} to ${progressS}`);
    const savedNow = prev === 'checkpoint' && phase === 'compute' && !j.interruptedSinceLastPhase;
    if (progressS !== j.progressS && !savedNow) this.fail(`${id}: progress changed ${j.progressS} → ${progressS} entering ${phase} after ${prev}`);
    if (savedNow) {
      const expected = Math.min(j.spec.workS, j.progressS + j.pendingS * j.speed);
      if (Math.abs(progressS - expected) > 1e-6 * j.spec.workS) this.fail(`${id}: a checkpoint saved ${progressS - j.progressS}, the segment was ${j.pendingS} s at speed ${j.speed}`);
    }
    // The phase machine.
    if (prev === 'new' || prev === 'waiting') {
      if (timeS !== j.startedAtS) this.fail(`${id}: phase ${phase} at ${timeS}, the job (re)started at ${j.startedAtS}`);
      const want = prev === 'waiting' && j.spec.restartS > 0 ? 'restart' : 'compute';
      if (phase !== want) this.fail(`${id}: entered ${phase} after ${prev === 'new' ? 'its first start' : 'an interruption'}, expected ${want}`);
      if (prev === 'new' && progressS !== 0) this.fail(`${id}: first phase with progress ${progressS}`);
    } else if (j.interruptedSinceLastPhase) {
      this.fail(`${id}: phase ${phase} after an interruption without a new start`);
    } else if (prev === 'restart') {
      if (phase !== 'compute') this.fail(`${id}: ${phase} after a restart`);
      if (!this.near(el, j.spec.restartS, timeS)) this.fail(`${id}: a restart took ${el} s, expected ${j.spec.restartS}`);
      j.restart += el * g;
    } else if (prev === 'compute') {
      if (phase !== 'checkpoint') this.fail(`${id}: ${phase} after compute`);
      if (!j.spec.checkpoints) this.fail(`${id}: checkpoints without a checkpoint block`);
      if (this.fixedIntervalS !== undefined && !this.near(el, this.fixedIntervalS, timeS)) this.fail(`${id}: computed ${el} s between checkpoints, the interval is ${this.fixedIntervalS}`);
      j.pendingS = el;
    } else if (prev === 'checkpoint') {
      if (phase !== 'compute') this.fail(`${id}: ${phase} after a checkpoint`);
      if (!this.near(el, j.spec.checkpointCostS, timeS)) this.fail(`${id}: a checkpoint took ${el} s, expected ${j.spec.checkpointCostS}`);
      j.checkpoint += el * g;
      j.useful += j.pendingS * g;
      j.checkpoints++;
    } else {
      this.fail(`${id}: phase ${phase} after ${prev}`);
    }
    if (phase === 'restart' && !(j.spec.restartS > 0)) this.fail(`${id}: restart phase with restart time ${j.spec.restartS}`);
    j.phase = phase;
    j.phaseStartS = timeS;
    j.progressS = progressS;
    j.interruptedSinceLastPhase = false;
  }

  /** Closes open phases and holds at the end of the run and checks the reported figures. */
  finish(r: RunResult): void {
    const end = r.metrics.endS;
    for (const [task, j] of this.jobs) {
      const g = j.spec.gpus, el = end - j.phaseStartS;
      if (this.gpusOf.has(task)) j.heldGpuS += (end - this.startOf.get(task)!) * g;
      if (j.phase === 'restart') j.restart += el * g;
      else if (j.phase === 'compute') j.inProgress += el * g;
      else if (j.phase === 'checkpoint') { j.checkpoint += el * g; j.inProgress += j.pendingS * g; }
      const t = r.workloads[j.spec.id].training!;
      const tol = 1e-9 * Math.max(1, j.heldGpuS);
      const sum = t.usefulGpuS + t.lostGpuS + t.checkpointGpuS + t.restartGpuS + t.inProgressGpuS;
      if (Math.abs(sum - t.allocatedGpuS) > tol) this.fail(`${j.spec.id}: parts sum to ${sum}, allocated ${t.allocatedGpuS}`);
      if (Math.abs(t.allocatedGpuS - j.heldGpuS) > tol) this.fail(`${j.spec.id}: allocated ${t.allocatedGpuS}, GPUs held ${j.heldGpuS} GPU-s`);
      const parts: [string, number, number][] = [
        ['useful', t.usefulGpuS, j.useful], ['lost', t.lostGpuS, j.lost], ['checkpoint', t.checkpointGpuS, j.checkpoint],
        ['restart', t.restartGpuS, j.restart], ['inProgress', t.inProgressGpuS, j.inProgress],
      ];
      for (const [k, got, want] of parts) {
        if (!(got >= 0)) this.fail(`${j.spec.id}: ${k} = ${got}`);
        if (Math.abs(got - want) > tol) this.fail(`${j.spec.id}: ${k} ${got}, oracle ${want}`);
      }
      if (t.checkpoints !== j.checkpoints) this.fail(`${j.spec.id}: ${t.checkpoints} checkpoints, oracle ${j.checkpoints}`);
      const done = j.phase === 'done';
      const expectedProgress = done ? 1 : j.progressS / j.spec.workS;
      if (Math.abs(t.progress - expectedProgress) > 1e-12) this.fail(`${j.spec.id}: progress ${t.progress}, oracle ${expectedProgress}`);
      if (!(t.progress >= 0 && t.progress <= 1)) this.fail(`${j.spec.id}: progress ${t.progress}`);
      if (t.goodput !== null && !(t.goodput >= 0 && t.goodput <= 1)) this.fail(`${j.spec.id}: goodput ${t.goodput}`);
      if ((t.goodput === null) !== (t.allocatedGpuS === 0)) this.fail(`${j.spec.id}: goodput ${t.goodput} with ${t.allocatedGpuS} GPU-s allocated`);
      if (r.workloads[j.spec.id].completed !== (done ? 1 : 0)) this.fail(`${j.spec.id}: completed ${r.workloads[j.spec.id].completed}, oracle ${done}`);
    }
    const m = r.metrics;
    for (const k of ['C', 'S', 'R', 'goodput'] as const) if (!(m[k] >= 0 && m[k] <= 1)) this.fail(`${k} = ${m[k]}`);
  }
}

// ---------------------------------------------------------------------------------------

describe('training jobs on random clusters', () => {
  it('keep progress monotone and checkpoint-only, follow the phase machine, account every GPU-second, never share a GPU', () => {
    let interrupted = 0, checkpointed = 0, restarts = 0, runs = 0;
    fc.assert(
      fc.property(genArb, (g) => {
        const s = validateScenario(docOf(g));
        const oracle = new TrainingOracle(s, g.backup.name === 'fixed-interval' ? g.backup.interval : undefined);
        const r = simulate(s, policySet({ scheduling: fifo.create({}), backup: backupOf(g) }), { observer: oracle, maxEvents: MAX_EVENTS });
        oracle.finish(r);
        expect(oracle.errors).toEqual([]);
        runs++;
        for (const j of oracle.jobs.values()) {
          if (r.workloads[j.spec.id].interruptions > 0) interrupted++;
          if (j.checkpoints > 0) checkpointed++;
          if (j.restart > 0) restarts++;
        }
      }),
      { numRuns: 400 },
    );
    if (process.env.PROPERTY_REPORT) console.log({ runs, interrupted, checkpointed, restarts });
    // Not vacuous: jobs were interrupted, checkpointed and restarted in many runs.
    expect(interrupted).toBeGreaterThan(runs / 5);
    expect(checkpointed).toBeGreaterThan(runs / 5);
    expect(restarts).toBeGreaterThan(runs / 10);
  });

  it('are deterministic: the same scenario and seed give the same result', () => {
    fc.assert(
      fc.property(genArb, (g) => {
        const s = validateScenario(docOf(g));
        const run = () => JSON.stringify(simulate(s, policySet({ scheduling: fifo.create({}), backup: backupOf(g) }), { maxEvents: MAX_EVENTS }));
        expect(run()).toBe(run());
      }),
      { numRuns: 40 },
    );
  });
});
