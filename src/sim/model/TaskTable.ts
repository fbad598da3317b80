import type { QueuedWork } from '../policy/SchedulingPolicy.ts';

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
 * typed arrays; the waiting line is an array of {@link QueuedWork} in arrival order.
 */
export class TaskTable {
  count = 0;
  workload = new Int32Array(1024);
  state = new Uint8Array(1024);
  arrivalS = new Float64Array(1024);
  startS = new Float64Array(1024);
  /** Pending completion event of a running task. */
  completion = new Float64Array(1024);
  /** GPUs held by each running task. */
  readonly gpus: (readonly number[] | undefined)[] = [];
  /** Queue entries, by task id, kept until the task is done. */
  readonly entries: (QueuedWork | undefined)[] = [];
  /** The waiting line, in arrival order. */
  queue: QueuedWork[] = [];
  running = 0;

  /** Adds a task to the table and to the end of the queue; returns its id. */
  add(workload: number, entry: Omit<QueuedWork, 'id' | 'attempts'>): number {
    const id = this.count++;
    if (id === this.workload.length) this.grow();
    this.workload[id] = workload;
    this.state[id] = TaskState.Queued;
    this.arrivalS[id] = entry.arrivalS;
    const q: QueuedWork = {
      id, kind: entry.kind, workloadId: entry.workloadId, gpus: entry.gpus, arrivalS: entry.arrivalS,
      deadlineS: entry.deadlineS, weight: entry.weight, workS: entry.workS, attempts: 0,
      ...(entry.site === undefined ? {} : { site: entry.site }),
    };
    this.entries[id] = q;
    this.queue.push(q);
    return id;
  }

  /** Puts an interrupted task back in the queue at its arrival position. */
  requeue(id: number): void {
    const old = this.entries[id]!;
    const q: QueuedWork = { ...old, attempts: old.attempts + 1 };
    this.entries[id] = q;
    this.state[id] = TaskState.Queued;
    this.gpus[id] = undefined;
    this.running--;
    let lo = 0, hi = this.queue.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.queue[mid].id < id) lo = mid + 1; else hi = mid;
    }
    this.queue.splice(lo, 0, q);
  }

  /** Removes started tasks from the queue (one pass; the common case, the head, is O(k)). */
  removeStarted(started: number): void {
    const q = this.queue;
    let k = 0;
    while (k < q.length && k < started && this.state[q[k].id] !== TaskState.Queued) k++;
    if (k === started) { q.splice(0, k); return; }
    this.queue = q.filter((e) => this.state[e.id] === TaskState.Queued);
  }

  private grow(): void {
    const c = this.workload.length * 2;
    const i32 = new Int32Array(c); i32.set(this.workload); this.workload = i32;
    const u8 = new Uint8Array(c); u8.set(this.state); this.state = u8;
    const a = new Float64Array(c); a.set(this.arrivalS); this.arrivalS = a;
    const s = new Float64Array(c); s.set(this.startS); this.startS = s;
    const e = new Float64Array(c); e.set(this.completion); this.completion = e;
  }
}
