import type { PolicyFactory } from '../registry.ts';
import type { BackupPolicy } from '../types.ts';

/** Never checkpoints: an interruption sends a training job back to its start. */
export const none: PolicyFactory<BackupPolicy> = {
  name: 'none',
  description: 'Never checkpoint: an interrupted training job restarts from the beginning.',
  params: [],
  create: () => ({ name: 'none', checkpointIntervalS: () => Infinity }),
};
