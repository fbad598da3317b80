import type { PolicyFactory } from '../registry.ts';
import type { FailoverPolicy } from '../types.ts';

/**
 * The simplest response, without spare capacity: the interrupted job keeps its GPUs, idle,
 * until the failed ones are repaired, then restarts in place from its last checkpoint. Its
 * healthy GPUs sit idle meanwhile (counted as lost GPU-time); nothing else can use them.
 */
export const waitForRepair: PolicyFactory<FailoverPolicy> = {
  name: 'wait-for-repair',
  description: 'Keep the interrupted job\'s GPUs (idle, counted as lost time) until every failed one is repaired, then restart in place from the last checkpoint. No spare capacity is used.',
  params: [],
  create: () => ({ name: 'wait-for-repair', onInterrupted: () => ({ action: 'wait-for-repair' }) }),
};
