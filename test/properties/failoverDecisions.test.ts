import { rangesProblem } from '../../src/sim/policy/GpuRanges.ts';
/**
 * Policies that answer at random cannot corrupt the model. A failover policy that answers at random — valid and invalid decisions, hot-spare pools
 * of any size — can never corrupt the model: every bad decision fails the run with a
 * PolicyError naming the policy and the decision, and every run that completes keeps the
 * training accounts exact and time in order.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../src/policies/backup/fixedInterval.ts';
import type { BackupPolicy, CompressionPolicy, FailoverPolicy } from '../../src/policies/types.ts';
import { simulate } from '../../src/sim/model/simulate.ts';
import { PolicyError } from '../../src/sim/model/PolicyError.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { policySet } from '../helpers/policies.ts';

// Mostly answers that can be valid (swap and shrink depend on the moment); some never are.
const decisionArb = fc.oneof(
  { arbitrary: fc.constant({ action: 'restart' }), weight: 4 },
  { arbitrary: fc.constantFrom('a', 'b').map((site) => ({ action: 'restart', site })), weight: 3 },
  { arbitrary: fc.constant({ action: 'wait-for-repair' }), weight: 3 },
  { arbitrary: fc.constant({ action: 'swap' }), weight: 2 },
  { arbitrary: fc.integer({ min: 1, max: 5 }).map((gpus) => ({ action: 'shrink', gpus })), weight: 2 },
  { arbitrary: fc.constantFrom(null, 42, { action: 'explode' }, {}, { action: 'restart', site: 'nowhere' }, { action: 'shrink', gpus: 0 }), weight: 1 },
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
            taskStarted: (_t, gpus, timeS) => { expect(timeS).toBeGreaterThanOrEqual(lastS); lastS = timeS; expect(rangesProblem(gpus, Infinity)).toBeUndefined(); },
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

// Mostly valid answers; `bad` swaps one of them for an invalid one.
const planArb = fc.oneof(
  fc.constant({}),
  fc.record({ localCostS: fc.constantFrom(0, 5, 60), persist: fc.boolean() }),
  fc.constantFrom('a', 'b').map((replicateTo) => ({ replicateTo })),
);
const badPlanArb = fc.constantFrom(null, 'x', { localCostS: 'soon' }, { localCostS: -1 }, { localCostS: Infinity }, { replicateTo: 'c' });
const variantArb = fc.record({ name: fc.constantFrom('v1', 'v2'), gpusFactor: fc.constantFrom(0.25, 0.5, 1), speedFactor: fc.constantFrom(0.5, 1, 2), quality: fc.constantFrom(0.9, 1) });
const badVariantArb = fc.constantFrom(null, {}, 'int8', { name: 'v', gpusFactor: 0, speedFactor: 1, quality: 1 }, { name: 'v', gpusFactor: 1, speedFactor: 1, quality: 1.5 });
const badIntervalArb = fc.constantFrom(0, -5, NaN);

describe('backup plans and compression variants at random', () => {
  it('either complete with exact accounts and qualities in range, or fail with a PolicyError naming the policy', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 1_000_000 }), fc.array(fc.constantFrom(600, 1800, 7200, Infinity), { minLength: 1, maxLength: 4 }),
      fc.array(planArb, { minLength: 1, maxLength: 6 }), fc.array(variantArb, { minLength: 1, maxLength: 6 }), fc.boolean(),
      fc.option(fc.tuple(fc.constantFrom('interval', 'plan', 'variant'), fc.nat(5), badIntervalArb, badPlanArb, badVariantArb), { freq: 3 }),
      (seed, intervals, plans, variants, sized, bad) => {
        if (bad) {
          const [which, at, interval, plan, variant] = bad;
          if (which === 'interval') intervals[at % intervals.length] = interval;
          else if (which === 'plan') (plans as unknown[])[at % plans.length] = plan;
          else (variants as unknown[])[at % variants.length] = variant;
        }
        const s = validateScenario({
          name: 'random backup and compression', seed, horizon: '1d',
          cluster: {
            sites: [
              { id: 'a', racks: 2, nodesPerRack: 2, node: { gpus: 2, gpu: 'H100' }, storage: { bandwidth: '10GB/s', replicas: 2 } },
              { id: 'b', racks: 1, nodesPerRack: 2, node: { gpus: 2, gpu: 'H100' }, storage: { bandwidth: '10GB/s' } },
            ],
            wan: [{ between: ['a', 'b'], bandwidth: '1GB/s' }],
          },
          workloads: [
            { kind: 'training', id: 'j', gpus: 2, work: '4h', checkpoint: sized ? { size: '50GB', restart: '1m' } : { cost: '2m', restart: '1m' } },
            { kind: 'inference', id: 'api', replicas: 2, gpusPerReplica: 2, arrival: { poisson: { rate: 0.5 } }, service: '1s', count: 2000 },
          ],
          failures: [{ target: 'node', mtbf: '5h', repair: { exponential: { mean: '30m' } } }, { target: 'rack', mtbf: '20h', repair: '1h' }],
        });
        let i = 0, k = 0, v = 0;
        const backup: BackupPolicy = { name: 'chaos-backup', checkpointIntervalS: () => intervals[i++ % intervals.length], nextCheckpoint: () => plans[k++ % plans.length] as never };
        const compression: CompressionPolicy = { name: 'chaos-compression', variant: () => variants[v++ % variants.length] as never };
        let r;
        try {
          r = simulate(s, policySet({ backup, compression }), { maxEvents: 2_000_000 });
        } catch (e) {
          expect(e).toBeInstanceOf(PolicyError);
          expect((e as Error).message).toMatch(/^policy "chaos-(backup|compression)": /);
          return;
        }
        const t = r.workloads.j.training!;
        expect(t.allocatedGpuS).toBeCloseTo(t.usefulGpuS + t.lostGpuS + t.checkpointGpuS + t.restartGpuS + t.inProgressGpuS, 3);
        expect(t.progress).toBeLessThanOrEqual(1);
        const q = r.workloads.api.inference!.quality;
        if (q !== null) { expect(q).toBeGreaterThanOrEqual(0); expect(q).toBeLessThanOrEqual(1); }
        expect(r.metrics.busyGpuS).toBeLessThanOrEqual(r.metrics.upGpuS + 1e-6);
      },
    ), { numRuns: 120 });
  });
});
