import type { FailureTarget, HeadlineName, MetricFormulas } from '../scenario/types.ts';
import { compileFormula, type CompiledFormula } from './formula.ts';
import { summarize, type DurationSummary } from './percentile.ts';

/** What a run counted about one workload: the input of the metric functions. */
export interface WorkloadTally {
  readonly id: string;
  readonly weight: number;
  readonly arrived: number;
  readonly completed: number;
  /** Completed by their deadline. */
  readonly met: number;
  /** Still queued or running at the end with their deadline already past. */
  readonly pendingMissed: number;
  /** Items that ended without being served (requests failed or dropped): missed. 0 when absent. */
  readonly failed?: number;
  readonly queued: number;
  readonly running: number;
  /** Arrival-to-completion times of completed items, seconds. */
  readonly responseTimesS: ArrayLike<number>;
  /** GPU-seconds of work thrown away by interruptions. */
  readonly lostGpuS: number;
  readonly interruptions: number;
  /** Training workloads only: the job's GPU-time accounting. */
  readonly training?: TrainingTally;
  /** Inference workloads only. */
  readonly inference?: InferenceTally;
  /** Batch and training workloads: sums over the interruptions recovered from, seconds. */
  readonly recovery?: RecoveryTally;
}

/** Sums over recoveries from interruptions (seconds): detection + decision + recovery = RTO. */
export interface RecoveryTally {
  readonly count: number;
  readonly detectionS: number;
  readonly decisionS: number;
  readonly recoveryS: number;
  readonly maxRtoS: number;
}

/** What an inference service counted. Times in seconds. */
export interface InferenceTally {
  readonly failed: number;
  readonly dropped: number;
  readonly retried: number;
  /** Time with at least one replica ready. */
  readonly availableS: number;
  /** ∫ ready replicas dt. */
  readonly readyReplicaS: number;
  /** ∫ requests in service dt. */
  readonly servingS: number;
  readonly replicas: number;
  readonly concurrency: number;
  readonly endS: number;
  /** Requests completed, and Σ over them of the quality of the model variant that served each. */
  readonly completed: number;
  readonly qualitySum: number;
}

/**
 * GPU-time accounting of one training job, GPU-seconds:
 * allocated = useful + lost + checkpoint + restart + inProgress.
 */
export interface TrainingAccount {
  /** Computation whose progress was kept (checkpointed, or finished the job). */
  readonly usefulGpuS: number;
  /** Computation thrown away by interruptions. */
  readonly lostGpuS: number;
  /** Time spent writing checkpoints (completed or cut short). */
  readonly checkpointGpuS: number;
  /** Time spent restarting (completed or cut short). */
  readonly restartGpuS: number;
  /** Computation not yet saved when the account was taken (the run ended mid-segment). */
  readonly inProgressGpuS: number;
  /** Checkpoints completed. */
  readonly checkpoints: number;
  /** Completed checkpoints a data loss destroyed before they were needed, found at a restart (it went back past them). */
  readonly checkpointsLost: number;
  /** Progress at speed 1.0 saved by the last completed checkpoint (or the whole work once done). */
  readonly progressS: number;
  /** Interruptions, and over them the sum and largest age of the newest safe copy when each struck. */
  readonly interruptions: number;
  readonly rpoSumS: number;
  readonly rpoMaxS: number;
}

/** A training job's accounting with the work it needs (seconds at speed 1.0). */
export interface TrainingTally extends TrainingAccount {
  readonly workS: number;
}

/** What a run counted: the input of {@link computeMetrics}. */
export interface RunTally {
  readonly horizonS: number;
  /** When the run ended (the horizon, or earlier when all work drained), seconds. */
  readonly endS: number;
  readonly provisionedGpus: number;
  /** ∫ GPUs up dt over [0, end], GPU-seconds. */
  readonly upGpuS: number;
  /** ∫ GPUs running work dt over [0, end], GPU-seconds. */
  readonly busyGpuS: number;
  /** ∫ items in the system (queued + running) dt, item-seconds. */
  readonly inSystemS: number;
  /** ∫ items queued dt, item-seconds. */
  readonly queuedS: number;
  /** GPUs up at the end (used for S when the run lasted no time). */
  readonly upGpusAtEnd: number;
  readonly workloads: readonly WorkloadTally[];
  readonly failuresByTarget: Readonly<Record<FailureTarget, number>>;
  readonly interruptionsByCause: Readonly<Record<FailureTarget, number>>;
}

