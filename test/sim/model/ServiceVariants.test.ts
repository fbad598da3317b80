/**
 * ServiceVariants, driven directly with a scripted compression policy and fake replica hooks
 * (the model's side: which replicas are placed or queued, GPUs free, and the calls it gets).
 *
 * The rules (its TSDoc and CompressionPolicy's): a replica of a model on g GPUs needs
 * ⌈g × gpusFactor⌉ GPUs as a variant (at least 1); every update asks the policy for each
 * service's variant; on a change, replicas waiting for GPUs take the new size at once, and
 * placed ones keep the variant they were placed as; then at most one placed replica is
 * redeployed as the new variant, when that helps — going up, one of a smaller variant when
 * none waits and its GPUs with the free ones hold the larger size; going down, one of a
 * larger variant when replicas wait and its GPUs with the free ones hold two of the new size.
 * A policy that throws or answers something that is not a variant fails the run, named.
 */
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../../src/sim/model/PolicyError.ts';
import { ServiceVariants, type ReplicaHooks } from '../../../src/sim/model/ServiceVariants.ts';
import type { CompressionPolicy, ModelVariant, ServiceView } from '../../../src/sim/policy/CompressionPolicy.ts';
import type { InferenceWorkloadSpec } from '../../../src/sim/scenario/types.ts';

const FULL: ModelVariant = { name: 'none', gpusFactor: 1, speedFactor: 1, quality: 1 };
const HALF: ModelVariant = { name: 'int8', gpusFactor: 0.5, speedFactor: 1.5, quality: 0.99 };
const variant = (gpusFactor: number, name = `x${gpusFactor}`): ModelVariant => ({ name, gpusFactor, speedFactor: 1.2, quality: 0.9 });

function service(id: string, gpusPerReplica: number, replicas = 1): InferenceWorkloadSpec {
  return {
    kind: 'inference', id, replicas, minReplicas: replicas, maxReplicas: replicas, gpusPerReplica, startupS: 0, concurrency: 1,
    arrivalRatePerS: 1, rateShape: { bursts: [] }, count: Infinity, service: { kind: 'distribution', distribution: { kind: 'constant', value: 1 } },
    sloS: Infinity, retries: 0, queueLimit: Infinity, weight: 1,
  };
}

/** A compression policy that answers what `choose` says and records what it was shown. */
function policy(choose: (view: ServiceView, nowS: number) => unknown) {
  const seen: { view: ServiceView; nowS: number }[] = [];
  const p: CompressionPolicy = {
    name: 'scripted',
    variant: (view, nowS) => { seen.push({ view, nowS }); return choose(view, nowS) as ModelVariant; },
  };
  return { p, seen };
}

/** The model's side: replicas by service, each placed or queued; GPUs free; the calls made. */
class FakeReplicas implements ReplicaHooks {
  readonly placedSet = new Set<number>();
  readonly calls: string[] = [];
  constructor(readonly tasks: number[][], readonly free: number[], readonly ready: number[] = tasks.map(() => 0)) {}
  replicaTasks(si: number): readonly number[] { return this.tasks[si]; }
  targetReplicas(si: number): number { return this.tasks[si].length; }
  isPlaced(task: number): boolean { return this.placedSet.has(task); }
  isQueued(task: number): boolean { return !this.placedSet.has(task); }
  readyOf(si: number): number { return this.ready[si]; }
  freeGpus(si: number): number { return this.free[si]; }
  setNeed(task: number, gpus: number): void { this.calls.push(`need ${task}=${gpus}`); }
  redeploy(task: number): void { this.calls.push(`redeploy ${task}`); this.placedSet.delete(task); }
}

