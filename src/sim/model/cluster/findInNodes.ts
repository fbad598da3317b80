import { pushRange } from '../../policy/GpuRanges.ts';
import type { Topology } from '../Topology.ts';
import type { NodeFree } from './NodeFree.ts';

/** `owner` of a GPU no task holds (as in ClusterState). */
const FREE = -1;

/**
 * `count` free GPUs among nodes [first, end) (the caller checked that enough are free
 * there): best fit on one node — the lowest-numbered of the nodes with the fewest free
 * GPUs that still hold `count` — else whole free nodes first, then the nodes with most
 * room, lowest-numbered first. O(GPUs per node × words / 1024 + runs taken).
 */
export function findInNodes(nodes: NodeFree, topo: Topology, downCount: Int32Array, owner: Int32Array, count: number, first: number, end: number): number[] | null {
  const sets = nodes.withFree;
  const max = sets.length - 1;
  for (let k = Math.min(count, max); k <= max && count <= max; k++) {
    const n = sets[k].next(first);
    if (n >= 0 && n < end) return takeFrom(topo, downCount, owner, n, count, []);
  }
  const got: number[] = [];
  let need = count;
  for (let k = max; k >= 1 && need > 0; k--) {
    for (let n = sets[k].next(first); n >= 0 && n < end && need > 0; n = sets[k].next(n + 1)) {
      const runEnd = Math.min(end, sets[k].nextAbsent(n), nodes.siteFirstNode[nodes.nodeSite[n] + 1]);
      if (nodes.gpusPerNodeOf(nodes.nodeSite[n]) === k) {
        // Whole free nodes: one range for as many as are needed.
        const take = Math.min(runEnd - n, Math.floor(need / k));
        if (take > 0) {
          got.push(topo.nodeFirstGpu[n], topo.nodeFirstGpu[n + take]);
          need -= take * k;
          n += take - 1;
          continue;
        }
      }
      const part: number[] = [];
      takeFrom(topo, downCount, owner, n, Math.min(k, need), part);
      need -= Math.min(k, need);
      for (let i = 0; i < part.length; i++) got.push(part[i]);
    }
  }
  return need > 0 ? null : sortRanges(got);
}

/** Appends `count` free GPUs of `node`, lowest first, as ranges; returns `out`. */
function takeFrom(topo: Topology, downCount: Int32Array, owner: Int32Array, node: number, count: number, out: number[]): number[] {
  const end = topo.nodeFirstGpu[node + 1];
  let need = count;
  for (let g = topo.nodeFirstGpu[node]; g < end && need > 0; g++) {
    if (downCount[g] === 0 && owner[g] === FREE) { pushRange(out, g, g + 1); need--; }
  }
  return out;
}

/** Sorts unsorted, disjoint [first, end) pairs and merges those that touch. */
function sortRanges(pairs: number[]): number[] {
  const k = pairs.length >> 1;
  if (k <= 1) return pairs;
  let sorted = true;
  for (let i = 2; i < pairs.length && sorted; i += 2) sorted = pairs[i] >= pairs[i - 1];
  const out: number[] = [];
  if (sorted) {
    for (let i = 0; i < pairs.length; i += 2) pushRange(out, pairs[i], pairs[i + 1]);
    return out;
  }
  const order = Array.from({ length: k }, (_, i) => i).sort((a, b) => pairs[2 * a] - pairs[2 * b]);
  for (const i of order) pushRange(out, pairs[2 * i], pairs[2 * i + 1]);
  return out;
}
