import { GrowableArray } from '../../metrics/GrowableArray.ts';
import type { WorkloadSpec } from '../../scenario/types.ts';

/** Sums over the interruptions a workload recovered from: time to detect, to be placed again, to run again (seconds). */
export interface RecoverySums {
  count: number;
  detectionS: number;
  decisionS: number;
  recoveryS: number;
  maxRtoS: number;
}

/** What the model counts for one workload of the scenario as the run goes. */
export interface WorkloadAccount {
  readonly spec: WorkloadSpec;
  /** Tasks of this workload (training: its one job), for the end-of-run accounts. */
  readonly taskIds: number[];
  readonly recovery: RecoverySums;
  arrived: number;
  completed: number;
  met: number;
  /** GPU-seconds of work done and lost to interruptions (batch tasks; a job keeps its own). */
  lostGpuS: number;
  interruptions: number;
  readonly responses: GrowableArray;
}

/** A workload's account before anything happened. */
export function newWorkloadAccount(spec: WorkloadSpec): WorkloadAccount {
  return {
    spec, taskIds: [], recovery: { count: 0, detectionS: 0, decisionS: 0, recoveryS: 0, maxRtoS: 0 },
    arrived: 0, completed: 0, met: 0, lostGpuS: 0, interruptions: 0, responses: new GrowableArray(),
  };
}
