import type { WorkloadTally } from '../../metrics/computeMetrics.ts';
import type { GpuRanges } from '../../policy/GpuRanges.ts';
import type { FailureTarget } from '../../scenario/failureTargets.ts';

/** Tasks of a workload not done at the end of a run. */
export interface PendingCounts {
  readonly queued: number;
  readonly running: number;
  /** Those past their deadline. */
  readonly missed: number;
}

/**
 * What the model does with one kind of work (batch tasks, training jobs, inference
 * services): one implementation per workload kind, listed in work/kinds.ts. The model calls
 * these at the points where kinds differ, and does everything they share itself (placing,
 * releasing GPUs, recovery times, failover of the GPUs).
 */
export interface WorkKind {
  /** Starts scenario workload `i` (schedules its first arrival, or queues its replicas). */
  begin(i: number): void;
  /** Task `task` was placed on `gpus`, where it runs at relative `speed`. */
  started(task: number, gpus: GpuRanges, speed: number): void;
  /** A failure under `task` stopped it (`planned`: maintenance, known at once). */
  interrupted(task: number, cause: FailureTarget, planned: boolean): void;
  /**
   * The failure under `task` is noticed, after it hung `hungGpuS` GPU-seconds: `requeue`
   * to have its GPUs released and it queued again, `kept` when it stays where it is (a job
   * waiting for repair, or restarted on swapped GPUs).
   */
  detected(task: number, cause: FailureTarget, hungGpuS: number): 'requeue' | 'kept';
  /** A scheduling policy preempted `task` (it goes back to the queue). */
  preempted(task: number): void;
  /** Scenario workload `i`'s figures at the end of the run (`endS`). */
  tally(i: number, endS: number, pending: PendingCounts): WorkloadTally;
}
