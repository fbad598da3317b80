import { Simulator } from '../engine/Simulator.ts';
import { computeMetrics, workloadMetrics, type Metrics, type WorkloadMetrics, type WorkloadTally } from '../metrics/computeMetrics.ts';
import { GrowableArray } from '../metrics/GrowableArray.ts';
import { summarize } from '../metrics/percentile.ts';
import type { BackupPolicy } from '../policy/BackupPolicy.ts';
import type { AutoscalingPolicy } from '../policy/AutoscalingPolicy.ts';
import type { CompressionPolicy } from '../policy/CompressionPolicy.ts';
import type { FailoverDecision, FailoverPolicy, FailoverView } from '../policy/FailoverPolicy.ts';
import type { ClusterView, Placement, Preemption, RunningWork } from '../policy/SchedulingPolicy.ts';
import { callPolicy, readOnly } from './callPolicy.ts';
import { clusterViewOf } from './cluster/clusterView.ts';
import { sampler, type Sampler } from '../random/distributions.ts';
import { RandomStreams, type Rng } from '../random/streams.ts';
import { FAILURE_TARGETS, type BatchWorkloadSpec, type FailureTarget, type InferenceWorkloadSpec, type Scenario, type TrainingWorkloadSpec, type WorkloadSpec } from '../scenario/types.ts';
import { ClusterState, MILLI } from './ClusterState.ts';
import { rangesCount, rangesMinus, rangesOf, rangesProblem, rangesUnion, type GpuRanges } from '../policy/GpuRanges.ts';
import { makeMtbfEstimator } from './failureRates.ts';
import { PolicyError } from './PolicyError.ts';
import { FailureProcesses } from './FailureProcesses.ts';
import { InferenceServices } from './InferenceServices.ts';
import { Autoscaler } from './Autoscaler.ts';
import { checkFailoverDecision } from './checkFailoverDecision.ts';
import { ClusterNetwork } from './ClusterNetwork.ts';
import { ServiceVariants } from './ServiceVariants.ts';
import { SparePool } from './SparePool.ts';
import { Storage } from './Storage.ts';
import { TaskState, TaskTable } from './TaskTable.ts';
import { Topology } from './Topology.ts';
import { traceLength } from './traceLength.ts';
import { TrainingJobs } from './TrainingJobs.ts';
import type { PolicySet } from '../policy/PolicySet.ts';
import type { CapacitySeries, RunResult } from './RunResult.ts';
import type { SimObserver } from './SimObserver.ts';
import type { SimulateOptions } from './SimulateOptions.ts';

interface WorkloadRuntime {
  readonly spec: WorkloadSpec;
  /** Batch workloads only: arrival and work streams and the work sampler. */
  readonly batch: { readonly arrivalRng: Rng; readonly workRng: Rng; readonly work: Sampler } | null;
  /** Tasks of this workload (training: its one job), for the end-of-run accounts. */
  readonly taskIds: number[];
  /** Sums over the interruptions it recovered from: time to detect, to be placed again, to run again. */
  readonly recovery: { count: number; detectionS: number; decisionS: number; recoveryS: number; maxRtoS: number };
  arrived: number;
  completed: number;
  met: number;
  lostGpuS: number;
  interruptions: number;
  readonly responses: GrowableArray;
}

/** An interrupted task or job on its way back: stage times so far (seconds) and where it is. */
interface Recovery {
  cause: FailureTarget;
  readonly firstFailS: number;
  /** When the current stage began. */
  stageS: number;
  detectS: number;
  decideS: number;
  recoverS: number;
  /** Placed again (in its recovery stage). */
  placed: boolean;
}

const zeroByTarget = (): Record<FailureTarget, number> => ({ gpu: 0, node: 0, rack: 0, site: 0, uplink: 0, wan: 0 });


/**
 * Runs a scenario under a set of policies and returns its figures. Deterministic: the same
 * scenario, seed and policies give the same result. Pure computation: no I/O, no clock.
 */
export function simulate(scenario: Scenario, policies: PolicySet, options: SimulateOptions = {}): RunResult {
  return new BatchModel(scenario, policies, options).run();
}

class BatchModel {
  private readonly sim = new Simulator(4096);
  private readonly topo: Topology;
  private readonly state: ClusterState;
  private readonly tasks = new TaskTable(this.sim);
  private readonly workloads: WorkloadRuntime[];
  private readonly failures: FailureProcesses;
  private readonly training: TrainingJobs;
  private readonly storage: Storage;
  private readonly inference: InferenceServices;
  /** Service index of each inference workload (-1 for other kinds). */
  private readonly serviceOf: number[];
  private readonly mtbfOf: (gpus: GpuRanges) => number;
  private readonly arrivalKind: number;
  private readonly completionKind: number;
  private readonly detectKind: number;
  /** Tasks and jobs interrupted and not yet running again: when each stage happened. */
  private readonly recoveries = new Map<number, Recovery>();
  /** Training jobs keeping their GPUs until repaired (failover wait-for-repair), with when they began waiting. */
  private readonly waiting = new Map<number, number>();
  /** The failover policy's hot-spare pool, if it keeps one. */
  private readonly spares: SparePool | null;
  /** Site-level failures in force, per site; failures in force, per WAN link. */
  private readonly siteDown: Int32Array;
  private readonly wanDown: Int32Array;
  /** The model variant each service serves (compression), and the replica task ids per service. */
  private readonly variants: ServiceVariants;
  private readonly replicaTasksOf: number[][];
  /** The autoscaling policy at work, and the replicas it removed that are still draining. */
  private readonly autoscaler: Autoscaler;
  private readonly retiring = new Set<number>();
  /** A replica was placed, stopped or became ready since the compression policy was last asked. */
  private variantsDirty = false;
  private readonly failuresByTarget = zeroByTarget();
  private readonly interruptionsByCause = zeroByTarget();
  private readonly maintenanceByTarget = zeroByTarget();
  private plannedInterruptions = 0;
  private readonly obs: SimObserver | undefined;
  /** What scheduling policies see of the cluster (read-only). */
  private readonly clusterView: ClusterView;
  private readonly series: GrowableArray[] | null;
  private arrivalsDone = 0;
  // Time integrals since 0, and the time they were last advanced to.
  private lastS = 0;
  private upGpuS = 0;
  private busyGpuS = 0;
  private inSystemS = 0;
  private queuedS = 0;

