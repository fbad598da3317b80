import { GrowableArray } from '../../metrics/GrowableArray.ts';
import { byTarget, FAILURE_TARGETS, type FailureTarget } from '../../scenario/failureTargets.ts';
import type { CapacitySeries, RunResult } from '../RunResult.ts';

/**
 * The run-wide counts: failures, maintenance, interruptions and preemptions, the time
 * integrals of the piecewise-constant counts (GPUs up and busy, work queued and in the
 * system), and, when asked, the capacity series.
 */
export class RunTally {
  readonly failuresByTarget = byTarget(() => 0);
  readonly interruptionsByCause = byTarget(() => 0);
  readonly maintenanceByTarget = byTarget(() => 0);
  plannedInterruptions = 0;
  /** Running work stopped and queued again by the scheduling policy. */
  preemptions = 0;
  /** Time the integrals were last advanced to, and the integrals since 0 (unit × seconds). */
  lastS = 0;
  upGpuS = 0;
  busyGpuS = 0;
  inSystemS = 0;
  queuedS = 0;
  private readonly series: GrowableArray[] | null;

  constructor(recordSeries: boolean) {
    this.series = recordSeries ? [new GrowableArray(), new GrowableArray(), new GrowableArray(), new GrowableArray()] : null;
  }

  /** Integrates the counts that held since the last call up to `nowS`; false when no time passed. */
  integrate(nowS: number, upGpus: number, busyGpus: number, queued: number, running: number): boolean {
    const dt = nowS - this.lastS;
    if (dt <= 0) return false;
    this.upGpuS += upGpus * dt;
    this.busyGpuS += busyGpus * dt;
    this.queuedS += queued * dt;
    this.inSystemS += (queued + running) * dt;
    this.lastS = nowS;
    return true;
  }

  /** True when the capacity series is recorded. */
  get recordsSeries(): boolean {
    return this.series !== null;
  }

  /** Adds a point to the series, unless it repeats the last one. */
  recordPoint(nowS: number, upGpus: number, busyGpus: number, waiting: number): void {
    if (!this.series) return;
    const [time, up, busy, queued] = this.series;
    const n = time.length;
    if (n > 0 && up.view()[n - 1] === upGpus && busy.view()[n - 1] === busyGpus && queued.view()[n - 1] === waiting) return;
    time.push(nowS); up.push(upGpus); busy.push(busyGpus); queued.push(waiting);
  }

  /** The counts part of a run's result. */
  counts(): Pick<RunResult, 'failures' | 'interruptions' | 'maintenance' | 'preemptions'> {
    const sum = (r: Record<FailureTarget, number>) => FAILURE_TARGETS.reduce((a, k) => a + r[k], 0);
    return {
      failures: { count: sum(this.failuresByTarget), byTarget: { ...this.failuresByTarget } },
      interruptions: { count: sum(this.interruptionsByCause) + this.plannedInterruptions, byCause: { ...this.interruptionsByCause }, planned: this.plannedInterruptions },
      maintenance: { count: sum(this.maintenanceByTarget), byTarget: { ...this.maintenanceByTarget } },
      preemptions: this.preemptions,
    };
  }

  /** The recorded series, copied out (none when not recorded). */
  capacitySeries(): CapacitySeries | undefined {
    if (!this.series) return undefined;
    const [timeS, upGpus, busyGpus, queued] = this.series.map((g) => g.view().slice());
    return { timeS, upGpus, busyGpus, queued };
  }
}
