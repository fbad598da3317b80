import type { ClusterView, RunningWork } from '../policy/SchedulingPolicy.ts';
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
 * a fraction of one, how many thousandths are in use and by whom. Keeps per-node free
 * counts in buckets so that a best-fit search costs O(GPUs per node), not O(nodes), and
 * per-rack free counts for placement by rack.
 */
export class ClusterState implements ClusterView {
  /** Active failures covering each GPU; a GPU is up when this is 0. */
  readonly downCount: Int32Array;
  /** Task holding each GPU whole, FREE (-1), or SHARED (-2). */
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
  /** Free (up and unowned) GPUs per node. */
  private readonly nodeFree: Int32Array;
  /** Free (up and unowned) GPUs per rack. */
  private readonly rackFree: Int32Array;
  /** buckets[k] lists the nodes with exactly k free GPUs (k ≥ 1). */
  private readonly buckets: number[][];
  private readonly posInBucket: Int32Array;
  upGpuCount: number;
  freeGpuCount: number;
  /** Per-GPU stamps for the duplicate check in {@link checkPlacement}. */
  private readonly mark: Int32Array;
  private stamp = 0;
  /** Lists the running work for {@link runningWork} (the model sets it; none by default). */
  runningWorkSource: (() => readonly RunningWork[]) | null = null;

  constructor(readonly topo: Topology) {
    this.downCount = new Int32Array(topo.gpuCount);
    this.owner = new Int32Array(topo.gpuCount).fill(FREE);
    this.shareUsed = new Int32Array(topo.gpuCount);
    this.posInShared = new Int32Array(topo.gpuCount).fill(-1);
    this.mark = new Int32Array(topo.gpuCount);
    this.nodeFree = new Int32Array(topo.nodeCount);
    this.posInBucket = new Int32Array(topo.nodeCount).fill(-1);
    this.rackFree = new Int32Array(topo.rackCount);
    this.buckets = Array.from({ length: topo.maxGpusPerNode + 1 }, () => []);
    for (let n = 0; n < topo.nodeCount; n++) {
      this.setNodeFree(n, topo.nodeFirstGpu[n + 1] - topo.nodeFirstGpu[n]);
    }
    this.upGpuCount = topo.gpuCount;
    this.freeGpuCount = topo.gpuCount;
  }

  get gpuCount(): number { return this.topo.gpuCount; }
  get nodeCount(): number { return this.topo.nodeCount; }
  get rackCount(): number { return this.topo.rackCount; }
  rackOfGpu(gpu: number): number { return this.topo.nodeRack[this.topo.gpuNode[gpu]]; }
  siteOfRack(rack: number): string { return this.topo.spec.sites[this.topo.rackSite[rack]].id; }
  freeGpusOnRack(rack: number): number { return this.rackFree[rack]; }
  runningWork(): readonly RunningWork[] { return this.runningWorkSource ? this.runningWorkSource() : []; }
  /** GPUs in use: those held whole, plus the fractions in use on shared ones (may be fractional). */
  get busyGpuCount(): number {
    return this.upGpuCount - this.freeGpuCount - this.shared.length + this.sharedMilli / MILLI;
  }
  isGpuUp(gpu: number): boolean { return this.downCount[gpu] === 0; }
  isGpuFree(gpu: number): boolean { return this.downCount[gpu] === 0 && this.owner[gpu] === FREE; }
  /** False when no GPU has any room: not one free, none shared. */
  hasRoom(): boolean {
    return this.freeGpuCount > 0 || this.shared.length > 0;
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
    const free = this.findFreeGpus(1);
    return free ? free[0] : null;
  }
  nodeOfGpu(gpu: number): number { return this.topo.gpuNode[gpu]; }
  gpuSpeed(gpu: number): number { return this.topo.gpuSpeed[gpu]; }
  freeGpusOnNode(node: number): number { return this.nodeFree[node]; }

