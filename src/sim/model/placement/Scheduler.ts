import { rangesCount, type GpuRanges } from '../../policy/GpuRanges.ts';
import type { ClusterView, Placement, Preemption, RunningWork } from '../../policy/SchedulingPolicy.ts';
import { callPolicy } from '../callPolicy.ts';
import { clusterViewOf } from '../cluster/clusterView.ts';
import { MILLI } from '../ClusterState.ts';
import type { ModelContext } from '../ModelContext.ts';
import { PolicyError } from '../PolicyError.ts';
import { gpuOutside, isPreemption, placedTaskProblem, placementRanges, preemptionProblem } from './checkDecisions.ts';

/** What the scheduler asks of the rest of the model. */
export interface SchedulerPorts {
  /** Two sites of the GPUs whose WAN link is down, or null. */
  cutBetween(gpus: GpuRanges): [string, string] | null;
  /** When running training job `task` is expected to end (an estimate, seconds). */
  jobEndS(task: number): number;
  /** True when `task` is an inference replica. */
  isReplica(task: number): boolean;
}

/**
 * Asks the scheduling policy which waiting work starts now, and where, and which running
 * work it preempts; checks each decision against the model's own tables and applies it.
 * The policy sees a frozen snapshot of the queue and a read-only view of the cluster.
 */
export class Scheduler {
  /** What scheduling policies see of the cluster (read-only). */
  private readonly view: ClusterView;

  constructor(private readonly ports: SchedulerPorts, private readonly ctx: ModelContext) {
    this.view = clusterViewOf(ctx.state, () => this.runningWork());
  }

  /**
   * Asks the scheduling policy for decisions until it has none: applies the preemptions of a
   * call first, then its placements, checking each one. A policy that preempts is asked even
   * when no GPU has room. Ends: each placement takes a task off the queue, and only a
   * preemption puts one back — of work started before this instant, which a task placed
   * again now is not — so one instant has at most as many preemptions as work was running.
   */
  schedule(): void {
    const ctx = this.ctx, t = ctx.tasks;
    const policy = ctx.policies.scheduling;
    const preempts = policy.preempts === true;
    let replicaStopped = false;
    while (t.queue.length > 0 && (preempts || ctx.state.hasRoom())) {
      const decisions: unknown = callPolicy(policy, 'schedule', () => policy.schedule(t.queueView(), this.view, ctx.sim.nowS));
      if (!Array.isArray(decisions)) throw new PolicyError(policy.name, 'schedule must return a list of decisions (placements and preemptions)');
      if (decisions.length === 0) break;
      let placed = 0;
      for (const d of decisions) {
        if (isPreemption(d)) replicaStopped = this.preempt(policy.name, d) || replicaStopped;
      }
      for (const d of decisions) {
        if (isPreemption(d)) continue;
        this.start(policy.name, d as Placement);
        placed++;
      }
      if (placed > 0) t.removeStarted(placed);
    }
    if (replicaStopped) ctx.serveAll();
  }

  /** The running work a scheduling policy sees (training jobs' expected ends estimated now). */
  private runningWork(): readonly RunningWork[] {
    return this.ctx.tasks.runningWork((id) => this.ports.jobEndS(id));
  }

  /**
   * Applies a preemption: stops running work and puts it back in the queue at its arrival
   * position, like an interruption without a failure (no detection, no failover, no recovery
   * record). A batch task loses this attempt's GPU-time, a training job its computation since
   * its last checkpoint (it restarts from it), a replica its requests in service (retried or
   * failed). Returns true when it stopped an inference replica.
   */
  private preempt(policy: string, d: Preemption): boolean {
    const ctx = this.ctx, t = ctx.tasks, id = d.preempt, now = ctx.sim.nowS;
    const problem = preemptionProblem(d, t.count, t.state[id], t.startS[id], now);
    if (problem) throw new PolicyError(policy, problem);
    const replica = this.ports.isReplica(id);
    ctx.kindOf(id).preempted(id);
    // Preempted while restarting after a failure: its recovery goes on, from the queue.
    ctx.recoveries.preempted(id, now);
    ctx.releaseGpus(id);
    ctx.requeueOrRetire(id);
    ctx.tally.preemptions++;
    ctx.obs?.taskPreempted?.(id, now);
    return replica;
  }

  /** Applies a placement, after checking it names a queued task and gives it GPUs that are free, in its site, not across a cut link. */
  private start(policy: string, p: Placement): void {
    const ctx = this.ctx, t = ctx.tasks, state = ctx.state, topo = ctx.topo;
    const taskProblem = placedTaskProblem(p, t.count, t.state);
    if (taskProblem) throw new PolicyError(policy, taskProblem);
    const id = p.workId;
    const entry = t.entries[id]!;
    const fraction = entry.gpus < 1;
    const gpus = placementRanges(p, topo.gpuCount);
    if (typeof gpus === 'string') throw new PolicyError(policy, `placement of task ${id}: ${gpus}`);
    const problem = fraction
      ? (rangesCount(gpus) === 1 ? state.checkShare(gpus[0], Math.round(entry.gpus * MILLI)) : `the task needs a share of 1 GPU, the placement gives ${rangesCount(gpus)}`)
      : state.checkFree(gpus, entry.gpus);
    if (problem) throw new PolicyError(policy, `placement of task ${id}: ${problem}`);
    if (entry.site !== undefined) {
      // The site's GPUs are one range (every GPU is in it when the cluster has one site).
      const site = topo.spec.sites.findIndex((x) => x.id === entry.site);
      const off = gpuOutside(gpus, site < 0 ? 0 : topo.siteFirstGpu[site], site < 0 ? 0 : topo.siteFirstGpu[site + 1]);
      if (off >= 0) throw new PolicyError(policy, `placement of task ${id}: GPU ${topo.gpuId(off)} is outside site "${entry.site}", where the task must run`);
    }
    if (state.cutLinks > 0) {
      const cut = this.ports.cutBetween(gpus);
      if (cut) throw new PolicyError(policy, `placement of task ${id}: it spans sites "${cut[0]}" and "${cut[1]}", whose WAN link is down`);
    }
    if (fraction) state.allocateShare(id, gpus[0], Math.round(entry.gpus * MILLI));
    else state.allocate(id, gpus);
    const speed = ctx.speedOf(gpus);
    const now = ctx.sim.nowS;
    // Expected end: exact for a batch task; never for a replica; a job's is estimated when asked.
    t.started(id, gpus, now, this.ports.isReplica(id) ? Infinity : now + entry.workS / speed);
    ctx.obs?.taskStarted?.(id, gpus, now);
    ctx.recoveries.placed(id, now);
    ctx.kindOf(id).started(id, gpus, speed);
  }
}
