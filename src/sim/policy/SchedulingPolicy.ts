/** A task waiting for GPUs, as a scheduling policy sees it. */
export interface QueuedWork {
  /** Task id, unique within a run. */
  readonly id: number;
  /** A batch task, a training job, or an inference replica (which runs until it fails). */
  readonly kind: 'task' | 'job' | 'replica';
  /** Id of the workload the task belongs to. */
  readonly workloadId: string;
  /**
   * Number of GPUs the task needs, all at once; a value below 1 is a fraction of one GPU
   * (a task from a trace that shares a GPU), placed with {@link ClusterView.findSharedGpu}.
   */
  readonly gpus: number;
  /** Arrival time, seconds. */
  readonly arrivalS: number;
  /** Time by which it should finish, seconds (Infinity when its workload has no SLO). */
  readonly deadlineS: number;
  /** Its workload's weight. */
  readonly weight: number;
  /** Service time at reference speed (1.0), seconds. */
  readonly workS: number;
  /** How many times it has started before (and been interrupted). */
  readonly attempts: number;
  /** Site whose GPUs it must run on (an inference replica pinned to a site); any when absent. */
  readonly site?: string;
}

/** A decision: start task `workId` now on these GPUs. */
export interface Placement {
  readonly workId: number;
  readonly gpus: readonly number[];
}

/** A read-only view of the cluster's GPUs for a policy. */
export interface ClusterView {
  /** Number of GPUs provisioned. */
  readonly gpuCount: number;
  /** Number of nodes. */
  readonly nodeCount: number;
  /** GPUs that are up and not running anything. */
  readonly freeGpuCount: number;
  /** GPUs that are up. */
  readonly upGpuCount: number;
  /** True when the GPU is up (it, its node, rack and site are not failed). */
  isGpuUp(gpu: number): boolean;
  /** True when the GPU is up and runs nothing. */
  isGpuFree(gpu: number): boolean;
  /** Node index of a GPU. */
  nodeOfGpu(gpu: number): number;
  /** Relative speed of a GPU (H100 = 1). */
  gpuSpeed(gpu: number): number;
  /** Number of free GPUs on a node. */
  freeGpusOnNode(node: number): number;
  /**
   * Proposes `count` free GPUs packed onto as few nodes as possible (best fit: the fullest
   * node that still has room), only in site `site` when given, or null when fewer than
   * `count` are free there.
   */
  findFreeGpus(count: number, site?: string): number[] | null;
  /**
   * Proposes a GPU with room for a fraction `share` (0 < share ≤ 1) of it: the shared GPU
   * with the least room that fits (best fit), else a free GPU; null when none has room.
   */
  findSharedGpu(share: number): number | null;
}

/**
 * Decides which queued work starts now, and where. The engine calls `schedule` whenever
 * work waits and a GPU is free (or shared with room left), applies the placements it returns (checking each one), and
 * calls again until it returns none. A policy never changes the model itself.
 */
export interface SchedulingPolicy {
  readonly name: string;
  schedule(queue: readonly QueuedWork[], cluster: ClusterView, nowS: number): readonly Placement[];
}
