import { callPolicy, readOnly } from './callPolicy.ts';
import type { Simulator } from '../engine/Simulator.ts';
import type { AutoscaleView, AutoscalingPolicy } from '../policy/AutoscalingPolicy.ts';
import type { InferenceWorkloadSpec } from '../scenario/types.ts';
import { PolicyError } from './PolicyError.ts';

/** What the autoscaler needs to know of, and do to, the services' replicas. */
export interface AutoscaleHooks {
  /** Replicas service `si` has now (its current target, not counting those draining). */
  replicas(si: number): number;
  /** Of those, placed on GPUs (starting or ready). */
  placed(si: number): number;
  /** The service's counts and integrals up to now. */
  snapshot(si: number): { arrived: number; completed: number; queued: number; inFlight: number; ready: number; servingS: number; queuedS: number; readyReplicaS: number };
  /** Adds one replica (queued for GPUs). */
  add(si: number): void;
  /** Removes one replica (drained); false when none can be removed now (all hung). */
  remove(si: number): boolean;
}

/**
 * Runs the autoscaling policy: every `evaluationIntervalS` it asks, for each inference
 * service whose minReplicas is below its maxReplicas, how many replicas the service should
 * have, checks the answer (a whole number within the bounds) and applies it through the
 * hooks. With no such service, or a policy never evaluated (`none`), it schedules nothing.
 */
export class Autoscaler {
  private readonly kind: number;
  private readonly intervalS: number;
  /** Per service: the snapshot at the previous evaluation, and when it was taken. */
  private readonly last: ({ timeS: number; arrived: number; completed: number; servingS: number; queuedS: number; readyReplicaS: number } | null)[];
  private readonly scaled: number[];

  constructor(
    private readonly policy: AutoscalingPolicy,
    private readonly specs: readonly InferenceWorkloadSpec[],
    private readonly sim: Simulator,
    on: (handler: (payload: number) => void) => number,
    private readonly hooks: AutoscaleHooks,
    /** Called after an evaluation changed replicas (to place them and serve). */
    private readonly changed: () => void,
  ) {
    this.kind = on(() => this.evaluate());
    this.scaled = specs.map((_, i) => i).filter((i) => specs[i].minReplicas < specs[i].maxReplicas);
    this.last = specs.map(() => null);
    const interval = policy.evaluationIntervalS;
    if (this.scaled.length > 0 && !(typeof interval === 'number' && interval > 0)) {
      throw new PolicyError(policy.name, `evaluationIntervalS is ${JSON.stringify(interval)}; expected a time in seconds > 0 (Infinity: never)`);
    }
    this.intervalS = interval;
  }

  /** Takes the first snapshots and schedules the first evaluation. */
  start(): void {
    if (this.scaled.length === 0 || this.intervalS === Infinity) return;
    for (const si of this.scaled) this.remember(si);
    this.sim.after(this.intervalS, this.kind);
  }

  private remember(si: number): void {
    const x = this.hooks.snapshot(si);
    this.last[si] = { timeS: this.sim.nowS, arrived: x.arrived, completed: x.completed, servingS: x.servingS, queuedS: x.queuedS, readyReplicaS: x.readyReplicaS };
  }

  private evaluate(): void {
    const now = this.sim.nowS;
    let any = false;
    for (const si of this.scaled) {
      const spec = this.specs[si], h = this.hooks;
      const x = h.snapshot(si), prev = this.last[si]!;
      const windowS = now - prev.timeS;
      const readySlotS = (x.readyReplicaS - prev.readyReplicaS) * spec.concurrency;
      const completed = x.completed - prev.completed;
      const view: AutoscaleView = {
        id: spec.id, replicas: h.replicas(si), minReplicas: spec.minReplicas, maxReplicas: spec.maxReplicas,
        readyReplicas: x.ready, placedReplicas: h.placed(si), concurrency: spec.concurrency, queued: x.queued, inFlight: x.inFlight,
        windowS, arrivalRatePerS: windowS > 0 ? (x.arrived - prev.arrived) / windowS : 0,
        utilization: readySlotS > 0 ? (x.servingS - prev.servingS + x.queuedS - prev.queuedS) / readySlotS : 0,
        meanServiceS: completed > 0 ? (x.servingS - prev.servingS) / completed : null,
      };
      this.remember(si);
      const want = this.ask(view, now);
      for (let n = view.replicas; n < want; n++) { h.add(si); any = true; }
      for (let n = view.replicas; n > want; n--) {
        if (!h.remove(si)) break;
        any = true;
      }
    }
    this.sim.after(this.intervalS, this.kind);
    if (any) this.changed();
  }

  private ask(view: AutoscaleView, nowS: number): number {
    const n: unknown = callPolicy(this.policy, 'replicas', () => this.policy.replicas(readOnly(view), nowS));
    if (typeof n !== 'number' || !Number.isInteger(n) || n < view.minReplicas || n > view.maxReplicas) {
      throw new PolicyError(this.policy.name, `replicas returned ${JSON.stringify(n)} for service "${view.id}"; expected a whole number from ${view.minReplicas} to ${view.maxReplicas} (its minReplicas and maxReplicas)`);
    }
    return n;
  }
}
