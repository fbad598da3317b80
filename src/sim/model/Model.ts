import { Simulator } from '../engine/Simulator.ts';
import type { GpuRanges } from '../policy/GpuRanges.ts';
import type { PolicySet } from '../policy/PolicySet.ts';
import { RandomStreams } from '../random/streams.ts';
import type { FailureTarget } from '../scenario/failureTargets.ts';
import type { Scenario } from '../scenario/types.ts';
import { RunTally } from './accounting/RunTally.ts';
import { newWorkloadAccount, type WorkloadAccount } from './accounting/WorkloadAccount.ts';
import { ClusterNetwork } from './ClusterNetwork.ts';
import { ClusterState, MILLI } from './ClusterState.ts';
import { ComponentEvents } from './failures/ComponentEvents.ts';
import { FailureProcesses } from './FailureProcesses.ts';
import { makeMtbfEstimator } from './failureRates.ts';
import type { ModelContext } from './ModelContext.ts';
import { Scheduler } from './placement/Scheduler.ts';
import { Failover } from './recovery/Failover.ts';
import { Recoveries } from './recovery/Recoveries.ts';
import type { SimObserver } from './SimObserver.ts';
import type { SimulateOptions } from './SimulateOptions.ts';
import { Storage } from './Storage.ts';
import { TaskState, TaskTable } from './TaskTable.ts';
import { Topology } from './Topology.ts';
import { TrainingJobs } from './TrainingJobs.ts';
import type { InferenceWork } from './work/InferenceWork.ts';
import { KIND_OF_QUEUED, WORK_KINDS, type WorkKindName } from './work/kinds.ts';
import type { WorkKind } from './work/WorkKind.ts';

/**
 * One run's model, assembled: the cluster (topology, GPU state, network, storage), the
 * work kinds, the scheduler, failover and the failure processes, wired through one
 * {@link ModelContext} that this class implements by delegating each operation to the
 * subsystem that owns it. It also runs the engine's per-event hooks: integrate the counts
 * before an event, and after it ask the compression policy again, record the series and
 * stop once the run has drained.
 */
export class Model implements ModelContext {
  readonly sim = new Simulator(4096);
  readonly topo: Topology;
  readonly state: ClusterState;
  readonly tasks: TaskTable;
  readonly accounts: WorkloadAccount[];
  readonly tally: RunTally;
  readonly recoveries = new Recoveries();
  readonly obs: SimObserver | undefined;
  readonly storage: Storage;
  readonly jobs: TrainingJobs;
  /** The kinds of work, built from the table in work/kinds.ts. */
  readonly kinds: Readonly<Record<WorkKindName, WorkKind>>;
  /** The inference kind, whose requests the run loop and the scheduler also deal with. */
  readonly inference: InferenceWork;
  readonly failover: Failover;
  readonly scheduler: Scheduler;
  readonly components: ComponentEvents;
  readonly failures: FailureProcesses;
  private readonly mtbfEstimate: (gpus: GpuRanges) => number;
  /** Workloads that will add no more work. */
  private arrivalsDoneCount = 0;

  constructor(readonly scenario: Scenario, readonly policies: PolicySet, private readonly options: SimulateOptions) {
    const streams = new RandomStreams(scenario.seed);
    this.topo = new Topology(scenario.cluster);
    this.state = new ClusterState(this.topo);
    this.tasks = new TaskTable(this.sim);
    this.tally = new RunTally(options.recordSeries === true);
    this.obs = options.observer;
    this.accounts = scenario.workloads.map(newWorkloadAccount);
    // Every event first integrates the counts up to its time, and afterwards records the
    // series and checks whether the run has drained (engine hooks, not a wrapper per handler).
    // Requests' arrivals and completions skip them (unless the series is recorded): the
    // services integrate their own counts and say when they have drained (onIdle).
    this.sim.beforeEach = () => this.advance();
    this.sim.afterEach = () => this.afterEvent();
    if (options.onProgress) {
      const onProgress = options.onProgress;
      this.sim.onTick = () => onProgress(Math.min(1, this.sim.nowS / scenario.horizonS));
    }
    this.mtbfEstimate = makeMtbfEstimator(this.topo, scenario.failures);
    const network = new ClusterNetwork(this.topo, this.sim, (h) => this.sim.on(h));
    this.storage = new Storage(this.topo, this.sim, network, { onDataLoss: (site, copiedUpToS) => this.jobs.dataLoss(site, copiedUpToS) });
    this.jobs = new TrainingJobs(this.sim, policies.backup, {
      finished: (t) => this.finish(t),
      phase: (t, phase, progressS, timeS) => {
        if (phase === 'compute') this.recovered(t);
        this.obs?.trainingPhase?.(t, phase, progressS, timeS);
      },
      network,
      // Checkpoints live in their site's storage: a data loss there destroys those not yet copied away.
      tracksDataLoss: this.storage.holdsData,
      sites: {
        up: (site) => this.failover.siteDown[site] === 0,
        copiedUpToS: (from, to) => this.storage.copiedUpToS(from, to),
        wanBetween: (a, b) => network.wanBetween(a, b),
        indexOf: (id) => scenario.cluster.sites.findIndex((x) => x.id === id),
        linkUp: (a, b) => this.state.sitesJoined(scenario.cluster.sites[a].id, scenario.cluster.sites[b].id),
      },
    });
    this.failover = new Failover(this.jobs, this);
    const deps = {
      streams, jobs: this.jobs, recordSeries: options.recordSeries === true,
      jobFailover: (t: number, cause: FailureTarget) => this.failover.jobFailover(t, cause),
      loop: {
        advance: () => this.advance(),
        afterEvent: () => this.afterEvent(),
        drained: () => this.drained(),
        replicaFailover: (t: number, cause: FailureTarget) => this.failover.replicaFailover(t, cause),
      },
    };
    const kinds = {} as Record<WorkKindName, WorkKind>;
    for (const k of Object.keys(WORK_KINDS) as WorkKindName[]) kinds[k] = WORK_KINDS[k].create(deps, this);
    this.kinds = kinds;
    this.inference = kinds.inference as InferenceWork;
    this.scheduler = new Scheduler({
      cutBetween: (gpus) => this.components.cutBetween(gpus),
      jobEndS: (id) => this.jobEndS(id),
      isReplica: (t) => this.inference.isReplica(t),
    }, this);
    this.components = new ComponentEvents(this.storage, this.jobs, this.failover, this.inference, this);
    this.failures = new FailureProcesses(this.sim, this.topo, scenario.failures, scenario.maintenance, streams,
      (target, id, first, end, delta, planned, settled) => this.components.change(target, id, first, end, delta, planned, settled));
  }

