/**
 * NodeFree, driven directly: free GPUs per node, per site and in all, and the nodes indexed
 * by their free count (`withFree[k]`: the nodes with exactly k free, k ≥ 1).
 *
 * The rules (its TSDoc): it starts with every GPU free; `set`, `add` and `setRun` (a run of
 * nodes of one site going from the same count to the same count) keep the per-node, per-site
 * and total counts and the index in step; `allHave` tells whether every node of a range has
 * exactly k free; `spans(a, b)` calls `part` for a node only partly inside GPUs [a, b) and
 * `whole` for each run of whole nodes inside, split at sites.
 *
 * The cluster: site a, 3 racks × 4 nodes × 8 GPUs (nodes 0–11, GPUs 0–95; node n holds GPUs
 * 8n…8n+7); site b, 2 racks × 3 nodes × 4 GPUs (nodes 12–17, GPUs 96–119; node 12+j holds
 * GPUs 96+4j…99+4j).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { NodeFree } from '../../../../src/sim/model/cluster/NodeFree.ts';
import { Topology } from '../../../../src/sim/model/Topology.ts';

const topo = new Topology({
  sites: [
    { id: 'a', racks: 3, nodesPerRack: 4, node: { gpus: 8, gpu: 'H100', speed: 1 } },
    { id: 'b', racks: 2, nodesPerRack: 3, node: { gpus: 4, gpu: 'A100', speed: 0.5 } },
  ],
});
const PER = [8, 4], FIRST = [0, 12, 18];

/** Every count and the index, recomputed from the per-node counts, against what `f` keeps. */
function expectConsistent(f: NodeFree): void {
  const site = [0, 0], wrong: string[] = [];
  for (let n = 0; n < topo.nodeCount; n++) {
    const s = n < 12 ? 0 : 1;
    site[s] += f.free[n];
    if (f.free[n] < 0 || f.free[n] > PER[s]) wrong.push(`node ${n} has ${f.free[n]} free`);
    for (let k = 1; k <= 8; k++) if (f.withFree[k].has(n) !== (f.free[n] === k)) wrong.push(`node ${n} (${f.free[n]} free) in withFree[${k}]: ${f.withFree[k].has(n)}`);
    if (!f.allHave(n, n + 1, f.free[n])) wrong.push(`allHave(${n}, ${n + 1}, ${f.free[n]}) is false`);
  }
  expect(wrong).toEqual([]);
  expect(Array.from(f.siteFree)).toEqual(site);
  expect(f.total).toBe(site[0] + site[1]);
}

describe('NodeFree: counts', () => {
  it('starts with every GPU free, per node, per site and in all, and knows each node\'s site', () => {
    const f = new NodeFree(topo);
    expect(Array.from(f.free)).toEqual([...Array(12).fill(8), ...Array(6).fill(4)]);
    expect(Array.from(f.siteFree)).toEqual([96, 24]);
    expect(f.total).toBe(120);
    expect(Array.from(f.siteFirstNode)).toEqual(FIRST);
    expect(Array.from(f.nodeSite)).toEqual([...Array(12).fill(0), ...Array(6).fill(1)]);
    expect([f.gpusPerNodeOf(0), f.gpusPerNodeOf(1)]).toEqual(PER);
    expect(f.allHave(0, 12, 8)).toBe(true);
    expect(f.allHave(12, 18, 4)).toBe(true);
    expect(f.allHave(11, 13, 8)).toBe(false);
    expectConsistent(f);
  });

  it('set moves a node to its new count in the index and changes its site\'s and the total', () => {
    const f = new NodeFree(topo);
    f.set(3, 5);
    expect([f.free[3], f.siteFree[0], f.siteFree[1], f.total]).toEqual([5, 93, 24, 117]);
    expect(f.withFree[8].has(3)).toBe(false);
    expect(f.withFree[5].has(3)).toBe(true);
    f.set(3, 0);
    expect([f.free[3], f.siteFree[0], f.total]).toEqual([0, 88, 112]);
    expect(f.withFree[5].has(3)).toBe(false);
    f.set(3, 0); // no change
    expect(f.total).toBe(112);
    f.set(14, 1);
    expect([f.siteFree[0], f.siteFree[1], f.total]).toEqual([88, 21, 109]);
    expect(f.withFree[1].next(0)).toBe(14);
    expectConsistent(f);
  });

  it('add changes a node\'s count by a delta, both ways', () => {
    const f = new NodeFree(topo);
    f.add(14, -3);
    expect([f.free[14], f.siteFree[1], f.total]).toEqual([1, 21, 117]);
    f.add(14, 2);
    expect([f.free[14], f.siteFree[1], f.total]).toEqual([3, 23, 119]);
    expect(f.withFree[3].has(14)).toBe(true);
    f.add(14, 1);
    expect(f.withFree[4].has(14)).toBe(true);
    f.add(0, -8);
    expect(f.allHave(0, 1, 0)).toBe(true);
    expectConsistent(f);
  });

  it('setRun changes a run of nodes of one site from one count to another at once', () => {
    const f = new NodeFree(topo);
    f.setRun(1, 11, 8, 0);
    expect([f.siteFree[0], f.total]).toEqual([16, 40]);
    expect(f.allHave(1, 11, 0)).toBe(true);
    expect(f.withFree[8].next(0)).toBe(0);
    expect(f.withFree[8].next(1)).toBe(11);
    f.setRun(12, 18, 4, 2);
    expect([f.siteFree[1], f.total]).toEqual([12, 28]);
    expect(f.allHave(12, 18, 2)).toBe(true);
    f.setRun(2, 6, 0, 8);
    expect([f.siteFree[0], f.total]).toEqual([48, 60]);
    expect(f.allHave(2, 6, 8)).toBe(true);
    expect(f.allHave(1, 6, 8)).toBe(false);
    expectConsistent(f);
  });

  it('setRun does nothing for an empty run or an unchanged count', () => {
    const f = new NodeFree(topo);
    f.setRun(4, 4, 8, 0);
    f.setRun(5, 3, 8, 0);
    f.setRun(0, 12, 8, 8);
    expect(f.total).toBe(120);
    expect(f.allHave(0, 12, 8)).toBe(true);
    expectConsistent(f);
  });

  it('allHave(…, 0) is true only when every node of the range has none free', () => {
    const f = new NodeFree(topo);
    f.setRun(12, 18, 4, 0);
    expect(f.allHave(12, 18, 0)).toBe(true);
    f.set(16, 1);
    expect(f.allHave(12, 18, 0)).toBe(false);
    expect(f.allHave(12, 16, 0)).toBe(true);
  });

  it('keeps the counts and the index in step whatever the sequence of set, add and setRun', () => {
    type Op = { op: 'set'; n: number; k: number } | { op: 'add'; n: number; d: number } | { op: 'run'; n: number; len: number; to: number };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('set' as const), n: fc.nat(17), k: fc.nat(8) }),
      fc.record({ op: fc.constant('add' as const), n: fc.nat(17), d: fc.integer({ min: -8, max: 8 }) }),
      fc.record({ op: fc.constant('run' as const), n: fc.nat(17), len: fc.integer({ min: 1, max: 12 }), to: fc.nat(8) }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 40 }), (ops) => {
      const f = new NodeFree(topo);
      for (const o of ops) {
        const s = o.n < 12 ? 0 : 1, per = PER[s];
        if (o.op === 'set') f.set(o.n, Math.min(o.k, per));
        else if (o.op === 'add') f.add(o.n, Math.max(-f.free[o.n], Math.min(per - f.free[o.n], o.d)));
        else {
          // A run of one site whose nodes all have the first one's count (as setRun requires).
          const from = f.free[o.n];
          let end = o.n + 1;
          while (end < Math.min(FIRST[s + 1], o.n + o.len) && f.free[end] === from) end++;
          expect(f.allHave(o.n, end, from)).toBe(true);
          f.setRun(o.n, end, from, Math.min(o.to, per));
        }
      }
      expectConsistent(f);
    }), { numRuns: 150 });
  });
});

