import { summarize, type DurationSummary } from './percentile.ts';
import type { InferenceMetrics, RecoveryMetrics, TrainingMetrics, WorkloadMetrics } from './Metrics.ts';
import type { InferenceTally, RecoveryTally, TrainingTally, WorkloadTally } from './RunTally.ts';

/**
 * Per-workload figures from a workload's tally. `T`, when given, is the summary of its
 * response times already made (see `computeMetrics`): a day of requests is tens of
 * millions of them, so they are summarized once.
 */
export function workloadMetrics(w: WorkloadTally, T: DurationSummary = summarize(w.responseTimesS)): WorkloadMetrics {
  const decided = w.completed + w.pendingMissed + (w.failed ?? 0);
  return {
    arrived: w.arrived, completed: w.completed, queued: w.queued, running: w.running,
    T,
    sloAttainment: decided > 0 ? w.met / decided : null,
    missed: decided - w.met,
    lostGpuS: w.lostGpuS, interruptions: w.interruptions,
    ...(w.training ? { training: trainingMetrics(w.training) } : {}),
    ...(w.inference ? { inference: inferenceMetrics(w.inference) } : {}),
    ...(w.recovery ? { recovery: recoveryMetrics(w.recovery) } : {}),
  };
}

/** Mean and worst recovery times from their sums. */
export function recoveryMetrics(r: RecoveryTally): RecoveryMetrics {
  const n = r.count;
  const mean = (x: number) => (n > 0 ? x / n : null);
  return {
    count: n,
    meanRtoS: mean(r.detectionS + r.decisionS + r.recoveryS),
    meanDetectionS: mean(r.detectionS), meanDecisionS: mean(r.decisionS), meanRecoveryS: mean(r.recoveryS),
    maxRtoS: n > 0 ? r.maxRtoS : null,
  };
}

/** An inference service's figures from its tally. */
export function inferenceMetrics(t: InferenceTally): InferenceMetrics {
  const slots = t.readyReplicaS * t.concurrency;
  return {
    availability: t.endS > 0 ? Math.min(1, t.availableS / t.endS) : 0,
    meanReadyReplicas: t.endS > 0 ? t.readyReplicaS / t.endS : 0,
    utilisation: slots > 0 ? Math.min(1, t.servingS / slots) : 0,
    failed: t.failed, dropped: t.dropped, retried: t.retried,
    quality: t.completed > 0 ? t.qualitySum / t.completed : null,
  };
}

/** A training job's figures from its accounting. */
export function trainingMetrics(t: TrainingTally): TrainingMetrics {
  const allocatedGpuS = allocatedGpuTime(t);
  return {
    goodput: allocatedGpuS > 0 ? t.usefulGpuS / allocatedGpuS : null,
    progress: t.workS > 0 ? Math.min(1, t.progressS / t.workS) : 1,
    allocatedGpuS, usefulGpuS: t.usefulGpuS, lostGpuS: t.lostGpuS, checkpointGpuS: t.checkpointGpuS,
    restartGpuS: t.restartGpuS, inProgressGpuS: t.inProgressGpuS, checkpoints: t.checkpoints, checkpointsLost: t.checkpointsLost,
    meanRpoS: t.interruptions > 0 ? t.rpoSumS / t.interruptions : null,
    maxRpoS: t.interruptions > 0 ? t.rpoMaxS : null,
  };
}

/** GPU-time a training job held: useful + lost + checkpoint + restart + in progress. */
export function allocatedGpuTime(t: TrainingTally): number {
  return t.usefulGpuS + t.lostGpuS + t.checkpointGpuS + t.restartGpuS + t.inProgressGpuS;
}
