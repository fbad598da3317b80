import { applyFormulas } from './applyFormulas.ts';
import type { MetricFormulas } from './formulaNames.ts';
import type { Metrics } from './Metrics.ts';
import { summarize, type DurationSummary } from './percentile.ts';
import type { RunTally } from './RunTally.ts';
import { allocatedGpuTime } from './workloadMetrics.ts';

// The metric API in one place: the types and functions below live in their own files.
export type { InferenceTally, RecoveryTally, RunTally, TrainingAccount, TrainingTally, WorkloadTally } from './RunTally.ts';
export type { InferenceMetrics, Metrics, RecoveryMetrics, TrainingMetrics, WorkloadMetrics } from './Metrics.ts';
export { FORMULA_NAMES, type HeadlineName, type MetricFormulas } from './formulaNames.ts';
export { applyFormulas, MetricRangeError } from './applyFormulas.ts';
export { inferenceMetrics, recoveryMetrics, trainingMetrics, workloadMetrics } from './workloadMetrics.ts';

/**
 * The headline and secondary figures of a run, by the default definitions (README,
 * "Metrics"), then with the scenario's formulas applied. Pure: same tally, same figures.
 * `workloadT`, when given, holds the summary of each workload's response times (as
 * {@link workloadMetrics} makes them): when one workload alone has responses, the pooled
 * summary is its own, not made again.
 */
export function computeMetrics(t: RunTally, formulas: MetricFormulas = {}, workloadT?: readonly DurationSummary[]): Metrics {
  const nonEmpty = t.workloads.filter((w) => w.responseTimesS.length > 0);
  const T = workloadT !== undefined && nonEmpty.length === 1
    ? workloadT[t.workloads.indexOf(nonEmpty[0])]
    : summarize(pooled(t.workloads.map((w) => w.responseTimesS)));
  let weighted = 0, weights = 0, met = 0, decided = 0, arrived = 0, completed = 0, lost = 0, interruptions = 0;
  let checkpointGpuS = 0, restartGpuS = 0;
  for (const w of t.workloads) {
    const d = w.completed + w.pendingMissed + (w.failed ?? 0);
    if (w.training) {
      checkpointGpuS += w.training.checkpointGpuS;
      restartGpuS += w.training.restartGpuS;
    }
    met += w.met;
    decided += d;
    arrived += w.arrived;
    completed += w.completed;
    lost += w.lostGpuS;
    interruptions += w.interruptions;
    if (w.training) {
      // A training job contributes its goodput: useful GPU-time / allocated GPU-time; a job
      // submitted but never run delivered nothing and contributes 0.
      const a = allocatedGpuTime(w.training);
      if ((a > 0 || w.arrived > 0) && w.weight > 0) {
        weighted += w.weight * (a > 0 ? w.training.usefulGpuS / a : 0);
        weights += w.weight;
      }
    } else if (d > 0 && w.weight > 0) {
      weighted += w.weight * (w.met / d);
      weights += w.weight;
    }
  }
  const provisionedGpuS = t.provisionedGpus * t.endS;
  const base: Metrics = {
    C: weights > 0 ? clamp01(weighted / weights) : 1,
    S: t.endS > 0 ? clamp01(t.upGpuS / provisionedGpuS) : t.upGpusAtEnd / t.provisionedGpus,
    T: T.mean,
    R: t.upGpuS > 0 ? clamp01(t.busyGpuS / t.upGpuS) : 0,
    Tp50: T.p50, Tp95: T.p95, Tp99: T.p99,
    sloAttainment: decided > 0 ? met / decided : null,
    goodput: t.busyGpuS > 0 ? clamp01(1 - (lost + checkpointGpuS + restartGpuS) / t.busyGpuS) : 1,
    lostGpuS: lost,
    checkpointGpuS,
    restartGpuS,
    busyGpuS: t.busyGpuS,
    upGpuS: t.upGpuS,
    provisionedGpuS,
    meanInSystem: t.endS > 0 ? t.inSystemS / t.endS : 0,
    meanQueued: t.endS > 0 ? t.queuedS / t.endS : 0,
    throughputPerS: t.endS > 0 ? completed / t.endS : 0,
    arrived, completed, interruptions,
    failures: Object.values(t.failuresByTarget).reduce((a, b) => a + b, 0),
    endS: t.endS,
  };
  return applyFormulas(base, formulas);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

function pooled(parts: readonly ArrayLike<number>[]): ArrayLike<number> {
  // One workload with responses: its own samples, not a copy (summaries do not modify them).
  const nonEmpty = parts.filter((p) => p.length > 0);
  if (nonEmpty.length === 1) return nonEmpty[0];
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Float64Array(n);
  let k = 0;
  for (const p of parts) { out.set(p as ArrayLike<number>, k); k += p.length; }
  return out;
}