  constructor(private readonly scenario: Scenario, private readonly policies: PolicySet, private readonly options: SimulateOptions) {
    const streams = new RandomStreams(scenario.seed);
    this.topo = new Topology(scenario.cluster);
    this.state = new ClusterState(this.topo);
    this.siteDown = new Int32Array(this.topo.siteCount);
    this.wanDown = new Int32Array(scenario.cluster.wan?.length ?? 0);
    this.spares = this.makeSparePool(policies.failover);
    this.obs = options.observer;
    this.clusterView = clusterViewOf(this.state, () => this.runningWork());
    this.series = options.recordSeries ? [new GrowableArray(), new GrowableArray(), new GrowableArray(), new GrowableArray()] : null;
    this.workloads = scenario.workloads.map((spec) => ({
      spec,
      batch: spec.kind === 'batch' ? { arrivalRng: streams.stream(`arrival/${spec.id}`), workRng: streams.stream(`work/${spec.id}`), work: sampler(spec.work) } : null,
      taskIds: [], recovery: { count: 0, detectionS: 0, decisionS: 0, recoveryS: 0, maxRtoS: 0 }, arrived: 0, completed: 0, met: 0, lostGpuS: 0, interruptions: 0, responses: new GrowableArray(),
    }));
    // Every event first integrates the counts up to its time, and afterwards records the
    // series and checks whether the run has drained (engine hooks, not a wrapper per handler).
    // Requests' arrivals and completions skip them (unless the series is recorded): the
    // services integrate their own counts and say when they have drained (onIdle).
    this.sim.beforeEach = () => this.advance();
    this.sim.afterEach = () => this.afterEvent();
    if (options.onProgress) {
      const onProgress = options.onProgress;
      this.sim.onTick = () => onProgress(Math.min(1, this.sim.nowS / this.scenario.horizonS));
    }
    const on = (handler: (payload: number) => void) => this.sim.on(handler);
    this.arrivalKind = on((w) => this.arrive(w));
    this.completionKind = on((t) => this.finish(t));
    this.detectKind = on((t) => { this.detected(t); this.schedule(); this.inference.serveAll(); });
    this.mtbfOf = makeMtbfEstimator(this.topo, scenario.failures);
    const network = new ClusterNetwork(this.topo, this.sim, on);
    this.storage = new Storage(this.topo, this.sim, network);
    this.training = new TrainingJobs(this.sim, on, policies.backup, (t) => this.finish(t), (t, phase, progressS, timeS) => {
      if (phase === 'compute') this.recovered(t);
      this.obs?.trainingPhase?.(t, phase, progressS, timeS);
    }, network);
    // Checkpoints live in their site's storage: a data loss there destroys those not yet copied away.
    this.training.tracksDataLoss = this.storage.holdsData;
    this.storage.onDataLoss = (site, copiedUpToS) => this.training.dataLoss(site, copiedUpToS);
    this.training.sites = {
      up: (site) => this.siteDown[site] === 0,
      copiedUpToS: (from, to) => this.storage.copiedUpToS(from, to),
      wanBetween: (a, b) => network.wanBetween(a, b),
      indexOf: (id) => scenario.cluster.sites.findIndex((x) => x.id === id),
      linkUp: (a, b) => this.state.sitesJoined(scenario.cluster.sites[a].id, scenario.cluster.sites[b].id),
    };
    const services = scenario.workloads.filter((w): w is InferenceWorkloadSpec => w.kind === 'inference');
    const obs = this.obs;
    this.inference = new InferenceServices(this.sim, (handler, o) => this.sim.on(handler, o), services, streams, scenario.horizonS, services.map((x) => scenario.workloads.indexOf(x)), {
      onReady: (t) => { this.recovered(t); this.variantsDirty = true; },
      withoutHooks: !options.recordSeries,
      onIdle: () => { if (this.drained()) this.sim.stop(); },
      onDrained: (t) => {
        // Maybe inside a request's completion, which runs without the engine's hooks.
        this.advance();
        this.releaseGpus(t);
        this.retire(t, true);
        this.schedule();
        this.afterEvent();
      },
      requestDone: obs?.requestDone ? (w, a, t, o) => obs.requestDone!(w, a, t, o) : null,
    });
    this.replicaTasksOf = services.map(() => []);
    this.variants = new ServiceVariants(policies.compression, services, {
      replicaTasks: (si) => this.replicaTasksOf[si],
      targetReplicas: (si) => this.replicaTasksOf[si].length,
      isPlaced: (t) => this.tasks.state[t] === TaskState.Running,
      isQueued: (t) => this.tasks.state[t] === TaskState.Queued,
      readyOf: (si) => this.inference.readyOf(si),
      freeGpus: (si) => this.freeGpusIn(services[si].site),
      setNeed: (t, gpus) => this.setNeed(t, gpus),
      redeploy: (t) => this.redeploy(t),
    });
    this.serviceOf = scenario.workloads.map((w) => (w.kind === 'inference' ? services.indexOf(w) : -1));
    this.autoscaler = new Autoscaler(policies.autoscaling, services, this.sim, on, {
      replicas: (si) => this.replicaTasksOf[si].length,
      placed: (si) => this.replicaTasksOf[si].filter((t) => this.tasks.state[t] === TaskState.Running).length,
      snapshot: (si) => this.inference.snapshot(si),
      add: (si) => this.addReplica(services[si], scenario.workloads.indexOf(services[si])),
      remove: (si) => this.removeReplica(si),
    }, () => { this.variantsDirty = true; this.schedule(); this.inference.serveAll(); });
    this.failures = new FailureProcesses(this.sim, this.topo, scenario.failures, scenario.maintenance, streams,
      (target, id, first, end, delta, planned, settled) => this.componentChange(target, id, first, end, delta, planned, settled));
  }

