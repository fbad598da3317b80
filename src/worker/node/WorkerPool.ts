/**
 * A pool of simulation workers in Node (worker_threads), each serving ../simWorker.ts
 * through comlink. Runs wait in one queue and go to the first free worker. A run that
 * passes the per-run time limit is stopped by terminating its worker (a new one takes its
 * place) and comes back as failed, `timed out after …`; a worker that dies takes only its
 * run with it. Results come back per run; {@link WorkerPool.map} gives them in job order
 * whatever the order they finish in.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import type { Scenario } from '../../sim/scenario/types.ts';
import { formatDuration } from '../../sim/scenario/units.ts';
import type { PolicyModuleRef, RunOutcome, SimWorkerApi } from '../simWorker.ts';

const ENTRY = new URL('./worker.mjs', import.meta.url);

/** The number of workers to use when none is given: the cores available to this process. */
export const defaultWorkerCount = (): number => Math.max(1, availableParallelism());

export interface PoolOptions {
  /** Number of workers (default: the cores available). */
  readonly workers?: number;
  /** Per-run time limit in seconds (none when undefined). */
  readonly timeoutS?: number;
  /** Policy modules every worker loads; the scenarios may name their policies. */
  readonly policyModules?: readonly PolicyModuleRef[];
  /**
   * Let the process exit while the workers are idle (they are unref'd until given work):
   * for a pool kept for later commands in the same process (see sharedPools.ts).
   */
  readonly unrefIdle?: boolean;
}

/** One run for the pool. */
export interface PoolJob {
  readonly scenario: Scenario;
  readonly seed?: number;
  readonly maxEvents?: number;
  readonly recordSeries?: boolean;
  /** Receives the fraction of the horizon done (see SimWorkerApi.run). */
  readonly onProgress?: (fraction: number) => void;
  /** Replaces the pool's time limit for this run (seconds). */
  readonly timeoutS?: number;
  /** Replaces the pool's policy modules for this run. */
  readonly policyModules?: readonly PolicyModuleRef[];
}

interface Pending {
  readonly job: PoolJob;
  readonly resolve: (o: RunOutcome) => void;
}

interface Slot {
  readonly worker: Worker;
  readonly remote: Comlink.Remote<SimWorkerApi>;
  /** Settles the run the slot is doing (once), or null when idle. */
  settle: ((o: RunOutcome) => void) | null;
  /** The worker was stopped on purpose (timeout, close): its exit is no crash. */
  stopping: boolean;
  ready: boolean;
}

/** A pool of simulation workers; {@link close} it when done (its workers keep the process alive). */
export class WorkerPool {
  readonly size: number;
  private readonly timeoutS: number | undefined;
  private readonly policyModules: readonly PolicyModuleRef[];
  private readonly unrefIdle: boolean;
  private readonly queue = new Queue<Pending>();
  private readonly slots = new Set<Slot>();
  private closed = false;
  /** Workers that died before they were ready, in a row: past a few, the pool gives up. */
  private failedStarts = 0;
  private startError: string | null = null;

  constructor(options: PoolOptions = {}) {
    this.size = Math.max(1, Math.floor(options.workers ?? defaultWorkerCount()));
    this.timeoutS = options.timeoutS;
    this.policyModules = options.policyModules ?? [];
    this.unrefIdle = options.unrefIdle === true;
  }

  /** Whether the pool can still take jobs. */
  get usable(): boolean {
    return !this.closed && this.startError === null;
  }

  /** No job waiting or running. */
  get idle(): boolean {
    return this.queue.length === 0 && [...this.slots].every((s) => s.settle === null);
  }