  /** Starts every workload and process, then runs the engine to the horizon (or until drained). */
  run(): void {
    this.inference.prepare();
    this.scenario.workloads.forEach((w, i) => this.kinds[w.kind].begin(i));
    this.inference.start();
    this.storage.start();
    this.failures.start();
    this.schedule();
    this.inference.updateVariants();
    this.recordPoint();
    if (!this.drained()) this.sim.run(this.scenario.horizonS, this.options.maxEvents);
    this.advance();
  }

  kindOf(task: number): WorkKind {
    return this.kinds[KIND_OF_QUEUED[this.tasks.entries[task]!.kind]];
  }

  schedule(): void {
    this.scheduler.schedule();
  }

  serveAll(): void {
    this.inference.services.serveAll();
  }

  /** Work that has done all its work (a batch task's completion event, a training job's end): free its GPUs, record its response time. */
  finish(task: number): void {
    const t = this.tasks, now = this.sim.nowS;
    const w = this.accounts[t.workload[task]];
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

  recovered(task: number): void {
    if (this.recoveries.has(task)) this.recoveries.recovered(task, this.sim.nowS, this.accounts[this.tasks.workload[task]].recovery);
  }

  releaseGpus(task: number): void {
    const gpus = this.tasks.gpus[task]!;
    const need = this.tasks.entries[task]!.gpus;
    if (need < 1) this.state.releaseShare(task, gpus[0], Math.round(need * MILLI));
    else this.state.release(task, gpus);
  }

  requeueOrRetire(task: number): void {
    this.inference.requeueOrRetire(task);
  }

  arrivalsDone(): void {
    this.arrivalsDoneCount++;
  }

  mtbfOf(gpus: GpuRanges): number {
    return this.mtbfEstimate(gpus);
  }

  /** Speed of work on GPUs: that of the slowest (every node of a site has one GPU type). O(ranges + sites). */
  speedOf(gpus: GpuRanges): number {
    const sites = this.topo.spec.sites;
    if (sites.length === 1) return sites[0].node.speed;
    let speed = Infinity;
    for (const s of this.state.sitesOf(gpus)) speed = Math.min(speed, sites[s].node.speed);
    return speed;
  }

  /** A running training job's expected end: its restart plus the work left after its last checkpoint. */
  private jobEndS(id: number): number {
    const v = this.jobs.view(id);
    const inProgressS = this.jobs.account(id).inProgressGpuS / Math.max(1, v.gpus);
    return this.sim.nowS + Math.max(0, (v.workS - v.checkpointedS) / v.speed - inProgressS);
  }

  /** True when nothing is left to do: every workload has arrived and no work waits or runs. */
  drained(): boolean {
    const inf = this.inference.services;
    return !this.scenario.runToHorizon && this.scenario.workloads.length > 0
      && this.arrivalsDoneCount + inf.arrivalsDone === this.scenario.workloads.length
      && this.waitingItems() === 0 && this.runningItems() === 0;
  }

  /** Demand waiting: queued tasks and jobs (not replicas) and queued requests. */
  private waitingItems(): number {
    const inf = this.inference.services;
    return this.tasks.queue.length - (inf.replicaCount - inf.runningReplicas) + inf.queued;
  }

  /** Demand being served: running tasks and jobs (not replicas) and requests in service. */
  private runningItems(): number {
    const inf = this.inference.services;
    return this.tasks.running - inf.runningReplicas + inf.inFlight;
  }

  afterEvent(): void {
    if (this.inference.dirty) this.inference.updateVariants();
    if (this.tally.recordsSeries) this.recordPoint();
    if (this.drained()) this.sim.stop();
  }

  /**
   * Integrates the piecewise-constant counts from the last change up to now. Requests are
   * left out: the inference services integrate those themselves (their arrivals and
   * completions change nothing counted here), and the result adds them.
   */
  advance(): void {
    const now = this.sim.nowS, from = this.tally.lastS;
    if (now <= from) return;
    const inf = this.inference.services, st = this.state;
    const busy = this.busyGpus();
    const queued = this.tasks.queue.length - (inf.replicaCount - inf.runningReplicas);
    const running = this.tasks.running - inf.runningReplicas;
    this.tally.integrate(now, st.upGpuCount, busy, queued, running);
    this.obs?.capacity?.(from, now, st.upGpuCount, busy);
  }

  /** GPUs doing work: those held by tasks (hot spares waiting in their pool are idle). */
  busyGpus(): number {
    return this.state.busyGpuCount - (this.failover.spares ? this.failover.spares.ready : 0);
  }

  private recordPoint(): void {
    this.tally.recordPoint(this.sim.nowS, this.state.upGpuCount, this.busyGpus(), this.waitingItems());
  }
}
