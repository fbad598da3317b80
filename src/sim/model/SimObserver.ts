import type { GpuRanges } from '../policy/GpuRanges.ts';
import type { FailureTarget } from '../scenario/types.ts';

/** A training job's phase: restarting (or reading its checkpoint back), computing, or writing a checkpoint. */
export type TrainingPhase = 'restart' | 'compute' | 'checkpoint';

/**
 * Receives what happens during a run, as it happens (for tests, traces and timelines). Every
 * method is optional; a run with no observer pays nothing for them. Plain numbers and
 * strings only, so an observer may live anywhere (the timeline recorder is one, attached by
 * the worker).
 */
export interface SimObserver {
  /** A task, job or inference replica joined the task table, as task `task` of workload index `workload`. */
  taskAdded?(task: number, workload: number, timeS: number): void;
  taskArrived?(task: number, workloadId: string, timeS: number): void;
  /** Work started on GPUs `gpus` (or started again on them after a swap). */
  taskStarted?(task: number, gpus: GpuRanges, timeS: number): void;
  taskCompleted?(task: number, timeS: number): void;
  /** A scheduling policy preempted running work; it is back in the queue. */
  taskPreempted?(task: number, timeS: number): void;
  /** Work stopped by a failure under it (`planned`: by planned maintenance, `cause` its level). */
  taskInterrupted?(task: number, cause: FailureTarget, timeS: number, planned: boolean): void;
  /**
   * A component went down or came back up (`planned`: maintenance); a GPU, node, rack or
   * site covers the GPUs [gpuFirst, gpuEnd), a WAN link none (its index in both).
   */
  componentChanged?(target: FailureTarget, id: string, down: boolean, timeS: number, planned: boolean, gpuFirst: number, gpuEnd: number): void;
  /** A training job enters a phase; `progressS` is its checkpointed progress at speed 1.0. */
  trainingPhase?(task: number, phase: TrainingPhase, progressS: number, timeS: number): void;
  /**
   * An inference request ended: `workload` is the index of its service in the scenario's
   * workloads, `outcome` 0 completed, 1 failed (ended unserved after a replica failure, its
   * retries used up), 2 dropped (its queue was full). Every request that ends is reported
   * once; those still waiting or in service when the run ends are not.
   */
  requestDone?(workload: number, arrivalS: number, timeS: number, outcome: 0 | 1 | 2): void;
  /**
   * Capacity over [fromS, toS): `upGpus` GPUs up and `busyGpus` held by work (a fraction
   * for shared GPUs). Called as the model advances time, for every interval between events
   * that changed it.
   */
  capacity?(fromS: number, toS: number, upGpus: number, busyGpus: number): void;
}

/** The methods of {@link SimObserver}, for code that composes observers. */
export const OBSERVER_METHODS = ['taskAdded', 'taskArrived', 'taskStarted', 'taskCompleted', 'taskPreempted', 'taskInterrupted', 'componentChanged', 'trainingPhase', 'requestDone', 'capacity'] as const satisfies readonly (keyof SimObserver)[];
