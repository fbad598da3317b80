import { rangesCount, type GpuRanges } from '../policy/GpuRanges.ts';
import type { SimObserver } from '../model/SimObserver.ts';
import type { Topology } from '../model/Topology.ts';
import type { TrainingPhase } from '../model/TrainingJobs.ts';
import { coveredLevel } from '../scenario/failureTargets.ts';
import type { FailureTarget, Scenario } from '../scenario/types.ts';
import { causeNames, SpanEnd, type Timeline } from './Timeline.ts';
import { SpanColumns, OutageColumns } from './columns.ts';
import { WindowTally } from './WindowTally.ts';


interface OpenRun { readonly row: number; readonly first: number; readonly count: number }
interface OpenWork { readonly startS: number; readonly runs: readonly OpenRun[] }
interface TrainingState { phase: TrainingPhase | 'idle'; phaseS: number; gpus: number; sinceCheckpointGpuS: number }

/**
 * Records a run's {@link Timeline} as it happens: an observer of the model (spans of work on
 * nodes, outages, request and task outcomes, training phases) plus the capacity integrals,
 * which the model hands it as it advances time. The worker attaches it (runScenario's
 * `recordTimeline`); the model knows nothing of it.
 */
export class TimelineRecorder implements SimObserver {
  private readonly spans = new SpanColumns();
  private readonly outages = new OutageColumns();
  private readonly open = new Map<number, OpenWork>();
  private readonly openOutages = new Map<string, number[]>();
  private readonly arrivalS = new Map<number, number>();
  private readonly training = new Map<number, TrainingState>();
  private readonly sloS: Float64Array;
  readonly windows: WindowTally;

  /** Workload index of each task, as the model added them. */
  private workloadOfTask = new Int32Array(1024);

  constructor(private readonly scenario: Scenario, private readonly topo: Topology, windowCount = 400) {
    this.sloS = Float64Array.from(scenario.workloads, (w) => ('sloS' in w && Number.isFinite(w.sloS) ? w.sloS : Infinity));
    this.windows = new WindowTally(scenario.workloads.length, scenario.horizonS, windowCount);
  }

  /** Capacity over [fromS, toS): `up` GPUs up and `busy` GPUs held by work. */
  taskAdded(task: number, workload: number): void {
    if (task >= this.workloadOfTask.length) {
      const grown = new Int32Array(Math.max(2 * this.workloadOfTask.length, task + 1));
      grown.set(this.workloadOfTask);
      this.workloadOfTask = grown;
    }
    this.workloadOfTask[task] = workload;
  }

  private workloadOf(task: number): number {
    return this.workloadOfTask[task];
  }

  capacity(fromS: number, toS: number, up: number, busy: number): void {
    this.windows.addCapacity(fromS, toS, up, busy);
  }

  taskArrived(task: number, _workloadId: string, timeS: number): void {
    this.arrivalS.set(task, timeS);
  }

  taskStarted(task: number, gpus: GpuRanges, timeS: number): void {
    if (this.open.has(task)) this.close(task, timeS, SpanEnd.moved, -1);
    this.open.set(task, { startS: timeS, runs: this.runsOf(gpus) });
    const tr = this.training.get(task);
    if (tr) tr.gpus = rangesCount(gpus);
  }

  taskCompleted(task: number, timeS: number): void {
    this.close(task, timeS, SpanEnd.completed, -1);
    const arrival = this.arrivalS.get(task);
    if (arrival !== undefined) {
      this.arrivalS.delete(task);
      const w = this.workloadOf(task);
      this.windows.addOutcome(w, timeS, timeS - arrival, timeS <= arrival + this.sloS[w]);
    }
    this.endTrainingPhase(task, timeS);
    this.training.delete(task);
  }

  taskPreempted(task: number, timeS: number): void {
    this.close(task, timeS, SpanEnd.preempted, -1);
    this.interruptTraining(task, timeS);
  }

  taskInterrupted(task: number, cause: FailureTarget, timeS: number, planned: boolean): void {
    this.close(task, timeS, SpanEnd.interrupted, planned ? causeNames.indexOf('planned') : causeNames.indexOf(cause));
    this.interruptTraining(task, timeS);
  }

  componentChanged(target: FailureTarget, id: string, down: boolean, timeS: number, planned: boolean, gpuFirst: number, gpuEnd: number): void {
    const key = `${target} ${id}`;
    if (down) {
      const node = this.topo.gpuNode;
      const rows = coveredLevel(target) === null || gpuEnd <= gpuFirst ? [0, 0] : [node[gpuFirst], node[gpuEnd - 1] + 1];
      const k = this.outages.push(causeNames.indexOf(target), id, rows[0], rows[1], timeS, planned);
      const open = this.openOutages.get(key);
      if (open) open.push(k);
      else this.openOutages.set(key, [k]);
    } else {
      // A component taken down twice (say, by two failure rules) comes back in the order it went.
      const open = this.openOutages.get(key);
      const k = open?.shift();
      if (k !== undefined) this.outages.end(k, timeS);
      if (open && open.length === 0) this.openOutages.delete(key);
    }
  }

