import type { GpuRanges } from './GpuRanges.ts';

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
  /** How many times it has started before (and been interrupted or preempted). */
  readonly attempts: number;
  /**
   * Service it has received over its previous attempts, in GPU-seconds: Σ (time it held its
   * GPUs) × (GPUs it needs), a fraction of one for a shared GPU. 0 before its first start.
   */
  readonly attainedGpuS: number;
  /** Site whose GPUs it must run on (an inference replica pinned to a site); any when absent. */
  readonly site?: string;
}

/**
 * A decision: start task `workId` now on these GPUs, given either as `ranges` (a
 * {@link GpuRanges} set, as {@link ClusterView.findFreeGpuRanges} proposes: cheap at any
 * size) or as a list `gpus` of GPU indices (one GPU for a task that needs a fraction of
 * one). Exactly one of the two.
 */
export type Placement =
  | { readonly workId: number; readonly ranges: GpuRanges; readonly gpus?: undefined }
  | { readonly workId: number; readonly gpus: readonly number[]; readonly ranges?: undefined };

/**
 * A decision: stop running task `preempt` now and put it back in the queue at its arrival
 * position, as if interrupted but with no failure (no detection delay, no recovery record).
 * A batch task loses the GPU-time of this attempt; a training job loses its computation
 * since its last completed checkpoint and restarts from it (paying its restart time); an
 * inference replica stops (its requests in service are retried or fail) and waits to be
 * placed again. Only work that is running (not hung on a failure) and that started before
 * the current instant may be preempted: work started at `nowS` may not be preempted at
 * `nowS`, so that a policy cannot preempt and place the same work forever in one instant.
 */
export interface Preemption {
  readonly preempt: number;
}

/** What `schedule` returns: placements and preemptions. */
export type ScheduleDecision = Placement | Preemption;

/** Work that runs now, as a scheduling policy sees it. */
export interface RunningWork {
  /** Task id. */
  readonly id: number;
  readonly kind: 'task' | 'job' | 'replica';
  readonly workloadId: string;
  readonly weight: number;
  /** Arrival time, seconds. */
  readonly arrivalS: number;
  /** GPUs it needs (as {@link QueuedWork.gpus}: a count, or a fraction of one). */
  readonly need: number;
  /** The GPUs it holds (one GPU, shared, for a fraction), as ranges. */
  readonly ranges: GpuRanges;
  /** The GPUs it holds as a list (built when first read: O(GPUs); prefer {@link ranges} for large work). */
  readonly gpus: readonly number[];
  /** When this attempt started, seconds. */
  readonly startS: number;
  /** Service received over all its attempts up to now, GPU-seconds (see {@link QueuedWork.attainedGpuS}). */
  readonly attainedGpuS: number;
  /**
   * When it is expected to end and give its GPUs back, seconds: a batch task's start plus its
   * work at the speed of its GPUs (exact, barring failures); for a training job an estimate,
   * its start plus its restart time (after an interruption) plus the work left after its last
   * checkpoint at its GPUs' speed (checkpoint writes not counted); Infinity for an inference
   * replica (it never ends).
   */
  readonly expectedEndS: number;
  /** Site it must run in, when pinned. */
  readonly site?: string;
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
   * As {@link findFreeGpus}, but as a {@link GpuRanges} set: O(ranges) however many GPUs it
   * holds, the way to place work of thousands of GPUs.
   */
  findFreeGpuRanges(count: number, site?: string): GpuRanges | null;
  /**
   * Proposes a GPU with room for a fraction `share` (0 < share ≤ 1) of it: the shared GPU
   * with the least room that fits (best fit), else a free GPU; null when none has room.
   */
  findSharedGpu(share: number): number | null;
  /** Number of racks. Racks are numbered site by site; a rack's GPUs are one contiguous range. */
  readonly rackCount: number;
  /** Rack index of a GPU. */
  rackOfGpu(gpu: number): number;
  /** Id of the site a rack is in. */
  siteOfRack(rack: number): string;
  /**
   * False while a WAN link joining sites `a` and `b` is down: work may not span them then
   * (the engine rejects such a placement). True for one site, and for sites no link joins.
   */
  sitesJoined(a: string, b: string): boolean;
  /** Number of free GPUs (up, running nothing) in a rack; O(1). */
  freeGpusOnRack(rack: number): number;
  /**
   * Proposes `count` free GPUs of one rack, packed onto as few of its nodes as possible (best
   * fit on one node when one has room, else the roomiest nodes first), or null when fewer than
   * `count` are free there. O(nodes of the rack).
   */
  findFreeGpusInRack(count: number, rack: number): number[] | null;
  /**
   * The work running now (not work hung on an undetected failure), in no particular order.
   * Built on each call, O(running work): call it only when needed.
   */
  runningWork(): readonly RunningWork[];
}

/**
 * Decides which queued work starts now, and where, and which running work to preempt. The
 * engine calls `schedule` whenever work waits and a GPU is free (or shared with room left) —
 * and, for a policy that sets `preempts`, whenever work waits at all — applies the decisions
 * it returns (all preemptions first, then the placements in order, checking each one against
 * the cluster as it is then), and calls again until it returns none. A policy never changes
 * the model itself. An invalid decision fails the run with a PolicyError naming the policy.
 */
export interface SchedulingPolicy {
  readonly name: string;
  /**
   * True when the policy may preempt: the engine then also calls it when no GPU has room
   * (otherwise it would never be asked when preempting is the only way to start work).
   */
  readonly preempts?: boolean;
  schedule(queue: readonly QueuedWork[], cluster: ClusterView, nowS: number): readonly ScheduleDecision[];
}
