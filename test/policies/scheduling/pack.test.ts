import { rangesOf } from '../../../src/sim/policy/GpuRanges.ts';
import { describe, expect, it } from 'vitest';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import { pack } from '../../../src/policies/scheduling/pack.ts';
import type { SchedulingPolicy } from '../../../src/policies/types.ts';
import { run, scenario } from '../../sim/model/helpers.ts';
import { cluster, work, listed } from './support.ts';

const racksOf = (gpus: readonly number[], perRack: number) => [...new Set(gpus.map((g) => Math.floor(g / perRack)))].sort();

describe('pack', () => {
  it('keeps a gang within one rack when one has room, where fifo spreads it over two', () => {
    // Two racks of two 4-GPU nodes. A 2-GPU job takes half a node of rack 0; then an 8-GPU gang.
    const s = scenario({
      cluster: { sites: [{ id: 'a', racks: 2, nodesPerRack: 2, node: { gpus: 4, gpu: 'H100' } }] },
      workloads: [
        { kind: 'training', id: 'small', gpus: 2, work: '1000s', start: '0s' },
        { kind: 'training', id: 'gang', gpus: 8, work: '100s', start: '1s' },
      ],
    });
    const gangRacks = (policy: SchedulingPolicy) => racksOf(run(s, policy).log.started.find((x) => x.task === 1)!.gpus, 8);
    expect(gangRacks(pack.create({}))).toEqual([1]);
    expect(gangRacks(fifo.create({}))).toEqual([0, 1]);
  });

  it('picks the best-fit rack: the one with the fewest free GPUs that still fits the gang', () => {
    const c = cluster(2, 2, 4);
    c.allocate(90, rangesOf([4, 5])); // rack 0: 6 free, rack 1: 8 free
    expect(listed(pack.create({}).schedule([work(0, 5)], c, 0))).toEqual([{ workId: 0, gpus: [0, 1, 2, 3, 6] }]);
    expect(listed(pack.create({}).schedule([work(0, 8)], c, 0))).toEqual([{ workId: 0, gpus: [8, 9, 10, 11, 12, 13, 14, 15] }]);
  });

  it('spreads a gang no rack can hold over as few racks as possible, the roomiest first', () => {
    const c = cluster(3, 2, 2); // racks of 4 GPUs
    c.allocate(90, rangesOf([0])); // rack 0: 3 free
    c.allocate(91, rangesOf([4, 5])); // rack 1: 2 free
    const [d] = pack.create({}).schedule([work(0, 6)], c, 0) as { workId: number; gpus: number[] }[];
    expect(d.gpus).toHaveLength(6);
    expect(racksOf(d.gpus, 4)).toEqual([0, 2]);
  });

  it('places work that fits on one node best-fit on nodes, as fifo does', () => {
    const c = cluster(2, 2, 4);
    c.allocate(90, rangesOf([0, 1]));
    expect(listed(pack.create({}).schedule([work(0, 2)], c, 0))).toEqual(listed(fifo.create({}).schedule([work(0, 2)], c, 0)));
    expect(listed(pack.create({}).schedule([work(0, 2)], c, 0))).toEqual([{ workId: 0, gpus: [2, 3] }]);
  });

  it('keeps work pinned to a site in that site, and is strict like fifo', () => {
    const c = cluster(1, 2, 4, ['a', 'b']);
    expect(listed(pack.create({}).schedule([work(0, 6, { site: 'b' })], c, 0))).toEqual([{ workId: 0, gpus: [8, 9, 10, 11, 12, 13] }]);
    expect(listed(pack.create({}).schedule([work(0, 20), work(1, 1)], c, 0))).toEqual([]);
  });
});