describe('NodeFree.spans', () => {
  /** The calls spans(a, b) makes, in order. */
  function spans(a: number, b: number): string[] {
    const calls: string[] = [];
    new NodeFree(topo).spans(a, b, (n0, n1, s) => calls.push(`whole ${n0}-${n1} site ${s}`), (n, x, y) => calls.push(`part ${n} ${x}-${y}`));
    return calls;
  }

  it('a range inside one node is a part of it', () => {
    expect(spans(3, 5)).toEqual(['part 0 3-5']);
    expect(spans(0, 4)).toEqual(['part 0 0-4']);
    expect(spans(9, 16)).toEqual(['part 1 9-16']);
    expect(spans(101, 103)).toEqual(['part 13 101-103']);
  });

  it('a whole node, or a run of them, is one whole run', () => {
    expect(spans(8, 16)).toEqual(['whole 1-2 site 0']);
    expect(spans(0, 96)).toEqual(['whole 0-12 site 0']);
    expect(spans(96, 120)).toEqual(['whole 12-18 site 1']);
  });

  it('splits a range into its partial first node, whole runs per site, and partial last node', () => {
    expect(spans(4, 100)).toEqual(['part 0 4-8', 'whole 1-12 site 0', 'whole 12-13 site 1']);
    expect(spans(4, 102)).toEqual(['part 0 4-8', 'whole 1-12 site 0', 'whole 12-13 site 1', 'part 13 100-102']);
    expect(spans(0, 120)).toEqual(['whole 0-12 site 0', 'whole 12-18 site 1']);
    expect(spans(20, 44)).toEqual(['part 2 20-24', 'whole 3-5 site 0', 'part 5 40-44']);
  });

  it('two neighbouring partial nodes, across a site boundary or not, are two parts', () => {
    expect(spans(4, 10)).toEqual(['part 0 4-8', 'part 1 8-10']);
    expect(spans(90, 98)).toEqual(['part 11 90-96', 'part 12 96-98']);
    expect(spans(90, 100)).toEqual(['part 11 90-96', 'whole 12-13 site 1']);
    expect(spans(88, 98)).toEqual(['whole 11-12 site 0', 'part 12 96-98']);
  });

  it('an empty range calls nothing', () => {
    expect(spans(5, 5)).toEqual([]);
    expect(spans(6, 5)).toEqual([]);
  });

  it('covers every GPU of the range exactly once, whatever the range', () => {
    fc.assert(fc.property(fc.nat(120), fc.nat(120), (x, y) => {
      const [a, b] = x <= y ? [x, y] : [y, x];
      const seen: number[] = [];
      new NodeFree(topo).spans(a, b, (n0, n1, s) => {
        expect(n0).toBeGreaterThanOrEqual(FIRST[s]);
        expect(n1).toBeLessThanOrEqual(FIRST[s + 1]);
        for (let g = topo.nodeFirstGpu[n0]; g < topo.nodeFirstGpu[n1]; g++) seen.push(g);
      }, (n, p, q) => {
        expect(topo.nodeFirstGpu[n] <= p && q <= topo.nodeFirstGpu[n + 1] && q - p < topo.nodeFirstGpu[n + 1] - topo.nodeFirstGpu[n]).toBe(true);
        for (let g = p; g < q; g++) seen.push(g);
      });
      expect(seen).toEqual(Array.from({ length: b - a }, (_, i) => a + i));
    }), { numRuns: 300 });
  });
});
