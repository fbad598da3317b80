import { rangesOf } from '../policy/GpuRanges.ts';
import type { ClusterState } from './ClusterState.ts';

/** `owner` of a GPU held in the hot-spare pool. */
export const SPARE = -3;

/**
 * A hot-spare pool: GPUs held back from the scheduler (owned by {@link SPARE}) that only a
 * failover `swap` takes. It starts with `size` GPUs — whole nodes from the end of the
 * cluster — and GPUs swapped out of a job rejoin it once repaired while it is short.
 */
export class SparePool {
  private readonly pool: number[] = [];
  /** GPUs swapped out of jobs, down when swapped, waiting to be repaired. */
  private readonly returning = new Set<number>();

  constructor(private readonly state: ClusterState, readonly size: number) {
    const topo = state.topo;
    const gpus: number[] = [];
    for (let n = topo.nodeCount - 1; n >= 0 && gpus.length < size; n--) {
      for (let g = topo.nodeFirstGpu[n + 1] - 1; g >= topo.nodeFirstGpu[n] && gpus.length < size; g--) gpus.push(g);
    }
    gpus.sort((a, b) => a - b);
    state.allocate(SPARE, rangesOf(gpus));
    this.pool.push(...gpus);
  }

  /** Spare GPUs that are up: O(1) (the state counts the pool's GPUs that are down). */
  get ready(): number {
    return this.pool.length - this.state.downGpusHeld(SPARE);
  }

  /** Takes `count` spare GPUs that are up out of the pool (freed: the caller allocates them); they must be ready. */
  take(count: number): number[] {
    const out: number[] = [];
    for (let i = 0; i < this.pool.length && out.length < count; i++) {
      if (this.state.isGpuUp(this.pool[i])) out.push(this.pool[i]);
    }
    if (out.length < count) throw new RangeError(`the spare pool has ${out.length} GPUs ready, ${count} asked`);
    const taken = new Set(out);
    const kept = this.pool.filter((g) => !taken.has(g));
    this.pool.length = 0;
    this.pool.push(...kept);
    this.state.release(SPARE, rangesOf(out));
    return out;
  }

  /** GPUs swapped out of a job (already released): they rejoin the pool once up and free. */
  giveBack(gpus: readonly number[]): void {
    for (const g of gpus) this.returning.add(g);
    this.refill();
  }

  /** Moves repaired swapped-out GPUs that nobody took back into the pool while it is short. */
  refill(): void {
    for (const g of this.returning) {
      if (this.pool.length >= this.size) return;
      if (!this.state.isGpuUp(g)) continue;
      this.returning.delete(g);
      if (!this.state.isGpuFree(g)) continue; // the scheduler took it meanwhile
      this.state.allocate(SPARE, [g, g + 1]);
      this.pool.push(g);
    }
  }
}