/** The figures of a run. Times in seconds, GPU time in GPU-seconds. */
export interface Metrics {
  /** Business continuity: weight-averaged SLO attainment of the workloads, in [0, 1]. */
  readonly C: number;
  /** Stability: time-average fraction of provisioned GPUs that are up, in [0, 1]. */
  readonly S: number;
  /** Response time: mean arrival-to-completion time of completed items; null if none completed. */
  readonly T: number | null;
  /** Resource utilisation: busy GPU-seconds / up GPU-seconds, in [0, 1]. */
  readonly R: number;
  readonly Tp50: number | null;
  readonly Tp95: number | null;
  readonly Tp99: number | null;
  /** Items that met their deadline / items whose outcome is decided, all workloads pooled. */
  readonly sloAttainment: number | null;
  /** 1 − (lost + checkpoint + restart GPU-seconds) / busy GPU-seconds. */
  readonly goodput: number;
  readonly lostGpuS: number;
  /** GPU-seconds training jobs spent writing checkpoints. */
  readonly checkpointGpuS: number;
  /** GPU-seconds training jobs spent restarting. */
  readonly restartGpuS: number;
  readonly busyGpuS: number;
  readonly upGpuS: number;
  readonly provisionedGpuS: number;
  /** Time-average number of items queued or running (L in Little's law). */
  readonly meanInSystem: number;
  /** Time-average number of items queued. */
  readonly meanQueued: number;
  /** Completions per second over the run. */
  readonly throughputPerS: number;
  readonly arrived: number;
  readonly completed: number;
  readonly interruptions: number;
  readonly failures: number;
  readonly endS: number;
}

/** Per-workload figures. */
export interface WorkloadMetrics {
  readonly arrived: number;
  readonly completed: number;
  readonly queued: number;
  readonly running: number;
  readonly T: DurationSummary;
  /** Met / decided (completed, or pending past the deadline); null when nothing is decided. */
  readonly sloAttainment: number | null;
  readonly missed: number;
  readonly lostGpuS: number;
  readonly interruptions: number;
  /** Training workloads only. */
  readonly training?: TrainingMetrics;
  /** Inference workloads only. */
  readonly inference?: InferenceMetrics;
  /** Batch and training workloads: how long interrupted work took to run again. */
  readonly recovery?: RecoveryMetrics;
}

/**
 * Recovery time objective achieved, per workload, over the interruptions its work recovered
 * from (ran again) during the run: the mean time from the failure until the work ran again
 * (RTO), split into detection (until the failure was noticed), decision (until the
 * scheduler placed it again) and recovery (restart until it computes again). Null means when
 * nothing recovered.
 */
export interface RecoveryMetrics {
  readonly count: number;
  readonly meanRtoS: number | null;
  readonly meanDetectionS: number | null;
  readonly meanDecisionS: number | null;
  readonly meanRecoveryS: number | null;
  readonly maxRtoS: number | null;
}

/** Figures of an inference service. */
export interface InferenceMetrics {
  /** Fraction of the run with at least one replica ready to serve. */
  readonly availability: number;
  /** Time-average number of ready replicas. */
  readonly meanReadyReplicas: number;
  /** Busy request slots / ready request slots (time-averaged). */
  readonly utilisation: number;
  /** Requests that failed after their retries ran out. */
  readonly failed: number;
  /** Requests turned away by a full queue. */
  readonly dropped: number;
  /** Retries after replica failures. */
  readonly retried: number;
  /**
   * Mean quality of the answers served: over completed requests, the quality of the model
   * variant (compression) that served each, 1 for the full model; null when none completed.
   */
  readonly quality: number | null;
}

/** Figures of a training job. GPU time in GPU-seconds. */
export interface TrainingMetrics extends Omit<TrainingAccount, 'progressS' | 'interruptions' | 'rpoSumS' | 'rpoMaxS'> {
  /**
   * Recovery point achieved: the mean and largest age of the job's newest safe copy (its
   * last completed checkpoint, or its start) when an interruption struck; null without one.
   */
  readonly meanRpoS: number | null;
  readonly maxRpoS: number | null;
  /** Useful GPU-time / allocated GPU-time; null before the job ever ran. */
  readonly goodput: number | null;
  /** Share of the work done and saved, in [0, 1]. */
  readonly progress: number;
  /** GPU-time the job held: useful + lost + checkpoint + restart + in progress. */
  readonly allocatedGpuS: number;
}

