import { NO_EVENT } from '../engine/EventQueue.ts';
import { rangesToList, type GpuRanges } from '../policy/GpuRanges.ts';
import type { QueuedWork, RunningWork } from '../policy/SchedulingPolicy.ts';

/** Where a task is in its life. */
export const TaskState = {
  Queued: 0,
  Running: 1,
  Done: 2,
  /** Hit by a failure that is not yet detected: it holds its GPUs and makes no progress. */
  Hung: 3,
} as const;

/**
 * Every task of a run, by id (ids count from 0 in arrival order). Numbers live in growable
 * typed arrays; the waiting line is an array of {@link QueuedWork} in arrival order. Reads the
 * time from `clock` (the simulator) to account the service each attempt received.
 */
export class TaskTable {
  constructor(private readonly clock: { readonly nowS: number } = { nowS: 0 }) {}

  count = 0;
  workload = new Int32Array(1024);
  state = new Uint8Array(1024);
  arrivalS = new Float64Array(1024);
  startS = new Float64Array(1024);
  /** Pending completion event of a running task ({@link NO_EVENT} when none). */
  completion = new Float64Array(1024).fill(NO_EVENT);
  /** When a running task is expected to end (see {@link RunningWork.expectedEndS}). */
  expectedEndS = new Float64Array(1024);
  /** Tasks started and maybe still running (pruned lazily by {@link runningWork}), and whether each is listed. */
  private runList: number[] = [];
  private listed = new Uint8Array(1024);
  /** GPUs held by each running task. */
  readonly gpus: (GpuRanges | undefined)[] = [];
  /** Queue entries, by task id, kept until the task is done (frozen: policies see them). */
  readonly entries: (QueuedWork | undefined)[] = [];
  /** The waiting line, in arrival order: the model's own (policies get {@link queueView}). */
  private line: QueuedWork[] = [];
  /** Bumped at every change of the line; the snapshot policies see is rebuilt when it moved. */
  private version = 0;
  private snapshot: readonly QueuedWork[] = Object.freeze([]);
  private snapshotVersion = 0;
  running = 0;

  /** Adds a task to the table and to the end of the queue; returns its id. */
  add(workload: number, entry: Omit<QueuedWork, 'id' | 'attempts' | 'attainedGpuS'>): number {
    const id = this.count++;
    if (id === this.workload.length) this.grow();
    this.workload[id] = workload;
    this.state[id] = TaskState.Queued;
    this.arrivalS[id] = entry.arrivalS;
    const q: QueuedWork = entry.site === undefined
      ? { id, kind: entry.kind, workloadId: entry.workloadId, gpus: entry.gpus, arrivalS: entry.arrivalS, deadlineS: entry.deadlineS, weight: entry.weight, workS: entry.workS, attempts: 0, attainedGpuS: 0 }
      : { id, kind: entry.kind, workloadId: entry.workloadId, gpus: entry.gpus, arrivalS: entry.arrivalS, deadlineS: entry.deadlineS, weight: entry.weight, workS: entry.workS, attempts: 0, attainedGpuS: 0, site: entry.site };
    this.entries[id] = Object.freeze(q);
    this.line.push(q);
    this.version++;
    return id;
  }

