import { PolicyConfigError, type PolicyFactory } from '../registry.ts';
import type { FailoverPolicy } from '../types.ts';

/**
 * Elastic training (e.g. TorchElastic; Oobleck, SOSP 2023; Bamboo, NSDI 2023): instead of
 * waiting for its failed GPUs, the job goes on with the healthy ones — back to the queue at
 * the smaller size, restarting from its last checkpoint and computing at gpus / full-size of
 * its full speed — as long as that keeps at least `minFraction` of its GPUs; below that it
 * restarts at its current size. It does not grow back in this version.
 */
export const elastic: PolicyFactory<FailoverPolicy> = {
  name: 'elastic',
  description: 'Shrink the interrupted job to its GPUs still healthy and go on at proportionally lower speed (from its last checkpoint), while that keeps at least `minFraction` of its GPUs; otherwise restart at its current size. It does not grow back.',
  params: [{ name: 'minFraction', type: 'number in (0, 1]', description: 'smallest share of its GPUs the job may shrink to', default: 0.5 }],
  create: (params) => {
    const min = params.minFraction ?? 0.5;
    if (typeof min !== 'number' || !(min > 0 && min <= 1)) {
      throw new PolicyConfigError('policies.failover.minFraction', `expected a number in (0, 1], got ${JSON.stringify(params.minFraction)}`);
    }
    return {
      name: 'elastic',
      onInterrupted: (job, _cause, _now, cluster) => {
        const healthy = job.gpus - cluster.failedGpus;
        if (cluster.failedGpus > 0 && healthy >= 1 && healthy >= Math.ceil(min * job.fullGpus)) return { action: 'shrink', gpus: healthy };
        return { action: 'restart' };
      },
    };
  },
};
