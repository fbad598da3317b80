import type { WorkloadTally } from '../../metrics/computeMetrics.ts';
import { rangesCount, type GpuRanges } from '../../policy/GpuRanges.ts';
import { sampler, type Sampler } from '../../random/distributions.ts';
import type { RandomStreams, Rng } from '../../random/streams.ts';
import type { BatchWorkloadSpec } from '../../scenario/types.ts';
import type { ModelContext } from '../ModelContext.ts';
import { traceLength } from '../traceLength.ts';
import type { PendingCounts, WorkKind } from './WorkKind.ts';

/**
 * Batch tasks: they arrive (Poisson, or from a trace), wait, run for their work at the
 * speed of their GPUs and leave. An interruption loses the attempt's GPU time; the task
 * queues again at its arrival position.
 */
export class BatchWork implements WorkKind {
  private readonly arrivalKind: number;
  private readonly completionKind: number;
  /** Per scenario workload (batch ones only): arrival and work streams and the work sampler. */
  private readonly draws: ({ readonly arrivalRng: Rng; readonly workRng: Rng; readonly work: Sampler } | null)[];

  constructor(streams: RandomStreams, private readonly ctx: ModelContext) {
    this.draws = ctx.scenario.workloads.map((spec) => (spec.kind === 'batch'
      ? { arrivalRng: streams.stream(`arrival/${spec.id}`), workRng: streams.stream(`work/${spec.id}`), work: sampler(spec.work) }
      : null));
    this.arrivalKind = ctx.sim.on((i) => this.arrive(i));
    this.completionKind = ctx.sim.on((t) => ctx.finish(t));
  }

  begin(i: number): void {
    const spec = this.ctx.scenario.workloads[i] as BatchWorkloadSpec;
    if (spec.trace) {
      if (traceLength(spec.trace, i) > 0) this.ctx.sim.at(spec.trace.data!.arrivalS[0] * spec.trace.timeScale, this.arrivalKind, i);
      else this.ctx.arrivalsDone();
    } else if (spec.count > 0) this.ctx.sim.after(this.nextGap(i), this.arrivalKind, i);
    else this.ctx.arrivalsDone();
  }

  private nextGap(i: number): number {
    return -Math.log(1 - this.draws[i]!.arrivalRng()) / (this.ctx.scenario.workloads[i] as BatchWorkloadSpec).arrivalRatePerS;
  }

  /** A task of workload `i` arrives; the next arrival is scheduled. */
  private arrive(i: number): void {
    const ctx = this.ctx, w = ctx.accounts[i], now = ctx.sim.nowS;
    const spec = w.spec as BatchWorkloadSpec;
    const trace = spec.trace;
    const k = w.arrived;
    const workS = trace ? trace.data!.durationS[k] * trace.traceSpeed : this.draws[i]!.work(this.draws[i]!.workRng);
    const gpus = trace ? trace.data!.gpus[k] : spec.gpus;
    const id = ctx.tasks.add(i, { kind: 'task', workloadId: spec.id, gpus, arrivalS: now, deadlineS: now + spec.sloS, weight: spec.weight, workS });
    w.arrived++;
    ctx.obs?.taskAdded?.(id, i, now);
    if (trace) {
      if (w.arrived < traceLength(trace, i)) ctx.sim.at(Math.max(now, trace.data!.arrivalS[w.arrived] * trace.timeScale), this.arrivalKind, i);
      else ctx.arrivalsDone();
    } else if (w.arrived < spec.count) ctx.sim.after(this.nextGap(i), this.arrivalKind, i);
    else ctx.arrivalsDone();
    ctx.obs?.taskArrived?.(id, spec.id, now);
    ctx.schedule();
  }

  started(task: number, _gpus: GpuRanges, speed: number): void {
    const t = this.ctx.tasks;
    t.completion[task] = this.ctx.sim.after(t.entries[task]!.workS / speed, this.completionKind, task);
    this.ctx.recovered(task);
  }

  interrupted(task: number): void {
    this.stop(task);
  }

  detected(task: number, _cause: unknown, hungGpuS: number): 'requeue' {
    this.ctx.accounts[this.ctx.tasks.workload[task]].lostGpuS += hungGpuS;
    return 'requeue';
  }

  preempted(task: number): void {
    this.stop(task);
  }

  /** The attempt ends: its completion is cancelled and its GPU time is lost. */
  private stop(task: number): void {
    const t = this.ctx.tasks, now = this.ctx.sim.nowS;
    this.ctx.sim.cancel(t.completion[task]);
    this.ctx.accounts[t.workload[task]].lostGpuS += (now - t.startS[task]) * rangesCount(t.gpus[task]!) * Math.min(1, t.entries[task]!.gpus);
  }

  tally(i: number, _endS: number, pending: PendingCounts): WorkloadTally {
    const w = this.ctx.accounts[i], spec = w.spec;
    return {
      id: spec.id, weight: spec.weight, arrived: w.arrived, completed: w.completed, met: w.met, failed: 0,
      pendingMissed: pending.missed, queued: pending.queued, running: pending.running, responseTimesS: w.responses.view(),
      lostGpuS: w.lostGpuS, interruptions: w.interruptions, recovery: { ...w.recovery },
    };
  }
}
