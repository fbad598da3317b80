/**
 * findInNodes, called directly on a NodeFree and the per-GPU down counts and owners it
 * summarises (as ClusterState keeps them).
 *
 * The rules (its TSDoc): `count` free GPUs among nodes [first, end): best fit on one node —
 * the lowest-numbered of the nodes with the fewest free GPUs that still hold `count` — else
 * whole free nodes (a run of them taken as one range), then the nodes with most room,
 * lowest-numbered first; a node gives its lowest free GPUs; the result is sorted and merged
 * ranges; null when fewer than `count` are free there.
 *
 * The cluster: site a, 3 racks × 4 nodes × 8 GPUs (nodes 0–11, GPUs 0–95; node n holds GPUs
 * 8n…8n+7; rack r nodes 4r…4r+3); site b, 2 racks × 3 nodes × 4 GPUs (nodes 12–17, GPUs
 * 96–119; node 12+j holds GPUs 96+4j…99+4j; racks: nodes 12–14 and 15–17).
 */
import { describe, expect, it } from 'vitest';
import { findInNodes } from '../../../../src/sim/model/cluster/findInNodes.ts';
import { NodeFree } from '../../../../src/sim/model/cluster/NodeFree.ts';
import { Topology } from '../../../../src/sim/model/Topology.ts';

const topo = new Topology({
  sites: [
    { id: 'a', racks: 3, nodesPerRack: 4, node: { gpus: 8, gpu: 'H100', speed: 1 } },
    { id: 'b', racks: 2, nodesPerRack: 3, node: { gpus: 4, gpu: 'A100', speed: 0.5 } },
  ],
});
const SITE_A: [number, number] = [0, 12], SITE_B: [number, number] = [12, 18], ALL: [number, number] = [0, 18];

/** GPUs [first, end) of a list of pairs, expanded. */
const gpusOf = (...pairs: [number, number][]) => pairs.flatMap(([a, b]) => Array.from({ length: b - a }, (_, i) => a + i));

/** The cluster with `busy` GPUs held by task 0 and `down` GPUs failed; the rest free. */
function cluster(busy: number[] = [], down: number[] = []) {
  const owner = new Int32Array(topo.gpuCount).fill(-1), downCount = new Int32Array(topo.gpuCount);
  for (const g of busy) owner[g] = 0;
  for (const g of down) downCount[g] = 1;
  const nodes = new NodeFree(topo);
  for (let n = 0; n < topo.nodeCount; n++) {
    let free = 0;
    for (let g = topo.nodeFirstGpu[n]; g < topo.nodeFirstGpu[n + 1]; g++) if (owner[g] === -1 && downCount[g] === 0) free++;
    nodes.set(n, free);
  }
  const find = (count: number, [first, end]: [number, number]) => findInNodes(nodes, topo, downCount, owner, count, first, end);
  return { nodes, find };
}

describe('findInNodes: best fit on one node', () => {
  it('takes the node with the fewest free GPUs that still holds the count', () => {
    const { find } = cluster();
    expect(find(3, ALL)).toEqual([96, 99]); // a whole 4-GPU node of site b, not an 8-GPU one
    expect(find(4, ALL)).toEqual([96, 100]);
    expect(find(5, ALL)).toEqual([0, 5]); // no 4-GPU node holds 5
    expect(find(8, ALL)).toEqual([0, 8]);
  });

  it('among the nodes with the fewest, takes the lowest-numbered', () => {
    // Nodes 7 and 3 have 5 free, node 5 has 6: a count of 5 goes to node 3.
    const { find } = cluster([...gpusOf([56, 59]), ...gpusOf([24, 27]), 40, 41]);
    expect(find(5, SITE_A)).toEqual([27, 32]);
    expect(find(6, SITE_A)).toEqual([42, 48]); // node 5
    expect(find(4, SITE_A)).toEqual([27, 31]); // no node of site a has exactly 4: node 3 again
  });

  it('takes the lowest free GPUs of the node, around busy and down ones', () => {
    // Node 3 (GPUs 24–31): 24 and 29 busy, 26 down: free 25, 27, 28, 30, 31.
    const { find } = cluster([24, 29], [26]);
    expect(find(3, SITE_A)).toEqual([25, 26, 27, 29]);
    expect(find(5, SITE_A)).toEqual([25, 26, 27, 29, 30, 32]);
  });

  it('in a node range, takes the best node inside it, even if a better one lies outside', () => {
    // Node 5 (rack 1) has 3 free; rack 0 (nodes 0–3) is all free.
    const { find } = cluster(gpusOf([40, 45]));
    expect(find(3, ALL)).toEqual([45, 48]);
    expect(find(3, [0, 4])).toEqual([0, 3]);
    expect(find(3, [4, 8])).toEqual([45, 48]);
    expect(find(3, SITE_B)).toEqual([96, 99]);
    expect(find(3, [8, 12])).toEqual([64, 67]); // rack 2
  });
});