  /** Runs a job on the next free worker; never rejects for the run's own sake (see RunOutcome). */
  run(job: PoolJob): Promise<RunOutcome> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    if (this.startError !== null) return Promise.reject(new Error(this.startError));
    return new Promise<RunOutcome>((resolve) => {
      this.queue.push({ job, resolve });
      this.pump();
    });
  }

  /**
   * Runs every job and returns the outcomes in job order, whatever order they finish in;
   * `onSettled(index, outcome)` is told of each as it finishes.
   */
  map(jobs: readonly PoolJob[], onSettled?: (index: number, outcome: RunOutcome) => void): Promise<RunOutcome[]> {
    return Promise.all(jobs.map((job, i) => this.run(job).then((o) => {
      onSettled?.(i, o);
      return o;
    })));
  }

  /** Stops every worker; runs still waiting or running come back failed (kind "error", the pool was closed). */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.drain()) p.resolve({ ok: false, kind: 'error', error: 'the worker pool was closed', wallMs: 0 });
    const stops = [...this.slots].map((s) => {
      s.stopping = true;
      s.settle?.({ ok: false, kind: 'error', error: 'the worker pool was closed', wallMs: 0 });
      return s.worker.terminate();
    });
    this.slots.clear();
    await Promise.all(stops);
  }

  /** Starts workers as needed (up to the size) and gives queued jobs to idle ready workers. */
  private pump(): void {
    if (this.closed) return;
    const busy = [...this.slots].filter((s) => s.settle !== null).length;
    const idle = [...this.slots].filter((s) => s.ready && s.settle === null);
    for (const s of idle) {
      const next = this.queue.shift();
      if (!next) break;
      this.dispatch(s, next);
    }
    const starting = [...this.slots].filter((s) => !s.ready).length;
    const want = Math.min(this.size, busy + idle.length + starting + this.queue.length);
    for (let n = this.slots.size; n < want; n++) this.spawn();
    if (this.unrefIdle) {
      for (const s of this.slots) {
        if (s.settle !== null || this.queue.length > 0) s.worker.ref(); else s.worker.unref();
      }
    }
  }

  private spawn(): void {
    const worker = new Worker(ENTRY);
    const slot: Slot = { worker, remote: Comlink.wrap<SimWorkerApi>(nodeEndpoint(worker)), settle: null, stopping: false, ready: false };
    this.slots.add(slot);
    const died = (why: string) => {
      if (slot.stopping || !this.slots.has(slot)) return;
      slot.stopping = true;
      this.slots.delete(slot);
      void worker.terminate();
      if (!slot.ready && ++this.failedStarts >= 3) {
        this.startError = `cannot start a simulation worker: ${why}`;
        for (const p of this.queue.drain()) p.resolve({ ok: false, kind: 'crash', error: this.startError, wallMs: 0 });
      }
      slot.settle?.({ ok: false, kind: 'crash', error: `the worker stopped: ${why}`, wallMs: 0 });
      this.pump();
    };
    worker.on('error', (e) => died(String((e as Error)?.message ?? e).split('\n')[0]));
    worker.on('exit', (code) => died(`it exited with code ${code}`));
    slot.remote.ping().then(() => {
      if (slot.stopping) return;
      slot.ready = true;
      this.failedStarts = 0;
      this.pump();
    }, (e) => died(String((e as Error)?.message ?? e)));
  }

  private dispatch(slot: Slot, p: Pending): void {
    const { job } = p;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let done = false;
    const t0 = performance.now();
    const finish = (o: RunOutcome) => {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      if (slot.settle === finish) slot.settle = null;
      p.resolve(o);
      this.pump();
    };
    slot.settle = finish;
    const timeoutS = job.timeoutS ?? this.timeoutS;
    if (timeoutS !== undefined) {
      timer = setTimeout(() => {
        slot.stopping = true;
        this.slots.delete(slot);
        void slot.worker.terminate();
        finish({ ok: false, kind: 'timeout', error: `timed out after ${formatDuration(timeoutS)}`, wallMs: performance.now() - t0 });
      }, timeoutS * 1000);
    }
    const progress = job.onProgress ? Comlink.proxy(job.onProgress) : undefined;
    const modules = job.policyModules ?? this.policyModules;
    slot.remote.run(job.scenario, {
      ...(job.seed === undefined ? {} : { seed: job.seed }),
      ...(job.maxEvents === undefined ? {} : { maxEvents: job.maxEvents }),
      ...(job.recordSeries ? { recordSeries: true } : {}),
      ...(modules.length ? { policyModules: modules } : {}),
    }, progress).then(
      (o) => finish(o),
      (e) => finish({ ok: false, kind: 'error', error: String((e as Error)?.message ?? e), wallMs: performance.now() - t0 }),
    );
  }
}

/** A first-in first-out queue that takes from the front in constant time (a sweep may queue 100,000 runs). */
class Queue<T> {
  private items: T[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(x: T): void {
    this.items.push(x);
  }

  shift(): T | undefined {
    if (this.head >= this.items.length) return undefined;
    const x = this.items[this.head];
    this.items[this.head++] = undefined as T;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return x;
  }

  /** Takes everything out. */
  drain(): T[] {
    const rest = this.items.slice(this.head);
    this.items = [];
    this.head = 0;
    return rest;
  }
}
