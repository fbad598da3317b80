import type { WindowTallies } from '../metrics/WindowTallies.ts';
import { FAILURE_TARGETS, type FailureTarget } from '../scenario/failureTargets.ts';

/**
 * What a run did, over time, in plain data for a timeline replay and for C/S/T/R over time
 * (recorded by {@link TimelineRecorder} when a run asks for it; typed arrays so that a run
 * of 10⁶ spans crosses a worker boundary by transfer, not copy).
 *
 * Rows are nodes, in topology order (site by site, rack by rack). A span is one piece of
 * work holding a contiguous run of GPUs of one node for an interval: work on several nodes,
 * or on GPUs of a node that are not adjacent, gives one span per node and run of GPUs.
 */
export interface Timeline {
  /** Horizon of the run (seconds); `endS` is when it ended (≤ horizon). */
  readonly horizonS: number;
  readonly endS: number;
  /** The nodes, one row each. */
  readonly rows: TimelineRows;
  /** Workload ids; spans and windows refer to workloads by index in this list. */
  readonly workloads: readonly string[];
  /** Kind of each workload (`batch`, `training`, `inference`). */
  readonly workloadKinds: readonly string[];
  /** Weight of each workload in C. */
  readonly workloadWeights: readonly number[];
  readonly spans: TimelineSpans;
  /** Components down: failures and planned maintenance, each an interval over a range of rows. */
  readonly outages: TimelineOutages;
  /** Per-window tallies from which C and T over time are computed (see `metricSeries`). */
  readonly windows: TimelineWindows;
}

/** The rows (nodes) of a timeline. */
export interface TimelineRows {
  /** Node ids as scenarios name them (`site/rack/node`, e.g. `s0/r1/n3`). */
  readonly ids: readonly string[];
  /** GPUs on each node. */
  readonly gpus: Int32Array;
  /** Rack index and site index of each node (for grouping rows). */
  readonly rack: Int32Array;
  readonly site: Int32Array;
}

/** Why a span ended. */
export const SpanEnd = {
  /** The work completed. */
  completed: 0,
  /** A failure interrupted it (see `cause`). */
  interrupted: 1,
  /** The scheduling policy preempted it. */
  preempted: 2,
  /** Still running when the run ended. */
  running: 3,
  /** Stopped for another reason: moved (swap, shrink, redeploy) or planned maintenance. */
  moved: 4,
} as const;

/** Failure targets (in table order), then planned maintenance: the order `cause` and `level` code them. */
export const causeNames: readonly (FailureTarget | 'planned')[] = [...FAILURE_TARGETS, 'planned'];

/** The spans, column by column; `count` are valid (arrays may be longer). */
export interface TimelineSpans {
  readonly count: number;
  /** Row (node index). */
  readonly row: Int32Array;
  /** First GPU of the run within the node (0-based) and the number of GPUs. */
  readonly gpuFirst: Int16Array;
  readonly gpuCount: Int16Array;
  readonly startS: Float64Array;
  readonly endS: Float64Array;
  /** Task id of the work (a batch task, a training job or an inference replica). */
  readonly task: Int32Array;
  /** Workload index. */
  readonly workload: Int16Array;
  /** How it ended: a {@link SpanEnd} value. */
  readonly end: Uint8Array;
  /** For interrupted spans: index in {@link causeNames}; otherwise -1. */
  readonly cause: Int8Array;
}

/** Components down, column by column. */
export interface TimelineOutages {
  readonly count: number;
  /** The component's level: index in {@link causeNames} (a failure target). */
  readonly level: Uint8Array;
  /** Component ids, as scenarios name them. */
  readonly ids: readonly string[];
  /** Rows it covers: [rowFirst, rowEnd). WAN links cover no rows (rowFirst = rowEnd = 0). */
  readonly rowFirst: Int32Array;
  readonly rowEnd: Int32Array;
  readonly startS: Float64Array;
  /** When it came back up (the run's end if it never did). */
  readonly endS: Float64Array;
  /** 1 for planned maintenance, 0 for a failure. */
  readonly planned: Uint8Array;
}

/** The timeline's per-window tallies: the figures metricSeries reads (defined once, in metrics). */
export type TimelineWindows = WindowTallies;
