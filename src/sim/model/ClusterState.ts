import { rangesCount, rangesProblem, rangesToList, type GpuRanges } from '../policy/GpuRanges.ts';
import type { ClusterView, RunningWork } from '../policy/SchedulingPolicy.ts';
import { Bitset } from './cluster/Bitset.ts';
import { findInNodes } from './cluster/findInNodes.ts';
import { NodeFree } from './cluster/NodeFree.ts';
import type { Topology } from './Topology.ts';

/** `owner` of a GPU no task holds. */
const FREE = -1;
/** `owner` of a GPU shared by tasks holding fractions of it. */
const SHARED = -2;

/** Thousandths of a GPU, the unit of fractional shares. */
export const MILLI = 1000;

/**
 * The changing state of every GPU: how many active failures cover it (its own, its node's,
 * rack's or site's), and which task holds it — or, for a GPU shared by tasks that each need
 * a fraction of one, how many thousandths are in use and by whom. Work holds GPU ranges
 * ({@link GpuRanges}): placing, checking and releasing it costs about its number of ranges
 * and nodes (per-GPU arrays change by `fill`), never a JavaScript step per GPU. Free counts
 * per node, per site and in all are kept by {@link NodeFree}, with the nodes indexed by
 * their free count, so a best-fit search costs O(GPUs per node + nodes / 1024).
 */
export class ClusterState implements ClusterView {
  /** Active failures covering each GPU; a GPU is up when this is 0. */
  readonly downCount: Int32Array;
  /** Task holding each GPU whole, FREE (-1), SHARED (-2), or a negative holder of the model's (the spare pool). */
  readonly owner: Int32Array;
  /** Thousandths of each GPU in use by fractional tasks. */
  private readonly shareUsed: Int32Array;
  /** Tasks on each shared GPU. */
  private readonly sharers = new Map<number, number[]>();
  /** Shared GPUs, with positions (one that fails stays here while its tasks hang, until detected). */
  private readonly shared: number[] = [];
  private readonly posInShared: Int32Array;
  /** Σ thousandths in use over shared GPUs. */
  private sharedMilli = 0;
  /** Free GPUs per node and site, and the nodes by free count. */
  private readonly nodes: NodeFree;
  /** GPUs down per node, and the nodes with any GPU down. */
  private readonly nodeDown: Int32Array;
  private readonly nodesWithDown: Bitset;
  /** GPUs up per site. */
  private readonly siteUp: Int32Array;
  /** GPUs that are down among those each task (or the spare pool) holds whole (holders with none are absent). */
  private readonly heldDown = new Map<number, number>();
  upGpuCount: number;

  constructor(readonly topo: Topology) {
    this.downCount = new Int32Array(topo.gpuCount);
    this.owner = new Int32Array(topo.gpuCount).fill(FREE);
    this.shareUsed = new Int32Array(topo.gpuCount);
    this.posInShared = new Int32Array(topo.gpuCount).fill(-1);
    this.nodes = new NodeFree(topo);
    this.nodeDown = new Int32Array(topo.nodeCount);
    this.nodesWithDown = new Bitset(topo.nodeCount);
    this.siteUp = new Int32Array(topo.siteCount);
    for (let s = 0; s < topo.siteCount; s++) this.siteUp[s] = topo.siteFirstGpu[s + 1] - topo.siteFirstGpu[s];
    this.upGpuCount = topo.gpuCount;
  }

