import type { WorkloadTally } from '../../metrics/computeMetrics.ts';
import type { GpuRanges } from '../../policy/GpuRanges.ts';
import type { RandomStreams } from '../../random/streams.ts';
import type { FailureTarget } from '../../scenario/failureTargets.ts';
import type { InferenceWorkloadSpec } from '../../scenario/types.ts';
import { Autoscaler } from '../Autoscaler.ts';
import { InferenceServices } from '../InferenceServices.ts';
import type { ModelContext } from '../ModelContext.ts';
import { ServiceVariants } from '../ServiceVariants.ts';
import { TaskState } from '../TaskTable.ts';
import type { WorkKind } from './WorkKind.ts';

/** The run loop's hooks an inference service needs (its requests skip the engine's per-event hooks). */
export interface RunLoopPorts {
  /** Integrates the counts up to now. */
  advance(): void;
  /** What follows every event (variants, series, drain check). */
  afterEvent(): void;
  /** True when the run has nothing left to do. */
  drained(): boolean;
  /** What a replica's failover policy decides for its replacement (it may pin it to a site). */
  replicaFailover(task: number, cause: FailureTarget): void;
}

/**
 * Inference services: each runs replicas (queued work that never ends, placed by the
 * scheduler) that serve requests ({@link InferenceServices}); the compression policy picks
 * the model variant they serve ({@link ServiceVariants}) and the autoscaling policy how many
 * there are ({@link Autoscaler}). A failed replica is replaced: queued again at once.
 */
export class InferenceWork implements WorkKind {
  readonly services: InferenceServices;
  private readonly variants: ServiceVariants;
  private readonly autoscaler: Autoscaler;
  /** Service index of each scenario workload (-1 for other kinds), and its replica tasks. */
  private readonly serviceOf: number[];
  private readonly replicaTasksOf: number[][];
  private readonly specs: InferenceWorkloadSpec[];
  /** Replicas autoscaling removed that are still draining. */
  private readonly retiring = new Set<number>();
  /** A replica was placed, stopped or became ready since the compression policy was last asked. */
  private variantsDirty = false;

  constructor(streams: RandomStreams, recordSeries: boolean, private readonly loop: RunLoopPorts, private readonly ctx: ModelContext) {
    const scenario = ctx.scenario, sim = ctx.sim;
    const services = scenario.workloads.filter((w): w is InferenceWorkloadSpec => w.kind === 'inference');
    this.specs = services;
    const obs = ctx.obs;
    this.services = new InferenceServices(sim, (handler, o) => sim.on(handler, o), services, streams, scenario.horizonS, services.map((x) => scenario.workloads.indexOf(x)), {
      onReady: (t) => { ctx.recovered(t); this.variantsDirty = true; },
      withoutHooks: !recordSeries,
      onIdle: () => { if (loop.drained()) sim.stop(); },
      onDrained: (t) => {
        // Maybe inside a request's completion, which runs without the engine's hooks.
        loop.advance();
        ctx.releaseGpus(t);
        this.retire(t, true);
        ctx.schedule();
        loop.afterEvent();
      },
      requestDone: obs?.requestDone ? (w, a, t, o) => obs.requestDone!(w, a, t, o) : null,
    });
    this.replicaTasksOf = services.map(() => []);
    const tasks = ctx.tasks;
    this.variants = new ServiceVariants(ctx.policies.compression, services, {
      replicaTasks: (si) => this.replicaTasksOf[si],
      targetReplicas: (si) => this.replicaTasksOf[si].length,
      isPlaced: (t) => tasks.state[t] === TaskState.Running,
      isQueued: (t) => tasks.state[t] === TaskState.Queued,
      readyOf: (si) => this.services.readyOf(si),
      freeGpus: (si) => this.freeGpusIn(services[si].site),
      setNeed: (t, gpus) => tasks.setEntry(t, { ...tasks.entries[t]!, gpus }),
      redeploy: (t) => this.redeploy(t),
    });
    this.serviceOf = scenario.workloads.map((w) => (w.kind === 'inference' ? services.indexOf(w) : -1));
    this.autoscaler = new Autoscaler(ctx.policies.autoscaling, services, sim, (h) => sim.on(h), {
      replicas: (si) => this.replicaTasksOf[si].length,
      placed: (si) => this.replicaTasksOf[si].filter((t) => tasks.state[t] === TaskState.Running).length,
      snapshot: (si) => this.services.snapshot(si),
      add: (si) => this.addReplica(scenario.workloads.indexOf(services[si])),
      remove: (si) => this.removeReplica(si),
    }, () => { this.variantsDirty = true; ctx.schedule(); this.services.serveAll(); });
  }

  /** Asks the compression policy once before anything runs. */
  prepare(): void {
    this.variants.update(0);
  }

  begin(i: number): void {
    const spec = this.ctx.scenario.workloads[i] as InferenceWorkloadSpec;
    for (let k = 0; k < spec.replicas; k++) this.addReplica(i);
  }

  /** Starts the services' arrivals and the autoscaler (after every workload has begun). */
  start(): void {
    this.services.start();
    this.autoscaler.start();
  }

  /** Queues one more replica of the service of scenario workload `i` (at the start, or added by autoscaling). */
  private addReplica(i: number): void {
    const ctx = this.ctx, spec = ctx.scenario.workloads[i] as InferenceWorkloadSpec;
    const si = this.serviceOf[i];
    const id = ctx.tasks.add(i, {
      kind: 'replica', workloadId: spec.id, gpus: this.variants.need(si), arrivalS: ctx.sim.nowS, deadlineS: Infinity, weight: spec.weight, workS: Infinity,
      ...(spec.site === undefined ? {} : { site: spec.site }),
    });
    this.services.addReplica(id, si);
    this.replicaTasksOf[si].push(id);
    ctx.obs?.taskAdded?.(id, i, ctx.sim.nowS);
  }

