import { rangesOf } from '../../../src/sim/policy/GpuRanges.ts';
/** The rack-level part of the cluster view that placement policies use. */
import { describe, expect, it } from 'vitest';
import { cluster } from './support.ts';

describe('cluster view: racks', () => {
  it('numbers racks site by site and tells each GPU\'s rack and each rack\'s site', () => {
    const c = cluster(2, 2, 4, ['a', 'b']);
    expect(c.rackCount).toBe(4);
    expect([0, 7, 8, 15, 16, 31].map((g) => c.rackOfGpu(g))).toEqual([0, 0, 1, 1, 2, 3]);
    expect([0, 1, 2, 3].map((r) => c.siteOfRack(r))).toEqual(['a', 'a', 'b', 'b']);
  });

  it('keeps free GPUs per rack through allocations, shares, failures and repairs', () => {
    const c = cluster(2, 2, 4);
    const free = () => [0, 1].map((r) => c.freeGpusOnRack(r));
    expect(free()).toEqual([8, 8]);
    c.allocate(1, rangesOf([0, 1, 9]));
    expect(free()).toEqual([6, 7]);
    c.allocateShare(2, 10, 300);
    c.allocateShare(3, 10, 300);
    expect(free()).toEqual([6, 6]);
    c.changeDown(12, 16, 1, () => {});
    expect(free()).toEqual([6, 2]);
    c.releaseShare(2, 10, 300);
    expect(free()).toEqual([6, 2]);
    c.releaseShare(3, 10, 300);
    expect(free()).toEqual([6, 3]);
    c.release(1, rangesOf([0, 1, 9]));
    c.changeDown(12, 16, -1, () => {});
    expect(free()).toEqual([8, 8]);
    let total = 0;
    for (let g = 0; g < c.gpuCount; g++) if (c.isGpuFree(g)) total++;
    expect(total).toBe(c.freeGpuCount);
  });

  it('proposes free GPUs of one rack, best fit on its nodes, or null when the rack has too few', () => {
    const c = cluster(2, 2, 4);
    c.allocate(1, rangesOf([8, 9, 10])); // rack 1: node 2 has 1 free, node 3 has 4
    expect(c.findFreeGpusInRack(1, 1)).toEqual([11]);
    expect(c.findFreeGpusInRack(2, 1)).toEqual([12, 13]);
    expect(c.findFreeGpusInRack(5, 1)).toEqual([11, 12, 13, 14, 15]);
    expect(c.findFreeGpusInRack(6, 1)).toBeNull();
    expect(c.findFreeGpusInRack(1, 2)).toBeNull();
    expect(c.findFreeGpusInRack(0, 0)).toBeNull();
  });

  it('never proposes a share of a GPU that is down while its sharers hang on an undetected failure', () => {
    const c = cluster(1, 1, 2);
    c.allocateShare(1, 0, 300);
    c.changeDown(0, 1, 1, () => {}); // the sharer hangs, holding its share, until detection
    expect(c.findSharedGpu(0.2)).toBe(1);
    c.allocate(2, rangesOf([1]));
    expect(c.findSharedGpu(0.2)).toBeNull();
  });

  it('refuses a placement on a GPU held back from the scheduler (not free)', () => {
    const c = cluster(1, 1, 4);
    c.allocate(-3, rangesOf([3]));
    expect(c.isGpuFree(3)).toBe(false);
    expect(c.checkPlacement([3, 4], 1)).toMatch(/is held back/);
  });
});