  trainingPhase(task: number, phase: TrainingPhase, _progressS: number, timeS: number): void {
    let tr = this.training.get(task);
    if (!tr) {
      tr = { phase: 'idle', phaseS: timeS, gpus: this.open.get(task)?.runs.reduce((n, r) => n + r.count, 0) ?? 0, sinceCheckpointGpuS: 0 };
      this.training.set(task, tr);
    }
    const finishedCheckpoint = tr.phase === 'checkpoint' && phase === 'compute';
    this.endTrainingPhase(task, timeS);
    if (finishedCheckpoint) tr.sinceCheckpointGpuS = 0;
    tr.phase = phase;
    tr.phaseS = timeS;
  }

  requestDone(workload: number, arrivalS: number, timeS: number, outcome: 0 | 1 | 2): void {
    if (outcome === 0) this.windows.addOutcome(workload, timeS, timeS - arrivalS, timeS <= arrivalS + this.sloS[workload]);
    else this.windows.addUnserved(workload, timeS);
  }

  /** The timeline, once the run has ended at `endS` (work and outages still open end there). */
  finish(endS: number): Timeline {
    for (const task of [...this.open.keys()]) this.close(task, endS, SpanEnd.running, -1);
    for (const task of this.training.keys()) this.endTrainingPhase(task, endS);
    for (const open of this.openOutages.values()) for (const k of open) this.outages.end(k, endS);
    this.openOutages.clear();
    const topo = this.topo;
    const ids: string[] = [];
    const gpus = new Int32Array(topo.nodeCount), rack = new Int32Array(topo.nodeCount), site = new Int32Array(topo.nodeCount);
    let n = 0;
    this.scenario.cluster.sites.forEach((s, si) => {
      for (let r = 0; r < s.racks; r++) for (let k = 0; k < s.nodesPerRack; k++, n++) {
        ids.push(`${s.id}/r${r}/n${k}`);
        gpus[n] = s.node.gpus;
        rack[n] = topo.nodeRack[n];
        site[n] = si;
      }
    });
    return {
      horizonS: this.scenario.horizonS,
      endS,
      rows: { ids, gpus, rack, site },
      workloads: this.scenario.workloads.map((w) => w.id),
      workloadKinds: this.scenario.workloads.map((w) => w.kind),
      workloadWeights: this.scenario.workloads.map((w) => w.weight),
      spans: this.spans.done(),
      outages: this.outages.done(),
      windows: this.windows.done(),
    };
  }

  /** Contiguous runs of GPUs per node (a span per node row: O(nodes held)). */
  private runsOf(gpus: GpuRanges): OpenRun[] {
    const topo = this.topo;
    const runs: OpenRun[] = [];
    for (let i = 0; i < gpus.length; i += 2) {
      for (let g = gpus[i], end = gpus[i + 1]; g < end;) {
        const node = topo.gpuNode[g];
        const stop = Math.min(end, topo.nodeFirstGpu[node + 1]);
        runs.push({ row: node, first: g - topo.nodeFirstGpu[node], count: stop - g });
        g = stop;
      }
    }
    return runs;
  }

  private close(task: number, timeS: number, end: number, cause: number): void {
    const w = this.open.get(task);
    if (!w) return;
    this.open.delete(task);
    const workload = this.workloadOf(task);
    for (const r of w.runs) this.spans.push(r.row, r.first, r.count, w.startS, timeS, task, workload, end, cause);
  }

  /** Books the training job's current phase up to `timeS` (allocated, and wasted if not computing). */
  private endTrainingPhase(task: number, timeS: number): void {
    const tr = this.training.get(task);
    if (!tr || tr.phase === 'idle' || timeS <= tr.phaseS) return;
    const w = this.workloadOf(task);
    const gpuS = (timeS - tr.phaseS) * tr.gpus;
    this.windows.addTraining(w, tr.phaseS, timeS, tr.gpus, tr.phase !== 'compute');
    if (tr.phase === 'compute') tr.sinceCheckpointGpuS += gpuS;
    tr.phaseS = timeS;
  }

  /** A training job lost its computation since the last completed checkpoint. */
  private interruptTraining(task: number, timeS: number): void {
    const tr = this.training.get(task);
    if (!tr) return;
    this.endTrainingPhase(task, timeS);
    this.windows.addLost(this.workloadOf(task), timeS, tr.sinceCheckpointGpuS);
    tr.sinceCheckpointGpuS = 0;
    tr.phase = 'idle';
  }
}
