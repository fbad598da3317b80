import type { WindowTallies } from './WindowTallies.ts';

/**
 * C, S, T and R over time, one value per window of a run's timeline (NaN where a figure is
 * undefined in a window: T with no completion, C with nothing decided, R with nothing up).
 * Each is the headline figure's definition restricted to the window:
 * - S: ∫ up dt / (N · width);  R: ∫ busy dt / ∫ up dt;
 * - T: mean response time of the items completed in the window;
 * - C: Σ_w weight_w · attainment_w / Σ_w weight_w over workloads with decided demand in the
 *   window, attainment = met / decided for batch and inference, and for a training job
 *   1 − wasted / allocated GPU-time in the window.
 */
export interface MetricSeries {
  /** Start of each window (seconds); windows are `widthS` wide, the last one clipped at the run's end. */
  readonly timeS: Float64Array;
  readonly widthS: number;
  readonly C: Float64Array;
  readonly S: Float64Array;
  readonly T: Float64Array;
  readonly R: Float64Array;
}

/**
 * What {@link metricSeries} reads of a run's recording: a timeline (src/sim/timeline) is one.
 * Declared here so that the metrics import nothing of the timeline.
 */
export interface WindowedRun {
  /** When the run ended, seconds. */
  readonly endS: number;
  /** GPUs on each node. */
  readonly rows: { readonly gpus: Int32Array };
  /** Kind of each workload (`batch`, `training`, `inference`), and its weight in C. */
  readonly workloadKinds: readonly string[];
  readonly workloadWeights: readonly number[];
  readonly windows: WindowTallies;
}

/**
 * C, S, T and R per window of a recorded timeline (N, the provisioned GPUs, from its rows).
 * Windows past the run's end are dropped, and the last one is clipped at it.
 */
export function metricSeries(t: WindowedRun): MetricSeries {
  let provisionedGpus = 0;
  for (const g of t.rows.gpus) provisionedGpus += g;
  const w = t.windows, n = Math.min(w.count, Math.max(1, Math.ceil(t.endS / w.widthS - 1e-9)));
  const kinds = t.workloadKinds;
  const out = { timeS: new Float64Array(n), C: new Float64Array(n), S: new Float64Array(n), T: new Float64Array(n), R: new Float64Array(n) };
  for (let i = 0; i < n; i++) {
    const fromS = i * w.widthS, toS = Math.min(t.endS, (i + 1) * w.widthS);
    out.timeS[i] = fromS;
    const lengthS = toS - fromS;
    out.S[i] = lengthS > 0 ? w.upGpuS[i] / (provisionedGpus * lengthS) : NaN;
    out.R[i] = w.upGpuS[i] > 0 ? w.busyGpuS[i] / w.upGpuS[i] : NaN;
    let completed = 0, responseS = 0, weighted = 0, weightSum = 0;
    for (let k = 0; k < kinds.length; k++) {
      const j = k * w.count + i;
      completed += w.completed[j];
      responseS += w.responseSumS[j];
      let attainment = NaN;
      if (kinds[k] === 'training') {
        if (w.allocatedGpuS[j] > 0) attainment = Math.max(0, 1 - w.wastedGpuS[j] / w.allocatedGpuS[j]);
      } else if (w.decided[j] > 0) attainment = w.met[j] / w.decided[j];
      if (Number.isNaN(attainment)) continue;
      const weight = t.workloadWeights[k];
      weighted += weight * attainment;
      weightSum += weight;
    }
    out.T[i] = completed > 0 ? responseS / completed : NaN;
    out.C[i] = weightSum > 0 ? weighted / weightSum : NaN;
  }
  return { ...out, widthS: w.widthS };
}