  run(): RunResult {
    const s = this.scenario;
    this.variants.update(0);
    this.workloads.forEach((w, i) => {
      const spec = w.spec;
      if (spec.kind === 'training') this.sim.at(spec.startS, this.arrivalKind, i);
      else if (spec.kind === 'inference') this.addReplicas(spec, i);
      else if (spec.trace) {
        if (traceLength(spec.trace, i) > 0) this.sim.at(spec.trace.data!.arrivalS[0] * spec.trace.timeScale, this.arrivalKind, i);
        else this.arrivalsDone++;
      } else if (spec.count > 0) this.sim.after(this.nextGap(w), this.arrivalKind, i);
      else this.arrivalsDone++;
    });
    this.inference.start();
    this.autoscaler.start();
    this.storage.start();
    this.failures.start();
    this.schedule();
    this.updateVariants();
    this.recordPoint();
    if (!this.drained()) this.sim.run(s.horizonS, this.options.maxEvents);
    this.advance();
    const result = this.result();
    this.options.onProgress?.(1);
    return result;
  }

  /** Queues the replicas of a service as work that never ends; the scheduler places them. */
  private addReplicas(spec: InferenceWorkloadSpec, i: number): void {
    for (let k = 0; k < spec.replicas; k++) this.addReplica(spec, i);
  }

  /** Queues one more replica of a service (at the start, or added by autoscaling). */
  private addReplica(spec: InferenceWorkloadSpec, i: number): void {
    const si = this.serviceOf[i];
    const id = this.tasks.add(i, {
      kind: 'replica', workloadId: spec.id, gpus: this.variants.need(si), arrivalS: this.sim.nowS, deadlineS: Infinity, weight: spec.weight, workS: Infinity,
      ...(spec.site === undefined ? {} : { site: spec.site }),
    });
    this.inference.addReplica(id, si);
    this.replicaTasksOf[si].push(id);
    this.obs?.taskAdded?.(id, i, this.sim.nowS);
  }

  /**
   * Autoscaling removes one replica of service `si`, the cheapest to lose: one waiting for
   * GPUs, else one starting up, else a ready one (the most recently added of each), which
   * drains; a hung one is left alone. False when there is none to remove.
   */
  private removeReplica(si: number): boolean {
    const list = this.replicaTasksOf[si], t = this.tasks, inf = this.inference;
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
      this.releaseGpus(task);
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
    const t = this.tasks;
    if (wasRunning) {
      t.gpus[task] = undefined;
      t.running--;
      this.obs?.taskCompleted?.(task, this.sim.nowS);
    }
    t.state[task] = TaskState.Done;
    this.inference.retire(task);
    this.retiring.delete(task);
    this.recoveries.delete(task);
  }

  /** Sends stopped work back to the queue, unless it is a replica autoscaling removed (then it is done). */
  private requeueOrRetire(task: number): void {
    if (this.retiring.has(task)) this.retire(task, true);
    else this.tasks.requeue(task);
  }

  /** Free GPUs in a site (or in the whole cluster). */
  private freeGpusIn(site: string | undefined): number {
    if (site === undefined) return this.state.freeGpuCount;
    const si = this.topo.spec.sites.findIndex((x) => x.id === site);
    return si < 0 ? 0 : this.state.freeGpusInSite(si);
  }

  /** Sets the GPUs a task asks for when it is (or next is) in the queue. */
  private setNeed(task: number, gpus: number): void {
    const t = this.tasks;
    t.setEntry(task, { ...t.entries[task]!, gpus });
  }

  /** Stops a placed replica and queues it again, to be placed as the service's current variant. */
  private redeploy(task: number): void {
    this.inference.replicaDown(task);
    this.releaseGpus(task);
    this.tasks.requeue(task);
    this.obs?.taskPreempted?.(task, this.sim.nowS);
  }

  /** Asks the compression policy again after replicas changed, and places what its answer frees up. */
  private updateVariants(): void {
    for (let guard = 0; this.variantsDirty && guard < 10_000; guard++) {
      this.variantsDirty = false;
      if (this.variants.update(this.sim.nowS)) {
        this.schedule();
        this.inference.serveAll();
      }
    }
  }

  private nextGap(w: WorkloadRuntime): number {
    return -Math.log(1 - w.batch!.arrivalRng()) / (w.spec as BatchWorkloadSpec).arrivalRatePerS;
  }

  /** A batch task or training job arrives. */
  private arrive(i: number): void {
    const w = this.workloads[i];
    const now = this.sim.nowS;
    const spec = w.spec as BatchWorkloadSpec | TrainingWorkloadSpec;
    const trace = spec.kind === 'batch' ? spec.trace : undefined;
    const k = w.arrived;
    const workS = trace ? trace.data!.durationS[k] * trace.traceSpeed : spec.kind === 'batch' ? w.batch!.work(w.batch!.workRng) : spec.workS;
    const gpus = trace ? trace.data!.gpus[k] : spec.gpus;
    const id = this.tasks.add(i, { kind: spec.kind === 'batch' ? 'task' : 'job', workloadId: spec.id, gpus, arrivalS: now, deadlineS: now + spec.sloS, weight: spec.weight, workS });
    w.arrived++;
    this.obs?.taskAdded?.(id, i, now);
    if (spec.kind === 'training') {
      w.taskIds.push(id);
      this.training.add(id, spec);
      this.arrivalsDone++;
    } else if (trace) {
      if (w.arrived < traceLength(trace, i)) this.sim.at(Math.max(now, trace.data!.arrivalS[w.arrived] * trace.timeScale), this.arrivalKind, i);
      else this.arrivalsDone++;
    } else if (w.arrived < spec.count) this.sim.after(this.nextGap(w), this.arrivalKind, i);
    else this.arrivalsDone++;
    this.obs?.taskArrived?.(id, spec.id, now);
    this.schedule();
  }

  /** Work that has done all its work (a batch task's completion event, a training job's end): free its GPUs, record its response time. */
  private finish(task: number): void {
    const t = this.tasks;
    const now = this.sim.nowS;
    const w = this.workloads[t.workload[task]];
    this.releaseGpus(task);
    t.gpus[task] = undefined;
    t.state[task] = TaskState.Done;
    t.running--;
    const deadline = t.entries[task]!.deadlineS;
    t.entries[task] = undefined;
    w.completed++;
    w.responses.push(now - t.arrivalS[task]);
    if (now <= deadline) w.met++;
    this.obs?.taskCompleted?.(task, now);
    this.schedule();
  }

