import type { FailureTarget } from '../../scenario/failureTargets.ts';
import type { RecoverySums } from '../accounting/WorkloadAccount.ts';

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

/**
 * The recovery of interrupted work, stage by stage: detection (until the failure is
 * noticed), decision (until it is placed again) and recovery (until it runs again: a
 * restart, a checkpoint read, a replica's start-up). Its sum from the first failure is the
 * work's recovery time (RTO), booked into its workload's sums when it runs again.
 */
export class Recoveries {
  private readonly open = new Map<number, Recovery>();

  /** Work hit by a failure at `nowS` (again, if it was still recovering: that stage ends here). */
  interrupted(task: number, cause: FailureTarget, nowS: number): void {
    const prev = this.open.get(task);
    if (prev) prev.recoverS += nowS - prev.stageS; // interrupted again while restarting
    const r = prev ?? { cause, firstFailS: nowS, stageS: nowS, detectS: 0, decideS: 0, recoverS: 0, placed: false };
    r.cause = cause;
    r.stageS = nowS;
    r.placed = false;
    this.open.set(task, r);
  }

  /** The failure under `task` is noticed: books the time it hung; returns its cause and that time (s). */
  detected(task: number, nowS: number): { cause: FailureTarget; hungS: number } {
    const r = this.open.get(task)!;
    const hungS = nowS - r.stageS;
    r.detectS += hungS;
    r.stageS = nowS;
    return { cause: r.cause, hungS };
  }

  /** Recovering work was placed again (or restarts where it was): its decision stage ends. */
  placed(task: number, nowS: number): void {
    if (this.open.size === 0) return;
    const r = this.open.get(task);
    if (!r) return;
    r.decideS += nowS - r.stageS;
    r.stageS = nowS;
    r.placed = true;
  }

  /** Recovering work was preempted: its recovery goes on, from the queue. */
  preempted(task: number, nowS: number): void {
    const r = this.open.get(task);
    if (r && r.placed) { r.recoverS += nowS - r.stageS; r.stageS = nowS; r.placed = false; }
  }

  /** True when `task` is recovering from an interruption (cheap: most work never is). */
  has(task: number): boolean {
    return this.open.size > 0 && this.open.has(task);
  }

  /** Work runs again: books its recovery into `sums` (unless it is not placed yet). */
  recovered(task: number, nowS: number, sums: RecoverySums): void {
    const r = this.open.get(task);
    if (!r || !r.placed) return;
    this.open.delete(task);
    r.recoverS += nowS - r.stageS;
    sums.count++;
    sums.detectionS += r.detectS;
    sums.decisionS += r.decideS;
    sums.recoveryS += r.recoverS;
    sums.maxRtoS = Math.max(sums.maxRtoS, nowS - r.firstFailS);
  }

  /** Work that is done, or removed, recovers no more. */
  forget(task: number): void {
    this.open.delete(task);
  }
}
