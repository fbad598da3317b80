import type { WorkloadTally } from '../../metrics/computeMetrics.ts';
import type { GpuRanges } from '../../policy/GpuRanges.ts';
import type { FailureTarget } from '../../scenario/failureTargets.ts';
import type { TrainingWorkloadSpec } from '../../scenario/types.ts';
import type { ModelContext } from '../ModelContext.ts';
import type { TrainingJobs } from '../TrainingJobs.ts';
import type { PendingCounts, WorkKind } from './WorkKind.ts';

/** What a training job does once its failure is noticed (the failover policy decides; see recovery/Failover.ts). */
export type JobFailover = (task: number, cause: FailureTarget) => 'requeue' | 'kept';

/**
 * Training jobs: one per training workload, arriving at its start time, computing and
 * checkpointing on its GPUs ({@link TrainingJobs}); an interruption sends it back to its
 * last checkpoint, and the failover policy decides where it goes on.
 */
export class TrainingWork implements WorkKind {
  private readonly arrivalKind: number;

  constructor(private readonly jobs: TrainingJobs, private readonly failover: JobFailover, private readonly ctx: ModelContext) {
    this.arrivalKind = ctx.sim.on((i) => this.arrive(i));
  }

  begin(i: number): void {
    this.ctx.sim.at((this.ctx.scenario.workloads[i] as TrainingWorkloadSpec).startS, this.arrivalKind, i);
  }

  /** The job of workload `i` arrives. */
  private arrive(i: number): void {
    const ctx = this.ctx, w = ctx.accounts[i], now = ctx.sim.nowS;
    const spec = w.spec as TrainingWorkloadSpec;
    const id = ctx.tasks.add(i, { kind: 'job', workloadId: spec.id, gpus: spec.gpus, arrivalS: now, deadlineS: now + spec.sloS, weight: spec.weight, workS: spec.workS });
    w.arrived++;
    ctx.obs?.taskAdded?.(id, i, now);
    w.taskIds.push(id);
    this.jobs.add(id, spec);
    ctx.arrivalsDone();
    ctx.obs?.taskArrived?.(id, spec.id, now);
    ctx.schedule();
  }

  started(task: number, gpus: GpuRanges, speed: number): void {
    this.jobs.start(task, speed, this.ctx.mtbfOf(gpus), gpus, this.ctx.state.siteOfGpu(gpus[0]));
  }

  interrupted(task: number, cause: FailureTarget): void {
    this.jobs.interrupt(task, cause);
  }

  detected(task: number, cause: FailureTarget, hungGpuS: number): 'requeue' | 'kept' {
    if (hungGpuS > 0) this.jobs.addLost(task, hungGpuS);
    return this.failover(task, cause);
  }

  preempted(task: number): void {
    this.jobs.interrupt(task, 'preempted');
  }

  tally(i: number, _endS: number, pending: PendingCounts): WorkloadTally {
    const w = this.ctx.accounts[i], spec = w.spec as TrainingWorkloadSpec;
    const job = w.taskIds.length > 0 ? this.jobs.account(w.taskIds[0]) : undefined;
    const training = { workS: spec.workS, ...(job ?? { progressS: 0, usefulGpuS: 0, lostGpuS: 0, checkpointGpuS: 0, restartGpuS: 0, inProgressGpuS: 0, checkpoints: 0, checkpointsLost: 0, interruptions: 0, rpoSumS: 0, rpoMaxS: 0 }) };
    return {
      id: spec.id, weight: spec.weight, arrived: w.arrived, completed: w.completed, met: w.met, failed: 0,
      pendingMissed: pending.missed, queued: pending.queued, running: pending.running, responseTimesS: w.responses.view(),
      lostGpuS: training.lostGpuS, interruptions: w.interruptions, recovery: { ...w.recovery }, training,
    };
  }
}
