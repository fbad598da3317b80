/**
 * The backup policies beyond a single interval: young-daly learning M from the failures it
 * sees, tiered (local + persisted) checkpoints, and checkpoints replicated to another site.
 */
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../src/policies/backup/fixedInterval.ts';
import { observedMtbfS, youngDaly } from '../../src/policies/backup/youngDaly.ts';
import { replicate } from '../../src/policies/backup/replicate.ts';
import { tiered } from '../../src/policies/backup/tiered.ts';
import { crossSite } from '../../src/policies/failover/crossSite.ts';
import type { BackupPolicy, FailoverPolicy } from '../../src/policies/types.ts';
import { simulate } from '../../src/sim/model/simulate.ts';
import { PolicyError } from '../../src/sim/model/PolicyError.ts';
import { policySet } from '../helpers/policies.ts';
import { newLog, scenario } from '../sim/model/helpers.ts';

const H = 3600, M = 60;
const site = (id: string, racks: number) => ({ id, racks, nodesPerRack: 1, node: { gpus: 4, gpu: 'H100' } });

function run(doc: Record<string, unknown>, backup: BackupPolicy, failover?: FailoverPolicy) {
  const { log, observer } = newLog();
  const result = simulate(scenario(doc), policySet({ backup, ...(failover ? { failover } : {}) }), { observer });
  return { result, log, endS: log.completed.get(0)!, t: result.workloads.j.training! };
}

describe('young-daly learns M from the interruptions it sees', () => {
  it('observedMtbfS weighs the rules\' estimate as k interruptions, and uses exposure / n without rules', () => {
    expect(observedMtbfS(10 * H, 3, 0, 0)).toBe(10 * H);
    expect(observedMtbfS(10 * H, 3, 14 * H, 5)).toBe((30 * H + 14 * H) / 8);
    expect(observedMtbfS(Infinity, 3, 12 * H, 4)).toBe(3 * H);
    expect(observedMtbfS(Infinity, 3, 12 * H, 0)).toBe(Infinity);
  });

  it('starts checkpointing after outages the failure rules do not know of, and finishes far sooner than without learning', () => {
    // Node outages every 3 h (scheduled: not in the rules, so M starts infinite).
    const failures = Array.from({ length: 12 }, (_, k) => ({ target: 'node', id: 'dc/r0/n0', at: `${3 * (k + 1)}h`, duration: '1m' }));
    const doc = { horizon: '10d', cluster: { sites: [site('dc', 1)] }, workloads: [{ kind: 'training', id: 'j', gpus: 4, work: '20h', checkpoint: { cost: '2m', restart: '0s' } }], failures };
    const learns = run(doc, youngDaly.create({}));
    const blind = run(doc, youngDaly.create({ adapt: false }));
    expect(blind.t.checkpoints).toBe(0);
    expect(learns.t.checkpoints).toBeGreaterThan(10);
    // Blind, it never gets 20 h without an outage until the outages stop at 36h.
    expect(blind.endS).toBeGreaterThan(36 * H + 20 * H);
    expect(learns.endS).toBeLessThan(30 * H);
    expect(learns.t.goodput!).toBeGreaterThan(blind.t.goodput! + 0.3);
  });
});

describe('tiered checkpoints', () => {
  // Local checkpoints every 10 min of computation (10 s stall), every 6th persisted in the
  // background in the job's write time (5 min): local k ends at k·610 s; the 6th (3660 s) is
  // durable at 3960 s. A failure at 5700 s finds the 9th local one (5490 s) the newest.
  const doc = (target: string, id: string) => ({
    cluster: { sites: [site('dc', 2)] },
    workloads: [{ kind: 'training', id: 'j', gpus: 4, work: '3h', checkpoint: { cost: '5m', restart: '0s' } }],
    failures: [{ target, id, at: '5700s', duration: '10h' }],
  });
  const policy = () => tiered.create({ localInterval: '10m', localCost: '10s', persistEvery: 6 });

  it('restarts from the newest local checkpoint after a node failure', () => {
    const { t } = run(doc('node', 'dc/r0/n0'), policy());
    expect(t.checkpointsLost).toBe(0);
    expect(t.maxRpoS).toBeCloseTo(5700 - 9 * 610, 9);
  });

  it('loses the local checkpoints to a rack failure and restarts from the newest persisted one', () => {
    const { t } = run(doc('rack', 'dc/r0'), policy());
    expect(t.checkpointsLost).toBe(3);
    expect(t.maxRpoS).toBeCloseTo(5700 - 6 * 610, 9);
    expect(t.allocatedGpuS).toBeCloseTo(t.usefulGpuS + t.lostGpuS + t.checkpointGpuS + t.restartGpuS + t.inProgressGpuS, 6);
  });

  it('stalls the job far less than hourly 5-minute writes when nothing fails', () => {
    const quiet = { cluster: { sites: [site('dc', 1)] }, workloads: [{ kind: 'training', id: 'j', gpus: 4, work: '3h', checkpoint: { cost: '5m', restart: '0s' } }] };
    const local = run(quiet, policy());
    const hourly = run(quiet, fixedInterval.create({ interval: '1h' }));
    // 17 local checkpoints of 10 s against 2 writes of 5 min.
    expect(local.endS).toBe(3 * H + 17 * 10);
    expect(hourly.endS).toBe(3 * H + 2 * 5 * M);
  });
});

describe('replicate', () => {
  // Hourly checkpoints (1 min); copies to b at most every 2 h: those written at 1h01m and 3h03m.
  const doc = {
    cluster: { sites: [site('a', 1), site('b', 1)] },
    workloads: [{ kind: 'training', id: 'j', gpus: 4, work: '5h', checkpoint: { cost: '1m', restart: '0s' } }],
    failures: [{ target: 'site', id: 'a', at: '3h30m', duration: '5h' }],
  };

  it('lets a job restarted in the other site go on from the checkpoint copied there', () => {
    const copied = run(doc, replicate.create({ to: 'b', every: '2h', interval: '1h' }), crossSite.create({}));
    expect(copied.log.started[1].gpus).toEqual([4, 5, 6, 7]);
    // From 3 h of progress at 3h30m: 2 h more and one checkpoint.
    expect(copied.endS).toBe(3.5 * H + 2 * H + M);
    const uncopied = run(doc, fixedInterval.create({ interval: '1h' }), crossSite.create({}));
    // Nothing reachable in b: from scratch, 5 h and four checkpoints.
    expect(uncopied.endS).toBe(3.5 * H + 5 * H + 4 * M);
    expect(uncopied.t.checkpointsLost).toBe(3);
  });

  it('fails the run when it names a site that does not exist', () => {
    expect(() => run(doc, replicate.create({ to: 'c', interval: '1h' }))).toThrow(PolicyError);
    expect(() => run(doc, replicate.create({ to: 'c', interval: '1h' }))).toThrow(/policy "replicate": nextCheckpoint returned \{"replicateTo":"c"\}: no site "c"/);
  });
});
