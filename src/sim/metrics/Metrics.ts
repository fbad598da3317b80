/** The figures of a run and of each workload: the output of the metric functions (see computeMetrics.ts). */
import type { DurationSummary } from './percentile.ts';
import type { TrainingAccount } from './RunTally.ts';

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
