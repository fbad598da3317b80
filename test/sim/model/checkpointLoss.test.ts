/**
 * Checkpoints live in their site's storage: a data loss there destroys those not yet copied
 * to another site, and a job interrupted afterwards goes back past them — to the newest
 * checkpoint that survived (copied away before the loss), or to the start.
 */
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../../src/policies/backup/fixedInterval.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import { policySet } from '../../helpers/policies.ts';
import { scenario } from './helpers.ts';

const H = 3600, M = 60;
const site = (id: string, storage: Record<string, unknown>) => ({ id, racks: 2, nodesPerRack: 1, node: { gpus: 4, gpu: 'H100' }, storage });
const job = { kind: 'training', id: 'j', gpus: 4, work: '10h', checkpoint: { cost: '1m', restart: '0s' } };
// Rack r1 (not the job's) fails at 3h30m: with one replica its stripes are lost for good.
// The job's node fails at 3h45m, before its next checkpoint (4h04m).
const failures = [{ target: 'rack', id: 'a/r1', at: '3h30m', duration: '1h' }, { target: 'node', id: 'a/r0/n0', at: '3h45m', duration: '10m' }];

function run(storage: Record<string, unknown>) {
  const s = scenario({ cluster: { sites: [site('a', storage), site('b', {})] }, workloads: [job], failures });
  return simulate(s, policySet({ backup: fixedInterval.create({ interval: '1h' }) }));
}

describe('checkpoints destroyed by a data loss', () => {
  it('send the job back to its start when nothing was copied away', () => {
    const r = run({ replicas: 1, stripes: 10 });
    expect(r.storage.a.dataLossEvents).toBe(1);
    const t = r.workloads.j.training!;
    // Checkpoints at 1h01m, 2h02m, 3h03m, all destroyed; the job restarts from scratch.
    expect(t.checkpointsLost).toBe(3);
    expect(t.maxRpoS).toBe(3 * H + 45 * M);
    // Lost: the 3 h of checkpointed work and the 42 min since the last checkpoint, on 4 GPUs.
    expect(t.lostGpuS).toBeCloseTo(4 * (3 * H + 42 * M), 6);
    expect(t.allocatedGpuS).toBeCloseTo(t.usefulGpuS + t.lostGpuS + t.checkpointGpuS + t.restartGpuS + t.inProgressGpuS, 6);
    expect(t.progress).toBe(1);
    // Then 10 h of work again from scratch, with a checkpoint after each of the first 9 hours.
    expect(t.checkpoints).toBe(3 + 9);
  });

  it('send it back only to the newest checkpoint copied away before the loss', () => {
    // Copies at 0 and 2h (1 min each): the one begun at 2h saved the 1h01m checkpoint, not the 2h02m one.
    const r = run({ replicas: 1, stripes: 10, copy: { to: 'b', every: '2h', duration: '1m' } });
    const t = r.workloads.j.training!;
    expect(t.checkpointsLost).toBe(2);
    expect(t.maxRpoS).toBe(3 * H + 45 * M - (H + M));
    expect(t.lostGpuS).toBeCloseTo(4 * (2 * H + 42 * M), 6);
  });

  it('changes nothing when the storage keeps a replica on another rack', () => {
    const r = run({ replicas: 2, stripes: 10 });
    expect(r.storage.a.dataLossEvents).toBe(0);
    const t = r.workloads.j.training!;
    expect(t.checkpointsLost).toBe(0);
    expect(t.maxRpoS).toBe(42 * M);
    expect(t.lostGpuS).toBeCloseTo(4 * 42 * M, 6);
  });
});
