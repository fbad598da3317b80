import { rangesOf } from '../../src/sim/policy/GpuRanges.ts';
import { listed } from './scheduling/support.ts';
import { describe, expect, it } from 'vitest';
import { fifo } from '../../src/policies/scheduling/fifo.ts';
import { schedulingPolicies } from '../../src/policies/scheduling/index.ts';
import type { ClusterView, QueuedWork } from '../../src/policies/types.ts';
import { ClusterState } from '../../src/sim/model/ClusterState.ts';
import { Topology } from '../../src/sim/model/Topology.ts';

const work = (id: number, gpus: number, kind: QueuedWork['kind'] = 'task'): QueuedWork => ({
  id, kind, workloadId: 'w', gpus, arrivalS: id, deadlineS: Infinity, weight: 1, workS: 10, attempts: 0, attainedGpuS: 0,
});

function cluster(nodes: number, gpusPerNode: number): ClusterState {
  return new ClusterState(new Topology({ sites: [{ id: 'a', racks: 1, nodesPerRack: nodes, node: { gpus: gpusPerNode, gpu: 'H100', speed: 1 } }] }));
}

describe('fifo', () => {
  it('is registered under its name with no parameters', () => {
    expect(schedulingPolicies).toContain(fifo);
    expect(fifo.name).toBe('fifo');
    expect(fifo.params).toEqual([]);
    expect(fifo.create({}).name).toBe('fifo');
    expect(fifo.description).toMatch(/first in, first out/i);
  });

  it('places nothing when the queue is empty', () => {
    expect(listed(fifo.create({}).schedule([], cluster(1, 8), 0))).toEqual([]);
  });

  it('starts the head of the queue on the GPUs findFreeGpus proposes', () => {
    const c = cluster(2, 4);
    c.allocate(99, rangesOf([0, 1, 2]));
    expect(listed(fifo.create({}).schedule([work(3, 1), work(4, 1)], c, 0))).toEqual([{ workId: 3, gpus: [3] }]);
    expect(listed(fifo.create({}).schedule([work(3, 2), work(4, 1)], c, 0))).toEqual([{ workId: 3, gpus: [4, 5] }]);
  });

  it('places one task per call (the engine calls again)', () => {
    expect(fifo.create({}).schedule([work(0, 1), work(1, 1), work(2, 1)], cluster(1, 8), 0)).toHaveLength(1);
  });

  it('does not backfill: a head that does not fit blocks smaller work behind it', () => {
    const c = cluster(1, 4);
    c.allocate(99, rangesOf([0, 1]));
    expect(listed(fifo.create({}).schedule([work(0, 3), work(1, 1)], c, 0))).toEqual([]);
  });

  it('asks the cluster only through the read-only view', () => {
    const calls: number[] = [];
    const view: ClusterView = {
      gpuCount: 8, nodeCount: 1, freeGpuCount: 8, upGpuCount: 8,
      isGpuUp: () => true, isGpuFree: () => true, nodeOfGpu: () => 0, gpuSpeed: () => 1, freeGpusOnNode: () => 8,
      findFreeGpus: () => { throw new Error('fifo asks for ranges'); },
      findFreeGpuRanges: (n) => { calls.push(n); return n <= 8 ? [0, n] : null; },
      findSharedGpu: (share) => { calls.push(share); return 3; },
      rackCount: 1, rackOfGpu: () => 0, siteOfRack: () => 'a', freeGpusOnRack: () => 8, findFreeGpusInRack: () => null, runningWork: () => [], sitesJoined: () => true,
    };
    expect(listed(fifo.create({}).schedule([work(7, 2)], view, 0))).toEqual([{ workId: 7, gpus: [0, 1] }]);
    expect(listed(fifo.create({}).schedule([work(8, 9)], view, 0))).toEqual([]);
    expect(listed(fifo.create({}).schedule([work(9, 0.46)], view, 0))).toEqual([{ workId: 9, gpus: [3] }]);
    expect(calls).toEqual([2, 9, 0.46]);
  });

  it('places an inference replica whenever it fits, and never lets one that does not fit block the queue', () => {
    const c = cluster(1, 4);
    const policy = fifo.create({});
    expect(listed(policy.schedule([work(0, 8, 'replica'), work(1, 2)], c, 0))).toEqual([{ workId: 1, gpus: [0, 1] }]);
    expect(listed(policy.schedule([work(0, 2, 'replica'), work(1, 2)], c, 0))).toEqual([{ workId: 0, gpus: [0, 1] }]);
  });
});
