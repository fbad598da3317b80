/**
 * Autoscaler, driven directly: a real Simulator, a scripted autoscaling policy and fake
 * hooks standing for the services (their replica counts and the counts and integrals their
 * snapshots report, set by the test).
 *
 * The rules (its TSDoc and AutoscalingPolicy's): every `evaluationIntervalS` after the start,
 * each service whose minReplicas is below its maxReplicas is shown what it served since the
 * previous evaluation — arrivals per second, utilisation (∫ in service + ∫ waiting) /
 * (∫ ready replicas × concurrency), mean service time ∫ in service / completions — and its
 * answer, a whole number within the bounds, is applied one replica at a time (removals stop
 * when none can be removed); the model is told once after an evaluation that changed
 * anything. Services with fixed bounds, or a policy never evaluated, schedule nothing.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';
import { Autoscaler, type AutoscaleHooks } from '../../../src/sim/model/Autoscaler.ts';
import { PolicyError } from '../../../src/sim/model/PolicyError.ts';
import type { AutoscaleView, AutoscalingPolicy } from '../../../src/sim/policy/AutoscalingPolicy.ts';
import type { InferenceWorkloadSpec } from '../../../src/sim/scenario/types.ts';

type Snapshot = ReturnType<AutoscaleHooks['snapshot']>;

function service(id: string, minReplicas: number, maxReplicas: number, concurrency = 1): InferenceWorkloadSpec {
  return {
    kind: 'inference', id, replicas: minReplicas, minReplicas, maxReplicas, gpusPerReplica: 1, startupS: 0, concurrency,
    arrivalRatePerS: 1, rateShape: { bursts: [] }, count: Infinity, service: { kind: 'distribution', distribution: { kind: 'constant', value: 1 } },
    sloS: Infinity, retries: 0, queueLimit: Infinity, weight: 1,
  };
}

/** A policy evaluated every `intervalS` that answers what `answer` says, recording what it saw. */
function policy(intervalS: number, answer: (view: AutoscaleView, nowS: number) => unknown) {
  const seen: { view: AutoscaleView; nowS: number }[] = [];
  const p: AutoscalingPolicy = {
    name: 'scripted', evaluationIntervalS: intervalS,
    replicas: (view, nowS) => { seen.push({ view, nowS }); return answer(view, nowS) as number; },
  };
  return { p, seen };
}

const zero = (): Snapshot => ({ arrived: 0, completed: 0, queued: 0, inFlight: 0, ready: 0, servingS: 0, queuedS: 0, readyReplicaS: 0 });

/** The services' side: replica counts, scripted snapshots, and the adds and removals made. */
class FakeServices implements AutoscaleHooks {
  readonly count: number[];
  readonly placedCount: number[];
  readonly snap: Snapshot[];
  readonly calls: string[] = [];
  /** Replicas that can be removed, per service (the rest hung). */
  removable: number[];
  constructor(counts: number[]) {
    this.count = counts.slice();
    this.placedCount = counts.slice();
    this.snap = counts.map(zero);
    this.removable = counts.map(() => Infinity);
  }
  replicas(si: number): number { return this.count[si]; }
  placed(si: number): number { return this.placedCount[si]; }
  snapshot(si: number): Snapshot { return { ...this.snap[si] }; }
  add(si: number): void { this.calls.push(`add ${si}`); this.count[si]++; }
  remove(si: number): boolean {
    if (this.removable[si] <= 0) { this.calls.push(`cannot remove ${si}`); return false; }
    this.removable[si]--;
    this.calls.push(`remove ${si}`);
    this.count[si]--;
    return true;
  }
}

function setup(specs: InferenceWorkloadSpec[], p: AutoscalingPolicy, counts = specs.map((s) => s.replicas)) {
  const sim = new Simulator();
  const hooks = new FakeServices(counts);
  let changed = 0;
  const scaler = new Autoscaler(p, specs, sim, (h) => sim.on(h), hooks, () => { changed++; hooks.calls.push('changed'); });
  const actions: (() => void)[] = [];
  const kind = sim.on((i) => actions[i]());
  const at = (t: number, fn: () => void) => { actions.push(fn); sim.at(t, kind, actions.length - 1); };
  return { sim, hooks, scaler, at, changes: () => changed };
}

