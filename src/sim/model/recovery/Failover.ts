import type { FailoverDecision, FailoverView } from '../../policy/FailoverPolicy.ts';
import { rangesCount, rangesMinus, rangesOf, rangesUnion, type GpuRanges } from '../../policy/GpuRanges.ts';
import type { FailureTarget } from '../../scenario/failureTargets.ts';
import type { InferenceWorkloadSpec } from '../../scenario/types.ts';
import { callPolicy, readOnly } from '../callPolicy.ts';
import type { ModelContext } from '../ModelContext.ts';
import { failoverProblem, replicaDecisionProblem } from '../placement/checkDecisions.ts';
import { PolicyError } from '../PolicyError.ts';
import { SparePool } from '../SparePool.ts';
import { TaskState } from '../TaskTable.ts';
import type { TrainingJobs } from '../TrainingJobs.ts';

/**
 * What happens to work hit by a failure: it stops at once; a task or job hangs, holding
 * its GPUs, until the failure is detected (monitoring.detection), then its kind decides —
 * for a training job the failover policy: restart (anywhere, or in a site), wait for repair
 * (keeping its GPUs), swap its failed GPUs for hot spares, or shrink — and it goes back to
 * the queue. Keeps the failover policy's hot-spare pool.
 */
export class Failover {
  private readonly detectKind: number;
  /** Training jobs keeping their GPUs until repaired (wait-for-repair), with when they began waiting. */
  private readonly waiting = new Map<number, number>();
  /** The failover policy's hot-spare pool, if it keeps one. */
  readonly spares: SparePool | null;
  /** Site-level failures in force, per site. */
  readonly siteDown: Int32Array;

  constructor(private readonly jobs: TrainingJobs, private readonly ctx: ModelContext) {
    this.siteDown = new Int32Array(ctx.topo.siteCount);
    this.spares = this.makeSparePool();
    this.detectKind = ctx.sim.on((t) => { this.detected(t); ctx.schedule(); ctx.serveAll(); });
  }

  /** Builds the failover policy's hot-spare pool, when it asks for one. */
  private makeSparePool(): SparePool | null {
    const policy = this.ctx.policies.failover, topo = this.ctx.topo;
    const n = policy.spareGpus ?? 0;
    if (n === 0) return null;
    if (!Number.isInteger(n) || n < 0 || n >= topo.gpuCount) {
      throw new PolicyError(policy.name, `spareGpus is ${JSON.stringify(n)}; expected a whole number from 0 to ${topo.gpuCount - 1} (the cluster has ${topo.gpuCount} GPUs)`);
    }
    return new SparePool(this.ctx.state, n);
  }

  /**
   * Work hit by a failure stops making progress at once. An inference replica is replaced
   * at once; a task or job hangs, holding its GPUs, until the failure is detected
   * (monitoring.detection), then goes to the failover policy and back to the queue.
   */
  interrupt(task: number, cause: FailureTarget, planned: boolean): void {
    const ctx = this.ctx, t = ctx.tasks;
    if (t.state[task] === TaskState.Hung) return;
    const now = ctx.sim.nowS;
    ctx.kindOf(task).interrupted(task, cause, planned);
    ctx.accounts[t.workload[task]].interruptions++;
    if (planned) ctx.tally.plannedInterruptions++;
    else ctx.tally.interruptionsByCause[cause]++;
    ctx.obs?.taskInterrupted?.(task, cause, now, planned);
    ctx.recoveries.interrupted(task, cause, now);
    // Planned work is known: it needs no detection.
    const detection = planned ? 0 : ctx.scenario.monitoring.detectionS;
    if (detection > 0) {
      t.state[task] = TaskState.Hung;
      ctx.sim.after(detection, this.detectKind, task);
    } else {
      this.detected(task);
    }
  }

  /** A failure under `task` is noticed: book the time it hung, let its kind decide, requeue it. */
  private detected(task: number): void {
    const ctx = this.ctx, t = ctx.tasks;
    const { cause, hungS } = ctx.recoveries.detected(task, ctx.sim.nowS);
    const hungGpuS = hungS * rangesCount(t.gpus[task]!) * Math.min(1, t.entries[task]!.gpus);
    if (ctx.kindOf(task).detected(task, cause, hungGpuS) === 'kept') return;
    ctx.releaseGpus(task);
    if (t.state[task] === TaskState.Hung) t.state[task] = TaskState.Running;
    ctx.requeueOrRetire(task);
  }

  /** A training job's failure is noticed: the failover policy decides where it goes on. */
  jobFailover(task: number, cause: FailureTarget): 'requeue' | 'kept' {
    const d = this.askFailover(task, cause);
    if (d.action === 'wait-for-repair') { this.waitForRepair(task); return 'kept'; }
    if (d.action === 'swap') { this.swap(task); return 'kept'; }
    if (d.action === 'shrink') {
      this.jobs.resize(task, d.gpus);
      this.repin(task, { gpus: d.gpus });
    } else this.repin(task, { site: d.site });
    return 'requeue';
  }

