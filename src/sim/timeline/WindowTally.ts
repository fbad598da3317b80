import type { TimelineWindows } from './Timeline.ts';

/**
 * Tallies per equal window of [0, horizon] and per workload: outcomes (decided, met,
 * completed, Σ response time), training GPU-time (allocated, wasted), and capacity
 * (∫ up dt, ∫ busy dt; all workloads together).
 */
export class WindowTally {
  readonly widthS: number;
  private readonly decided: Float64Array;
  private readonly met: Float64Array;
  private readonly completed: Float64Array;
  private readonly responseSumS: Float64Array;
  private readonly allocatedGpuS: Float64Array;
  private readonly wastedGpuS: Float64Array;
  readonly upGpuS: Float64Array;
  readonly busyGpuS: Float64Array;

  constructor(private readonly workloads: number, horizonS: number, readonly count: number) {
    this.widthS = horizonS / count;
    const n = Math.max(1, workloads) * count;
    this.decided = new Float64Array(n); this.met = new Float64Array(n); this.completed = new Float64Array(n);
    this.responseSumS = new Float64Array(n); this.allocatedGpuS = new Float64Array(n); this.wastedGpuS = new Float64Array(n);
    this.upGpuS = new Float64Array(count); this.busyGpuS = new Float64Array(count);
  }

  /** Window of time `t` (the last window takes the horizon itself). */
  windowOf(timeS: number): number {
    return Math.min(this.count - 1, Math.max(0, Math.floor(timeS / this.widthS)));
  }

  /** An item of workload `w` completed at `timeS` after `responseS`, on time or not. */
  addOutcome(w: number, timeS: number, responseS: number, met: boolean): void {
    const k = w * this.count + this.windowOf(timeS);
    this.decided[k]++;
    this.completed[k]++;
    this.responseSumS[k] += responseS;
    if (met) this.met[k]++;
  }

  /** An item of workload `w` ended unserved at `timeS` (failed or dropped: missed). */
  addUnserved(w: number, timeS: number): void {
    this.decided[w * this.count + this.windowOf(timeS)]++;
  }

  /** A training job of workload `w` held `gpus` GPUs over [fromS, toS), wasted or not. */
  addTraining(w: number, fromS: number, toS: number, gpus: number, wasted: boolean): void {
    this.spread(fromS, toS, gpus, this.allocatedGpuS, w * this.count);
    if (wasted) this.spread(fromS, toS, gpus, this.wastedGpuS, w * this.count);
  }

  /** Computation of workload `w` thrown away at `timeS`. */
  addLost(w: number, timeS: number, gpuS: number): void {
    this.wastedGpuS[w * this.count + this.windowOf(timeS)] += gpuS;
  }

  addCapacity(fromS: number, toS: number, up: number, busy: number): void {
    this.spread(fromS, toS, up, this.upGpuS, 0);
    this.spread(fromS, toS, busy, this.busyGpuS, 0);
  }

  done(): TimelineWindows {
    return {
      count: this.count, widthS: this.widthS, decided: this.decided, met: this.met, completed: this.completed,
      responseSumS: this.responseSumS, allocatedGpuS: this.allocatedGpuS, wastedGpuS: this.wastedGpuS,
      upGpuS: this.upGpuS, busyGpuS: this.busyGpuS,
    };
  }

  /** Adds `rate` × (overlap of [fromS, toS) with each window) into `into[offset + window]`. */
  private spread(fromS: number, toS: number, rate: number, into: Float64Array, offset: number): void {
    if (!(toS > fromS) || rate === 0) return;
    const w = this.widthS;
    let i = this.windowOf(fromS);
    const last = this.windowOf(toS);
    for (; i <= last; i++) {
      const a = Math.max(fromS, i * w), b = i === this.count - 1 ? toS : Math.min(toS, (i + 1) * w);
      if (b > a) into[offset + i] += rate * (b - a);
    }
  }
}
