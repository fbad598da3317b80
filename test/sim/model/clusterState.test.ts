import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../src/sim/model/ClusterState.ts';
import { Topology } from '../../../src/sim/model/Topology.ts';
import type { ClusterSpec } from '../../../src/sim/scenario/types.ts';

const spec = (nodes: number, gpus: number): ClusterSpec => ({
  sites: [{ id: 'a', racks: 1, nodesPerRack: nodes, node: { gpus, gpu: 'H100', speed: 1 } }],
});
const nodesOf = (st: ClusterState, gpus: readonly number[]) => gpus.map((g) => st.nodeOfGpu(g));

describe('ClusterState.findFreeGpus (best fit)', () => {
  /** Three 4-GPU nodes with 1, 2 and 4 GPUs free. */
  function partlyUsed(): ClusterState {
    const st = new ClusterState(new Topology(spec(3, 4)));
    st.allocate(0, [0, 1, 2]);
    st.allocate(1, [4, 5]);
    return st;
  }

  it('picks the fullest node that still has room', () => {
    const st = partlyUsed();
    expect(st.findFreeGpus(1)).toEqual([3]);
    expect(st.findFreeGpus(2)).toEqual([6, 7]);
    expect(st.findFreeGpus(3)).toEqual([8, 9, 10]);
    expect(st.findFreeGpus(4)).toEqual([8, 9, 10, 11]);
  });

  it('does not change the state (it only proposes)', () => {
    const st = partlyUsed();
    st.findFreeGpus(2);
    expect(st.freeGpuCount).toBe(7);
    expect(st.findFreeGpus(2)).toEqual([6, 7]);
  });

  it('spans nodes when no node has room, taking free whole nodes first', () => {
    const st = partlyUsed();
    const g = st.findFreeGpus(5)!;
    expect(g).toHaveLength(5);
    expect(new Set(g).size).toBe(5);
    expect(g.every((x) => st.isGpuFree(x))).toBe(true);
    expect(nodesOf(st, g).filter((n) => n === 2)).toHaveLength(4);
  });

  it('returns every free GPU when asked for all of them', () => {
    const st = partlyUsed();
    expect(st.findFreeGpus(7)!.sort((a, b) => a - b)).toEqual([3, 6, 7, 8, 9, 10, 11]);
  });

  it('returns null when too few GPUs are free, or the count is not positive', () => {
    const st = partlyUsed();
    expect(st.findFreeGpus(8)).toBeNull();
    expect(st.findFreeGpus(0)).toBeNull();
    expect(st.findFreeGpus(-1)).toBeNull();
    expect(st.findFreeGpus(NaN)).toBeNull();
  });

  it('skips GPUs that are down', () => {
    const st = partlyUsed();
    st.changeDown(3, 4, 1, () => { throw new Error('no task holds GPU 3'); });
    expect(st.isGpuUp(3)).toBe(false);
    expect(st.findFreeGpus(1)).toEqual([6]);
    st.changeDown(8, 9, 1, () => {});
    expect(st.findFreeGpus(3)).toEqual([9, 10, 11]);
    // Node 2 has 3 free, node 1 has 2: a 4-GPU request takes node 2's three, then one of node 1.
    expect(nodesOf(st, st.findFreeGpus(4)!).sort()).toEqual([1, 2, 2, 2]);
  });

  it('proposes a single node for a request that fits on one, across many nodes', () => {
    const st = new ClusterState(new Topology(spec(50, 8)));
    for (let n = 0; n < 50; n++) st.allocate(n, Array.from({ length: n % 8 }, (_, k) => n * 8 + k));
    const g = st.findFreeGpus(3)!;
    expect(new Set(nodesOf(st, g)).size).toBe(1);
    // The fullest node with room has exactly 3 free.
    expect(st.freeGpusOnNode(st.nodeOfGpu(g[0]))).toBe(3);
  });
});

describe('ClusterState accounting', () => {
  it('counts up, free and busy GPUs through allocate, release and failures', () => {
    const st = new ClusterState(new Topology(spec(2, 4)));
    expect([st.upGpuCount, st.freeGpuCount, st.busyGpuCount]).toEqual([8, 8, 0]);
    st.allocate(0, [0, 1, 2]);
    expect([st.upGpuCount, st.freeGpuCount, st.busyGpuCount]).toEqual([8, 5, 3]);
    expect(st.freeGpusOnNode(0)).toBe(1);
    const hit: number[] = [];
    st.changeDown(0, 4, 1, (t) => { hit.push(t); st.release([0, 1, 2]); });
    expect(hit).toEqual([0]);
    expect([st.upGpuCount, st.freeGpuCount, st.busyGpuCount]).toEqual([4, 4, 0]);
    expect(st.freeGpusOnNode(0)).toBe(0);
    st.changeDown(0, 4, -1, () => {});
    expect([st.upGpuCount, st.freeGpuCount, st.busyGpuCount]).toEqual([8, 8, 0]);
    expect(st.freeGpusOnNode(0)).toBe(4);
  });

  it('keeps a GPU down until every failure covering it ends', () => {
    const st = new ClusterState(new Topology(spec(1, 2)));
    st.changeDown(0, 2, 1, () => {});
    st.changeDown(0, 1, 1, () => {});
    st.changeDown(0, 2, -1, () => {});
    expect(st.isGpuUp(0)).toBe(false);
    expect(st.isGpuUp(1)).toBe(true);
    expect(st.upGpuCount).toBe(1);
    st.changeDown(0, 1, -1, () => {});
    expect(st.upGpuCount).toBe(2);
  });

  it('reports each task hit by a failure once', () => {
    const st = new ClusterState(new Topology(spec(1, 8)));
    st.allocate(0, [0, 1, 2]);
    st.allocate(1, [3, 4]);
    const hit: number[] = [];
    st.changeDown(0, 8, 1, (t) => hit.push(t));
    expect(hit).toEqual([0, 1]);
  });

  it('frees a GPU on release only when it is up', () => {
    const st = new ClusterState(new Topology(spec(1, 2)));
    st.allocate(0, [0, 1]);
    st.changeDown(1, 2, 1, () => {});
    st.release([0, 1]);
    expect(st.freeGpuCount).toBe(1);
    expect(st.isGpuFree(0)).toBe(true);
    expect(st.isGpuFree(1)).toBe(false);
  });
});

describe('ClusterState.checkPlacement', () => {
  const st = new ClusterState(new Topology(spec(1, 4)));
  st.allocate(5, [1]);
  st.changeDown(2, 3, 1, () => {});

  it('accepts distinct free GPUs of the right count', () => {
    expect(st.checkPlacement([0, 3], 2)).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(st.checkPlacement([0], 2)).toMatch(/needs 2 GPU\(s\), the placement gives 1/);
    expect(st.checkPlacement([9], 1)).toMatch(/GPU 9 does not exist/);
    expect(st.checkPlacement([-1], 1)).toMatch(/does not exist/);
    expect(st.checkPlacement([2], 1)).toBe('GPU a/r0/n0/g2 is down');
    expect(st.checkPlacement([1], 1)).toBe('GPU a/r0/n0/g1 is already running task 5');
    expect(st.checkPlacement([0, 0], 2)).toBe('GPU a/r0/n0/g0 is given twice');
    expect(st.checkPlacement('x' as never, 1)).toMatch(/not a list/);
  });
});
