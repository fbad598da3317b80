/**
 * SparePool, driven directly (no simulate()): a real ClusterState on a small Topology, GPUs
 * failed and repaired by hand with `changeDown`, and a job's swap done as Failover does it
 * (take spares, release the failed GPUs, give them back).
 *
 * The rules (SparePool's TSDoc): the pool starts with `size` GPUs taken from the end of the
 * cluster, node by node, held by SPARE (not free: the scheduler cannot place on them); `ready`
 * counts the pool's GPUs that are up; `take(n)` hands out n spares that are up, released
 * (free) for the caller to allocate, and throws when fewer are ready; GPUs given back rejoin
 * the pool once repaired, only while the pool is short of `size`, and only if nobody took
 * them meanwhile.
 */
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../src/sim/model/ClusterState.ts';
import { SPARE, SparePool } from '../../../src/sim/model/SparePool.ts';
import { Topology } from '../../../src/sim/model/Topology.ts';
import { rangesOf } from '../../../src/sim/policy/GpuRanges.ts';
import type { SiteSpec } from '../../../src/sim/scenario/types.ts';

function site(id: string, racks: number, nodesPerRack: number, gpus: number): SiteSpec {
  return { id, racks, nodesPerRack, node: { gpus, gpu: 'H100', speed: 1 } };
}

/** One site of 2 racks × 2 nodes × 4 GPUs: GPUs 0..15, node n holds 4n..4n+3. */
function setup(size: number, sites: SiteSpec[] = [site('dc', 2, 2, 4)]) {
  const state = new ClusterState(new Topology({ sites }));
  const pool = new SparePool(state, size);
  const hits: number[] = [];
  /** GPU `g` fails (+1) or is repaired (-1). */
  const gpu = (g: number, delta: 1 | -1) => state.changeDown(g, g + 1, delta, (t) => hits.push(t));
  const spares = () => Array.from({ length: state.gpuCount }, (_, g) => g).filter((g) => state.owner[g] === SPARE);
  return { state, pool, gpu, hits, spares };
}

