import type { Topology } from '../Topology.ts';
import { Bitset } from './Bitset.ts';

/**
 * Free (up and unowned) GPUs per node, per site and in all, with an index of the nodes by
 * their number of free GPUs: `withFree[k]` holds the nodes with exactly k free (k ≥ 1).
 * Changing one node costs O(1); changing a run of whole nodes of one site that all go from
 * the same count to the same count ({@link setRun}) costs O(its words), not O(its nodes) —
 * so a job on 16,384 whole nodes is placed and released in a few hundred word operations.
 */
export class NodeFree {
  /** Free GPUs per node. */
  readonly free: Int32Array;
  /** Free GPUs per site. */
  readonly siteFree: Int32Array;
  /** `withFree[k]`: nodes with exactly k free GPUs (index 0 unused). */
  readonly withFree: Bitset[];
  /** Free GPUs in the cluster. */
  total = 0;
  /** Site of each node. */
  readonly nodeSite: Int32Array;
  /** First node of each site, plus one entry that ends the last. */
  readonly siteFirstNode: Int32Array;

  constructor(private readonly topo: Topology) {
    this.free = new Int32Array(topo.nodeCount);
    this.siteFree = new Int32Array(topo.siteCount);
    this.withFree = Array.from({ length: topo.maxGpusPerNode + 1 }, () => new Bitset(topo.nodeCount));
    this.nodeSite = new Int32Array(topo.nodeCount);
    this.siteFirstNode = new Int32Array(topo.siteCount + 1);
    for (let s = 0; s < topo.siteCount; s++) {
      const first = topo.gpuNode[topo.siteFirstGpu[s]], end = first + this.nodesOfSite(s);
      this.siteFirstNode[s] = first;
      this.nodeSite.fill(s, first, end);
      this.setRun(first, end, 0, this.gpusPerNodeOf(s));
    }
    this.siteFirstNode[topo.siteCount] = topo.nodeCount;
  }

  /** GPUs on each node of site `s`. */
  gpusPerNodeOf(s: number): number {
    return this.topo.spec.sites[s].node.gpus;
  }

  private nodesOfSite(s: number): number {
    const site = this.topo.spec.sites[s];
    return site.racks * site.nodesPerRack;
  }

  /** Sets node `n`'s free count to `k`. */
  set(n: number, k: number): void {
    const old = this.free[n];
    if (old === k) return;
    if (old > 0) this.withFree[old].delete(n);
    if (k > 0) this.withFree[k].add(n);
    this.free[n] = k;
    this.total += k - old;
    this.siteFree[this.nodeSite[n]] += k - old;
  }

  /** Adds `delta` to node `n`'s free count. */
  add(n: number, delta: number): void {
    this.set(n, this.free[n] + delta);
  }

  /** Nodes [first, end), all of one site and all with `from` free, get `to` free. */
  setRun(first: number, end: number, from: number, to: number): void {
    if (end <= first || from === to) return;
    this.free.fill(to, first, end);
    if (from > 0) this.withFree[from].deleteRange(first, end);
    if (to > 0) this.withFree[to].addRange(first, end);
    const delta = (to - from) * (end - first);
    this.total += delta;
    this.siteFree[this.nodeSite[first]] += delta;
  }

  /** True when every node of [first, end) (one site) has exactly `k` free. O(words). */
  allHave(first: number, end: number, k: number): boolean {
    if (k === 0) {
      for (let n = first; n < end; n++) if (this.free[n] !== 0) return false;
      return true;
    }
    return this.withFree[k].hasRange(first, end);
  }

  /**
   * Calls `whole(n0, n1, site)` for each run of whole nodes inside GPUs [a, b), split at
   * sites, and `part(node, first, end)` for a node only partly inside. O(sites + 2).
   */
  spans(a: number, b: number, whole: (n0: number, n1: number, site: number) => void, part: (node: number, first: number, end: number) => void): void {
    const t = this.topo;
    if (b <= a) return;
    let n = t.gpuNode[a];
    if (t.nodeFirstGpu[n] < a || t.nodeFirstGpu[n + 1] > b) {
      const end = Math.min(b, t.nodeFirstGpu[n + 1]);
      part(n, a, end);
      if (end === b) return;
      n++;
    }
    const last = t.gpuNode[b - 1];
    const lastWhole = t.nodeFirstGpu[last + 1] <= b ? last + 1 : last;
    while (n < lastWhole) {
      const s = this.nodeSite[n];
      const stop = Math.min(lastWhole, this.siteFirstNode[s + 1]);
      whole(n, stop, s);
      n = stop;
    }
    if (lastWhole === last && last >= n) part(last, Math.max(a, t.nodeFirstGpu[last]), b);
  }
}
