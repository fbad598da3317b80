import { parseDuration } from '../../sim/scenario/units.ts';
import { PolicyConfigError, type PolicyFactory } from '../registry.ts';
import type { BackupPolicy } from '../types.ts';

function durationParam(params: Readonly<Record<string, unknown>>, name: string, fallback: string, positive: boolean): number {
  const v = parseDuration(params[name] === undefined ? fallback : params[name]);
  if (v === undefined || v < 0 || (positive && v === 0)) {
    throw new PolicyConfigError(`policies.backup.${name}`, `expected a duration ${positive ? '> 0' : '≥ 0'} such as "10m", got ${JSON.stringify(params[name])}`);
  }
  return v;
}

/**
 * Multi-level checkpointing (Moody et al., SCR, SC 2010; in-memory checkpoints for large
 * model training: Gemini, SOSP 2023; CheckFreq, FAST 2021): a fast local checkpoint — in
 * memory, copied to a peer node — every `localInterval` of computation, stalling the job
 * `localCost`; every `persistEvery`-th one is also persisted to storage in the background
 * (no stall; it takes the job's own write time). A GPU or node failure restarts from the
 * newest local checkpoint; a rack, uplink, WAN or site failure loses the local ones and
 * restarts from the newest persisted.
 */
export const tiered: PolicyFactory<BackupPolicy> = {
  name: 'tiered',
  description: 'A fast local (in-memory, peer-copied) checkpoint every `localInterval` of computation, stalling `localCost`; every `persistEvery`-th is persisted to storage in the background. GPU and node failures restart from the newest local checkpoint, wider failures from the newest persisted one.',
  params: [
    { name: 'localInterval', type: 'duration > 0', description: 'computation between two local checkpoints', default: '10m' },
    { name: 'localCost', type: 'duration ≥ 0', description: 'stall of one local checkpoint', default: '10s' },
    { name: 'persistEvery', type: 'whole number ≥ 1', description: 'persist every n-th local checkpoint to storage', default: 6 },
  ],
  create: (params) => {
    const interval = durationParam(params, 'localInterval', '10m', true);
    const localCostS = durationParam(params, 'localCost', '10s', false);
    const every = params.persistEvery ?? 6;
    if (!Number.isInteger(every) || (every as number) < 1) throw new PolicyConfigError('policies.backup.persistEvery', `expected a whole number ≥ 1, got ${JSON.stringify(params.persistEvery)}`);
    const written = new Map<string, number>();
    return {
      name: 'tiered',
      checkpointIntervalS: () => interval,
      nextCheckpoint: (job) => {
        const n = (written.get(job.id) ?? 0) + 1;
        written.set(job.id, n);
        return { localCostS, persist: n % (every as number) === 0 };
      },
    };
  },
};