  private componentChange(target: FailureTarget, id: string, first: number, end: number, delta: 1 | -1, planned: boolean, settled = true): void {
    if (delta > 0) (planned ? this.maintenanceByTarget : this.failuresByTarget)[target]++;
    if (!planned && (target === 'rack' || target === 'site') && !this.storage.empty) this.storage.change(target, first, end, delta, this.sim.nowS);
    this.obs?.componentChanged?.(target, id, delta > 0, this.sim.nowS, planned, first, end);
    if (target === 'site') {
      const site = this.state.siteOfGpu(first);
      this.siteDown[site] += delta;
      // Jobs reading a checkpoint from the site lose their source.
      if (delta > 0) for (const task of this.training.readingRemotely(site, -1)) this.interrupt(task, 'site', planned);
    }
    if (this.replicaTasksOf.length > 0) this.variantsDirty = true;
    if (target === 'wan') this.wanChange(first, delta, planned);
    else {
      // Interrupt the work hit once the whole component is down, so that failover sees it all.
      const hit = new Set<number>();
      this.state.changeDown(first, end, delta, (task) => { if (task >= 0) hit.add(task); });
      for (const task of hit) this.interrupt(task, target, planned);
    }
    // The rest of a maintenance wave changes in this same event: place work once it has.
    if (!settled) return;
    if (delta < 0) {
      this.spares?.refill();
      this.resumeWaiting();
    }
    this.schedule();
    this.inference.serveAll();
  }

  /** Two sites of the GPUs whose WAN link is down, or null. */
  private cutBetween(gpus: GpuRanges): [string, string] | null {
    const sites = this.sitesOf(gpus);
    if (sites.length < 2) return null;
    const wan = this.topo.spec.wan ?? [];
    const ids = sites.map((si) => this.topo.spec.sites[si].id);
    for (let k = 0; k < wan.length; k++) {
      if (this.wanDown[k] > 0 && ids.includes(wan[k].sites[0]) && ids.includes(wan[k].sites[1])) return [wan[k].sites[0], wan[k].sites[1]];
    }
    return null;
  }

  /**
   * A WAN link goes down (+1) or comes back (-1): copies over it are cut, and work running
   * on GPUs in both of its sites is interrupted (it can no longer talk to itself).
   */
  private wanChange(link: number, delta: 1 | -1, planned: boolean): void {
    if (!this.storage.empty) this.storage.wanChange(link, delta);
    this.wanDown[link] += delta;
    const [sa, sb] = this.topo.spec.wan![link].sites;
    this.state.changeCut(sa, sb, delta);
    if (delta < 0) return;
    for (const task of this.training.readingRemotely(-1, link)) this.interrupt(task, 'wan', planned);
    const [a, b] = this.topo.spec.wan![link].sites.map((id) => this.topo.spec.sites.findIndex((x) => x.id === id));
    const t = this.tasks;
    for (let task = 0; task < t.count; task++) {
      const gpus = t.gpus[task];
      if (t.state[task] !== TaskState.Running || !gpus) continue;
      const sites = this.sitesOf(gpus);
      if (sites.includes(a) && sites.includes(b)) this.interrupt(task, 'wan', planned);
    }
  }

  /**
   * Work hit by a failure stops making progress at once. An inference replica is replaced
   * at once; a task or job hangs, holding its GPUs, until the failure is detected
   * (monitoring.detection), then goes to the failover policy and back to the queue.
   */
  private interrupt(task: number, cause: FailureTarget, planned: boolean): void {
    const t = this.tasks;
    if (t.state[task] === TaskState.Hung) return;
    const now = this.sim.nowS;
    const w = this.workloads[t.workload[task]];
    const gpus = t.gpus[task]!;
    const share = Math.min(1, t.entries[task]!.gpus);
    const replica = this.inference.isReplica(task);
    if (this.training.has(task)) {
      this.training.interrupt(task, cause);
    } else if (replica) {
      // Replaced at once when failures are noticed at once; else it hangs until detected.
      if (planned || this.scenario.monitoring.detectionS === 0) this.inference.replicaDown(task);
      else this.inference.replicaHang(task);
    } else {
      this.sim.cancel(t.completion[task]);
      w.lostGpuS += (now - t.startS[task]) * rangesCount(gpus) * share;
    }
    w.interruptions++;
    if (planned) this.plannedInterruptions++;
    else this.interruptionsByCause[cause]++;
    this.obs?.taskInterrupted?.(task, cause, now, planned);
    const prev = this.recoveries.get(task);
    if (prev) prev.recoverS += now - prev.stageS; // interrupted again while restarting
    const r = prev ?? { cause, firstFailS: now, stageS: now, detectS: 0, decideS: 0, recoverS: 0, placed: false };
    r.cause = cause;
    r.stageS = now;
    r.placed = false;
    this.recoveries.set(task, r);
    // Planned work is known: it needs no detection.
    const detection = planned ? 0 : this.scenario.monitoring.detectionS;
    if (detection > 0) {
      t.state[task] = TaskState.Hung;
      this.sim.after(detection, this.detectKind, task);
    } else {
      this.detected(task);
    }
  }

  /** A failure under `task` is noticed: book the time it hung, ask the failover policy, requeue it. */
  private detected(task: number): void {
    const t = this.tasks;
    const r = this.recoveries.get(task)!;
    const now = this.sim.nowS;
    const hungGpuS = (now - r.stageS) * rangesCount(t.gpus[task]!) * Math.min(1, t.entries[task]!.gpus);
    r.detectS += now - r.stageS;
    r.stageS = now;
    if (this.training.has(task)) {
      if (hungGpuS > 0) this.training.addLost(task, hungGpuS);
      const d = this.failover(task, r.cause);
      if (d.action === 'wait-for-repair') { this.waitForRepair(task); return; }
      if (d.action === 'swap') { this.swap(task); return; }
      if (d.action === 'shrink') {
        this.training.resize(task, d.gpus);
        this.repin(task, { gpus: d.gpus });
      } else this.repin(task, { site: d.site });
    } else if (this.inference.isReplica(task)) {
      if (t.state[task] === TaskState.Hung) this.inference.replicaDown(task);
      if (!this.retiring.has(task)) this.replicaFailover(task, r.cause);
    } else {
      this.workloads[t.workload[task]].lostGpuS += hungGpuS;
    }
    this.releaseGpus(task);
    if (t.state[task] === TaskState.Hung) t.state[task] = TaskState.Running;
    this.requeueOrRetire(task);
  }