  /** Asks the failover policy what to do with an interrupted training job, and checks the answer. */
  private askFailover(task: number, cause: FailureTarget): FailoverDecision {
    const ctx = this.ctx, policy = ctx.policies.failover;
    const view = this.view(task);
    const job = readOnly(this.jobs.view(task));
    const d: unknown = callPolicy(policy, 'onInterrupted', () => policy.onInterrupted(job, cause, ctx.sim.nowS, view));
    const problem = failoverProblem(d, rangesCount(ctx.tasks.gpus[task]!), view, this.spares?.size ?? 0);
    if (problem) throw new PolicyError(policy.name, `onInterrupted returned ${JSON.stringify(d)}: ${problem}`);
    return d as FailoverDecision;
  }

  /** Asks the failover policy where a failed replica's replacement goes, and pins it there. */
  replicaFailover(task: number, cause: FailureTarget): void {
    const ctx = this.ctx, policy = ctx.policies.failover;
    if (!policy.onReplicaFailed) return;
    const spec = ctx.accounts[ctx.tasks.workload[task]].spec as InferenceWorkloadSpec;
    const replica = readOnly({ serviceId: spec.id, ...(spec.site === undefined ? {} : { pinnedSite: spec.site }) });
    const d: unknown = callPolicy(policy, 'onReplicaFailed', () => policy.onReplicaFailed!(replica, cause, ctx.sim.nowS, this.view(task)));
    const problem = replicaDecisionProblem(d, ctx.topo.spec.sites.map((s) => s.id));
    if (problem) throw new PolicyError(policy.name, `onReplicaFailed returned ${JSON.stringify(d)}; ${problem}`);
    this.repin(task, { site: (d as { site?: string }).site });
  }

  /** Changes what a task asks of the scheduler when it is queued again: its GPU count, or the site it must run in (none: anywhere, or its spec's). */
  private repin(task: number, change: { gpus?: number; site?: string }): void {
    const t = this.ctx.tasks;
    const { site: _old, ...rest } = t.entries[task]!;
    const spec = this.ctx.accounts[t.workload[task]].spec;
    const site = change.site ?? (spec.kind === 'inference' ? spec.site : undefined);
    t.setEntry(task, { ...rest, ...(change.gpus === undefined ? {} : { gpus: change.gpus }), ...(site === undefined ? {} : { site }) });
  }

  /** What a failover policy sees of the cluster around `task` (read-only; O(sites)). */
  private view(task: number): FailoverView {
    const ctx = this.ctx, st = ctx.state, topo = ctx.topo;
    const gpus = ctx.tasks.gpus[task]!;
    const sites = topo.spec.sites.map((s, i) => ({
      id: s.id, up: this.siteDown[i] === 0, gpus: topo.siteFirstGpu[i + 1] - topo.siteFirstGpu[i], upGpus: st.upGpusInSite(i), freeGpus: st.freeGpusInSite(i),
    }));
    const failedGpus = ctx.tasks.entries[task]!.gpus < 1 ? (st.isGpuUp(gpus[0]) ? 0 : 1) : st.downGpusHeld(task);
    return readOnly({ sites, site: topo.spec.sites[st.siteOfGpu(gpus[0])].id, failedGpus, spareGpusReady: this.spares?.ready ?? 0 });
  }

  /** wait-for-repair: the job keeps its GPUs (idle) and restarts in place once all are up. */
  private waitForRepair(task: number): void {
    this.ctx.tasks.state[task] = TaskState.Hung;
    this.waiting.set(task, this.ctx.sim.nowS);
    this.resumeWaiting();
  }

  /** Restarts in place the waiting jobs whose GPUs are all up again; their idle time is lost. */
  resumeWaiting(): void {
    const ctx = this.ctx;
    for (const [task, sinceS] of this.waiting) {
      const gpus = ctx.tasks.gpus[task]!;
      if (ctx.state.downGpusHeld(task) > 0) continue;
      this.waiting.delete(task);
      this.jobs.addLost(task, (ctx.sim.nowS - sinceS) * rangesCount(gpus));
      ctx.tasks.state[task] = TaskState.Running;
      this.restartInPlace(task, gpus);
    }
  }

  /** swap: the job's GPUs that are down are replaced by spares, and it restarts at once. */
  private swap(task: number): void {
    const ctx = this.ctx, t = ctx.tasks;
    const gpus = t.gpus[task]!;
    const failed = ctx.state.downIn(gpus);
    const failedRanges = rangesOf(failed), spares = rangesOf(this.spares!.take(failed.length));
    ctx.state.release(task, failedRanges);
    ctx.state.allocate(task, spares);
    this.spares!.giveBack(failed);
    const next = rangesUnion(rangesMinus(gpus, failedRanges), spares);
    t.gpus[task] = next;
    if (t.state[task] === TaskState.Hung) t.state[task] = TaskState.Running;
    ctx.obs?.taskStarted?.(task, next, ctx.sim.nowS);
    this.restartInPlace(task, next);
  }

  /** A training job that kept (or swapped) its GPUs starts again on them, paying its restart. */
  private restartInPlace(task: number, gpus: GpuRanges): void {
    const ctx = this.ctx;
    ctx.recoveries.placed(task, ctx.sim.nowS);
    ctx.tasks.startS[task] = ctx.sim.nowS;
    this.jobs.start(task, ctx.speedOf(gpus), ctx.mtbfOf(gpus), gpus, ctx.state.siteOfGpu(gpus[0]));
  }
}
