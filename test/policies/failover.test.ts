/**
 * The failover policies, each against the situation it exists for, with end times worked
 * out by hand (detection is immediate unless said; checkpoints cost 1 min every hour).
 */
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../src/policies/backup/fixedInterval.ts';
import { crossSite } from '../../src/policies/failover/crossSite.ts';
import { elastic } from '../../src/policies/failover/elastic.ts';
import { hotSpare } from '../../src/policies/failover/hotSpare.ts';
import { restartFromCheckpoint } from '../../src/policies/failover/restartFromCheckpoint.ts';
import { waitForRepair } from '../../src/policies/failover/waitForRepair.ts';
import type { FailoverPolicy } from '../../src/policies/types.ts';
import { simulate } from '../../src/sim/model/simulate.ts';
import { PolicyError } from '../../src/sim/model/PolicyError.ts';
import { policySet } from '../helpers/policies.ts';
import { newLog, scenario } from '../sim/model/helpers.ts';

const H = 3600, M = 60;
const site = (id: string, nodes: number) => ({ id, racks: 1, nodesPerRack: nodes, node: { gpus: 4, gpu: 'H100' } });
const job = (gpus: number, extra: Record<string, unknown> = {}) => ({ kind: 'training', id: 'j', gpus, work: '3h', checkpoint: { cost: '1m', restart: '0s' }, ...extra });

function run(doc: Record<string, unknown>, failover: FailoverPolicy) {
  const { log, observer } = newLog();
  const result = simulate(scenario(doc), policySet({ failover, backup: fixedInterval.create({ interval: '1h' }) }), { observer });
  return { result, log, endS: log.completed.get(0)! };
}

describe('wait-for-repair', () => {
  const doc = { cluster: { sites: [site('dc', 3)] }, workloads: [job(4)], failures: [{ target: 'node', id: 'dc/r0/n0', at: '30m', duration: '2h' }] };

  it('keeps the job on its GPUs until the repair, where restart-from-checkpoint moves it to a free node at once', () => {
    const waits = run(doc, waitForRepair.create({}));
    // Idle from 30m to 2h30m, then 3 h of work and two checkpoints.
    expect(waits.endS).toBe(2.5 * H + 3 * H + 2 * M);
    expect(waits.log.started.map((s) => s.gpus)).toEqual([[0, 1, 2, 3]]);
    const t = waits.result.workloads.j.training!;
    // Lost: 30 min of computation and 2 h of idle holding, on 4 GPUs.
    expect(t.lostGpuS).toBeCloseTo(4 * (30 * M + 2 * H), 6);
    const moves = run(doc, restartFromCheckpoint.create({}));
    expect(moves.endS).toBe(30 * M + 3 * H + 2 * M);
    expect(moves.log.started[1].gpus).toEqual([4, 5, 6, 7]);
  });
});

describe('hot-spare', () => {
  // Nodes n0, n1 run the job; a batch flood takes whatever else is free.
  const doc = {
    cluster: { sites: [site('dc', 4)] }, monitoring: { detection: '5m' },
    workloads: [job(8), { kind: 'batch', id: 'flood', count: 2, gpus: 4, arrival: { poisson: { rate: 1 } }, work: '6h' }],
    failures: [{ target: 'node', id: 'dc/r0/n0', at: '30m', duration: '2h' }],
  };

  it('swaps the failed node for a spare once detected and restarts at once, where restart-from-checkpoint queues behind the flood', () => {
    const spare = run(doc, hotSpare.create({ spares: 4 }));
    expect(spare.endS).toBe(35 * M + 3 * H + 2 * M);
    // Restarted on the healthy node and the spare node (GPUs 12–15, the end of the cluster).
    expect(spare.log.started.filter((s) => s.task === 0).map((s) => s.gpus)).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [4, 5, 6, 7, 12, 13, 14, 15]]);
    // Only one flood task ran beside the job: the spare node is held back from the scheduler;
    // the other started on the job's GPUs once it ended.
    expect(spare.log.started.filter((s) => s.task !== 0).map((s) => [s.gpus, s.timeS])).toEqual([[[8, 9, 10, 11], expect.any(Number)], [[4, 5, 6, 7], spare.endS]]);
    const queued = run(doc, restartFromCheckpoint.create({}));
    // No free node until n0 is repaired at 2h30m.
    expect(queued.endS).toBe(2.5 * H + 3 * H + 2 * M);
  });

  it('counts the spares as up but not busy', () => {
    const { result } = run({ cluster: { sites: [site('dc', 2)] }, workloads: [job(4)] }, hotSpare.create({ spares: 4 }));
    expect(result.metrics.busyGpuS).toBeCloseTo(4 * result.metrics.endS, 6);
    expect(result.metrics.upGpuS).toBeCloseTo(8 * result.metrics.endS, 6);
  });
});

