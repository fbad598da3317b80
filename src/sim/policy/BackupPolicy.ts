/** A training job as the backup and failover policies see it. Times in seconds. */
export interface TrainingJobView {
  /** Workload id. */
  readonly id: string;
  /** GPUs it runs on (fewer than `fullGpus` after an elastic shrink). */
  readonly gpus: number;
  /** GPUs it was given in the scenario. */
  readonly fullGpus: number;
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
  /**
   * Wall time it has held GPUs so far, over all its attempts: with `interruptions`, the
   * exposure from which its observed time between interruptions is runS / interruptions.
   */
  readonly runS: number;
}

/**
 * How one checkpoint is written and kept (multi-level checkpointing). By default (an empty
 * plan) it is the job's own write to its site's storage — its cost, or its size over its
 * path — which survives any failure of the job's GPUs.
 */
export interface CheckpointPlan {
  /**
   * Write a fast local checkpoint instead — in memory, copied to a peer node — that stalls
   * the job this long (seconds) and survives GPU and node failures only (a rack, uplink, WAN
   * or site failure loses it).
   */
  readonly localCostS?: number;
  /** With a local checkpoint: persist it to the storage in the background (no stall; it takes the job's own write time). */
  readonly persist?: boolean;
  /**
   * Once in storage, copy it in the background to this site (by id): over the WAN link when
   * the checkpoint has a size, else in the job's write time. A job restarted in that site
   * can read it there.
   */
  readonly replicateTo?: string;
}

/**
 * Decides when a training job checkpoints. Called each time the job starts computing (after
 * a start, a restart or a completed checkpoint); the answer is the wall time of computation
 * until the next checkpoint write. Background work (persisting, copying) runs one at a time
 * per job: a checkpoint due for it while the previous is still under way is kept as it is.
 */
export interface BackupPolicy {
  readonly name: string;
  /** Wall seconds of computing before the next checkpoint (> 0); Infinity for none. */
  checkpointIntervalS(job: TrainingJobView, nowS: number): number;
  /** How the checkpoint about to be written is kept; absent: always the job's own write to storage. */
  nextCheckpoint?(job: TrainingJobView, nowS: number): CheckpointPlan;
}
