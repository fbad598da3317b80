import type { PolicyFactory } from '../registry.ts';
import type { FailoverPolicy } from '../types.ts';

/**
 * The usual response of large training runs: on any failure under the job, stop it, give
 * back its GPUs, and restart it from the last completed checkpoint as soon as the scheduler
 * finds it enough healthy GPUs (spare capacity, or the repaired ones).
 */
export const restartFromCheckpoint: PolicyFactory<FailoverPolicy> = {
  name: 'restart-from-checkpoint',
  description: 'Stop the interrupted job, release its GPUs and restart it from its last completed checkpoint as soon as enough healthy GPUs are free (paying the restart time).',
  params: [],
  create: () => ({ name: 'restart-from-checkpoint', onInterrupted: () => ({ action: 'restart' }) }),
};