describe('cross-site', () => {
  it('restarts a job whose site is down in the other site, from the newest checkpoint copied there', () => {
    const doc = {
      cluster: { sites: [{ ...site('a', 1), storage: { copy: { to: 'b', every: '1h', duration: '1m' } } }, site('b', 1)] },
      workloads: [job(4)],
      failures: [{ target: 'site', id: 'a', at: '2h30m', duration: '3h' }],
    };
    const moved = run(doc, crossSite.create({}));
    // Checkpoints at 1h01m and 2h02m; the copy begun at 2h holds only the first. From 1 h of
    // progress at 2h30m in site b: 2 h of work and one checkpoint.
    expect(moved.log.started[1].gpus).toEqual([4, 5, 6, 7]);
    expect(moved.endS).toBe(2.5 * H + 2 * H + M);
    expect(moved.result.workloads.j.training!.checkpointsLost).toBe(1);
    const stays = run(doc, restartFromCheckpoint.create({}));
    // Waits for site a (back at 5h30m), then goes on from 2 h of progress.
    expect(stays.endS).toBe(5.5 * H + H);
    expect(stays.result.workloads.j.training!.checkpointsLost).toBe(0);
  });

  it('places a failed replica\'s replacement in another site while its pinned site is down', () => {
    const doc = {
      horizon: '6h', runToHorizon: true,
      cluster: { sites: [site('a', 1), site('b', 1)] },
      workloads: [{ kind: 'inference', id: 'api', replicas: 1, gpusPerReplica: 4, site: 'a', startup: '1m', arrival: { poisson: { rate: 1 } }, service: '100ms' }],
      failures: [{ target: 'site', id: 'a', at: '1h', duration: '2h' }],
    };
    const avail = (f: FailoverPolicy) => run(doc, f).result.workloads.api.inference!.availability;
    // Replicas placed at time 0 are ready at once; the replacement in b takes its 1 min start-up.
    expect(avail(crossSite.create({}))).toBeCloseTo((6 * H - M) / (6 * H), 9);
    // Waits for site a: down from 1h until 3h01m.
    expect(avail(restartFromCheckpoint.create({}))).toBeCloseTo((6 * H - (2 * H + M)) / (6 * H), 9);
  });
});

describe('elastic', () => {
  it('shrinks to its healthy GPUs and goes on at half speed, where restart-from-checkpoint waits for the repair', () => {
    const doc = { cluster: { sites: [site('dc', 2)] }, workloads: [job(8)], failures: [{ target: 'node', id: 'dc/r0/n1', at: '1h30m', duration: '10h' }] };
    const shrinks = run(doc, elastic.create({ minFraction: 0.5 }));
    // From the 1h01m checkpoint (1 h done) at 1h30m: 2 h of work at half speed = 4 h, three checkpoints.
    expect(shrinks.endS).toBe(1.5 * H + 4 * H + 3 * M);
    expect(shrinks.log.started[1].gpus).toEqual([0, 1, 2, 3]);
    const t = shrinks.result.workloads.j.training!;
    expect(t.allocatedGpuS).toBeCloseTo(t.usefulGpuS + t.lostGpuS + t.checkpointGpuS + t.restartGpuS + t.inProgressGpuS, 6);
    expect(run(doc, restartFromCheckpoint.create({})).endS).toBe(11.5 * H + 2 * H + M);
    // Not below minFraction: with 0.75 it waits like a restart.
    expect(run(doc, elastic.create({ minFraction: 0.75 })).endS).toBe(11.5 * H + 2 * H + M);
  });
});

describe('invalid failover decisions fail the run, naming the policy and the decision', () => {
  const doc = { cluster: { sites: [site('dc', 2)] }, workloads: [job(4)], failures: [{ target: 'node', id: 'dc/r0/n0', at: '30m', duration: '1h' }] };
  const bad = (decision: unknown, extra: Partial<FailoverPolicy> = {}): Error => {
    try {
      run(doc, { name: 'bad', onInterrupted: () => decision as never, ...extra });
    } catch (e) { return e as Error; }
    throw new Error('the run did not fail');
  };
  it.each([
    [{ action: 'swap' }, /swap needs a hot-spare pool/],
    [{ action: 'shrink', gpus: 4 }, /shrink needs a whole number of GPUs from 1 to 3/],
    [{ action: 'shrink', gpus: 0 }, /shrink needs a whole number/],
    [{ action: 'restart', site: 'mars' }, /no site "mars"; sites: dc/],
    [{ action: 'teleport' }, /expected \{ "action": "restart"/],
    [null, /expected \{ "action": "restart"/],
  ])('%j', (decision, message) => {
    const e = bad(decision);
    expect(e).toBeInstanceOf(PolicyError);
    expect(e.message).toMatch(/^policy "bad": onInterrupted returned /);
    expect(e.message).toMatch(message);
  });

  it('a swap with too few spares ready, and a pool larger than the cluster', () => {
    const two = { spareGpus: 2 };
    expect(bad({ action: 'swap' }, two).message).toMatch(/swap needs 4 spare GPUs, the pool has 2 ready/);
    expect(() => run(doc, { name: 'greedy', spareGpus: 8, onInterrupted: () => ({ action: 'restart' }) })).toThrow(/policy "greedy": spareGpus is 8; expected a whole number from 0 to 7/);
  });
});
