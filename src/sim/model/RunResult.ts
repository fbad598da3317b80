import type { Metrics, WorkloadMetrics } from '../metrics/computeMetrics.ts';
import type { FailureTarget } from '../scenario/types.ts';

/** Piecewise-constant series: from `timeS[i]` until the next point the values hold. */
export interface CapacitySeries {
  readonly timeS: Float64Array;
  readonly upGpus: Float64Array;
  readonly busyGpus: Float64Array;
  readonly queued: Float64Array;
}

/** What a site's storage came through. */
export interface StorageTally {
  readonly stripes: number;
  /** Stripes lost for good: fewer pieces left than needed to rebuild them. */
  readonly lostStripes: number;
  /** Moments at which stripes were lost. */
  readonly dataLossEvents: number;
  /** Time of the first loss, seconds; null when nothing was lost. */
  readonly firstLossS: number | null;
  /**
   * With copies to another site: over the site's outages, the age of its newest safe copy
   * when each struck (the recovery point achieved), seconds; null means without an outage.
   */
  readonly copies?: {
    readonly made: number;
    /** Copies due while the previous one was still under way, or while a site or the link was down. */
    readonly skipped: number;
    /** Copies cut short by an outage of a site or of the link. */
    readonly cut: number;
    readonly outages: number;
    readonly meanRpoS: number | null;
    readonly maxRpoS: number | null;
  };
}

/** Everything a run reports; plain data (the series, when recorded, in typed arrays). */
export interface RunResult {
  readonly scenario: string;
  readonly seed: number;
  readonly horizonS: number;
  readonly metrics: Metrics;
  readonly workloads: Readonly<Record<string, WorkloadMetrics>>;
  readonly failures: { readonly count: number; readonly byTarget: Readonly<Record<FailureTarget, number>> };
  /** Interruptions of work: by the level of the failed component, and those due to planned maintenance. */
  readonly interruptions: { readonly count: number; readonly byCause: Readonly<Record<FailureTarget, number>>; readonly planned: number };
  /** Components taken down by planned maintenance (not failures). */
  readonly maintenance: { readonly count: number; readonly byTarget: Readonly<Record<FailureTarget, number>> };
  /** Per site that models storage: stripes lost for good and data-loss events. */
  readonly storage: Readonly<Record<string, StorageTally>>;
  /** Running work stopped and sent back to the queue by the scheduling policy (`{ preempt }` decisions). */
  readonly preemptions: number;
  readonly stats: { readonly events: number };
  readonly series?: CapacitySeries;
}
