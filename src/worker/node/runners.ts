import type { RunResult } from '../../sim/model/RunResult.ts';
import type { Runner } from '../compare.ts';
import { RunFailure } from '../runScenario.ts';
import type { RunOutcome } from '../simWorker.ts';
import type { PoolJob, WorkerPool } from './WorkerPool.ts';

/**
 * The result of an outcome, or the error it stands for: a {@link RunFailure} for a run
 * that failed (on its own terms, by its time limit, or with its worker), a plain Error for
 * anything else (a bug, or input the worker could not use).
 */
export function resultOf(o: RunOutcome): RunResult {
  if (o.ok) return o.result;
  if (o.kind === 'failure' || o.kind === 'timeout' || o.kind === 'crash') throw new RunFailure(o.error, o.kind);
  throw new Error(o.error);
}

/** A comparison runner that runs each job in the pool's workers. */
export function poolRunner(pool: WorkerPool, options: Omit<PoolJob, 'scenario' | 'seed' | 'onProgress'> = {}): Runner {
  return async (job) => resultOf(await pool.run({ ...options, scenario: job.scenario, seed: job.seed }));
}
