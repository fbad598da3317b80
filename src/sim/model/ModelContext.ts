import type { Simulator } from '../engine/Simulator.ts';
import type { GpuRanges } from '../policy/GpuRanges.ts';
import type { PolicySet } from '../policy/PolicySet.ts';
import type { Scenario } from '../scenario/types.ts';
import type { RunTally } from './accounting/RunTally.ts';
import type { WorkloadAccount } from './accounting/WorkloadAccount.ts';
import type { ClusterState } from './ClusterState.ts';
import type { Recoveries } from './recovery/Recoveries.ts';
import type { SimObserver } from './SimObserver.ts';
import type { TaskTable } from './TaskTable.ts';
import type { Topology } from './Topology.ts';
import type { WorkKind } from './work/WorkKind.ts';

/**
 * The ports through which the model's subsystems (work kinds, scheduler, failover,
 * component events) reach the shared state and each other: the one way they are wired.
 * Each subsystem takes it as its last constructor argument and knows no other subsystem's
 * class; the model (Model.ts) implements it, delegating each operation to its owner.
 */
export interface ModelContext {
  readonly scenario: Scenario;
  readonly policies: PolicySet;
  readonly sim: Simulator;
  readonly topo: Topology;
  readonly state: ClusterState;
  readonly tasks: TaskTable;
  /** One account per scenario workload, by index. */
  readonly accounts: readonly WorkloadAccount[];
  readonly tally: RunTally;
  readonly recoveries: Recoveries;
  readonly obs: SimObserver | undefined;
  /** The kind of work a live task is (its queue entry's kind). */
  kindOf(task: number): WorkKind;
  /** Places waiting work (asks the scheduling policy until it has nothing to start). */
  schedule(): void;
  /** Inference services serve what they can after capacity changed. */
  serveAll(): void;
  /** Work that did all its work: its GPUs back, its response time booked. */
  finish(task: number): void;
  /** Work runs again after an interruption: its recovery time is booked. */
  recovered(task: number): void;
  /** Gives a running task's GPUs (or its share of one) back. */
  releaseGpus(task: number): void;
  /** Sends stopped work back to the queue (a replica being removed is retired instead). */
  requeueOrRetire(task: number): void;
  /** A workload will add no more work (its last arrival came). */
  arrivalsDone(): void;
  /** Expected wall time between interruptions of work on `gpus` (seconds). */
  mtbfOf(gpus: GpuRanges): number;
  /** Relative speed of work on `gpus` (its slowest GPU type). */
  speedOf(gpus: GpuRanges): number;
}