  /**
   * Puts an interrupted (or preempted) task back in the queue at its arrival position; the
   * time since it started, × the GPUs it needs, adds to the service it has received.
   */
  requeue(id: number): void {
    const old = this.entries[id]!;
    const heldS = Math.max(0, this.clock.nowS - this.startS[id]);
    const q: QueuedWork = Object.freeze({ ...old, attempts: old.attempts + 1, attainedGpuS: old.attainedGpuS + heldS * old.gpus });
    this.entries[id] = q;
    this.state[id] = TaskState.Queued;
    this.gpus[id] = undefined;
    this.running--;
    let lo = 0, hi = this.line.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.line[mid].id < id) lo = mid + 1; else hi = mid;
    }
    this.line.splice(lo, 0, q);
    this.version++;
  }

  /** The waiting line, in arrival order, as the model keeps it (read it, never change it). */
  get queue(): readonly QueuedWork[] {
    return this.line;
  }

  /**
   * The waiting line as policies see it: a frozen snapshot of frozen entries, rebuilt only
   * when the line changed since the last one (O(waiting) then, O(1) otherwise).
   */
  queueView(): readonly QueuedWork[] {
    if (this.snapshotVersion !== this.version) {
      this.snapshot = Object.freeze(this.line.slice());
      this.snapshotVersion = this.version;
    }
    return this.snapshot;
  }

  /** Replaces what queued (or next queued) task `id` asks for; the line shows the new entry. */
  setEntry(id: number, entry: QueuedWork): void {
    const e = Object.freeze(entry);
    this.entries[id] = e;
    const k = this.line.findIndex((q) => q.id === id);
    if (k >= 0) { this.line[k] = e; this.version++; }
  }

  /** Takes queued task `id` out of the line (it will not run: an autoscaler removed it). */
  dropQueued(id: number): void {
    const k = this.line.findIndex((q) => q.id === id);
    if (k >= 0) { this.line.splice(k, 1); this.version++; }
  }

  /** Marks a task as running on `gpus` from `startS`, expected to end at `expectedEndS` (Infinity: never; a training job's is estimated when asked). */
  started(id: number, gpus: GpuRanges, startS: number, expectedEndS: number): void {
    this.state[id] = TaskState.Running;
    this.gpus[id] = gpus;
    this.startS[id] = startS;
    this.expectedEndS[id] = expectedEndS;
    this.running++;
    if (this.listed[id] === 0) {
      this.listed[id] = 1;
      this.runList.push(id);
      if (this.runList.length > 2 * this.running + 64) this.prune();
    }
  }

  /** The tasks running now (not hung), in id order: O(running log running), not O(tasks ever). */
  runningIds(): number[] {
    this.prune();
    const out: number[] = [];
    for (const id of this.runList) if (this.state[id] === TaskState.Running) out.push(id);
    return out.sort((a, b) => a - b);
  }

  /** Drops tasks no longer running (or hung) from the run list: keeps it O(running) when no one asks for it. */
  private prune(): void {
    const list = this.runList;
    let k = 0;
    for (let i = 0; i < list.length; i++) {
      const id = list[i], st = this.state[id];
      if (st === TaskState.Running || st === TaskState.Hung) list[k++] = id;
      else this.listed[id] = 0;
    }
    list.length = k;
  }

  /**
   * The work running now (state Running: not hung, queued or done), built fresh: O(tasks
   * started since the last call + running ones). Drops finished and requeued tasks from its
   * list as it goes. `jobEndS` estimates a training job's end (its stored one is not kept up
   * to date).
   */
  runningWork(jobEndS?: (id: number) => number): readonly RunningWork[] {
    const now = this.clock.nowS;
    const out: RunningWork[] = [];
    const list = this.runList;
    let k = 0;
    for (let i = 0; i < list.length; i++) {
      const id = list[i];
      const st = this.state[id];
      if (st !== TaskState.Running && st !== TaskState.Hung) { this.listed[id] = 0; continue; }
      list[k++] = id;
      if (st !== TaskState.Running) continue;
      const e = this.entries[id]!;
      const startS = this.startS[id];
      const ranges = this.gpus[id]!;
      let gpuList: readonly number[] | null = null;
      out.push(Object.freeze({
        id, kind: e.kind, workloadId: e.workloadId, weight: e.weight, arrivalS: e.arrivalS, need: e.gpus, ranges,
        get gpus() { return (gpuList ??= Object.freeze(rangesToList(ranges))); },
        startS, attainedGpuS: e.attainedGpuS + Math.max(0, now - startS) * e.gpus,
        expectedEndS: e.kind === 'job' && jobEndS ? jobEndS(id) : this.expectedEndS[id],
        ...(e.site === undefined ? {} : { site: e.site }),
      }));
    }
    list.length = k;
    return Object.freeze(out);
  }

  /** Removes started tasks from the queue (one pass; the common case, the head, is O(k)). */
  removeStarted(started: number): void {
    const q = this.line;
    this.version++;
    let k = 0;
    while (k < q.length && k < started && this.state[q[k].id] !== TaskState.Queued) k++;
    if (k === started) { q.splice(0, k); return; }
    this.line = q.filter((e) => this.state[e.id] === TaskState.Queued);
  }

  private grow(): void {
    const c = this.workload.length * 2;
    const i32 = new Int32Array(c); i32.set(this.workload); this.workload = i32;
    const u8 = new Uint8Array(c); u8.set(this.state); this.state = u8;
    const a = new Float64Array(c); a.set(this.arrivalS); this.arrivalS = a;
    const s = new Float64Array(c); s.set(this.startS); this.startS = s;
    const e = new Float64Array(c).fill(NO_EVENT); e.set(this.completion); this.completion = e;
    const x = new Float64Array(c); x.set(this.expectedEndS); this.expectedEndS = x;
    const l = new Uint8Array(c); l.set(this.listed); this.listed = l;
  }
}