describe('Autoscaler', () => {
  it('asks about each service with room to scale every interval, and never about a service with fixed bounds', () => {
    const { p, seen } = policy(60, (v) => v.replicas);
    const { sim, scaler } = setup([service('fixed', 2, 2), service('elastic', 1, 4), service('also', 0, 3)], p);
    scaler.start();
    sim.run(200);
    expect(seen.map((s) => `${s.view.id}@${s.nowS}`)).toEqual(['elastic@60', 'also@60', 'elastic@120', 'also@120', 'elastic@180', 'also@180']);
  });

  it('schedules nothing when no service can scale or the policy is never evaluated', () => {
    const fixed = setup([service('fixed', 2, 2)], policy(60, () => 2).p);
    fixed.scaler.start();
    expect(fixed.sim.pending).toBe(0);
    const never = policy(Infinity, () => 1);
    const idle = setup([service('elastic', 1, 4)], never.p);
    idle.scaler.start();
    expect(idle.sim.pending).toBe(0);
    idle.sim.run(1e9);
    expect(never.seen).toEqual([]);
  });

  it('refuses an evaluation interval that is not a time > 0, but only when some service can scale', () => {
    for (const bad of [0, -5, NaN, '60s']) {
      const p: AutoscalingPolicy = { name: 'odd', evaluationIntervalS: bad as number, replicas: () => 1 };
      expect(() => setup([service('elastic', 1, 4)], p)).toThrow(PolicyError);
      expect(() => setup([service('elastic', 1, 4)], p)).toThrow(/policy "odd": evaluationIntervalS is .*; expected a time in seconds > 0/);
      expect(() => setup([service('fixed', 3, 3)], p)).not.toThrow();
    }
  });

  it('shows the policy the window since the previous evaluation: arrival rate, utilisation of the ready slots and mean service time', () => {
    const { p, seen } = policy(100, (v) => v.replicas);
    const { sim, hooks, scaler, at } = setup([service('chat', 1, 5, 4)], p, [3]);
    hooks.snap[0] = { ...zero(), arrived: 10, completed: 4, servingS: 50, queuedS: 5, readyReplicaS: 20 };
    scaler.start(); // first snapshot at 0
    // At 100: 300 arrivals, 40 completions, ∫ in service 600, ∫ waiting 150, ∫ ready replicas 250 since 0.
    at(99, () => {
      hooks.snap[0] = { arrived: 310, completed: 44, queued: 7, inFlight: 9, ready: 2, servingS: 650, queuedS: 155, readyReplicaS: 270 };
      hooks.placedCount[0] = 2;
    });
    sim.run(100);
    expect(seen).toHaveLength(1);
    expect(seen[0].nowS).toBe(100);
    expect(seen[0].view).toEqual({
      id: 'chat', replicas: 3, minReplicas: 1, maxReplicas: 5, readyReplicas: 2, placedReplicas: 2, concurrency: 4,
      queued: 7, inFlight: 9, windowS: 100, arrivalRatePerS: 3,
      // (600 + 150) / (250 replica-s × 4 slots) = 0.75; 600 / 40 = 15 s.
      utilization: 0.75, meanServiceS: 15,
    });
    // The next window starts from the snapshot at 100: nothing happened since.
    sim.run(200);
    expect(seen[1].view).toMatchObject({ windowS: 100, arrivalRatePerS: 0, utilization: 0, meanServiceS: null });
  });

  it('reports utilisation 0 when no replica was ready in the window (no division by zero)', () => {
    const { p, seen } = policy(10, (v) => v.replicas);
    const { sim, hooks, scaler, at } = setup([service('chat', 1, 5)], p, [1]);
    scaler.start();
    at(5, () => { hooks.snap[0] = { ...zero(), arrived: 4, queued: 4, queuedS: 20 }; });
    sim.run(10);
    expect(seen[0].view).toMatchObject({ arrivalRatePerS: 0.4, utilization: 0, meanServiceS: null, queued: 4 });
  });

  it('adds or removes replicas one at a time up to the answer, then tells the model once', () => {
    const answers = [4, 4, 2];
    const { p } = policy(10, () => answers.shift()!);
    const { sim, hooks, scaler, changes } = setup([service('chat', 1, 5)], p, [1]);
    scaler.start();
    sim.run(10);
    expect(hooks.calls).toEqual(['add 0', 'add 0', 'add 0', 'changed']);
    sim.run(20); // already 4: nothing to do, the model is not told
    expect(hooks.calls).toHaveLength(4);
    expect(changes()).toBe(1);
    sim.run(30);
    expect(hooks.calls.slice(4)).toEqual(['remove 0', 'remove 0', 'changed']);
    expect(hooks.count[0]).toBe(2);
  });

  it('stops removing when no replica can be removed (all hung), and tells the model only if something changed', () => {
    const { p } = policy(10, () => 1);
    const { sim, hooks, scaler, changes } = setup([service('a', 1, 5), service('b', 1, 5)], p, [4, 3]);
    hooks.removable = [1, 0];
    scaler.start();
    sim.run(10);
    expect(hooks.calls).toEqual(['remove 0', 'cannot remove 0', 'cannot remove 1', 'changed']);
    expect(changes()).toBe(1);
    hooks.calls.length = 0;
    sim.run(20);
    expect(hooks.calls).toEqual(['cannot remove 0', 'cannot remove 1']);
    expect(changes()).toBe(1);
  });

  it('fails the run, naming the policy and the service, on an answer outside the bounds or not whole, or when the policy throws', () => {
    for (const bad of [0, 6, 2.5, NaN, '3', null]) {
      const { sim, scaler } = setup([service('chat', 1, 5)], policy(10, () => bad).p);
      scaler.start();
      expect(() => sim.run(10), String(bad)).toThrow(/policy "scripted": replicas returned .* for service "chat"; expected a whole number from 1 to 5 \(its minReplicas and maxReplicas\)/);
    }
    for (const ok of [1, 5]) {
      const { sim, scaler } = setup([service('chat', 1, 5)], policy(10, () => ok).p);
      scaler.start();
      expect(() => sim.run(10)).not.toThrow();
    }
    const throwing: AutoscalingPolicy = { name: 'thrower', evaluationIntervalS: 10, replicas: () => { throw new Error('no data'); } };
    const { sim, scaler } = setup([service('chat', 1, 5)], throwing);
    scaler.start();
    expect(() => sim.run(10)).toThrow(PolicyError);
  });
});
