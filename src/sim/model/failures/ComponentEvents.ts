import type { GpuRanges } from '../../policy/GpuRanges.ts';
import { coveredLevel, failureTargetInfo, type FailureTarget } from '../../scenario/failureTargets.ts';
import type { ModelContext } from '../ModelContext.ts';
import type { Failover } from '../recovery/Failover.ts';
import type { Storage } from '../Storage.ts';
import { TaskState } from '../TaskTable.ts';
import type { TrainingJobs } from '../TrainingJobs.ts';
import type { InferenceWork } from '../work/InferenceWork.ts';

/**
 * What the model does when a component goes down or comes back (the failure processes
 * report it): counts it, tells storage, takes its GPUs down or up, interrupts the work it
 * hits — once the whole component is down, so that failover sees it all — and places work
 * again once the change (a whole maintenance wave) has settled. A WAN link's failure cuts
 * the work spanning its two sites, and transfers over it.
 */
export class ComponentEvents {
  /** Failures in force per WAN link. */
  private readonly wanDown: Int32Array;

  constructor(
    private readonly storage: Storage,
    private readonly jobs: TrainingJobs,
    private readonly failover: Failover,
    private readonly inference: InferenceWork,
    private readonly ctx: ModelContext,
  ) {
    this.wanDown = new Int32Array(ctx.scenario.cluster.wan?.length ?? 0);
  }

  /** A component covering GPUs [first, end) (a WAN link: its index) went down (+1) or came back (-1). */
  change(target: FailureTarget, id: string, first: number, end: number, delta: 1 | -1, planned: boolean, settled = true): void {
    const ctx = this.ctx, now = ctx.sim.nowS;
    const level = coveredLevel(target);
    if (delta > 0) (planned ? ctx.tally.maintenanceByTarget : ctx.tally.failuresByTarget)[target]++;
    if (!planned && failureTargetInfo(target).takesDownStorage && !this.storage.empty) this.storage.change(level === 'site' ? 'site' : 'rack', first, end, delta, now);
    ctx.obs?.componentChanged?.(target, id, delta > 0, now, planned, first, end);
    if (level === 'site') {
      const site = ctx.state.siteOfGpu(first);
      this.failover.siteDown[site] += delta;
      // Jobs reading a checkpoint from the site lose their source.
      if (delta > 0) for (const task of this.jobs.readingRemotely(site, -1)) this.failover.interrupt(task, target, planned);
    }
    this.inference.capacityChanged();
    if (level === null) this.wanChange(first, delta, planned);
    else {
      // Interrupt the work hit once the whole component is down, so that failover sees it all.
      const hit = new Set<number>();
      ctx.state.changeDown(first, end, delta, (task) => { if (task >= 0) hit.add(task); });
      for (const task of hit) this.failover.interrupt(task, target, planned);
    }
    // The rest of a maintenance wave changes in this same event: place work once it has.
    if (!settled) return;
    if (delta < 0) {
      this.failover.spares?.refill();
      this.failover.resumeWaiting();
    }
    ctx.schedule();
    ctx.serveAll();
  }

  /**
   * A WAN link goes down (+1) or comes back (-1): copies over it are cut, and work running
   * on GPUs in both of its sites is interrupted (it can no longer talk to itself).
   */
  private wanChange(link: number, delta: 1 | -1, planned: boolean): void {
    const ctx = this.ctx, spec = ctx.topo.spec;
    if (!this.storage.empty) this.storage.wanChange(link, delta);
    this.wanDown[link] += delta;
    const [sa, sb] = spec.wan![link].sites;
    ctx.state.changeCut(sa, sb, delta);
    if (delta < 0) return;
    for (const task of this.jobs.readingRemotely(-1, link)) this.failover.interrupt(task, 'wan', planned);
    const [a, b] = spec.wan![link].sites.map((x) => spec.sites.findIndex((s) => s.id === x));
    const t = ctx.tasks;
    for (const task of t.runningIds()) {
      const gpus = t.gpus[task];
      // Interrupting one task can stop others (a job's failover): check each is still running.
      if (t.state[task] !== TaskState.Running || !gpus) continue;
      const sites = this.ctx.state.sitesOf(gpus);
      if (sites.includes(a) && sites.includes(b)) this.failover.interrupt(task, 'wan', planned);
    }
  }

  /** Two sites of the GPUs whose WAN link is down, or null. */
  cutBetween(gpus: GpuRanges): [string, string] | null {
    const sites = this.ctx.state.sitesOf(gpus);
    if (sites.length < 2) return null;
    const spec = this.ctx.topo.spec;
    const wan = spec.wan ?? [];
    const ids = sites.map((si) => spec.sites[si].id);
    for (let k = 0; k < wan.length; k++) {
      if (this.wanDown[k] > 0 && ids.includes(wan[k].sites[0]) && ids.includes(wan[k].sites[1])) return [wan[k].sites[0], wan[k].sites[1]];
    }
    return null;
  }
}
