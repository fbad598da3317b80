/** A training job as the backup and failover policies see it. Times in seconds. */
export interface TrainingJobView {
  /** Workload id. */
  readonly id: string;
  /** GPUs it runs on. */
  readonly gpus: number;
  /** Total compute it needs at speed 1.0. */
  readonly workS: number;
  /** Progress saved by the last completed checkpoint, at speed 1.0. */
  readonly checkpointedS: number;
  /** Relative speed of its current GPUs (progress per wall second). */
  readonly speed: number;
  /** Wall time one checkpoint write takes (δ). */
  readonly checkpointCostS: number;
  /** Wall time to restart after an interruption (R). */
  readonly restartS: number;
  /**
   * Expected wall time between interruptions of the job on its current GPUs (M), from the
   * scenario's failure rules: 1 / Σ (1 / mean time to failure) over the components under it.
   * Infinity when nothing under it can fail.
   */
  readonly mtbfS: number;
  /** Interruptions so far. */
  readonly interruptions: number;
}

/**
 * Decides when a training job checkpoints. Called each time the job starts computing (after
 * a start, a restart or a completed checkpoint); the answer is the wall time of computation
 * until the next checkpoint write.
 */
export interface BackupPolicy {
  readonly name: string;
  /** Wall seconds of computing before the next checkpoint (> 0); Infinity for none. */
  checkpointIntervalS(job: TrainingJobView, nowS: number): number;
}