  get gpuCount(): number { return this.topo.gpuCount; }
  get nodeCount(): number { return this.topo.nodeCount; }
  get rackCount(): number { return this.topo.rackCount; }
  get freeGpuCount(): number { return this.nodes.total; }
  rackOfGpu(gpu: number): number { return this.topo.nodeRack[this.topo.gpuNode[gpu]]; }
  siteOfRack(rack: number): string { return this.topo.spec.sites[this.topo.rackSite[rack]].id; }
  /** Free GPUs in a rack: O(nodes of the rack). */
  freeGpusOnRack(rack: number): number {
    const [first, end] = this.rackNodes(rack);
    let free = 0;
    for (let n = first; n < end; n++) free += this.nodes.free[n];
    return free;
  }
  /** Free GPUs in site `s` (by index); O(1). */
  freeGpusInSite(s: number): number { return this.nodes.siteFree[s]; }
  /** GPUs up in site `s` (by index); O(1). */
  upGpusInSite(s: number): number { return this.siteUp[s]; }
  /** GPUs that are down among those `task` (or a holder such as the spare pool) holds whole; O(1). */
  downGpusHeld(task: number): number { return this.heldDown.get(task) ?? 0; }
  /** None: the state knows GPUs, not work; the view policies get (cluster/clusterView.ts) lists the running work. */
  runningWork(): readonly RunningWork[] { return []; }
  /** GPUs in use: those held whole, plus the fractions in use on shared ones (may be fractional). */
  get busyGpuCount(): number {
    return this.upGpuCount - this.nodes.total - this.shared.length + this.sharedMilli / MILLI;
  }
  isGpuUp(gpu: number): boolean { return this.downCount[gpu] === 0; }
  isGpuFree(gpu: number): boolean { return this.downCount[gpu] === 0 && this.owner[gpu] === FREE; }
  /** False when no GPU has any room: not one free, none shared. */
  hasRoom(): boolean {
    return this.nodes.total > 0 || this.shared.length > 0;
  }
  nodeOfGpu(gpu: number): number { return this.topo.gpuNode[gpu]; }
  gpuSpeed(gpu: number): number { return this.topo.gpuSpeed[gpu]; }
  freeGpusOnNode(node: number): number { return this.nodes.free[node]; }
  /** Site index of a GPU. */
  siteOfGpu(gpu: number): number {
    return this.topo.rackSite[this.topo.nodeRack[this.topo.gpuNode[gpu]]];
  }

  /** Indices of the sites GPUs are in, in increasing order. O(ranges + sites). */
  sitesOf(gpus: GpuRanges): number[] {
    const out: number[] = [];
    for (let i = 0; i < gpus.length; i += 2) {
      for (let s = this.siteOfGpu(gpus[i]), last = this.siteOfGpu(gpus[i + 1] - 1); s <= last; s++) {
        if (out[out.length - 1] !== s) out.push(s);
      }
    }
    return out;
  }

  /** Thousandths of a GPU not in use (0 for a GPU that is down or held whole). */
  gpuRoomMilli(gpu: number): number {
    if (this.downCount[gpu] !== 0) return 0;
    const o = this.owner[gpu];
    return o === FREE ? MILLI : o === SHARED ? MILLI - this.shareUsed[gpu] : 0;
  }

  findSharedGpu(share: number): number | null {
    const milli = Math.round(share * MILLI);
    if (!(milli >= 1 && milli <= MILLI)) return null;
    let best = -1, bestRoom = MILLI + 1;
    for (const g of this.shared) {
      if (this.downCount[g] !== 0) continue; // its sharers hang on a failure not yet detected
      const room = MILLI - this.shareUsed[g];
      if (room >= milli && room < bestRoom) { best = g; bestRoom = room; }
    }
    if (best >= 0) return best;
    const free = this.findFreeGpuRanges(1);
    return free ? free[0] : null;
  }

  /** WAN links down now: while any is, new work is placed within one site (see {@link findFreeGpuRanges}). */
  cutLinks = 0;
  /** Failures in force per pair of site ids joined by a WAN link ("a\u0000b", sorted). */
  private readonly cuts = new Map<string, number>();

  /** A WAN link between sites `a` and `b` goes down (+1) or comes back (-1). */
  changeCut(a: string, b: string, delta: 1 | -1): void {
    const key = [a, b].sort().join('\u0000');
    this.cuts.set(key, (this.cuts.get(key) ?? 0) + delta);
    this.cutLinks += delta;
  }

