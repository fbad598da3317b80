import { parseDuration } from '../../sim/scenario/units.ts';
import { PolicyConfigError, type PolicyFactory } from '../registry.ts';
import type { BackupPolicy } from '../types.ts';

/** Checkpoints after every `interval` of computation (wall time), whatever the failure rate. */
export const fixedInterval: PolicyFactory<BackupPolicy> = {
  name: 'fixed-interval',
  description: 'Checkpoint after every `interval` of computation (wall time, not counting checkpoint writes and restarts).',
  params: [{ name: 'interval', type: 'duration > 0', description: 'computation between two checkpoints', default: '1h' }],
  create: (params) => {
    const interval = parseDuration(params.interval === undefined ? '1h' : params.interval);
    if (interval === undefined || !(interval > 0)) {
      throw new PolicyConfigError('policies.backup.interval', `expected a duration > 0 such as "30m" or "2h", got ${JSON.stringify(params.interval)}`);
    }
    return { name: 'fixed-interval', checkpointIntervalS: () => interval };
  },
};
