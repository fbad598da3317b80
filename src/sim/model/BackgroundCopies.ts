import type { Simulator } from '../engine/Simulator.ts';
import type { ClusterNetwork, Path } from './ClusterNetwork.ts';

/** A checkpoint's copies: in storage (durable), and in another site (copiedTo, -1 for none). */
export interface KeptCheckpoint {
  durable: boolean;
  copiedTo: number;
}

/** What one job's background work needs: the checkpoint, how to move it, and what to do after. */
export interface BackgroundJob {
  readonly checkpoint: KeptCheckpoint;
  /** Persist to the job's site storage first (a local checkpoint). */
  readonly persist: boolean;
  /** Then copy to this site (-1: no copy). */
  readonly replicateTo: number;
  /** Its site, its path to storage, and its size (undefined: moved in `writeS`). */
  readonly site: number;
  readonly path: Path | null;
  readonly sizeBytes: number | undefined;
  readonly writeS: number;
}

interface Running {
  readonly job: BackgroundJob;
  stage: 'persist' | 'replicate';
  transfer: number;
  timer: number;
}

/**
 * Background checkpoint work — persisting a local checkpoint to storage, copying a stored
 * one to another site — one at a time per job, over the shared network (by size) or in the
 * job's write time. Work still under way when its job is interrupted is dropped.
 */
export class BackgroundCopies {
  private readonly running = new Map<number, Running>();
  private readonly timerKind: number;

  constructor(private readonly sim: Simulator, on: (handler: (task: number) => void) => number, private readonly network: ClusterNetwork | undefined) {
    this.timerKind = on((task) => this.stageDone(task));
  }

  /** True when the job has background work under way. */
  busy(task: number): boolean {
    return this.running.has(task);
  }

  /** Starts the background work of a job's new checkpoint. */
  start(task: number, job: BackgroundJob): void {
    const r: Running = { job, stage: job.persist ? 'persist' : 'replicate', transfer: -1, timer: -1 };
    this.running.set(task, r);
    this.launch(task, r);
  }

  /** Drops the job's background work (its GPUs, the source of a local checkpoint, are gone). */
  cancel(task: number): void {
    const r = this.running.get(task);
    if (!r) return;
    if (r.transfer >= 0) this.network!.flows.cancel(r.transfer);
    this.sim.cancel(r.timer);
    this.running.delete(task);
  }

  private launch(task: number, r: Running): void {
    const j = r.job;
    const path = r.stage === 'persist' ? j.path : this.copyPath(j);
    if (j.sizeBytes !== undefined && path && this.network) {
      r.transfer = this.network.flows.start(path.hops, j.sizeBytes, path.latencyS, () => { r.transfer = -1; this.stageDone(task); });
    } else {
      r.timer = this.sim.after(j.writeS, this.timerKind, task);
    }
  }

  private copyPath(j: BackgroundJob): Path | null {
    if (!this.network) return null;
    const link = this.network.wanBetween(j.site, j.replicateTo);
    return link >= 0 ? this.network.copyPath(j.site, j.replicateTo, link) : null;
  }

  private stageDone(task: number): void {
    const r = this.running.get(task)!;
    r.timer = -1;
    if (r.stage === 'persist') {
      r.job.checkpoint.durable = true;
      if (r.job.replicateTo >= 0) { r.stage = 'replicate'; this.launch(task, r); return; }
    } else {
      r.job.checkpoint.copiedTo = r.job.replicateTo;
    }
    this.running.delete(task);
  }
}