  /**
   * Autoscaling removes one replica of service `si`, the cheapest to lose: one waiting for
   * GPUs, else one starting up, else a ready one (the most recently added of each), which
   * drains; a hung one is left alone. False when there is none to remove.
   */
  private removeReplica(si: number): boolean {
    const list = this.replicaTasksOf[si], t = this.ctx.tasks, inf = this.services;
    const pick = (ok: (task: number) => boolean) => { for (let k = list.length - 1; k >= 0; k--) if (ok(list[k])) return k; return -1; };
    let k = pick((x) => t.state[x] === TaskState.Queued);
    if (k < 0) k = pick((x) => t.state[x] === TaskState.Running && inf.isStarting(x));
    if (k < 0) k = pick((x) => t.state[x] === TaskState.Running);
    if (k < 0) return false;
    const task = list[k];
    list.splice(k, 1);
    this.variantsDirty = true;
    if (t.state[task] === TaskState.Queued) {
      t.dropQueued(task);
      this.retire(task, false);
    } else if (inf.drain(task)) {
      this.ctx.releaseGpus(task);
      this.retire(task, true);
    } else {
      this.retiring.add(task);
    }
    return true;
  }

  /**
   * A replica removed by autoscaling is done: it was waiting for GPUs, or its GPUs have just
   * been given back (`wasRunning`; observers see it complete).
   */
  private retire(task: number, wasRunning: boolean): void {
    const t = this.ctx.tasks;
    if (wasRunning) {
      t.gpus[task] = undefined;
      t.running--;
      this.ctx.obs?.taskCompleted?.(task, this.ctx.sim.nowS);
    }
    t.state[task] = TaskState.Done;
    this.services.retire(task);
    this.retiring.delete(task);
    this.ctx.recoveries.forget(task);
  }

  /** Stopped work goes back to the queue, unless it is a replica autoscaling removed (then it is done). */
  requeueOrRetire(task: number): void {
    if (this.retiring.has(task)) this.retire(task, true);
    else this.ctx.tasks.requeue(task);
  }

  /** Free GPUs in a site (or in the whole cluster). */
  private freeGpusIn(site: string | undefined): number {
    const st = this.ctx.state;
    if (site === undefined) return st.freeGpuCount;
    const si = this.ctx.topo.spec.sites.findIndex((x) => x.id === site);
    return si < 0 ? 0 : st.freeGpusInSite(si);
  }

  /** Stops a placed replica and queues it again, to be placed as the service's current variant. */
  private redeploy(task: number): void {
    this.services.replicaDown(task);
    this.ctx.releaseGpus(task);
    this.ctx.tasks.requeue(task);
    this.ctx.obs?.taskPreempted?.(task, this.ctx.sim.nowS);
  }

  /** Capacity changed (a component went down or up): the compression policy is asked again after this event. */
  capacityChanged(): void {
    if (this.replicaTasksOf.length > 0) this.variantsDirty = true;
  }

  /** Asks the compression policy again after replicas changed, and places what its answer frees up. */
  updateVariants(): void {
    for (let guard = 0; this.variantsDirty && guard < 10_000; guard++) {
      this.variantsDirty = false;
      if (this.variants.update(this.ctx.sim.nowS)) {
        this.ctx.schedule();
        this.services.serveAll();
      }
    }
  }

  /** True when the compression policy is to be asked again. */
  get dirty(): boolean {
    return this.variantsDirty;
  }

  started(task: number, _gpus: GpuRanges, speed: number): void {
    const v = this.variants.placed(task, this.serviceOf[this.ctx.tasks.workload[task]]);
    this.services.replicaStarted(task, speed * v.speedFactor, v.quality);
    this.variantsDirty = true;
  }

  interrupted(task: number, _cause: FailureTarget, planned: boolean): void {
    // Replaced at once when failures are noticed at once; else it hangs until detected.
    if (planned || this.ctx.scenario.monitoring.detectionS === 0) this.services.replicaDown(task);
    else this.services.replicaHang(task);
  }

  detected(task: number, cause: FailureTarget): 'requeue' {
    if (this.ctx.tasks.state[task] === TaskState.Hung) this.services.replicaDown(task);
    if (!this.retiring.has(task)) this.loop.replicaFailover(task, cause);
    return 'requeue';
  }

  preempted(task: number): void {
    this.services.replicaDown(task);
  }

  /** True when task `task` is a replica. */
  isReplica(task: number): boolean {
    return this.services.isReplica(task);
  }

  tally(i: number, endS: number): WorkloadTally {
    const spec = this.ctx.scenario.workloads[i] as InferenceWorkloadSpec, w = this.ctx.accounts[i];
    const v = this.services.tally(this.serviceOf[i], endS);
    return {
      id: spec.id, weight: spec.weight, arrived: v.arrived, completed: v.completed, met: v.met, failed: v.failed + v.dropped,
      pendingMissed: v.queuedMissed + v.inFlightMissed, queued: v.queued, running: v.inFlight, responseTimesS: v.responseTimesS,
      lostGpuS: 0, interruptions: w.interruptions,
      recovery: { ...w.recovery },
      inference: {
        failed: v.failed, dropped: v.dropped, retried: v.retried, availableS: v.availableS, readyReplicaS: v.readyReplicaS,
        servingS: v.servingS, replicas: spec.replicas, concurrency: spec.concurrency, endS, completed: v.completed, qualitySum: v.qualitySum,
      },
    };
  }
}

