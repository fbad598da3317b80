import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClusterState } from '../../../../src/sim/model/ClusterState.ts';
import { Topology } from '../../../../src/sim/model/Topology.ts';
import { rangesCount, rangesToList } from '../../../../src/sim/policy/GpuRanges.ts';

/** Two sites with different node sizes, so ranges cross node, rack and site boundaries. */
const topo = () => new Topology({
  sites: [
    { id: 'a', racks: 3, nodesPerRack: 4, node: { gpus: 8, gpu: 'H100', speed: 1 } },
    { id: 'b', racks: 2, nodesPerRack: 3, node: { gpus: 4, gpu: 'A100', speed: 0.5 } },
  ],
});

type Op = { kind: 'place'; count: number } | { kind: 'release'; pick: number } | { kind: 'fail'; first: number; len: number } | { kind: 'repair'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('place' as const), count: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ kind: fc.constant('release' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('fail' as const), first: fc.nat(119), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('repair' as const), pick: fc.nat() }),
);

describe('ClusterState on GPU ranges', () => {
  it('keeps its free, up and held-down counts equal to a GPU-by-GPU account, whatever is placed, released, failed and repaired', () => {
    fc.assert(fc.property(fc.array(op, { maxLength: 80 }), (ops) => {
      const t = topo(), st = new ClusterState(t);
      const owner = new Int32Array(t.gpuCount).fill(-1), down = new Int32Array(t.gpuCount);
      const held = new Map<number, number[]>();
      const failures: [number, number][] = [];
      let next = 0;
      for (const o of ops) {
        if (o.kind === 'place') {
          const r = st.findFreeGpuRanges(o.count);
          const free = Array.from(owner.keys()).filter((g) => owner[g] === -1 && down[g] === 0).length;
          if (o.count > free) { expect(r).toBeNull(); continue; }
          expect(r).not.toBeNull();
          expect(rangesCount(r!)).toBe(o.count);
          expect(st.checkPlacement(r!, o.count)).toBeUndefined();
          const task = next++;
          st.allocate(task, r!);
          for (const g of rangesToList(r!)) { expect(owner[g]).toBe(-1); owner[g] = task; }
          held.set(task, [...r!]);
        } else if (o.kind === 'release' && held.size > 0) {
          const task = [...held.keys()][o.pick % held.size];
          st.release(task, held.get(task)!);
          for (const g of rangesToList(held.get(task)!)) owner[g] = -1;
          held.delete(task);
        } else if (o.kind === 'fail') {
          const end = Math.min(t.gpuCount, o.first + o.len);
          st.changeDown(o.first, end, 1, () => {});
          for (let g = o.first; g < end; g++) down[g]++;
          failures.push([o.first, end]);
        } else if (o.kind === 'repair' && failures.length > 0) {
          const [first, end] = failures.splice(o.pick % failures.length, 1)[0];
          st.changeDown(first, end, -1, () => {});
          for (let g = first; g < end; g++) down[g]--;
        }
        // The account, GPU by GPU.
        let free = 0;
        const siteFree = [0, 0], siteUp = [0, 0];
        for (let g = 0; g < t.gpuCount; g++) {
          const s = st.siteOfGpu(g);
          expect(st.isGpuUp(g)).toBe(down[g] === 0);
          expect(st.isGpuFree(g)).toBe(down[g] === 0 && owner[g] === -1);
          if (down[g] === 0) siteUp[s]++;
          if (down[g] === 0 && owner[g] === -1) { free++; siteFree[s]++; }
        }
        expect(st.freeGpuCount).toBe(free);
        expect([st.freeGpusInSite(0), st.freeGpusInSite(1)]).toEqual(siteFree);
        expect([st.upGpusInSite(0), st.upGpusInSite(1)]).toEqual(siteUp);
        for (let n = 0; n < t.nodeCount; n++) {
          let k = 0;
          for (let g = t.nodeFirstGpu[n]; g < t.nodeFirstGpu[n + 1]; g++) if (down[g] === 0 && owner[g] === -1) k++;
          expect(st.freeGpusOnNode(n)).toBe(k);
        }
        for (const [task, r] of held) {
          const list = rangesToList(r);
          expect(st.downGpusHeld(task)).toBe(list.filter((g) => down[g] > 0).length);
          expect(st.downIn(r)).toEqual(list.filter((g) => down[g] > 0));
        }
      }
    }), { numRuns: 150 });
  });
});
