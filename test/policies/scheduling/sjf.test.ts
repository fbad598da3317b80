import { describe, expect, it } from 'vitest';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import { sjf } from '../../../src/policies/scheduling/sjf.ts';
import type { SchedulingPolicy } from '../../../src/policies/types.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import { batchMeans } from '../../helpers/stats.ts';
import { policySet } from '../../helpers/policies.ts';
import { batch, scenario, site } from '../../sim/model/helpers.ts';
import { expectAgreement } from '../../sim/theory/harness.ts';
import { cluster, work, listed } from './support.ts';

/**
 * One GPU, two Poisson streams: short tasks (1 s) at λ₁ = 0.3/s and long ones (10 s) at
 * λ₂ = 0.04/s, ρ = 0.7. Under sjf the short ones always go first, without preemption: the
 * non-preemptive priority queue, whose mean waits are (Cobham 1954)
 *   W_k = W₀ / ((1 − σ_{k−1})(1 − σ_k)),  W₀ = Σ λ_i E[S_i²] / 2,  σ_k = Σ_{i ≤ k} ρ_i;
 * under fifo every task waits W₀ / (1 − ρ) (Pollaczek–Khinchine).
 */
const L1 = 0.3, S1 = 1, L2 = 0.04, S2 = 10;
const RHO1 = L1 * S1, RHO2 = L2 * S2;
const W0 = (L1 * S1 * S1 + L2 * S2 * S2) / 2;
const W_SHORT = W0 / (1 * (1 - RHO1));
const W_LONG = W0 / ((1 - RHO1) * (1 - RHO1 - RHO2));
const W_FIFO = W0 / (1 - RHO1 - RHO2);
const HOURS = 150; // of arrivals: ≈ 162,000 short and 21,600 long tasks

const mixed = scenario({
  seed: 11, horizon: '1000d',
  cluster: { sites: [site('a', 1, 1)] },
  workloads: [
    batch('short', Math.round(L1 * HOURS * 3600), `${S1}s`, { arrival: { poisson: { rate: L1 } } }),
    batch('long', Math.round(L2 * HOURS * 3600), `${S2}s`, { arrival: { poisson: { rate: L2 } } }),
  ],
});

/** Waits per workload, in arrival order, and the run's mean response time. */
function waits(policy: SchedulingPolicy): { short: number[]; long: number[]; T: number } {
  const arrival = new Map<number, [string, number]>();
  const out = { short: [] as number[], long: [] as number[] };
  const result = simulate(mixed, policySet({ scheduling: policy }), {
    observer: {
      taskArrived: (task, w, t) => { arrival.set(task, [w, t]); },
      taskStarted: (task, _g, t) => {
        const [w, a] = arrival.get(task)!;
        out[w as 'short' | 'long'][task] = t - a;
      },
    },
  });
  const dense = (xs: number[]) => xs.filter((x) => x !== undefined);
  return { short: dense(out.short), long: dense(out.long), T: result.metrics.T! };
}

describe('sjf', () => {
  it('is registered with no parameters', () => {
    expect(sjf.name).toBe('sjf');
    expect(sjf.params).toEqual([]);
  });

  it('starts the waiting work with the least work first, ties by arrival, and does not skip one that does not fit', () => {
    const c = cluster(1, 1, 4);
    const policy = sjf.create({});
    expect(listed(policy.schedule([work(0, 1, { workS: 30 }), work(1, 1, { workS: 10 }), work(2, 1, { workS: 10 })], c, 0))).toEqual([{ workId: 1, gpus: [0] }]);
    expect(listed(policy.schedule([work(0, 1, { workS: 30 }), work(1, 8, { workS: 5 })], c, 0))).toEqual([]);
  });

  it('matches the non-preemptive priority-queue waits on an M/G/1 mix of short and long tasks, and beats fifo\'s mean response time', () => {
    const s = waits(sjf.create({}));
    const f = waits(fifo.create({}));
    const short = batchMeans(s.short, 30, { warmupFraction: 0.02 });
    const long = batchMeans(s.long, 30, { warmupFraction: 0.02 });
    expectAgreement({ label: 'sjf: wait of the short tasks', measured: short.mean, halfWidth: short.halfWidth, theory: W_SHORT }, 0.06);
    expectAgreement({ label: 'sjf: wait of the long tasks', measured: long.mean, halfWidth: long.halfWidth, theory: W_LONG }, 0.15);
    // Under fifo the short tasks wait as long as any: W₀ / (1 − ρ).
    const fifoShort = batchMeans(f.short, 30, { warmupFraction: 0.02 });
    expectAgreement({ label: 'fifo: wait of the short tasks', measured: fifoShort.mean, halfWidth: fifoShort.halfWidth, theory: W_FIFO }, 0.15);
    // Mean response: sjf ≈ 5.97 s against fifo ≈ 9.23 s.
    const meanResponse = (ws: number, wl: number) => (L1 * (ws + S1) + L2 * (wl + S2)) / (L1 + L2);
    expect(s.T).toBeLessThan(0.75 * f.T);
    expect(Math.abs(s.T - meanResponse(W_SHORT, W_LONG)) / s.T).toBeLessThan(0.06);
    expect(Math.abs(f.T - meanResponse(W_FIFO, W_FIFO)) / f.T).toBeLessThan(0.08);
  });
});