  /** WAN links down now: while any is, new work is placed within one site (see {@link findFreeGpus}). */
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
    if (!(count >= 1) || count > this.freeGpuCount) return null;
    if (site !== undefined) return this.findFreeGpusInSite(count, site);
    if (this.cutLinks > 0) return this.findFreeGpusInOneSite(count);
    const out: number[] = [];
    const b = this.buckets;
    const max = b.length - 1;
    // Best fit on one node when the request fits on a node.
    for (let k = Math.min(count, max); k <= max && count <= max; k++) {
      if (b[k].length > 0) {
        this.takeFrom(b[k][0], count, out);
        return out;
      }
    }
    // Otherwise take whole free nodes first, then the nodes with most room.
    for (let k = max; k >= 1 && out.length < count; k--) {
      for (const node of b[k]) {
        this.takeFrom(node, Math.min(k, count - out.length), out);
        if (out.length === count) break;
      }
    }
    return out;
  }

  /** While a WAN link is down: the best fit within the site with the fewest free GPUs that holds `count`. */
  private findFreeGpusInOneSite(count: number): number[] | null {
    let best = -1, bestFree = Infinity;
    for (let si = 0; si < this.topo.siteCount; si++) {
      let free = 0;
      for (let g = this.topo.siteFirstGpu[si]; g < this.topo.siteFirstGpu[si + 1]; g++) if (this.isGpuFree(g)) free++;
      if (free >= count && free < bestFree) { best = si; bestFree = free; }
    }
    return best < 0 ? null : this.findFreeGpusInRange(count, this.topo.siteFirstGpu[best], this.topo.siteFirstGpu[best + 1]);
  }

  /** Best fit among the nodes of one site (O(nodes of the site)); else fill the roomiest nodes. */
  private findFreeGpusInSite(count: number, site: string): number[] | null {
    const si = this.topo.spec.sites.findIndex((s) => s.id === site);
    if (si < 0) return null;
    return this.findFreeGpusInRange(count, this.topo.siteFirstGpu[si], this.topo.siteFirstGpu[si + 1]);
  }

  findFreeGpusInRack(count: number, rack: number): number[] | null {
    if (!(count >= 1) || !Number.isInteger(rack) || rack < 0 || rack >= this.topo.rackCount || count > this.rackFree[rack]) return null;
    return this.findFreeGpusInRange(count, this.topo.rackFirstGpu[rack], this.topo.rackFirstGpu[rack + 1]);
  }

  /** Best fit among the nodes of GPUs [firstGpu, endGpu) (whole nodes); else fill the roomiest nodes. */
  private findFreeGpusInRange(count: number, firstGpu: number, endGpu: number): number[] | null {
    if (endGpu <= firstGpu) return null;
    const first = this.topo.gpuNode[firstGpu], end = this.topo.gpuNode[endGpu - 1] + 1;
    let best = -1, free = 0;
    for (let n = first; n < end; n++) {
      const k = this.nodeFree[n];
      free += k;
      if (k >= count && (best < 0 || k < this.nodeFree[best])) best = n;
    }
    if (free < count) return null;
    const out: number[] = [];
    if (best >= 0) { this.takeFrom(best, count, out); return out; }
    const nodes: number[] = [];
    for (let n = first; n < end; n++) if (this.nodeFree[n] > 0) nodes.push(n);
    nodes.sort((a, b) => this.nodeFree[b] - this.nodeFree[a] || a - b);
    for (const n of nodes) {
      if (out.length === count) break;
      this.takeFrom(n, Math.min(this.nodeFree[n], count - out.length), out);
    }
    return out;
  }

  /** Site index of a GPU. */
  siteOfGpu(gpu: number): number {
    return this.topo.rackSite[this.topo.nodeRack[this.topo.gpuNode[gpu]]];
  }

  private takeFrom(node: number, count: number, out: number[]): void {
    const end = this.topo.nodeFirstGpu[node + 1];
    let need = count;
    for (let g = this.topo.nodeFirstGpu[node]; g < end && need > 0; g++) {
      if (this.downCount[g] === 0 && this.owner[g] === FREE) { out.push(g); need--; }
    }
  }

  /**
   * Checks that `gpus` are distinct, existing, up and free; returns a message when not.
   */
  checkPlacement(gpus: readonly number[], expected: number): string | undefined {
    if (!Array.isArray(gpus)) return 'gpus is not a list';
    if (gpus.length !== expected) return `the task needs ${expected} GPU(s), the placement gives ${gpus.length}`;
    if (this.stamp >= 0x7ffffff0) { this.mark.fill(0); this.stamp = 0; }
    const stamp = ++this.stamp;
    for (let i = 0; i < gpus.length; i++) {
      const g = gpus[i];
      if (!Number.isInteger(g) || g < 0 || g >= this.topo.gpuCount) return `GPU ${String(g)} does not exist`;
      if (this.downCount[g] !== 0) return `GPU ${this.topo.gpuId(g)} is down`;
      if (this.owner[g] >= 0) return `GPU ${this.topo.gpuId(g)} is already running task ${this.owner[g]}`;
      if (this.owner[g] === SHARED) return `GPU ${this.topo.gpuId(g)} is shared by tasks that hold fractions of it`;
      if (this.owner[g] !== FREE) return `GPU ${this.topo.gpuId(g)} is held back (not free)`;
      if (this.mark[g] === stamp) return `GPU ${this.topo.gpuId(g)} is given twice`;
      this.mark[g] = stamp;
    }
    return undefined;
  }

  /** Gives GPUs (checked with {@link checkPlacement}) to a task. */
  allocate(task: number, gpus: readonly number[]): void {
    // Free counts change once per run of GPUs on one node, not once per GPU.
    const gpuNode = this.topo.gpuNode;
    let node = -1, run = 0;
    for (const g of gpus) {
      this.owner[g] = task;
      const n = gpuNode[g];
      if (n !== node) {
        if (run > 0) this.addNodeFree(node, -run);
        node = n;
        run = 0;
      }
      run++;
    }
    if (run > 0) this.addNodeFree(node, -run);
    this.freeGpuCount -= gpus.length;
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
      this.freeGpuCount--;
      this.addNodeFree(this.topo.gpuNode[gpu], -1);
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
    if (this.downCount[gpu] === 0) {
      this.freeGpuCount++;
      this.addNodeFree(this.topo.gpuNode[gpu], 1);
    }
  }

  /** Takes GPUs back from a task; those that are up become free. */
  release(gpus: readonly number[]): void {
    const gpuNode = this.topo.gpuNode;
    let node = -1, run = 0;
    for (const g of gpus) {
      this.owner[g] = FREE;
      if (this.downCount[g] !== 0) continue;
      const n = gpuNode[g];
      if (n !== node) {
        if (run > 0) this.addNodeFree(node, run);
        node = n;
        run = 0;
      }
      run++;
      this.freeGpuCount++;
    }
    if (run > 0) this.addNodeFree(node, run);
  }

  /**
   * Adds `delta` (+1 a failure starts, -1 it ends) to the failure count of GPUs
   * [first, end). Calls `onHit(task)` once for every task holding (all or part of) a GPU
   * that went down (the caller may release them afterwards: a GPU's owner stays until then).
   */
  changeDown(first: number, end: number, delta: 1 | -1, onHit: (task: number) => void): void {
    const down = this.downCount, owner = this.owner;
    let lastHit = -1;
    for (let g = first; g < end; g++) {
      const before = down[g];
      down[g] = before + delta;
      if (delta > 0 && before === 0) {
        this.upGpuCount--;
        const t = owner[g];
        if (t === FREE) {
          this.freeGpuCount--;
          this.addNodeFree(this.topo.gpuNode[g], -1);
        } else if (t === SHARED) {
          for (const task of [...this.sharers.get(g)!]) onHit(task);
        } else if (t !== lastHit) {
          lastHit = t;
          onHit(t);
        }
      } else if (delta < 0 && before === 1) {
        this.upGpuCount++;
        if (owner[g] === FREE) {
          this.freeGpuCount++;
          this.addNodeFree(this.topo.gpuNode[g], 1);
        }
      }
    }
  }

  private addNodeFree(node: number, delta: number): void {
    this.setNodeFree(node, this.nodeFree[node] + delta);
  }

  private setNodeFree(node: number, k: number): void {
    const old = this.nodeFree[node];
    this.rackFree[this.topo.nodeRack[node]] += k - old;
    if (this.posInBucket[node] >= 0) {
      const bucket = this.buckets[old];
      const pos = this.posInBucket[node];
      const last = bucket.pop()!;
      if (last !== node) {
        bucket[pos] = last;
        this.posInBucket[last] = pos;
      }
      this.posInBucket[node] = -1;
    }
    this.nodeFree[node] = k;
    if (k > 0) {
      this.posInBucket[node] = this.buckets[k].length;
      this.buckets[k].push(node);
    }
  }
}