  /** Changes what a task asks of the scheduler when it is queued again: its GPU count, or the site it must run in (none: anywhere, or its spec's). */
  private repin(task: number, change: { gpus?: number; site?: string }): void {
    const t = this.tasks;
    const { site: _old, ...rest } = t.entries[task]!;
    const spec = this.workloads[t.workload[task]].spec;
    const site = change.site ?? (spec.kind === 'inference' ? spec.site : undefined);
    t.setEntry(task, { ...rest, ...(change.gpus === undefined ? {} : { gpus: change.gpus }), ...(site === undefined ? {} : { site }) });
  }

  /** Builds the failover policy's hot-spare pool, when it asks for one. */
  private makeSparePool(policy: FailoverPolicy): SparePool | null {
    const n = policy.spareGpus ?? 0;
    if (n === 0) return null;
    if (!Number.isInteger(n) || n < 0 || n >= this.topo.gpuCount) {
      throw new PolicyError(policy.name, `spareGpus is ${JSON.stringify(n)}; expected a whole number from 0 to ${this.topo.gpuCount - 1} (the cluster has ${this.topo.gpuCount} GPUs)`);
    }
    return new SparePool(this.state, n);
  }

  /** What a failover policy sees of the cluster around `task`. */
  private failoverView(task: number): FailoverView {
    const gpus = this.tasks.gpus[task]!;
    const st = this.state;
    const sites = this.topo.spec.sites.map((s, i) => ({
      id: s.id, up: this.siteDown[i] === 0, gpus: this.topo.siteFirstGpu[i + 1] - this.topo.siteFirstGpu[i], upGpus: st.upGpusInSite(i), freeGpus: st.freeGpusInSite(i),
    }));
    const failedGpus = this.tasks.entries[task]!.gpus < 1 ? (st.isGpuUp(gpus[0]) ? 0 : 1) : st.downGpusHeld(task);
    return readOnly({ sites, site: this.topo.spec.sites[st.siteOfGpu(gpus[0])].id, failedGpus, spareGpusReady: this.spares?.ready ?? 0 });
  }

  /** wait-for-repair: the job keeps its GPUs (idle) and restarts in place once all are up. */
  private waitForRepair(task: number): void {
    this.tasks.state[task] = TaskState.Hung;
    this.waiting.set(task, this.sim.nowS);
    this.resumeWaiting();
  }

  /** Restarts in place the waiting jobs whose GPUs are all up again; their idle time is lost. */
  private resumeWaiting(): void {
    for (const [task, sinceS] of this.waiting) {
      const gpus = this.tasks.gpus[task]!;
      if (this.state.downGpusHeld(task) > 0) continue;
      this.waiting.delete(task);
      this.training.addLost(task, (this.sim.nowS - sinceS) * rangesCount(gpus));
      this.tasks.state[task] = TaskState.Running;
      this.restartInPlace(task, gpus);
    }
  }

  /** swap: the job's GPUs that are down are replaced by spares, and it restarts at once. */
  private swap(task: number): void {
    const t = this.tasks;
    const gpus = t.gpus[task]!;
    const failed = this.state.downIn(gpus);
    const failedRanges = rangesOf(failed), spares = rangesOf(this.spares!.take(failed.length));
    this.state.release(task, failedRanges);
    this.state.allocate(task, spares);
    this.spares!.giveBack(failed);
    const next = rangesUnion(rangesMinus(gpus, failedRanges), spares);
    t.gpus[task] = next;
    if (t.state[task] === TaskState.Hung) t.state[task] = TaskState.Running;
    this.obs?.taskStarted?.(task, next, this.sim.nowS);
    this.restartInPlace(task, next);
  }

  /** A training job that kept (or swapped) its GPUs starts again on them, paying its restart. */
  private restartInPlace(task: number, gpus: GpuRanges): void {
    const r = this.recoveries.get(task);
    const now = this.sim.nowS;
    if (r) { r.decideS += now - r.stageS; r.stageS = now; r.placed = true; }
    this.tasks.startS[task] = now;
    this.training.start(task, this.speedOf(gpus), this.mtbfOf(gpus), gpus, this.state.siteOfGpu(gpus[0]));
  }

  /** Asks the failover policy where a failed replica's replacement goes, and pins it there. */
  private replicaFailover(task: number, cause: FailureTarget): void {
    const policy = this.policies.failover;
    if (!policy.onReplicaFailed) return;
    const spec = this.workloads[this.tasks.workload[task]].spec as InferenceWorkloadSpec;
    const replica = readOnly({ serviceId: spec.id, ...(spec.site === undefined ? {} : { pinnedSite: spec.site }) });
    const d: unknown = callPolicy(policy, 'onReplicaFailed', () => policy.onReplicaFailed!(replica, cause, this.sim.nowS, this.failoverView(task)));
    const x = d as { action?: unknown; site?: unknown } | null;
    const sites = this.topo.spec.sites.map((s) => s.id);
    if (x?.action !== 'replace' || (x.site !== undefined && !sites.includes(x.site as string))) {
      throw new PolicyError(policy.name, `onReplicaFailed returned ${JSON.stringify(d)}; expected { "action": "replace" [, "site": one of ${sites.join(', ')}] }`);
    }
    this.repin(task, { site: x.site as string | undefined });
  }

