/**
 * Checkpoints given by size: a write streams the checkpoint to the site's storage, sharing
 * its bandwidth fairly with the other writers there (processor sharing).
 */
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../../src/policies/backup/fixedInterval.ts';
import { dalyIntervalS } from '../../../src/policies/backup/youngDaly.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import type { Scenario } from '../../../src/sim/scenario/types.ts';
import { policySet } from '../../helpers/policies.ts';
import { scenario } from './helpers.ts';

const H = 3600;
const site = (id: string, bandwidth = '10GB/s') => ({ id, racks: 1, nodesPerRack: 2, node: { gpus: 1, gpu: 'H100' }, storage: { bandwidth } });
const job = (id: string, extra: Record<string, unknown> = {}) => ({ kind: 'training', id, gpus: 1, work: '3h', checkpoint: { size: '100GB', restart: '60s' }, ...extra });

/** Phase log per task: [phase, start time]. */
function phases(s: Scenario, backup = fixedInterval.create({ interval: '1h' })) {
  const log = new Map<number, [string, number][]>();
  const result = simulate(s, policySet({ backup }), {
    observer: { trainingPhase: (t, p, _pr, time) => { if (!log.has(t)) log.set(t, []); log.get(t)!.push([p, time]); } },
  });
  /** Durations of the checkpoint phases of task t. */
  const writes = (t: number) => {
    const l = log.get(t)!;
    return l.flatMap(([p, time], i) => (p === 'checkpoint' && i + 1 < l.length ? [l[i + 1][1] - time] : []));
  };
  return { result, log, writes };
}

describe('checkpoints written over shared storage bandwidth', () => {
  it('writes 100 GB at 10 GB/s in 10 s when alone', () => {
    const { writes } = phases(scenario({ cluster: { sites: [site('a')] }, workloads: [job('j')] }));
    expect(writes(0)).toEqual([10, 10]);
  });

  it('two jobs writing at once in one site each get half the bandwidth; in two sites they do not share', () => {
    const same = phases(scenario({ cluster: { sites: [site('a')] }, workloads: [job('j1'), job('j2')] }));
    expect(same.writes(0)).toEqual([20, 20]);
    expect(same.writes(1)).toEqual([20, 20]);
    const apart = phases(scenario({ cluster: { sites: [{ ...site('a'), nodesPerRack: 1 }, { ...site('b'), nodesPerRack: 1 }] }, workloads: [job('j1'), job('j2')] }));
    expect(apart.writes(0)).toEqual([10, 10]);
    expect(apart.writes(1)).toEqual([10, 10]);
  });

  it('speeds up the other writer when one is cut by a failure', () => {
    // Both start writing at 1h; j1's GPU fails 5 s in: 25 GB each written; j2 then has 75 GB
    // alone at 10 GB/s: its write ends 12.5 s after it began.
    const s = scenario({
      cluster: { sites: [{ ...site('a'), nodesPerRack: 3 }] }, workloads: [job('j1'), job('j2')],
      failures: [{ target: 'gpu', id: 'a/r0/n0/g0', at: `${H + 5}s`, duration: '1h' }],
    });
    const { writes } = phases(s);
    expect(writes(1)[0]).toBeCloseTo(12.5, 9);
  });

  it('restarts by reading the checkpoint back: restart time + size / bandwidth', () => {
    // Failure at 1h30 (after the 1h checkpoint): restart = 60 s + 10 s read.
    const s = scenario({
      cluster: { sites: [site('a')] }, workloads: [job('j')],
      failures: [{ target: 'node', id: 'a/r0/n0', at: '1h30m', duration: '1h' }],
    });
    const { log } = phases(s);
    const l = log.get(0)!;
    const i = l.findIndex(([p]) => p === 'restart');
    expect(l[i + 1][1] - l[i][1]).toBeCloseTo(70, 9);
  });

  it('a restart\'s read shares the storage with a write under way: 100 GB each at 5 GB/s', () => {
    // Both jobs write at 1h (20 s shared); each computes again from 1h20s, so both would write
    // at 2h20s. j1's node fails then: j1 restarts on the spare node, reading while j2 writes.
    const s = scenario({
      cluster: { sites: [{ ...site('a'), nodesPerRack: 3 }] }, workloads: [job('j1'), job('j2')],
      failures: [{ target: 'node', id: 'a/r0/n0', at: `${2 * H + 20}s`, duration: '1h' }],
    });
    const { log, writes } = phases(s);
    const l = log.get(0)!;
    const i = l.findIndex(([p]) => p === 'restart');
    expect(l[i][1]).toBe(2 * H + 20);
    expect(l[i + 1][1] - l[i][1]).toBeCloseTo(20 + 60, 9);
    expect(writes(1)[1]).toBeCloseTo(20, 9);
  });

  it('lets young-daly see δ = size / bandwidth', () => {
    const s = scenario({
      cluster: { sites: [site('a')] }, workloads: [job('j', { work: '30h' })],
      failures: [{ target: 'gpu', mtbf: '20h', repair: '1h' }],
    });
    const seen: number[] = [];
    simulate(s, policySet({ backup: { name: 'spy', checkpointIntervalS: (v) => { seen.push(v.checkpointCostS); return dalyIntervalS(v.checkpointCostS, v.mtbfS); } } }));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((d) => d === 10)).toBe(true);
  });

  it('refuses a size without storage bandwidth in every site, and both a cost and a size', () => {
    expect(() => scenario({ cluster: { sites: [site('a'), { id: 'b', racks: 1, nodesPerRack: 1, node: { gpus: 1, gpu: 'H100' } }] }, workloads: [job('j')] }))
      .toThrow(/cluster\.sites\[1\]\.storage: training job "j" gives its checkpoint size/);
    expect(() => scenario({ cluster: { sites: [site('a')] }, workloads: [job('j', { checkpoint: { size: '1GB', cost: '1m' } })] }))
      .toThrow(/workloads\[0\]\.checkpoint\.cost: give "cost" .* or "size"/);
  });
});