/** Names a metric formula may use. */
export const FORMULA_NAMES: readonly string[] = [
  'C', 'S', 'T', 'R', 'Tp50', 'Tp95', 'Tp99', 'sloAttainment', 'goodput', 'lostGpuS', 'checkpointGpuS', 'restartGpuS', 'busyGpuS',
  'upGpuS', 'provisionedGpuS', 'meanInSystem', 'meanQueued', 'throughputPerS', 'arrived',
  'completed', 'interruptions', 'failures', 'endS',
];

/** Thrown when a metric formula gives a value outside its figure's range. */
export class MetricRangeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MetricRangeError';
  }
}

/**
 * Per-workload figures from a workload's tally. `T`, when given, is the summary of its
 * response times already made (see {@link computeMetrics}): a day of requests is tens of
 * millions of them, so they are summarized once.
 */
export function workloadMetrics(w: WorkloadTally, T: DurationSummary = summarize(w.responseTimesS)): WorkloadMetrics {
  const decided = w.completed + w.pendingMissed + (w.failed ?? 0);
  return {
    arrived: w.arrived, completed: w.completed, queued: w.queued, running: w.running,
    T,
    sloAttainment: decided > 0 ? w.met / decided : null,
    missed: decided - w.met,
    lostGpuS: w.lostGpuS, interruptions: w.interruptions,
    ...(w.training ? { training: trainingMetrics(w.training) } : {}),
    ...(w.inference ? { inference: inferenceMetrics(w.inference) } : {}),
    ...(w.recovery ? { recovery: recoveryMetrics(w.recovery) } : {}),
  };
}

/** Mean and worst recovery times from their sums. */
export function recoveryMetrics(r: RecoveryTally): RecoveryMetrics {
  const n = r.count;
  const mean = (x: number) => (n > 0 ? x / n : null);
  return {
    count: n,
    meanRtoS: mean(r.detectionS + r.decisionS + r.recoveryS),
    meanDetectionS: mean(r.detectionS), meanDecisionS: mean(r.decisionS), meanRecoveryS: mean(r.recoveryS),
    maxRtoS: n > 0 ? r.maxRtoS : null,
  };
}

/** An inference service's figures from its tally. */
export function inferenceMetrics(t: InferenceTally): InferenceMetrics {
  const slots = t.readyReplicaS * t.concurrency;
  return {
    availability: t.endS > 0 ? Math.min(1, t.availableS / t.endS) : 0,
    meanReadyReplicas: t.endS > 0 ? t.readyReplicaS / t.endS : 0,
    utilisation: slots > 0 ? Math.min(1, t.servingS / slots) : 0,
    failed: t.failed, dropped: t.dropped, retried: t.retried,
    quality: t.completed > 0 ? t.qualitySum / t.completed : null,
  };
}

/** A training job's figures from its accounting. */
export function trainingMetrics(t: TrainingTally): TrainingMetrics {
  const allocatedGpuS = allocated(t);
  return {
    goodput: allocatedGpuS > 0 ? t.usefulGpuS / allocatedGpuS : null,
    progress: t.workS > 0 ? Math.min(1, t.progressS / t.workS) : 1,
    allocatedGpuS, usefulGpuS: t.usefulGpuS, lostGpuS: t.lostGpuS, checkpointGpuS: t.checkpointGpuS,
    restartGpuS: t.restartGpuS, inProgressGpuS: t.inProgressGpuS, checkpoints: t.checkpoints, checkpointsLost: t.checkpointsLost,
    meanRpoS: t.interruptions > 0 ? t.rpoSumS / t.interruptions : null,
    maxRpoS: t.interruptions > 0 ? t.rpoMaxS : null,
  };
}

function allocated(t: TrainingTally): number {
  return t.usefulGpuS + t.lostGpuS + t.checkpointGpuS + t.restartGpuS + t.inProgressGpuS;
}

/**
 * The headline and secondary figures of a run, by the default definitions (README,
 * "Metrics"), then with the scenario's formulas applied. Pure: same tally, same figures.
 * `workloadT`, when given, holds the summary of each workload's response times (as
 * {@link workloadMetrics} makes them): when one workload alone has responses, the pooled
 * summary is its own, not made again.
 */
