/**
 * Compression policies: each variant changes GPUs per replica, speed and the quality of
 * what is served; `adaptive` switches a service to a smaller variant when capacity falls
 * and back when it returns.
 */
import { describe, expect, it } from 'vitest';
import { adaptive } from '../../src/policies/compression/adaptive.ts';
import { compressionPolicies } from '../../src/policies/compression/index.ts';
import { VARIANTS } from '../../src/policies/compression/variants.ts';
import type { CompressionPolicy } from '../../src/policies/types.ts';
import { simulate } from '../../src/sim/model/simulate.ts';
import { PolicyError } from '../../src/sim/model/PolicyError.ts';
import { policySet } from '../helpers/policies.ts';
import { newLog, scenario } from '../sim/model/helpers.ts';

const H = 3600;
const build = (name: string, params: Record<string, unknown> = {}) => compressionPolicies.find((p) => p.name === name)!.create(params);

function run(doc: Record<string, unknown>, compression: CompressionPolicy) {
  const { log, observer } = newLog();
  const result = simulate(scenario(doc), policySet({ compression }), { observer });
  return { result, log, api: result.workloads.api };
}

describe('fixed variants', () => {
  const doc = {
    horizon: '1h', runToHorizon: true,
    cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: 2, node: { gpus: 4, gpu: 'H100' } }] },
    workloads: [{ kind: 'inference', id: 'api', replicas: 2, gpusPerReplica: 4, concurrency: 4, arrival: { poisson: { rate: 0.5 } }, service: '1.5s' }],
  };

  it.each(['int8', 'fp8', 'int4', 'sparse-2to4', 'distilled'])('%s: ⌈4 × gpusFactor⌉ GPUs per replica, service time / speedFactor, its quality', (name) => {
    const v = VARIANTS[name];
    const { log, api } = run(doc, build(name));
    for (const s of log.started) expect(s.gpus).toHaveLength(Math.ceil(4 * v.gpusFactor));
    // Light load: no queueing, every request takes 1.5 s / speedFactor.
    expect(api.T.mean).toBeCloseTo(1.5 / v.speedFactor, 9);
    expect(api.inference!.quality).toBeCloseTo(v.quality, 12);
  });

  it('none serves the full model at full quality; parameters override the published figures', () => {
    expect(run(doc, build('none')).api.inference!.quality).toBe(1);
    const { log, api } = run(doc, build('int8', { gpusFactor: 1, speedFactor: 2, quality: 0.9 }));
    expect(log.started[0].gpus).toHaveLength(4);
    expect(api.T.mean).toBeCloseTo(0.75, 9);
    expect(api.inference!.quality).toBeCloseTo(0.9, 12);
    expect(() => build('int8', { gpusFactor: 2 })).toThrow(/policies\.compression\.gpusFactor: expected a number in \(0, 1\]/);
  });
});

describe('adaptive', () => {
  // Two full replicas of 4 GPUs fill the cluster; node n1 fails from 1h to 3h. At 6 req/s of
  // 1 s requests one full replica (4 slots) is overloaded; two int8 replicas on the healthy
  // node (2 GPUs, 4 slots, 1.5× faster each) are not.
  const doc = {
    horizon: '6h', runToHorizon: true, seed: 3,
    cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: 2, node: { gpus: 4, gpu: 'H100' } }] },
    workloads: [{ kind: 'inference', id: 'api', replicas: 2, gpusPerReplica: 4, concurrency: 4, arrival: { poisson: { rate: 6 } }, service: '1s', slo: '5s' }],
    failures: [{ target: 'node', id: 'dc/r0/n1', at: '1h', duration: '2h' }],
  };

  it('holds the SLO through a capacity loss at a small, measured quality cost, and goes back to the full model', () => {
    const full = run(doc, build('none'));
    const adapt = run(doc, adaptive.create({ variant: 'int8' }));
    expect(full.api.sloAttainment!).toBeLessThan(0.8);
    expect(adapt.api.sloAttainment!).toBeGreaterThan(0.99);
    // About a third of the requests (1h–3h) served by int8 (quality 0.99).
    const q = adapt.api.inference!.quality!;
    expect(q).toBeGreaterThan(1 - 0.01 * 0.4);
    expect(q).toBeLessThan(1 - 0.01 * 0.3);
    // Compressed replicas placed on the healthy node after the failure; full ones again after the repair.
    const sizes = adapt.log.started.map((s) => [s.timeS >= 3 * H ? 'after' : s.timeS >= H ? 'during' : 'before', s.gpus.length]);
    expect(sizes.filter(([w]) => w === 'during').every(([, n]) => n === 2)).toBe(true);
    expect(sizes.filter(([w]) => w === 'after').map(([, n]) => n)).toEqual([4, 4]);
  });

  it('rejects a variant that is not valid, naming the policy', () => {
    const bad: CompressionPolicy = { name: 'bad', variant: () => ({ name: 'x', gpusFactor: 0, speedFactor: 1, quality: 1 }) };
    expect(() => run(doc, bad)).toThrow(PolicyError);
    expect(() => run(doc, bad)).toThrow(/policy "bad": variant returned .*expected \{ name, gpusFactor in \(0, 1\]/);
  });
});