  sitesJoined(a: string, b: string): boolean {
    return a === b || this.cutLinks === 0 || !((this.cuts.get([a, b].sort().join('\u0000')) ?? 0) > 0);
  }

  findFreeGpus(count: number, site?: string): number[] | null {
    const r = this.findFreeGpuRanges(count, site);
    return r ? rangesToList(r) : null;
  }

  findFreeGpuRanges(count: number, site?: string): number[] | null {
    if (!(count >= 1) || count > this.nodes.total) return null;
    if (site !== undefined) {
      const si = this.topo.spec.sites.findIndex((s) => s.id === site);
      return si < 0 ? null : this.findInSite(count, si);
    }
    if (this.cutLinks > 0) {
      // While a WAN link is down: the site with the fewest free GPUs that holds `count`.
      let best = -1;
      for (let si = 0; si < this.topo.siteCount; si++) {
        const free = this.nodes.siteFree[si];
        if (free >= count && (best < 0 || free < this.nodes.siteFree[best])) best = si;
      }
      return best < 0 ? null : this.findInSite(count, best);
    }
    return findInNodes(this.nodes, this.topo, this.downCount, this.owner, count, 0, this.topo.nodeCount);
  }

  private findInSite(count: number, si: number): number[] | null {
    if (count > this.nodes.siteFree[si]) return null;
    return findInNodes(this.nodes, this.topo, this.downCount, this.owner, count, this.nodes.siteFirstNode[si], this.nodes.siteFirstNode[si + 1]);
  }

  findFreeGpusInRack(count: number, rack: number): number[] | null {
    if (!(count >= 1) || !Number.isInteger(rack) || rack < 0 || rack >= this.topo.rackCount || count > this.freeGpusOnRack(rack)) return null;
    const [first, end] = this.rackNodes(rack);
    const r = findInNodes(this.nodes, this.topo, this.downCount, this.owner, count, first, end);
    return r ? rangesToList(r) : null;
  }

  private rackNodes(rack: number): [number, number] {
    const t = this.topo;
    return [t.gpuNode[t.rackFirstGpu[rack]], t.gpuNode[t.rackFirstGpu[rack + 1] - 1] + 1];
  }

  /**
   * Checks that `ranges` is a well-formed set of `expected` GPUs that are all up and free;
   * returns a message naming the first GPU that is not, or undefined. O(ranges + words).
   */
  checkPlacement(ranges: GpuRanges, expected: number): string | undefined {
    return rangesProblem(ranges, this.topo.gpuCount) ?? this.checkFree(ranges, expected);
  }

  /** As {@link checkPlacement}, for ranges already known to be well formed. */
  checkFree(ranges: GpuRanges, expected: number): string | undefined {
    const n = rangesCount(ranges);
    if (n !== expected) return `the task needs ${expected} GPU(s), the placement gives ${n}`;
    const gpuNode = this.topo.gpuNode;
    let ok = true;
    for (let i = 0; i < ranges.length && ok; i += 2) {
      const a = ranges[i], b = ranges[i + 1];
      if (gpuNode[a] === gpuNode[b - 1]) {
        for (let g = a; g < b && ok; g++) ok = this.downCount[g] === 0 && this.owner[g] === FREE;
        continue;
      }
      this.nodes.spans(a, b, (n0, n1, s) => {
        ok &&= this.nodes.allHave(n0, n1, this.nodes.gpusPerNodeOf(s));
      }, (_node, x, y) => {
        for (let g = x; g < y && ok; g++) ok = this.isGpuFree(g);
      });
    }
    if (ok) return undefined;
    for (let i = 0; i < ranges.length; i += 2) {
      for (let g = ranges[i]; g < ranges[i + 1]; g++) {
        if (this.downCount[g] !== 0) return `GPU ${this.topo.gpuId(g)} is down`;
        const o = this.owner[g];
        if (o >= 0) return `GPU ${this.topo.gpuId(g)} is already running task ${o}`;
        if (o === SHARED) return `GPU ${this.topo.gpuId(g)} is shared by tasks that hold fractions of it`;
        if (o !== FREE) return `GPU ${this.topo.gpuId(g)} is held back (not free)`;
      }
    }
    return undefined;
  }

