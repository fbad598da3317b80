import type { PolicyFactory } from '../registry.ts';
import type { BackupPolicy } from '../types.ts';

/**
 * Daly's higher-order estimate of the checkpoint interval that minimises expected wall time
 * under exponential failures (J. T. Daly, "A higher order estimate of the optimum checkpoint
 * interval for restart dumps", Future Generation Computer Systems 22(3), 2006, eq. 37):
 *
 *   τ = √(2δM) · [1 + ⅓·√(δ/2M) + ⅑·(δ/2M)] − δ   for δ < 2M,   τ = M otherwise,
 *
 * with δ the checkpoint cost and M the job's mean time between interruptions. Its first
 * term is Young's √(2δM) (J. W. Young, CACM 17(9), 1974). A free checkpoint (δ = 0) gets
 * τ = M / 1000 rather than the degenerate 0.
 */
export function dalyIntervalS(checkpointCostS: number, mtbfS: number): number {
  const d = checkpointCostS, m = mtbfS;
  if (!(m < Infinity)) return Infinity;
  if (d >= 2 * m) return m;
  if (d === 0) return m / 1000; // free checkpoints: often, but not without bound
  const x = d / (2 * m);
  return Math.sqrt(2 * d * m) * (1 + Math.sqrt(x) / 3 + x / 9) - d;
}

/** Checkpoints at Daly's optimum interval for the job's current GPUs. */
export const youngDaly: PolicyFactory<BackupPolicy> = {
  name: 'young-daly',
  description: "Checkpoint at Daly's higher-order optimum τ = √(2δM)·[1 + ⅓√(δ/2M) + ⅑(δ/2M)] − δ (Young's √(2δM) refined), from the checkpoint cost δ and the job's expected time between interruptions M on its current GPUs.",
  params: [],
  create: () => ({
    name: 'young-daly',
    checkpointIntervalS: (job) => dalyIntervalS(job.checkpointCostS, job.mtbfS),
  }),
};