  /**
   * Work that runs again after an interruption: its time to recover (RTO) from the first
   * failure, split into detection, decision (waiting to be placed) and recovery (restart).
   */
  private recovered(task: number): void {
    const r = this.recoveries.get(task);
    if (!r || !r.placed) return;
    this.recoveries.delete(task);
    const w = this.workloads[this.tasks.workload[task]];
    const now = this.sim.nowS;
    r.recoverS += now - r.stageS;
    w.recovery.count++;
    w.recovery.detectionS += r.detectS;
    w.recovery.decisionS += r.decideS;
    w.recovery.recoveryS += r.recoverS;
    w.recovery.maxRtoS = Math.max(w.recovery.maxRtoS, now - r.firstFailS);
  }

  /** Gives back a running task's GPUs (or its share of one). */
  private releaseGpus(task: number): void {
    const gpus = this.tasks.gpus[task]!;
    const need = this.tasks.entries[task]!.gpus;
    if (need < 1) this.state.releaseShare(task, gpus[0], Math.round(need * MILLI));
    else this.state.release(task, gpus);
  }

  /** Indices of the sites GPUs are in, in increasing order. O(ranges + sites). */
  private sitesOf(gpus: GpuRanges): number[] {
    const out: number[] = [];
    for (let i = 0; i < gpus.length; i += 2) {
      for (let s = this.state.siteOfGpu(gpus[i]), last = this.state.siteOfGpu(gpus[i + 1] - 1); s <= last; s++) {
        if (out[out.length - 1] !== s) out.push(s);
      }
    }
    return out;
  }

  /** Speed of work on GPUs: that of the slowest (every node of a site has one GPU type). O(ranges + sites). */
  private speedOf(gpus: GpuRanges): number {
    const sites = this.topo.spec.sites;
    if (sites.length === 1) return sites[0].node.speed;
    let speed = Infinity;
    for (let i = 0; i < gpus.length; i += 2) {
      for (let s = this.state.siteOfGpu(gpus[i]), last = this.state.siteOfGpu(gpus[i + 1] - 1); s <= last; s++) speed = Math.min(speed, sites[s].node.speed);
    }
    return speed;
  }

  /** Asks the failover policy what to do with an interrupted training job, and checks the answer. */
  private failover(task: number, cause: FailureTarget): FailoverDecision {
    const policy = this.policies.failover;
    const view = this.failoverView(task);
    const job = readOnly(this.training.view(task));
    const d: unknown = callPolicy(policy, 'onInterrupted', () => policy.onInterrupted(job, cause, this.sim.nowS, view));
    const problem = checkFailoverDecision(d, rangesCount(this.tasks.gpus[task]!), view, this.spares?.size ?? 0);
    if (problem) throw new PolicyError(policy.name, `onInterrupted returned ${JSON.stringify(d)}: ${problem}`);
    return d as FailoverDecision;
  }

  /** Preemptions applied (scheduling decisions `{ preempt }`). */
  private preemptions = 0;

  /**
   * Asks the scheduling policy for decisions until it has none: applies the preemptions of a
   * call first, then its placements, checking each one. A policy that preempts is asked even
   * when no GPU has room. Ends: each placement takes a task off the queue, and only a
   * preemption puts one back — of work started before this instant, which a task placed
   * again now is not — so one instant has at most as many preemptions as work was running.
   */
  private schedule(): void {
    const t = this.tasks;
    const policy = this.policies.scheduling;
    const preempts = policy.preempts === true;
    let replicaStopped = false;
    while (t.queue.length > 0 && (preempts || this.state.hasRoom())) {
      const decisions: unknown = callPolicy(policy, 'schedule', () => policy.schedule(t.queueView(), this.clusterView, this.sim.nowS));
      if (!Array.isArray(decisions)) throw new PolicyError(policy.name, 'schedule must return a list of decisions (placements and preemptions)');
      if (decisions.length === 0) break;
      let placed = 0;
      for (const d of decisions) {
        if (isPreemption(d)) replicaStopped = this.preempt(policy.name, d) || replicaStopped;
      }
      for (const d of decisions) {
        if (isPreemption(d)) continue;
        if (typeof d === 'object' && d !== null && 'preempt' in d) throw new PolicyError(policy.name, `decision ${JSON.stringify(d)} is both a placement and a preemption`);
        this.start(policy.name, d as Placement);
        placed++;
      }
      if (placed > 0) t.removeStarted(placed);
    }
    if (replicaStopped) this.inference.serveAll();
  }

  /** The running work a scheduling policy sees (training jobs' expected ends estimated now). */
  private runningWork(): readonly RunningWork[] {
    const now = this.sim.nowS;
    return this.tasks.runningWork((id) => {
      const v = this.training.view(id);
      const inProgressS = this.training.account(id).inProgressGpuS / Math.max(1, v.gpus);
      return now + Math.max(0, (v.workS - v.checkpointedS) / v.speed - inProgressS);
    });
  }

  /**
   * Applies a preemption: stops running work and puts it back in the queue at its arrival
   * position, like an interruption without a failure (no detection, no failover, no recovery
   * record). A batch task loses this attempt's GPU-time, a training job its computation since
   * its last checkpoint (it restarts from it), a replica its requests in service (retried or
   * failed). Returns true when it stopped an inference replica.
   */
  private preempt(policy: string, d: Preemption): boolean {
    const t = this.tasks;
    const id = d.preempt;
    const now = this.sim.nowS;
    if (!Number.isInteger(id) || id < 0 || id >= t.count) throw new PolicyError(policy, `preemption ${JSON.stringify(d)} names no task`);
    const st = t.state[id];
    if (st !== TaskState.Running) {
      const what = st === TaskState.Queued ? 'waiting in the queue' : st === TaskState.Hung ? 'stopped by a failure' : 'done';
      throw new PolicyError(policy, `preemption ${JSON.stringify(d)}: task ${id} is not running (it is ${what})`);
    }
    if (!(t.startS[id] < now)) {
      throw new PolicyError(policy, `preemption ${JSON.stringify(d)}: task ${id} started at this instant (${now} s); work may not be preempted in the instant it started`);
    }
    const w = this.workloads[t.workload[id]];
    const replica = this.inference.isReplica(id);
    if (this.training.has(id)) this.training.interrupt(id, 'preempted');
    else if (replica) this.inference.replicaDown(id);
    else {
      this.sim.cancel(t.completion[id]);
      w.lostGpuS += (now - t.startS[id]) * rangesCount(t.gpus[id]!) * Math.min(1, t.entries[id]!.gpus);
    }
    // Preempted while restarting after a failure: its recovery goes on, from the queue.
    const r = this.recoveries.get(id);
    if (r && r.placed) { r.recoverS += now - r.stageS; r.stageS = now; r.placed = false; }
    this.releaseGpus(id);
    this.requeueOrRetire(id);
    this.preemptions++;
    this.obs?.taskPreempted?.(id, now);
    return replica;
  }