describe('ServiceVariants', () => {
  it('sizes a replica at ⌈GPUs × gpusFactor⌉, at least one GPU, and does not round 25 × 0.28 up to 8', () => {
    const factors: Record<string, number> = { a: 0.5, b: 0.5, c: 0.28, d: 0.5, e: 0.56, f: 0.25 };
    const specs = [service('a', 8), service('b', 1), service('c', 25), service('d', 3), service('e', 8), service('f', 8)];
    const { p } = policy((v) => variant(factors[v.id]));
    const sv = new ServiceVariants(p, specs, new FakeReplicas(specs.map(() => []), specs.map(() => 0)));
    // Before the policy is asked: the full model.
    expect(specs.map((_, i) => sv.need(i))).toEqual([8, 1, 25, 3, 8, 8]);
    sv.update(0);
    // 4; ⌈0.5⌉ = 1; 25 × 0.28 = 7.000000000000001 in floating point → 7; ⌈1.5⌉ = 2; ⌈4.48⌉ = 5; 2.
    expect(25 * 0.28).toBeGreaterThan(7);
    expect(specs.map((_, i) => sv.need(i))).toEqual([4, 1, 7, 2, 5, 2]);
  });

  it('shows the policy each service as the model sees it: replicas it should have, placed, ready, its variant and the free GPUs', () => {
    const specs = [service('chat', 4, 3), service('search', 2, 1)];
    const hooks = new FakeReplicas([[10, 11, 12], [20]], [5, 7], [1, 0]);
    hooks.placedSet.add(10).add(11);
    const { p, seen } = policy(() => FULL);
    new ServiceVariants(p, specs, hooks).update(123);
    expect(seen).toEqual([
      { view: { id: 'chat', replicas: 3, placedReplicas: 2, readyReplicas: 1, gpusPerReplica: 4, variant: FULL, freeGpus: 5 }, nowS: 123 },
      { view: { id: 'search', replicas: 1, placedReplicas: 0, readyReplicas: 0, gpusPerReplica: 2, variant: FULL, freeGpus: 7 }, nowS: 123 },
    ]);
  });

  it('gives the replicas waiting for GPUs the new size at once, and a replica placed afterwards the new variant', () => {
    const specs = [service('chat', 8, 3)];
    const hooks = new FakeReplicas([[0, 1, 2]], [0]);
    hooks.placedSet.add(0);
    let answer = FULL;
    const { p } = policy(() => answer);
    const sv = new ServiceVariants(p, specs, hooks);
    expect(sv.update(0)).toBe(false);
    expect(sv.placed(0, 0)).toEqual(FULL);
    const SMALLER = variant(0.75);
    answer = SMALLER;
    expect(sv.update(1)).toBe(true);
    // Replicas 1 and 2 wait: they ask for 6 GPUs now. Replica 0 stays as placed (its 8 GPUs,
    // none free, would not hold two of 6: no redeploy helps).
    expect(hooks.calls).toEqual(['need 1=6', 'need 2=6']);
    expect(sv.placed(1, 0)).toBe(SMALLER);
    // The same answer again (an equal object) is no change.
    answer = { ...SMALLER };
    hooks.calls.length = 0;
    expect(sv.update(2)).toBe(false);
    expect(hooks.calls).toEqual([]);
  });

  it('going down, redeploys one larger replica while replicas wait, once its GPUs and the free ones hold two of the new size', () => {
    // Two replicas placed as the full model (8 GPUs each), a third waiting, no GPU free.
    const specs = [service('chat', 8, 3)];
    const hooks = new FakeReplicas([[0, 1, 2]], [0]);
    hooks.placedSet.add(0).add(1);
    let answer = FULL;
    const sv = new ServiceVariants(policy(() => answer).p, specs, hooks);
    sv.update(0);
    sv.placed(0, 0);
    sv.placed(1, 0);
    // int8 needs 4: replica 0's 8 GPUs hold two of them. One redeploy per update.
    answer = HALF;
    expect(sv.update(1)).toBe(true);
    expect(hooks.calls).toEqual(['need 2=4', 'redeploy 0', 'need 0=4']);
    // The next update redeploys the next one (a replica still waits: 0 and 2 are queued).
    hooks.calls.length = 0;
    expect(sv.update(2)).toBe(true);
    expect(hooks.calls).toEqual(['redeploy 1', 'need 1=4']);
  });

  it('going down, leaves a larger replica in place when its GPUs and the free ones would not hold two of the new size, or none waits', () => {
    const specs = [service('chat', 8, 2)];
    const run = (factor: number, free: number, placed: number[]) => {
      const hooks = new FakeReplicas([[0, 1]], [free]);
      for (const t of placed) hooks.placedSet.add(t);
      let answer = FULL;
      const sv = new ServiceVariants(policy(() => answer).p, specs, hooks);
      sv.update(0);
      for (const t of placed) sv.placed(t, 0);
      answer = variant(factor);
      sv.update(1);
      return hooks.calls.filter((c) => c.startsWith('redeploy'));
    };
    expect(run(0.75, 3, [0])).toEqual([]); // needs 6: 8 + 3 < 12
    expect(run(0.75, 4, [0])).toEqual(['redeploy 0']); // 8 + 4 = 12
    expect(run(0.5, 8, [0, 1])).toEqual([]); // nothing waits
  });

  it('going back up, redeploys one smaller replica when none waits and its GPUs with the free ones hold the full size', () => {
    const specs = [service('chat', 8, 2)];
    const run = (free: number, placed: number[]) => {
      const hooks = new FakeReplicas([[0, 1]], [free]);
      for (const t of placed) hooks.placedSet.add(t);
      let answer = HALF;
      const sv = new ServiceVariants(policy(() => answer).p, specs, hooks);
      sv.update(0);
      for (const t of placed) sv.placed(t, 0); // placed as int8: 4 GPUs each
      answer = FULL;
      hooks.calls.length = 0;
      const changed = sv.update(1);
      return { changed, calls: hooks.calls };
    };
    expect(run(4, [0, 1])).toEqual({ changed: true, calls: ['redeploy 0', 'need 0=8'] });
    expect(run(3, [0, 1])).toEqual({ changed: true, calls: [] }); // 4 + 3 < 8: the variant changed, nothing redeployed
    expect(run(8, [0])).toEqual({ changed: true, calls: ['need 1=8'] }); // replica 1 waits: none goes up
  });

  it('reports a change when it only redeploys (the variant chosen earlier)', () => {
    const specs = [service('chat', 8, 1)];
    const hooks = new FakeReplicas([[0]], [0]);
    hooks.placedSet.add(0);
    let answer = HALF;
    const sv = new ServiceVariants(policy(() => answer).p, specs, hooks);
    sv.update(0);
    sv.placed(0, 0);
    answer = FULL;
    expect(sv.update(1)).toBe(true); // changed; free 0: not redeployed
    expect(hooks.calls).toEqual([]);
    hooks.free[0] = 4; // GPUs freed elsewhere
    expect(sv.update(2)).toBe(true);
    expect(hooks.calls).toEqual(['redeploy 0', 'need 0=8']);
  });

  it('fails the run, naming the policy, when it throws or answers something that is not a variant', () => {
    const specs = [service('chat', 8, 1)];
    const make = (answer: unknown) => new ServiceVariants(policy(() => answer).p, specs, new FakeReplicas([[0]], [0]));
    const thrower = new ServiceVariants({ name: 'scripted', variant: () => { throw new Error('boom'); } }, specs, new FakeReplicas([[0]], [0]));
    expect(() => thrower.update(0)).toThrow(PolicyError);
    expect(() => thrower.update(0)).toThrow('policy "scripted": variant threw: boom');
    const bad: unknown[] = [
      null, 'int8', { ...HALF, name: 3 }, { ...HALF, gpusFactor: 0 }, { ...HALF, gpusFactor: 1.01 }, { ...HALF, speedFactor: 0 },
      { ...HALF, speedFactor: Infinity }, { ...HALF, quality: -0.1 }, { ...HALF, quality: 1.1 }, { name: 'x', gpusFactor: 0.5, speedFactor: 1 },
    ];
    for (const answer of bad) expect(() => make(answer).update(0), JSON.stringify(answer)).toThrow(/policy "scripted": variant returned .*expected \{ name, gpusFactor in \(0, 1\], speedFactor > 0, quality in \[0, 1\] \}/);
    // The edges of the ranges are variants.
    for (const answer of [{ ...HALF, gpusFactor: 1 }, { ...HALF, quality: 0 }, { ...HALF, quality: 1 }, { ...HALF, speedFactor: 1e-6 }]) {
      expect(() => make(answer).update(0)).not.toThrow();
    }
  });
});
