import { parseDuration } from '../../sim/scenario/units.ts';
import { PolicyConfigError, type PolicyFactory } from '../registry.ts';
import type { BackupPolicy } from '../types.ts';
import { dalyIntervalS } from './youngDaly.ts';

/**
 * Geo-replication of checkpoints (the remote-copy tier of disaster-recovery plans): the job
 * checkpoints every `interval` of computation, or at Daly's interval (as `young-daly`
 * without adaptation), and its newest
 * checkpoint is copied in the background to site `to` at most every `every` — over the WAN
 * link, sharing it, when the checkpoint has a size. A job restarted in `to` (failover
 * `cross-site`) reads the copy there when its own site is down.
 */
export const replicate: PolicyFactory<BackupPolicy> = {
  name: 'replicate',
  description: "Checkpoint every `interval` (default: Daly's interval), and copy the newest checkpoint to site `to` in the background at most every `every` (over the WAN when the checkpoint has a size), so that a restart in that site (failover cross-site) can read it there.",
  params: [
    { name: 'to', type: 'site id', description: 'site that receives the copies' },
    { name: 'every', type: 'duration > 0', description: 'least time between the starts of two copies', default: '1h' },
    { name: 'interval', type: 'duration > 0', description: "computation between checkpoints; Daly's interval when absent" },
  ],
  create: (params) => {
    if (typeof params.to !== 'string' || params.to.length === 0) throw new PolicyConfigError('policies.backup.to', `expected the id of the site that receives the copies, got ${JSON.stringify(params.to)}`);
    const to = params.to;
    const every = parseDuration(params.every === undefined ? '1h' : params.every);
    if (every === undefined || !(every > 0)) throw new PolicyConfigError('policies.backup.every', `expected a duration > 0 such as "1h", got ${JSON.stringify(params.every)}`);
    const interval = params.interval === undefined ? undefined : parseDuration(params.interval);
    if (params.interval !== undefined && !(interval! > 0)) throw new PolicyConfigError('policies.backup.interval', `expected a duration > 0 such as "1h", got ${JSON.stringify(params.interval)}`);
    const last = new Map<string, number>();
    return {
      name: 'replicate',
      checkpointIntervalS: (job) => interval ?? dalyIntervalS(job.checkpointCostS, job.mtbfS),
      nextCheckpoint: (job, nowS) => {
        const prev = last.get(job.id);
        if (prev !== undefined && nowS - prev < every) return {};
        last.set(job.id, nowS);
        return { replicateTo: to };
      },
    };
  },
};
