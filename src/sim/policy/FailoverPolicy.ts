import type { TrainingJobView } from './BackupPolicy.ts';
import type { FailureTarget } from '../scenario/types.ts';

/**
 * What to do with a training job hit by a failure. `restart`: release its GPUs, put it
 * back in the queue, and when the scheduler places it again, pay the restart time and go on
 * from the last completed checkpoint.
 */
export type FailoverDecision = { readonly action: 'restart' };

/** Decides what happens to work hit by a failure. */
export interface FailoverPolicy {
  readonly name: string;
  onInterrupted(job: TrainingJobView, cause: FailureTarget, nowS: number): FailoverDecision;
}