  /** Gives GPUs (checked with {@link checkPlacement}: all up and free) to a task. */
  allocate(task: number, ranges: GpuRanges): void {
    const nodes = this.nodes, gpuNode = this.topo.gpuNode;
    for (let i = 0; i < ranges.length; i += 2) {
      const a = ranges[i], b = ranges[i + 1];
      this.owner.fill(task, a, b);
      if (gpuNode[a] === gpuNode[b - 1]) nodes.add(gpuNode[a], a - b);
      else nodes.spans(a, b, (n0, n1, s) => nodes.setRun(n0, n1, nodes.gpusPerNodeOf(s), 0), (node, x, y) => nodes.add(node, x - y));
    }
  }

  /** Takes GPUs back from a task; those that are up become free. */
  release(task: number, ranges: GpuRanges): void {
    const nodes = this.nodes, gpuNode = this.topo.gpuNode;
    let down = 0;
    for (let i = 0; i < ranges.length; i += 2) {
      const a = ranges[i], b = ranges[i + 1];
      this.owner.fill(FREE, a, b);
      if (gpuNode[a] === gpuNode[b - 1]) {
        let up = b - a;
        if (this.nodeDown[gpuNode[a]] > 0) for (let g = a; g < b; g++) if (this.downCount[g] !== 0) up--;
        nodes.add(gpuNode[a], up);
        down += b - a - up;
        continue;
      }
      nodes.spans(a, b, (n0, n1, s) => {
        const per = nodes.gpusPerNodeOf(s);
        nodes.setRun(n0, n1, 0, per);
        // Nodes with GPUs down get back only those that are up.
        for (let n = this.nodesWithDown.next(n0); n >= 0 && n < n1; n = this.nodesWithDown.next(n + 1)) {
          nodes.set(n, per - this.nodeDown[n]);
          down += this.nodeDown[n];
        }
      }, (node, x, y) => {
        let up = y - x;
        for (let g = x; g < y; g++) if (this.downCount[g] !== 0) up--;
        nodes.add(node, up);
        down += y - x - up;
      });
    }
    if (down > 0) this.heldDownAdd(task, -down);
  }

  /** The GPUs of `ranges` that are down, in increasing order. O(ranges + words + GPUs of nodes with any GPU down). */
  downIn(ranges: GpuRanges): number[] {
    const out: number[] = [];
    const t = this.topo;
    for (let i = 0; i < ranges.length; i += 2) {
      const a = ranges[i], b = ranges[i + 1];
      for (let n = this.nodesWithDown.next(t.gpuNode[a]); n >= 0 && n <= t.gpuNode[b - 1]; n = this.nodesWithDown.next(n + 1)) {
        for (let g = Math.max(a, t.nodeFirstGpu[n]), end = Math.min(b, t.nodeFirstGpu[n + 1]); g < end; g++) if (this.downCount[g] !== 0) out.push(g);
      }
    }
    return out;
  }

  /** Checks that `gpu` exists, is up and has `milli` thousandths not in use; a message when not. */
  checkShare(gpu: number, milli: number): string | undefined {
    if (!Number.isInteger(gpu) || gpu < 0 || gpu >= this.topo.gpuCount) return `GPU ${String(gpu)} does not exist`;
    if (this.downCount[gpu] !== 0) return `GPU ${this.topo.gpuId(gpu)} is down`;
    if (this.owner[gpu] >= 0) return `GPU ${this.topo.gpuId(gpu)} is held whole by task ${this.owner[gpu]}`;
    const room = this.gpuRoomMilli(gpu);
    if (room < milli) return `GPU ${this.topo.gpuId(gpu)} has ${room}/${MILLI} free, the task needs ${milli}/${MILLI}`;
    return undefined;
  }