describe('SparePool: the pool at the start', () => {
  it('holds back whole nodes from the end of the cluster: not free, not placeable, still up', () => {
    const { state, pool, spares } = setup(8);
    expect(pool.size).toBe(8);
    expect(spares()).toEqual([8, 9, 10, 11, 12, 13, 14, 15]); // nodes 2 and 3
    expect(pool.ready).toBe(8);
    expect(state.freeGpuCount).toBe(8);
    expect(state.upGpuCount).toBe(16);
    for (let g = 8; g < 16; g++) {
      expect(state.isGpuUp(g)).toBe(true);
      expect(state.isGpuFree(g)).toBe(false);
    }
    expect([0, 1, 2, 3].map((n) => state.freeGpusOnNode(n))).toEqual([4, 4, 0, 0]);
    expect(state.freeGpusOnRack(1)).toBe(0);
    expect(state.findFreeGpus(8)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(state.findFreeGpus(9)).toBeNull();
    expect(state.checkPlacement([12, 13], 1)).toMatch(/held back \(not free\)/);
  });

  it('walks the nodes of the last site from its end, whatever their size', () => {
    // Site a: 2 nodes × 4 GPUs (0..7); site b: 2 nodes × 2 GPUs (8..11).
    const { spares, pool } = setup(4, [site('a', 1, 2, 4), site('b', 1, 2, 2)]);
    expect(spares()).toEqual([8, 9, 10, 11]);
    expect(pool.ready).toBe(4);
    const { spares: spares6 } = setup(6, [site('a', 1, 2, 4), site('b', 1, 2, 2)]);
    // Both nodes of b, then the highest GPUs of a's last node (a size that is not whole nodes).
    expect(spares6()).toEqual([6, 7, 8, 9, 10, 11]);
  });
});

describe('SparePool: ready', () => {
  it('counts the spares that are up, following failures and repairs of the pool’s GPUs', () => {
    const { state, pool, gpu, hits } = setup(8);
    gpu(9, 1);
    expect(pool.ready).toBe(7);
    state.changeDown(12, 16, 1, (t) => hits.push(t)); // node 3
    expect(pool.ready).toBe(3);
    gpu(13, 1); // a second failure over a GPU already down
    expect(pool.ready).toBe(3);
    gpu(0, 1); // not a spare
    expect(pool.ready).toBe(3);
    state.changeDown(12, 16, -1, (t) => hits.push(t));
    expect(pool.ready).toBe(6); // 13 is still down
    gpu(13, -1);
    gpu(9, -1);
    expect(pool.ready).toBe(8);
    expect(hits).toEqual([]); // the pool is not a task: no work was hit
  });
});

describe('SparePool: take', () => {
  it('hands out spares that are up and releases them (free, for the caller to allocate)', () => {
    const { state, pool, gpu, spares } = setup(8);
    gpu(8, 1);
    gpu(9, 1);
    expect(pool.ready).toBe(6);
    const got = pool.take(3);
    expect(got).toEqual([10, 11, 12]);
    for (const g of got) {
      expect(state.isGpuFree(g)).toBe(true);
      expect(state.owner[g]).toBe(-1);
    }
    expect(spares()).toEqual([8, 9, 13, 14, 15]);
    expect(pool.ready).toBe(3);
    expect(state.freeGpuCount).toBe(8 + 3);
    expect(state.checkPlacement([10, 13], 3)).toBeUndefined(); // a caller can place on them
    expect(pool.take(0)).toEqual([]);
  });

  it('throws when fewer spares are ready than asked, counting only those that are up, and leaves the pool as it was', () => {
    const { state, pool, gpu, spares } = setup(4);
    gpu(12, 1);
    gpu(14, 1);
    expect(() => pool.take(3)).toThrow(RangeError);
    expect(() => pool.take(3)).toThrow(/2 GPUs ready, 3 asked/);
    expect(spares()).toEqual([12, 13, 14, 15]);
    expect(pool.ready).toBe(2);
    expect(state.freeGpuCount).toBe(12);
    expect(pool.take(2)).toEqual([13, 15]);
    expect(() => pool.take(1)).toThrow(/0 GPUs ready, 1 asked/);
  });
});

describe('SparePool: giveBack and refill', () => {
  /** A job (task 0) on GPUs 0..3 of a 16-GPU cluster with 4 spares (node 3); `g` fails and is swapped. */
  function swapped(g: number) {
    const s = setup(4);
    s.state.allocate(0, [0, 4]);
    s.gpu(g, 1);
    expect(s.hits).toEqual([0]);
    const spare = s.pool.take(1);
    s.state.release(0, [g, g + 1]);
    s.state.allocate(0, rangesOf(spare));
    s.pool.giveBack([g]);
    expect(s.state.owner[spare[0]]).toBe(0);
    return { ...s, spare };
  }

  it('takes a swapped-out GPU back into the pool once it is repaired', () => {
    const { state, pool, gpu, spares, spare } = swapped(1);
    expect(spare).toEqual([12]);
    expect(spares()).toEqual([13, 14, 15]); // down GPU 1 does not join at once
    expect(pool.ready).toBe(3);
    pool.refill(); // still down
    expect(spares()).toEqual([13, 14, 15]);
    const free = state.freeGpuCount;
    gpu(1, -1);
    expect(state.isGpuFree(1)).toBe(true);
    pool.refill();
    expect(spares()).toEqual([1, 13, 14, 15]);
    expect(state.isGpuFree(1)).toBe(false);
    expect(state.freeGpuCount).toBe(free);
    expect(pool.ready).toBe(4);
    expect(pool.take(4).sort((a, b) => a - b)).toEqual([1, 13, 14, 15]);
  });

  it('takes a GPU given back up and free at once', () => {
    const { state, pool, spares } = setup(4);
    pool.take(1);
    pool.giveBack([5]);
    expect(spares()).toEqual([5, 13, 14, 15]);
    expect(state.isGpuFree(5)).toBe(false);
    expect(pool.ready).toBe(4);
  });

  it('leaves a repaired GPU that the scheduler took meanwhile, and forgets it', () => {
    const { state, pool, gpu, spares } = swapped(2);
    gpu(2, -1);
    state.allocate(7, [2, 3]); // placed before the pool looked
    pool.refill();
    expect(state.owner[2]).toBe(7);
    expect(spares()).toEqual([13, 14, 15]);
    state.release(7, [2, 3]);
    pool.refill(); // free again, but no longer waiting to rejoin
    expect(state.isGpuFree(2)).toBe(true);
    expect(spares()).toEqual([13, 14, 15]);
    expect(pool.ready).toBe(3);
  });

  it('refills only while the pool is short of its size; a repaired GPU left out joins when it is short again', () => {
    const { state, pool, gpu, spares } = setup(4);
    expect(pool.take(2)).toEqual([12, 13]);
    // Three GPUs of jobs swapped out, down; the pool is two short.
    for (const g of [1, 5, 9]) gpu(g, 1);
    pool.giveBack([1, 5, 9]);
    expect(spares()).toEqual([14, 15]);
    for (const g of [1, 5, 9]) gpu(g, -1);
    pool.refill();
    expect(spares()).toEqual([1, 5, 14, 15]); // in the order given back, up to the size
    expect(pool.ready).toBe(4);
    expect(state.isGpuFree(9)).toBe(true); // left to the scheduler
    const got = pool.take(1);
    expect(got).toHaveLength(1);
    expect(spares()).toHaveLength(3);
    pool.refill();
    expect(spares()).toEqual([1, 5, 9, 14, 15].filter((g) => g !== got[0]));
    expect(pool.ready).toBe(4);
  });
});
