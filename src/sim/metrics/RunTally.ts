/**
 * What a run counted: the input of the metric functions (see computeMetrics.ts). Plain
 * data, filled by the model; nothing here computes.
 */

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
  /**
   * Failures and interruptions counted per failure target (keyed by the scenario's targets;
   * metrics only sums them, so they stay plain string keys here).
   */
  readonly failuresByTarget: Readonly<Record<string, number>>;
  readonly interruptionsByCause: Readonly<Record<string, number>>;
}
