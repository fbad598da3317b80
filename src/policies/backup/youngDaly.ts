import { PolicyConfigError, type PolicyFactory } from '../registry.ts';
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

/**
 * The job's mean time between interruptions as known so far: the failure rules' estimate
 * M₀ counted as `priorWeight` observed interruptions, updated by what the job has seen —
 * M = (k·M₀ + exposure) / (k + n) for n interruptions over its exposure (the Gamma–Poisson
 * posterior mean of 1/λ, roughly). With no rules (M₀ = ∞), exposure / n once n > 0.
 */
export function observedMtbfS(priorMtbfS: number, priorWeight: number, runS: number, interruptions: number): number {
  if (priorMtbfS < Infinity) return (priorWeight * priorMtbfS + runS) / (priorWeight + interruptions);
  return interruptions > 0 ? runS / interruptions : Infinity;
}

/** Checkpoints at Daly's optimum interval for the job, with M learnt from the failures it sees. */
export const youngDaly: PolicyFactory<BackupPolicy> = {
  name: 'young-daly',
  description: "Checkpoint at Daly's higher-order optimum τ = √(2δM)·[1 + ⅓√(δ/2M) + ⅑(δ/2M)] − δ (Young's √(2δM) refined), from the checkpoint cost δ and the job's mean time between interruptions M: the failure rules' estimate on its current GPUs, updated by the interruptions it has seen (adapt), counting the rules' estimate as `priorWeight` interruptions.",
  params: [
    { name: 'adapt', type: 'true | false', description: 'learn M from the interruptions the job sees', default: true },
    { name: 'priorWeight', type: 'number > 0', description: 'how many observed interruptions the failure rules\' estimate is worth', default: 3 },
  ],
  create: (params) => {
    const adapt = params.adapt ?? true;
    const k = params.priorWeight ?? 3;
    if (typeof adapt !== 'boolean') throw new PolicyConfigError('policies.backup.adapt', `expected true or false, got ${JSON.stringify(params.adapt)}`);
    if (typeof k !== 'number' || !(k > 0 && k < Infinity)) throw new PolicyConfigError('policies.backup.priorWeight', `expected a number > 0, got ${JSON.stringify(params.priorWeight)}`);
    return {
      name: 'young-daly',
      checkpointIntervalS: (job) => dalyIntervalS(job.checkpointCostS, adapt ? observedMtbfS(job.mtbfS, k, job.runS, job.interruptions) : job.mtbfS),
    };
  },
};
