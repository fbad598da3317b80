/**
 * Equal windows over [0, horizon]: window i is [i·widthS, (i+1)·widthS). Per workload w,
 * the arrays hold at index `w * count + i`. An item is *decided* in the window where it
 * completed or ended unserved; `met` counts those that met their SLO. What `metricSeries`
 * reads to give C, S, T and R over time (a timeline's `windows` is one).
 */
export interface WindowTallies {
  readonly count: number;
  readonly widthS: number;
  readonly decided: Float64Array;
  readonly met: Float64Array;
  readonly completed: Float64Array;
  /** Σ response time (seconds) of the items completed in the window. */
  readonly responseSumS: Float64Array;
  /**
   * Training jobs only: GPU-seconds allocated in the window, and of those the GPU-seconds
   * not useful (checkpointing, restarting, and computation thrown away by an interruption in
   * the window).
   */
  readonly allocatedGpuS: Float64Array;
  readonly wastedGpuS: Float64Array;
  /** All workloads together, one entry per window: ∫ up(t) dt and ∫ busy(t) dt (GPU-seconds). */
  readonly upGpuS: Float64Array;
  readonly busyGpuS: Float64Array;
}
