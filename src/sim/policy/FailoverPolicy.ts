import type { TrainingJobView } from './BackupPolicy.ts';
import type { FailureTarget } from '../scenario/failureTargets.ts';

/**
 * What to do with a training job hit by a failure, once the failure is detected:
 *
 * - `restart`: release its GPUs and put it back in the queue; when the scheduler places it
 *   again it pays its restart time and goes on from its last checkpoint that survives.
 *   With `site`, it may only be placed in that site (cross-site failover): its checkpoint is
 *   read there — over the WAN from the site that wrote it when that site is up and the
 *   checkpoint has a size, else from the newest copy already in the new site (storage
 *   copies), else the job starts over.
 * - `wait-for-repair`: keep its GPUs (idle, counted as lost time) until every one of them
 *   is up again, then restart in place.
 * - `swap`: replace its GPUs that are down by GPUs from the hot-spare pool (the policy's
 *   {@link FailoverPolicy.spareGpus}) and restart at once on the new set; the swapped-out
 *   GPUs refill the pool once repaired.
 * - `shrink`: go on with `gpus` GPUs (fewer than it has; at least 1): back to the queue at
 *   that size, computing at `gpus / spec gpus` of its full speed (elastic training).
 */
export type FailoverDecision =
  | { readonly action: 'restart'; readonly site?: string }
  | { readonly action: 'wait-for-repair' }
  | { readonly action: 'swap' }
  | { readonly action: 'shrink'; readonly gpus: number };

/** Where an inference replica hit by a failure is placed again: `site`, or where its service is pinned. */
export type ReplicaDecision = { readonly action: 'replace'; readonly site?: string };

/** One site as a failover policy sees it. */
export interface SiteView {
  readonly id: string;
  /** No site-level failure is in force. */
  readonly up: boolean;
  /** GPUs provisioned in the site. */
  readonly gpus: number;
  readonly upGpus: number;
  readonly freeGpus: number;
}

/** The cluster as a failover policy sees it when it decides. */
export interface FailoverView {
  readonly sites: readonly SiteView[];
  /** Site of the GPUs the work ran on. */
  readonly site: string;
  /** Of the GPUs the work holds, those down now. */
  readonly failedGpus: number;
  /** Spare GPUs in the hot-spare pool that are up and ready to swap in. */
  readonly spareGpusReady: number;
}

/** An inference replica hit by a failure. */
export interface ReplicaView {
  /** Workload id of its service. */
  readonly serviceId: string;
  /** Site its service is pinned to, if any. */
  readonly pinnedSite?: string;
}

/** Decides what happens to work hit by a failure. */
export interface FailoverPolicy {
  readonly name: string;
  /**
   * GPUs to hold back from the scheduler from the start as a hot-spare pool (whole nodes,
   * taken from the end of the cluster); only `swap` decisions use them. None when absent.
   */
  readonly spareGpus?: number;
  onInterrupted(job: TrainingJobView, cause: FailureTarget, nowS: number, cluster: FailoverView): FailoverDecision;
  /** Where a failed replica's replacement goes; absent: where its service is pinned (or anywhere). */
  onReplicaFailed?(replica: ReplicaView, cause: FailureTarget, nowS: number, cluster: FailoverView): ReplicaDecision;
}