describe('findInNodes: over several nodes', () => {
  it('takes a run of whole free nodes as one range, and the rest from the next node', () => {
    const { find } = cluster();
    expect(find(24, ALL)).toEqual([0, 24]);
    expect(find(20, ALL)).toEqual([0, 20]);
    expect(find(20, SITE_B)).toEqual([96, 116]);
  });

  it('takes each run of whole free nodes, skipping a node partly taken', () => {
    // Node 2 (GPUs 16–23) has 7 free: whole nodes 0–1 and then 3–5.
    const { find } = cluster([16]);
    expect(find(40, SITE_A)).toEqual([0, 16, 24, 48]);
  });

  it('takes whole nodes before partly free ones, then the roomiest nodes, lowest-numbered first', () => {
    // Site a: node 0 and node 11 whole; node 2 has 6 free (16, 17 busy), node 9 has 6 (72, 73 busy),
    // node 5 has 3 (40–44 busy); the other nodes are full.
    const full = [1, 3, 4, 6, 7, 8, 10].flatMap((n) => gpusOf([8 * n, 8 * n + 8]));
    const { find } = cluster([...full, 16, 17, 72, 73, ...gpusOf([40, 45])]);
    expect(find(16, SITE_A)).toEqual([0, 8, 88, 96]);
    expect(find(22, SITE_A)).toEqual([0, 8, 18, 24, 88, 96]);
    expect(find(28, SITE_A)).toEqual([0, 8, 18, 24, 74, 80, 88, 96]);
    expect(find(30, SITE_A)).toEqual([0, 8, 18, 24, 45, 47, 74, 80, 88, 96]); // the last 2 from node 5
    expect(find(31, SITE_A)).toEqual([0, 8, 18, 24, 45, 48, 74, 80, 88, 96]);
    expect(find(32, SITE_A)).toBeNull();
  });

  it('sorts the ranges it found out of order and merges those that touch', () => {
    // Node 0 has 3 free (5–7), node 1 is whole: node 1 is taken first, then node 0.
    const all = [0, 1, 2, 3, 4];
    const rest = Array.from({ length: 10 }, (_, i) => gpusOf([16 + 8 * i, 24 + 8 * i])).flat();
    const { find } = cluster([...all, ...rest]);
    expect(find(11, SITE_A)).toEqual([5, 16]);
    expect(find(10, SITE_A)).toEqual([5, 7, 8, 16]);
  });

  it('in a mixed cluster goes by room: an 8-GPU node with 6 free before a whole 4-GPU node', () => {
    // Site a: only node 0 has free GPUs (6: 2–7). Site b all free.
    const { find } = cluster([0, 1, ...gpusOf([8, 96])]);
    expect(find(10, ALL)).toEqual([2, 8, 96, 100]);
    expect(find(18, ALL)).toEqual([2, 8, 96, 108]);
  });

  it('within a rack, keeps to its nodes and returns null when they hold too few', () => {
    const { find } = cluster();
    expect(find(10, [15, 18])).toEqual([108, 118]); // rack 1 of site b: two whole nodes and 2 of the third
    expect(find(12, [15, 18])).toEqual([108, 120]);
    expect(find(13, [15, 18])).toBeNull();
    expect(find(17, [4, 8])).toEqual([32, 49]); // rack 1 of site a
  });

  it('does not run whole nodes past the end of the range', () => {
    const { find } = cluster();
    expect(find(16, [2, 4])).toEqual([16, 32]);
    expect(find(17, [2, 4])).toBeNull();
  });
});