  /** Gives `milli` thousandths of `gpu` (checked with {@link checkShare}) to a task. */
  allocateShare(task: number, gpu: number, milli: number): void {
    if (this.owner[gpu] === FREE) {
      this.owner[gpu] = SHARED;
      this.nodes.add(this.topo.gpuNode[gpu], -1);
      this.posInShared[gpu] = this.shared.length;
      this.shared.push(gpu);
      this.sharers.set(gpu, []);
    }
    this.shareUsed[gpu] += milli;
    this.sharedMilli += milli;
    this.sharers.get(gpu)!.push(task);
  }

  /** Takes a task's share of a GPU back; a GPU no longer shared becomes free (if up). */
  releaseShare(task: number, gpu: number, milli: number): void {
    this.shareUsed[gpu] -= milli;
    this.sharedMilli -= milli;
    const list = this.sharers.get(gpu)!;
    list.splice(list.indexOf(task), 1);
    if (list.length > 0) return;
    this.sharers.delete(gpu);
    const pos = this.posInShared[gpu], last = this.shared.pop()!;
    if (last !== gpu) { this.shared[pos] = last; this.posInShared[last] = pos; }
    this.posInShared[gpu] = -1;
    this.owner[gpu] = FREE;
    if (this.downCount[gpu] === 0) this.nodes.add(this.topo.gpuNode[gpu], 1);
  }

  /**
   * Adds `delta` (+1 a failure starts, -1 it ends) to the failure count of GPUs
   * [first, end). Calls `onHit(task)` once for every task holding (all or part of) a GPU
   * that went down, after the counts are settled (it may release them then).
   * O(GPUs of the component).
   */
  changeDown(first: number, end: number, delta: 1 | -1, onHit: (task: number) => void): void {
    const down = this.downCount, owner = this.owner, gpuNode = this.topo.gpuNode, nodeFirst = this.topo.nodeFirstGpu;
    const hits: number[] = [];
    // Counts change once per node and once per run of one task's GPUs, not once per GPU.
    let task = -1, taskDown = 0;
    for (let node = gpuNode[first]; first < end; node++) {
      const stop = Math.min(end, nodeFirst[node + 1]);
      let freeDelta = 0, downDelta = 0;
      for (let g = first; g < stop; g++) {
        const before = down[g];
        down[g] = before + delta;
        if (before !== 0 && before + delta !== 0) continue; // stays down
        downDelta += delta;
        const t = owner[g];
        if (t === FREE) freeDelta -= delta;
        else if (t === SHARED) {
          if (delta > 0) for (const x of this.sharers.get(g)!) hits.push(x);
        } else {
          // A task, or a holder of the model's (the spare pool): its GPUs down are counted.
          if (t !== task) {
            if (taskDown !== 0) this.heldDownAdd(task, taskDown);
            task = t;
            taskDown = 0;
            if (delta > 0 && t >= 0) hits.push(t);
          }
          taskDown += delta;
        }
      }
      first = stop;
      if (downDelta === 0) continue;
      this.upGpuCount -= downDelta;
      if (freeDelta !== 0) this.nodes.add(node, freeDelta);
      const d = (this.nodeDown[node] += downDelta);
      if (d > 0) this.nodesWithDown.add(node); else this.nodesWithDown.delete(node);
      this.siteUp[this.nodes.nodeSite[node]] -= downDelta;
    }
    if (taskDown !== 0) this.heldDownAdd(task, taskDown);
    // Once the counts are settled, so that the caller may release what was hit.
    if (hits.length === 0) return;
    const seen = new Set<number>();
    for (const t of hits) if (!seen.has(t)) { seen.add(t); onHit(t); }
  }

  private heldDownAdd(task: number, delta: number): void {
    const n = (this.heldDown.get(task) ?? 0) + delta;
    if (n > 0) this.heldDown.set(task, n); else this.heldDown.delete(task);
  }
}