  private start(policy: string, p: Placement): void {
    const t = this.tasks;
    const id = p?.workId;
    if (!Number.isInteger(id) || id < 0 || id >= t.count || t.state[id] !== TaskState.Queued) {
      throw new PolicyError(policy, `placement ${JSON.stringify(p)} names no queued task`);
    }
    const entry = t.entries[id]!;
    const fraction = entry.gpus < 1;
    const gpus = placementRanges(p, this.topo.gpuCount);
    if (typeof gpus === 'string') throw new PolicyError(policy, `placement of task ${id}: ${gpus}`);
    const problem = fraction
      ? (rangesCount(gpus) === 1 ? this.state.checkShare(gpus[0], Math.round(entry.gpus * MILLI)) : `the task needs a share of 1 GPU, the placement gives ${rangesCount(gpus)}`)
      : this.state.checkFree(gpus, entry.gpus);
    if (problem) throw new PolicyError(policy, `placement of task ${id}: ${problem}`);
    if (entry.site !== undefined) {
      // The site's GPUs are one range (every GPU is in it when the cluster has one site).
      const site = this.topo.spec.sites.findIndex((x) => x.id === entry.site);
      const first = site < 0 ? 0 : this.topo.siteFirstGpu[site], end = site < 0 ? 0 : this.topo.siteFirstGpu[site + 1];
      const off = gpus[0] < first ? gpus[0] : gpus[gpus.length - 1] > end ? Math.max(end, gpus[gpus.length - 2]) : -1;
      if (off >= 0) throw new PolicyError(policy, `placement of task ${id}: GPU ${this.topo.gpuId(off)} is outside site "${entry.site}", where the task must run`);
    }
    if (this.state.cutLinks > 0) {
      const cut = this.cutBetween(gpus);
      if (cut) throw new PolicyError(policy, `placement of task ${id}: it spans sites "${cut[0]}" and "${cut[1]}", whose WAN link is down`);
    }
    if (fraction) this.state.allocateShare(id, gpus[0], Math.round(entry.gpus * MILLI));
    else this.state.allocate(id, gpus);
    const speed = this.speedOf(gpus);
    const now = this.sim.nowS;
    const replica = this.inference.isReplica(id);
    // Expected end: exact for a batch task; never for a replica; a job's is estimated when asked.
    t.started(id, gpus, now, replica ? Infinity : now + entry.workS / speed);
    this.obs?.taskStarted?.(id, gpus, now);
    const r = this.recoveries.get(id);
    if (r) {
      r.decideS += now - r.stageS;
      r.stageS = now;
      r.placed = true;
    }
    if (this.training.has(id)) this.training.start(id, speed, this.mtbfOf(gpus), gpus, this.state.siteOfGpu(gpus[0]));
    else if (replica) {
      const v = this.variants.placed(id, this.serviceOf[t.workload[id]]);
      this.inference.replicaStarted(id, speed * v.speedFactor, v.quality);
      this.variantsDirty = true;
    }
    else {
      t.completion[id] = this.sim.after(entry.workS / speed, this.completionKind, id);
      this.recovered(id);
    }
  }

  private drained(): boolean {
    const inf = this.inference;
    return !this.scenario.runToHorizon && this.workloads.length > 0
      && this.arrivalsDone + inf.arrivalsDone === this.workloads.length
      && this.waitingItems() === 0 && this.runningItems() === 0;
  }

  /** Demand waiting: queued tasks and jobs (not replicas) and queued requests. */
  private waitingItems(): number {
    const inf = this.inference;
    return this.tasks.queue.length - (inf.replicaCount - inf.runningReplicas) + inf.queued;
  }

  /** Demand being served: running tasks and jobs (not replicas) and requests in service. */
  private runningItems(): number {
    const inf = this.inference;
    return this.tasks.running - inf.runningReplicas + inf.inFlight;
  }

  private afterEvent(): void {
    if (this.variantsDirty) this.updateVariants();
    if (this.series) this.recordPoint();
    if (this.drained()) this.sim.stop();
  }

  /**
   * Integrates the piecewise-constant counts from the last change up to now. Requests are
   * left out: the inference services integrate those themselves (their arrivals and
   * completions change nothing counted here), and {@link result} adds them.
   */
  private advance(): void {
    const now = this.sim.nowS;
    const dt = now - this.lastS;
    if (dt <= 0) return;
    const st = this.state, inf = this.inference;
    const q = this.tasks.queue.length - (inf.replicaCount - inf.runningReplicas);
    const running = this.tasks.running - inf.runningReplicas;
    const busy = this.busyGpus();
    this.upGpuS += st.upGpuCount * dt;
    this.busyGpuS += busy * dt;
    this.obs?.capacity?.(this.lastS, now, st.upGpuCount, busy);
    this.queuedS += q * dt;
    this.inSystemS += (q + running) * dt;
    this.lastS = now;
  }

  /** GPUs doing work: those held by tasks (hot spares waiting in their pool are idle). */
  private busyGpus(): number {
    return this.state.busyGpuCount - (this.spares ? this.spares.ready : 0);
  }

  private recordPoint(): void {
    if (!this.series) return;
    const [time, up, busy, queued] = this.series;
    const n = time.length;
    const st = this.state;
    const q = this.waitingItems();
    if (n > 0) {
      const v = [up.view()[n - 1], busy.view()[n - 1], queued.view()[n - 1]];
      if (v[0] === st.upGpuCount && v[1] === this.busyGpus() && v[2] === q) return;
    }
    time.push(this.sim.nowS); up.push(st.upGpuCount); busy.push(this.busyGpus()); queued.push(q);
  }

