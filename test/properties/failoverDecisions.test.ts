/**
 * A failover policy that answers at random — valid and invalid decisions, hot-spare pools
 * of any size — can never corrupt the model: every bad decision fails the run with a
 * PolicyError naming the policy and the decision, and every run that completes keeps the
 * training accounts exact and time in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../src/policies/backup/fixedInterval.ts';
import type { FailoverPolicy } from '../../src/policies/types.ts';
import { PolicyError, simulate } from '../../src/sim/model/simulate.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { policySet } from '../helpers/policies.ts';

const decisionArb = fc.oneof(
  fc.constant({ action: 'restart' }),
  fc.constantFrom('a', 'b', 'nowhere').map((site) => ({ action: 'restart', site })),
  fc.constant({ action: 'wait-for-repair' }),
  fc.constant({ action: 'swap' }),
  fc.integer({ min: -1, max: 9 }).map((gpus) => ({ action: 'shrink', gpus })),
  fc.constantFrom(null, 42, { action: 'explode' }, {}),
);

const genArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  decisions: fc.array(decisionArb, { minLength: 1, maxLength: 8 }),
  spareGpus: fc.constantFrom(undefined, 0, 2, 4, 64),
  gpus: fc.constantFrom(2, 4, 6),
  detection: fc.constantFrom('0s', '5m'),
  level: fc.constantFrom('gpu', 'node', 'rack', 'site', 'uplink'),
});

describe('failover decisions at random', () => {
  it('either complete with exact accounts or fail with a PolicyError naming the policy and the decision', () => {
    fc.assert(fc.property(genArb, (g) => {
      const s = validateScenario({
        name: 'random failover', seed: g.seed, horizon: '3d',
        cluster: { sites: [{ id: 'a', racks: 2, nodesPerRack: 2, node: { gpus: 2, gpu: 'H100' } }, { id: 'b', racks: 1, nodesPerRack: 2, node: { gpus: 2, gpu: 'H100' } }] },
        workloads: [
          { kind: 'training', id: 'j', gpus: g.gpus, work: '6h', checkpoint: { cost: '2m', restart: '1m' } },
          { kind: 'batch', id: 'w', count: 10, arrival: { poisson: { rate: 0.001 } }, work: { exponential: { mean: '20m' } } },
        ],
        failures: [{ target: g.level, mtbf: g.level === 'gpu' ? '20h' : '6h', repair: { exponential: { mean: '30m' } } }],
        monitoring: { detection: g.detection },
      });
      let k = 0;
      const policy: FailoverPolicy = {
        name: 'chaos',
        ...(g.spareGpus === undefined ? {} : { spareGpus: g.spareGpus }),
        onInterrupted: () => g.decisions[k++ % g.decisions.length] as never,
      };
      let lastS = 0;
      let result;
      try {
        result = simulate(s, policySet({ failover: policy, backup: fixedInterval.create({ interval: '1h' }) }), {
          maxEvents: 2_000_000,
          observer: {
            taskStarted: (_t, gpus, timeS) => { expect(timeS).toBeGreaterThanOrEqual(lastS); lastS = timeS; expect(new Set(gpus).size).toBe(gpus.length); },
            taskCompleted: (_t, timeS) => { expect(timeS).toBeGreaterThanOrEqual(lastS); lastS = timeS; },
          },
        });
      } catch (e) {
        expect(e).toBeInstanceOf(PolicyError);
        expect((e as Error).message).toMatch(/^policy "chaos": (onInterrupted returned |spareGpus is )/);
        return;
      }
      const t = result.workloads.j.training!;
      expect(t.allocatedGpuS).toBeCloseTo(t.usefulGpuS + t.lostGpuS + t.checkpointGpuS + t.restartGpuS + t.inProgressGpuS, 3);
      for (const v of [t.usefulGpuS, t.lostGpuS, t.checkpointGpuS, t.restartGpuS, t.inProgressGpuS]) expect(v).toBeGreaterThanOrEqual(-1e-6);
      expect(t.progress).toBeLessThanOrEqual(1);
      expect(result.metrics.busyGpuS).toBeLessThanOrEqual(result.metrics.upGpuS + 1e-6);
    }), { numRuns: 150 });
  });
});
