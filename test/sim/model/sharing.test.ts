/**
 * Tasks that need a fraction of a GPU (gpus < 1, as in the Alibaba GPU trace) share GPUs:
 * the shares on one GPU never exceed a whole GPU, a failure of a shared GPU interrupts every
 * task on it, and busy GPU-time counts only the fractions in use.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PolicyError } from '../../../src/sim/model/PolicyError.ts';
import type { SchedulingPolicy } from '../../../src/policies/types.ts';
import { batch, run, scenario, site } from './helpers.ts';

describe('fractional GPU shares', () => {
  it('runs four quarter-GPU tasks on one GPU at once, and the fifth on the next GPU', () => {
    const { result, log } = run(scenario({ cluster: { sites: [site('dc', 1, 2)] }, workloads: [batch('w', 5, '10s', { gpus: 0.25 })] }));
    expect(log.started.map((s) => s.gpus)).toEqual([[0], [0], [0], [0], [1]]);
    expect(result.metrics.completed).toBe(5);
    // Busy GPU-time counts the shares: 5 tasks × 10 s × 0.25 GPU.
    expect(result.metrics.busyGpuS).toBeCloseTo(12.5, 3);
  });

  it('does not put a 0.6 share beside a 0.5 share: it takes the other GPU', () => {
    const { log } = run(scenario({
      cluster: { sites: [site('dc', 1, 2)] },
      workloads: [batch('a', 1, '10s', { gpus: 0.5 }), batch('b', 1, '10s', { gpus: 0.6, arrival: { poisson: { rate: 1e5 } } })],
    }));
    const gpus = log.started.map((s) => s.gpus[0]);
    expect(new Set(gpus).size).toBe(2);
  });

  it('a failure of a shared GPU interrupts every task on it and counts each one\'s share of lost time', () => {
    const s = scenario({
      cluster: { sites: [site('dc', 1, 1)] },
      workloads: [batch('w', 2, '100s', { gpus: 0.5 })],
      failures: [{ target: 'gpu', id: 'dc/r0/n0/g0', at: '40s', duration: '10s' }],
    });
    const { result, log } = run(s);
    expect(log.interrupted.map((i) => i.cause)).toEqual(['gpu', 'gpu']);
    expect(result.workloads.w.lostGpuS).toBeCloseTo(2 * 40 * 0.5, 3);
    expect(result.metrics.completed).toBe(2);
    expect(result.metrics.endS).toBeCloseTo(150, 3);
  });

  it('rejects a policy that places a whole-GPU task on a shared GPU, or a share on a full GPU', () => {
    const s = scenario({ cluster: { sites: [site('dc', 1, 1)] }, workloads: [batch('a', 1, '10s', { gpus: 0.5 }), batch('b', 1, '10s', { gpus: 1, arrival: { poisson: { rate: 1e5 } } })] });
    const everythingOnGpu0: SchedulingPolicy = { name: 'gpu-zero', schedule: (q) => (q.length ? [{ workId: q[0].id, gpus: [0] }] : []) };
    expect(() => run(s, everythingOnGpu0)).toThrow(PolicyError);
    expect(() => run(s, everythingOnGpu0)).toThrow(/gpu-zero.*shared/);
  });

  it('never puts more than a whole GPU of shares on one GPU, and frees it when the last share leaves', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 30 }),
      fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 1000 }),
      (millis, gpus, seed) => {
        const s = scenario({
          seed, horizon: '2h',
          cluster: { sites: [site('dc', 1, gpus)] },
          workloads: millis.map((m, i) => batch(`w${i}`, 2, { exponential: { mean: '30s' } }, { gpus: m === 1000 ? 1 : m / 1000, arrival: { poisson: { rate: 0.05 } } })),
          failures: [{ target: 'gpu', mtbf: '20m', repair: '2m' }],
        });
        const use = new Float64Array(gpus);
        const held = new Map<number, { gpu: number; share: number }>();
        const share = new Map<string, number>(millis.map((m, i) => [`w${i}`, m / 1000]));
        const workOf = new Map<number, string>();
        const { result } = run(s, undefined, {
          observer: {
            taskArrived: (t, w) => { workOf.set(t, w); },
            taskStarted: (t, g) => {
              const sh = share.get(workOf.get(t)!)!;
              use[g[0]] += sh;
              expect(use[g[0]]).toBeLessThanOrEqual(1 + 1e-9);
              held.set(t, { gpu: g[0], share: sh });
            },
            taskCompleted: (t) => { const h = held.get(t)!; use[h.gpu] -= h.share; held.delete(t); },
            taskInterrupted: (t) => { const h = held.get(t)!; use[h.gpu] -= h.share; held.delete(t); },
          },
        });
        for (const w of Object.values(result.workloads)) expect(w.arrived).toBe(w.completed + w.queued + w.running);
        expect(result.metrics.R).toBeLessThanOrEqual(1);
      },
    ), { numRuns: 60 });
  });
});
