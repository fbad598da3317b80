import type { RandomStreams } from '../../random/streams.ts';
import type { WorkloadSpec } from '../../scenario/types.ts';
import type { ModelContext } from '../ModelContext.ts';
import type { QueuedWork } from '../../policy/SchedulingPolicy.ts';
import type { TrainingJobs } from '../TrainingJobs.ts';
import { BatchWork } from './BatchWork.ts';
import { InferenceWork, type RunLoopPorts } from './InferenceWork.ts';
import { TrainingWork, type JobFailover } from './TrainingWork.ts';
import type { WorkKind } from './WorkKind.ts';

/** What the model hands a work kind when it builds it (each kind takes what it needs). */
export interface WorkKindDeps {
  readonly streams: RandomStreams;
  readonly jobs: TrainingJobs;
  readonly jobFailover: JobFailover;
  readonly loop: RunLoopPorts;
  readonly recordSeries: boolean;
}

/** One workload kind: the queue-entry kind of its tasks and how the model builds it. */
export interface WorkKindEntry {
  readonly queued: QueuedWork['kind'];
  create(deps: WorkKindDeps, ctx: ModelContext): WorkKind;
}

/**
 * Every workload kind of a scenario (`workloads[].kind`), by name: the one table the model
 * reads to build and dispatch work (a task's kind is found from its queue entry's kind,
 * `queued`). Adding a kind is one module implementing {@link WorkKind} plus one line here,
 * its spec in the scenario schema and types, and its queue-entry kind in QueuedWork;
 * docs/extending.md walks through one and counts the files.
 */
export const WORK_KINDS = {
  batch: { queued: 'task', create: (d, ctx) => new BatchWork(d.streams, ctx) },
  training: { queued: 'job', create: (d, ctx) => new TrainingWork(d.jobs, d.jobFailover, ctx) },
  inference: { queued: 'replica', create: (d, ctx) => new InferenceWork(d.streams, d.recordSeries, d.loop, ctx) },
} as const satisfies { readonly [K in WorkloadSpec['kind']]: WorkKindEntry };

/** A workload kind's name. */
export type WorkKindName = keyof typeof WORK_KINDS;

/** The workload kind whose tasks have queue-entry kind `queued`. */
export const KIND_OF_QUEUED: Readonly<Record<QueuedWork['kind'], WorkKindName>> = Object.fromEntries(
  (Object.keys(WORK_KINDS) as WorkKindName[]).map((k) => [WORK_KINDS[k].queued, k]),
) as Record<QueuedWork['kind'], WorkKindName>;
