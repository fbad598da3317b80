import { rangesOf } from '../../../src/sim/policy/GpuRanges.ts';
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
    st.allocate(0, rangesOf([0, 1, 2]));
    st.allocate(1, rangesOf([4, 5]));
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
    for (let n = 0; n < 50; n++) st.allocate(n, rangesOf(Array.from({ length: n % 8 }, (_, k) => n * 8 + k)));
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
    st.allocate(0, rangesOf([0, 1, 2]));
    expect([st.upGpuCount, st.freeGpuCount, st.busyGpuCount]).toEqual([8, 5, 3]);
    expect(st.freeGpusOnNode(0)).toBe(1);
    const hit: number[] = [];
    st.changeDown(0, 4, 1, (t) => { hit.push(t); st.release(0, rangesOf([0, 1, 2])); });
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
    st.allocate(0, rangesOf([0, 1, 2]));
    st.allocate(1, rangesOf([3, 4]));
    const hit: number[] = [];
    st.changeDown(0, 8, 1, (t) => hit.push(t));
    expect(hit).toEqual([0, 1]);
  });

  it('frees a GPU on release only when it is up', () => {
    const st = new ClusterState(new Topology(spec(1, 2)));
    st.allocate(0, rangesOf([0, 1]));
    st.changeDown(1, 2, 1, () => {});
    st.release(0, rangesOf([0, 1]));
    expect(st.freeGpuCount).toBe(1);
    expect(st.isGpuFree(0)).toBe(true);
    expect(st.isGpuFree(1)).toBe(false);
  });
});

describe('ClusterState.checkPlacement', () => {
  const st = new ClusterState(new Topology(spec(1, 4)));
  st.allocate(5, rangesOf([1]));
  st.changeDown(2, 3, 1, () => {});

  it('accepts free GPUs of the right count, as ranges', () => {
    expect(st.checkPlacement([0, 1, 3, 4], 2)).toBeUndefined();
  });

  it('names what is wrong', () => {
    expect(st.checkPlacement([0, 1], 2)).toMatch(/needs 2 GPU\(s\), the placement gives 1/);
    expect(st.checkPlacement([9, 10], 1)).toMatch(/outside the cluster's GPUs \[0, 4\)/);
    expect(st.checkPlacement([-1, 0], 1)).toMatch(/outside the cluster/);
    expect(st.checkPlacement([0], 1)).toMatch(/length is odd/);
    expect(st.checkPlacement([3, 3], 0)).toMatch(/is empty/);
    expect(st.checkPlacement([3, 4, 0, 1], 2)).toMatch(/sorted and merged/);
    expect(st.checkPlacement([0, 1, 1, 2], 2)).toMatch(/sorted and merged/);
    expect(st.checkPlacement([2, 3], 1)).toBe('GPU a/r0/n0/g2 is down');
    expect(st.checkPlacement([1, 2], 1)).toBe('GPU a/r0/n0/g1 is already running task 5');
    expect(st.checkPlacement('x' as never, 1)).toMatch(/not a list/);
  });
});

describe('ClusterState at scale: whole nodes as ranges', () => {
  /** 64 nodes of 8 GPUs in one rack. */
  const big = () => new ClusterState(new Topology(spec(64, 8)));

  it('proposes whole free nodes as one range for a job of many nodes', () => {
    const st = big();
    st.allocate(1, [0, 3]); // node 0 partly used
    expect(st.findFreeGpuRanges(400)).toEqual([8, 408]);
    expect(st.findFreeGpuRanges(509)).toEqual([3, 512]);
    expect(st.findFreeGpuRanges(510)).toBeNull();
  });

  it('finds a GPU that is down or held inside a range of whole nodes', () => {
    const st = big();
    st.changeDown(203, 204, 1, () => {});
    expect(st.checkPlacement([8, 400], 392)).toBe('GPU a/r0/n25/g3 is down');
    st.changeDown(203, 204, -1, () => {});
    st.allocate(7, [300, 301]);
    expect(st.checkPlacement([8, 400], 392)).toBe('GPU a/r0/n37/g4 is already running task 7');
  });

  it('gives back only the GPUs that are up when a job on whole nodes is released', () => {
    const st = big();
    st.allocate(3, [0, 512]);
    expect(st.freeGpuCount).toBe(0);
    const hit: number[] = [];
    st.changeDown(16, 24, 1, (t) => hit.push(t)); // node 2
    st.changeDown(100, 101, 1, (t) => hit.push(t));
    expect(hit).toEqual([3, 3]);
    expect(st.downGpusHeld(3)).toBe(9);
    expect(st.downIn([0, 512])).toEqual([16, 17, 18, 19, 20, 21, 22, 23, 100]);
    st.release(3, [0, 512]);
    expect(st.downGpusHeld(3)).toBe(0);
    expect(st.freeGpuCount).toBe(503);
    expect(st.freeGpusOnNode(2)).toBe(0);
    expect(st.freeGpusOnNode(12)).toBe(7);
    // The best fit for 7 GPUs is the node with exactly 7 free.
    expect(st.findFreeGpuRanges(7)).toEqual([96, 100, 101, 104]);
  });
});