export function computeMetrics(t: RunTally, formulas: MetricFormulas = {}, workloadT?: readonly DurationSummary[]): Metrics {
  const nonEmpty = t.workloads.filter((w) => w.responseTimesS.length > 0);
  const T = workloadT !== undefined && nonEmpty.length === 1
    ? workloadT[t.workloads.indexOf(nonEmpty[0])]
    : summarize(pooled(t.workloads.map((w) => w.responseTimesS)));
  let weighted = 0, weights = 0, met = 0, decided = 0, arrived = 0, completed = 0, lost = 0, interruptions = 0;
  let checkpointGpuS = 0, restartGpuS = 0;
  for (const w of t.workloads) {
    const d = w.completed + w.pendingMissed + (w.failed ?? 0);
    if (w.training) {
      checkpointGpuS += w.training.checkpointGpuS;
      restartGpuS += w.training.restartGpuS;
    }
    met += w.met;
    decided += d;
    arrived += w.arrived;
    completed += w.completed;
    lost += w.lostGpuS;
    interruptions += w.interruptions;
    if (w.training) {
      // A training job contributes its goodput: useful GPU-time / allocated GPU-time; a job
      // submitted but never run delivered nothing and contributes 0.
      const a = allocated(w.training);
      if ((a > 0 || w.arrived > 0) && w.weight > 0) {
        weighted += w.weight * (a > 0 ? w.training.usefulGpuS / a : 0);
        weights += w.weight;
      }
    } else if (d > 0 && w.weight > 0) {
      weighted += w.weight * (w.met / d);
      weights += w.weight;
    }
  }
  const provisionedGpuS = t.provisionedGpus * t.endS;
  const base: Metrics = {
    C: weights > 0 ? clamp01(weighted / weights) : 1,
    S: t.endS > 0 ? clamp01(t.upGpuS / provisionedGpuS) : t.upGpusAtEnd / t.provisionedGpus,
    T: T.mean,
    R: t.upGpuS > 0 ? clamp01(t.busyGpuS / t.upGpuS) : 0,
    Tp50: T.p50, Tp95: T.p95, Tp99: T.p99,
    sloAttainment: decided > 0 ? met / decided : null,
    goodput: t.busyGpuS > 0 ? clamp01(1 - (lost + checkpointGpuS + restartGpuS) / t.busyGpuS) : 1,
    lostGpuS: lost,
    checkpointGpuS,
    restartGpuS,
    busyGpuS: t.busyGpuS,
    upGpuS: t.upGpuS,
    provisionedGpuS,
    meanInSystem: t.endS > 0 ? t.inSystemS / t.endS : 0,
    meanQueued: t.endS > 0 ? t.queuedS / t.endS : 0,
    throughputPerS: t.endS > 0 ? completed / t.endS : 0,
    arrived, completed, interruptions,
    failures: Object.values(t.failuresByTarget).reduce((a, b) => a + b, 0),
    endS: t.endS,
  };
  return applyFormulas(base, formulas);
}

/** Replaces headline figures by the scenario's formulas, evaluated over the default figures. */
export function applyFormulas(base: Metrics, formulas: MetricFormulas): Metrics {
  const names = Object.keys(formulas) as HeadlineName[];
  if (names.length === 0) return base;
  const scope: Record<string, number> = {};
  for (const k of FORMULA_NAMES) {
    const v = base[k as keyof Metrics];
    scope[k] = v === null ? NaN : v;
  }
  const out: Record<string, number | null> = { ...base };
  for (const name of names) {
    const f: CompiledFormula = compileFormula(formulas[name]!, FORMULA_NAMES);
    const v = f(scope);
    if (!Number.isFinite(v)) {
      if (name === 'T') { out.T = null; continue; }
      throw new MetricRangeError(`metrics.${name}: the formula gave ${v} (a figure it uses may be undefined for this run)`);
    }
    if (name !== 'T' && (v < 0 || v > 1)) throw new MetricRangeError(`metrics.${name}: the formula gave ${v}, expected a value in [0, 1]`);
    if (name === 'T' && v < 0) throw new MetricRangeError(`metrics.T: the formula gave ${v}, expected a time >= 0`);
    out[name] = v;
  }
  return out as unknown as Metrics;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function pooled(parts: readonly ArrayLike<number>[]): ArrayLike<number> {
  // One workload with responses: its own samples, not a copy (summaries do not modify them).
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 1) return nonEmpty[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Float64Array(n);
  let k = 0;
  for (const p of parts) { out.set(p as ArrayLike<number>, k); k += p.length; }
  return out;
}
