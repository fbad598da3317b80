import type { Shard } from './spec.ts';

/** A bad shard choice (flag or environment): bad input. */
export class ShardError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShardError';
  }
}

/** Where a shard came from, for the log. */
export interface ResolvedShard extends Shard {
  readonly from: 'none' | '--shard' | 'Slurm' | 'Kubernetes';
}

const set = (v: string | undefined): v is string => v !== undefined && v.trim() !== '';

function whole(v: string, what: string, min: number): number {
  const t = v.trim();
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(Number(t)) || Number(t) < min) throw new ShardError(`${what} must be a whole number ≥ ${min}, got "${v}"`);
  return Number(t);
}

function check(index: number, count: number, what: string): void {
  if (index >= count) throw new ShardError(`${what}: shard index ${index} is out of range; with ${count} shard${count === 1 ? '' : 's'} the index runs from 0 to ${count - 1}`);
}

/**
 * The shard this process runs, from (in this order): `--shard i/n` (0 ≤ i < n); Slurm's
 * `SLURM_ARRAY_TASK_ID` and `SLURM_ARRAY_TASK_COUNT` (the index counted from
 * `SLURM_ARRAY_TASK_MIN`, so `--array=0-(n-1)` and `--array=1-n` both work); Kubernetes'
 * `JOB_COMPLETION_INDEX` (an Indexed Job) with the count from `--shard-count N` or
 * `DCSIM_SHARD_COUNT`; else the whole run list (shard 0 of 1). Throws {@link ShardError}.
 */
export function resolveShard(flag: string | undefined, shardCount: number | undefined, env: Readonly<Record<string, string | undefined>>): ResolvedShard {
  if (shardCount !== undefined && !(Number.isSafeInteger(shardCount) && shardCount >= 1)) throw new ShardError(`--shard-count must be a whole number ≥ 1, got ${shardCount}`);
  if (flag !== undefined) {
    const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(flag);
    if (!m) throw new ShardError(`--shard expects i/n (shard i of n, counted from 0: 0/4, 1/4, 2/4, 3/4), got "${flag}"`);
    const index = whole(m[1], '--shard index', 0), count = whole(m[2], '--shard count', 1);
    check(index, count, `--shard ${flag}`);
    if (shardCount !== undefined && shardCount !== count) throw new ShardError(`--shard ${flag} and --shard-count ${shardCount} disagree on the number of shards`);
    return { index, count, from: '--shard' };
  }
  if (set(env.SLURM_ARRAY_TASK_ID)) {
    if (!set(env.SLURM_ARRAY_TASK_COUNT)) throw new ShardError('SLURM_ARRAY_TASK_ID is set but SLURM_ARRAY_TASK_COUNT is not; give the shard with --shard i/n');
    const id = whole(env.SLURM_ARRAY_TASK_ID, 'SLURM_ARRAY_TASK_ID', 0);
    const min = set(env.SLURM_ARRAY_TASK_MIN) ? whole(env.SLURM_ARRAY_TASK_MIN, 'SLURM_ARRAY_TASK_MIN', 0) : 0;
    const count = whole(env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_COUNT', 1);
    if (shardCount !== undefined && shardCount !== count) throw new ShardError(`SLURM_ARRAY_TASK_COUNT=${count} and --shard-count ${shardCount} disagree on the number of shards`);
    if (id < min) throw new ShardError(`SLURM_ARRAY_TASK_ID=${id} is below SLURM_ARRAY_TASK_MIN=${min}`);
    check(id - min, count, `SLURM_ARRAY_TASK_ID=${id}${min ? ` (from SLURM_ARRAY_TASK_MIN=${min})` : ''}, SLURM_ARRAY_TASK_COUNT=${count}`);
    return { index: id - min, count, from: 'Slurm' };
  }
  if (set(env.JOB_COMPLETION_INDEX)) {
    const index = whole(env.JOB_COMPLETION_INDEX, 'JOB_COMPLETION_INDEX', 0);
    const count = shardCount ?? (set(env.DCSIM_SHARD_COUNT) ? whole(env.DCSIM_SHARD_COUNT, 'DCSIM_SHARD_COUNT', 1) : undefined);
    if (count === undefined) throw new ShardError('JOB_COMPLETION_INDEX is set but not the number of shards: give it with --shard-count N (the Job\'s completions) or DCSIM_SHARD_COUNT');
    check(index, count, `JOB_COMPLETION_INDEX=${index} with ${count} shards`);
    return { index, count, from: 'Kubernetes' };
  }
  if (shardCount !== undefined) throw new ShardError('--shard-count needs the shard index: from JOB_COMPLETION_INDEX (a Kubernetes Indexed Job), or give --shard i/n instead');
  return { index: 0, count: 1, from: 'none' };
}
