import { PolicyConfigError, type PolicyFactory } from '../registry.ts';
import type { FailoverPolicy } from '../types.ts';

/**
 * Hot spares, as large training clusters keep them (e.g. spare nodes swapped in by the job
 * launcher; Meta's Llama 3 and OPT-175B logbooks describe replacing bad hosts from a pool):
 * `spares` GPUs — whole nodes at the end of the cluster — are held back from the scheduler.
 * When a failure under a job is detected, its failed GPUs are swapped for spares and it
 * restarts at once from its last checkpoint, without queueing; the swapped-out GPUs refill
 * the pool once repaired. When the pool has too few spares ready it falls back to a
 * restart through the queue. The pool is idle capacity: it counts as up, not as busy.
 */
export const hotSpare: PolicyFactory<FailoverPolicy> = {
  name: 'hot-spare',
  description: 'Hold back `spares` GPUs (whole nodes at the end of the cluster) from the scheduler; after a failure is detected, swap the job\'s failed GPUs for spares and restart at once from the last checkpoint (falling back to a queued restart when too few spares are ready). Repaired GPUs refill the pool.',
  params: [{ name: 'spares', type: 'whole number ≥ 1', description: 'GPUs in the hot-spare pool', default: 8 }],
  create: (params) => {
    const spares = params.spares ?? 8;
    if (!Number.isInteger(spares) || (spares as number) < 1) {
      throw new PolicyConfigError('policies.failover.spares', `expected a whole number of GPUs ≥ 1, got ${JSON.stringify(params.spares)}`);
    }
    return {
      name: 'hot-spare',
      spareGpus: spares as number,
      onInterrupted: (_job, _cause, _now, cluster) =>
        cluster.failedGpus > 0 && cluster.spareGpusReady >= cluster.failedGpus ? { action: 'swap' } : { action: 'restart' },
    };
  },
};