  private result(): RunResult {
    const s = this.scenario;
    const endS = this.sim.nowS;
    const tallies = this.tallies(endS);
    // Each workload's response times summarized once (for its figures and, alone, the pooled ones).
    const summaries = tallies.map((w) => summarize(w.responseTimesS));
    const requests = this.inference.requestIntegrals();
    const metrics = computeMetrics({
      horizonS: s.horizonS, endS, provisionedGpus: this.topo.gpuCount, upGpuS: this.upGpuS, busyGpuS: this.busyGpuS,
      inSystemS: this.inSystemS + requests.queuedS + requests.servingS, queuedS: this.queuedS + requests.queuedS, upGpusAtEnd: this.state.upGpuCount, workloads: tallies,
      failuresByTarget: this.failuresByTarget, interruptionsByCause: this.interruptionsByCause,
    }, s.metrics, summaries);
    const workloads: Record<string, WorkloadMetrics> = {};
    tallies.forEach((w, i) => { workloads[w.id] = workloadMetrics(w, summaries[i]); });
    const sum = (r: Record<FailureTarget, number>) => FAILURE_TARGETS.reduce((a, k) => a + r[k], 0);
    const out: RunResult = {
      scenario: s.name, seed: s.seed, horizonS: s.horizonS, metrics, workloads,
      failures: { count: sum(this.failuresByTarget), byTarget: { ...this.failuresByTarget } },
      interruptions: { count: sum(this.interruptionsByCause) + this.plannedInterruptions, byCause: { ...this.interruptionsByCause }, planned: this.plannedInterruptions },
      maintenance: { count: sum(this.maintenanceByTarget), byTarget: { ...this.maintenanceByTarget } },
      storage: this.storage.tally(),
      preemptions: this.preemptions,
      stats: { events: this.sim.eventCount },
    };
    if (!this.series) return out;
    const [timeS, upGpus, busyGpus, queued] = this.series.map((g) => g.view().slice());
    return { ...out, series: { timeS, upGpus, busyGpus, queued } };
  }

  private tallies(endS: number): WorkloadTally[] {
    const pendingMissed = new Array<number>(this.workloads.length).fill(0);
    const queued = new Array<number>(this.workloads.length).fill(0);
    const running = new Array<number>(this.workloads.length).fill(0);
    const t = this.tasks;
    for (let id = 0; id < t.count; id++) {
      const e = t.entries[id];
      if (!e || this.inference.isReplica(id)) continue;
      const w = t.workload[id];
      if (t.state[id] === TaskState.Queued) queued[w]++; else running[w]++;
      if (e.deadlineS <= endS) pendingMissed[w]++;
    }
    return this.workloads.map((w, i) => {
      const spec = w.spec;
      if (spec.kind === 'inference') return this.serviceTally(spec, i, endS);
      const job = spec.kind === 'training' && w.taskIds.length > 0 ? this.training.account(w.taskIds[0]) : undefined;
      const training = spec.kind === 'training'
        ? { workS: spec.workS, ...(job ?? { progressS: 0, usefulGpuS: 0, lostGpuS: 0, checkpointGpuS: 0, restartGpuS: 0, inProgressGpuS: 0, checkpoints: 0, checkpointsLost: 0, interruptions: 0, rpoSumS: 0, rpoMaxS: 0 }) }
        : undefined;
      return {
        id: spec.id, weight: spec.weight, arrived: w.arrived, completed: w.completed, met: w.met, failed: 0,
        pendingMissed: pendingMissed[i], queued: queued[i], running: running[i], responseTimesS: w.responses.view(),
        lostGpuS: training ? training.lostGpuS : w.lostGpuS, interruptions: w.interruptions,
        recovery: { ...w.recovery },
        ...(training ? { training } : {}),
      };
    });
  }

  private serviceTally(spec: InferenceWorkloadSpec, i: number, endS: number): WorkloadTally {
    const v = this.inference.tally(this.serviceOf[i], endS);
    return {
      id: spec.id, weight: spec.weight, arrived: v.arrived, completed: v.completed, met: v.met, failed: v.failed + v.dropped,
      pendingMissed: v.queuedMissed + v.inFlightMissed, queued: v.queued, running: v.inFlight, responseTimesS: v.responseTimesS,
      lostGpuS: 0, interruptions: this.workloads[i].interruptions,
      recovery: { ...this.workloads[i].recovery },
      inference: {
        failed: v.failed, dropped: v.dropped, retried: v.retried, availableS: v.availableS, readyReplicaS: v.readyReplicaS,
        servingS: v.servingS, replicas: spec.replicas, concurrency: spec.concurrency, endS, completed: v.completed, qualitySum: v.qualitySum,
      },
    };
  }
}

/** True for a `{ preempt }` decision (one that also names `workId` is neither: start() rejects it). */
function isPreemption(d: unknown): d is Preemption {
  return typeof d === 'object' && d !== null && 'preempt' in d && !('workId' in d);
}

/**
 * The GPUs a placement gives, as ranges, or why it gives none: exactly one of `ranges` (a
 * well-formed set) and `gpus` (a list of distinct GPU indices).
 */
function placementRanges(p: Placement, gpuCount: number): GpuRanges | string {
  const hasRanges = p.ranges !== undefined, hasList = p.gpus !== undefined;
  if (hasRanges === hasList) return 'a placement gives its GPUs either as `ranges` or as a `gpus` list (exactly one)';
  if (hasRanges) return rangesProblem(p.ranges, gpuCount) ?? p.ranges!;
  const list: unknown = p.gpus;
  if (!Array.isArray(list)) return 'gpus is not a list';
  for (const g of list) if (!Number.isInteger(g) || g < 0 || g >= gpuCount) return `GPU ${String(g)} does not exist`;
  const r = rangesOf(list as number[]);
  if (rangesCount(r) !== list.length) {
    const seen = new Set<number>();
    for (const g of list as number[]) { if (seen.has(g)) return `GPU ${g} is given twice`; seen.add(g); }
  }
  return r;
}
