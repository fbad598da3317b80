import type { ComponentAddress } from '../scenario/componentId.ts';
import { coveredLevel, LEVEL_INFO, levelCountInSite, type ClusterLevel } from '../scenario/failureTargets.ts';
import type { ClusterSpec, FailureTarget } from '../scenario/types.ts';

/**
 * The cluster's fixed structure, flattened. GPUs are numbered site by site, rack by rack,
 * node by node, so every site, rack and node covers one contiguous range of GPU indices.
 */
export class Topology {
  readonly gpuCount: number;
  readonly nodeCount: number;
  readonly rackCount: number;
  readonly siteCount: number;
  /** Node index of each GPU. */
  readonly gpuNode: Int32Array;
  /** Relative speed of each GPU. */
  readonly gpuSpeed: Float64Array;
  /** Rack index of each node. */
  readonly nodeRack: Int32Array;
  /** Site index of each rack. */
  readonly rackSite: Int32Array;
  /** First GPU index of each node; `nodeFirstGpu[n + 1]` ends its range. */
  readonly nodeFirstGpu: Int32Array;
  /** First GPU index of each rack, plus one entry that ends the last range. */
  readonly rackFirstGpu: Int32Array;
  /** First GPU index of each site, plus one entry that ends the last range. */
  readonly siteFirstGpu: Int32Array;
  /** Largest number of GPUs on one node. */
  readonly maxGpusPerNode: number;

  constructor(readonly spec: ClusterSpec) {
    let gpus = 0, nodes = 0, racks = 0;
    for (const s of spec.sites) {
      racks += s.racks;
      nodes += s.racks * s.nodesPerRack;
      gpus += s.racks * s.nodesPerRack * s.node.gpus;
    }
    this.gpuCount = gpus;
    this.nodeCount = nodes;
    this.rackCount = racks;
    this.siteCount = spec.sites.length;
    this.gpuNode = new Int32Array(gpus);
    this.gpuSpeed = new Float64Array(gpus);
    this.nodeFirstGpu = new Int32Array(nodes + 1);
    this.nodeRack = new Int32Array(nodes);
    this.rackSite = new Int32Array(racks);
    this.rackFirstGpu = new Int32Array(racks + 1);
    this.siteFirstGpu = new Int32Array(spec.sites.length + 1);
    let g = 0, n = 0, r = 0, maxPer = 0;
    spec.sites.forEach((s, si) => {
      this.siteFirstGpu[si] = g;
      maxPer = Math.max(maxPer, s.node.gpus);
      for (let ri = 0; ri < s.racks; ri++, r++) {
        this.rackFirstGpu[r] = g;
        this.rackSite[r] = si;
        for (let ni = 0; ni < s.nodesPerRack; ni++, n++) {
          this.nodeFirstGpu[n] = g;
          this.nodeRack[n] = r;
          for (let k = 0; k < s.node.gpus; k++, g++) {
            this.gpuNode[g] = n;
            this.gpuSpeed[g] = s.node.speed;
          }
        }
      }
    });
    this.nodeFirstGpu[n] = g;
    this.rackFirstGpu[r] = g;
    this.siteFirstGpu[spec.sites.length] = g;
    this.maxGpusPerNode = maxPer;
  }

  /** WAN links touching a site (all links when `site` is undefined), by index in `spec.wan`. */
  wanLinks(site?: number): number[] {
    const id = site === undefined ? undefined : this.spec.sites[site].id;
    const out: number[] = [];
    (this.spec.wan ?? []).forEach((l, k) => { if (id === undefined || l.sites.includes(id)) out.push(k); });
    return out;
  }

  /**
   * Number of components of a target, optionally only those in one site: those of the level
   * it covers (failureTargets.ts), or the WAN links (touching the site).
   */
  count(level: FailureTarget, site?: number): number {
    const lv = coveredLevel(level);
    if (lv === null) return this.wanLinks(site).length;
    const sites = site === undefined ? this.spec.sites : [this.spec.sites[site]];
    let c = 0;
    for (const s of sites) c += levelCountInSite(lv, s);
    return c;
  }

  /**
   * Lists the components of a level (optionally within one site) as GPU ranges and ids,
   * in index order. An uplink covers its rack's GPUs; a WAN link covers no GPUs, and its
   * range is [link, link + 1) over the WAN links instead. One object and string each: for
   * small clusters; large ones go by index ({@link componentIndices}, {@link componentId}).
   */
  components(level: FailureTarget, site?: number): { id: string; firstGpu: number; endGpu: number }[] {
    const set = this.componentIndices(level, site);
    return Array.from({ length: set.count }, (_, k) => {
      const c = componentAt(set, k);
      return { id: this.componentId(level, c), firstGpu: this.componentFirstGpu(level, c), endGpu: this.componentEndGpu(level, c) };
    });
  }

  /**
   * The components of a level (optionally only those in one site) by their index at that
   * level — GPU, node, rack, site or WAN-link index; an uplink has its rack's — in index
   * order, as a range (see {@link componentAt}). No object per component.
   */
  componentIndices(level: FailureTarget, site?: number): ComponentIndices {
    if (coveredLevel(level) === null) {
      const links = this.wanLinks(site);
      return { first: 0, count: links.length, list: Int32Array.from(links) };
    }
    let first = 0;
    if (site !== undefined) for (let si = 0; si < site; si++) first += this.count(level, si);
    return { first, count: this.count(level, site), list: null };
  }

  /** First GPU of the component of a level at an index (a WAN link: its own index). */
  componentFirstGpu(level: FailureTarget, index: number): number {
    switch (coveredLevel(level)) {
      case 'site': return this.siteFirstGpu[index];
      case 'rack': return this.rackFirstGpu[index];
      case 'node': return this.nodeFirstGpu[index];
      case 'gpu': case null: return index;
    }
  }

  /** End of the GPU range of the component of a level at an index (a WAN link: its index + 1). */
  componentEndGpu(level: FailureTarget, index: number): number {
    switch (coveredLevel(level)) {
      case 'site': return this.siteFirstGpu[index + 1];
      case 'rack': return this.rackFirstGpu[index + 1];
      case 'node': return this.nodeFirstGpu[index + 1];
      case 'gpu': case null: return index + 1;
    }
  }

  /**
   * Where the component of a level at an index sits, as the numbers its id is made of:
   * writes its site index and its rack (within the site), node (within the rack) and GPU
   * (within the node) numbers into `out[0..3]`, 0 for the levels below it. A WAN link:
   * [-1, 0, 0, 0] (its id is its own).
   */
  componentPath(level: FailureTarget, index: number, out: Int32Array): void {
    out[1] = 0; out[2] = 0; out[3] = 0;
    const lv = coveredLevel(level);
    if (lv === null) { out[0] = -1; return; }
    if (lv === 'site') { out[0] = index; return; }
    const first = this.componentFirstGpu(level, index);
    const si = this.rackSite[this.nodeRack[this.gpuNode[first]]];
    out[0] = si;
    const s = this.spec.sites[si];
    const perNode = s.node.gpus, perRack = perNode * s.nodesPerRack, offset = first - this.siteFirstGpu[si];
    out[1] = Math.floor(offset / perRack);
    if (lv === 'rack') return;
    out[2] = Math.floor((offset % perRack) / perNode);
    if (lv === 'gpu') out[3] = offset % perNode;
  }

  /** The id of the component of a level at an index ("east/r0/n3" for a node; an uplink is named as its rack). */
  componentId(level: FailureTarget, index: number): string {
    const lv = coveredLevel(level);
    if (lv === null) return this.spec.wan![index].id;
    if (lv === 'site') return this.spec.sites[index].id;
    const first = this.componentFirstGpu(level, index);
    const si = this.rackSite[this.nodeRack[this.gpuNode[first]]];
    return this.idOf(lv, first - this.siteFirstGpu[si], this.spec.sites[si]);
  }

  /** The GPU range of the component at an address. */
  rangeOf(level: FailureTarget, a: ComponentAddress): { firstGpu: number; endGpu: number } {
    const lv = coveredLevel(level);
    if (lv === null) return { firstGpu: a.link, endGpu: a.link + 1 };
    const s = this.spec.sites[a.site];
    const perNode = s.node.gpus, perRack = perNode * s.nodesPerRack;
    const base = this.siteFirstGpu[a.site];
    switch (lv) {
      case 'site': return { firstGpu: base, endGpu: this.siteFirstGpu[a.site + 1] };
      case 'rack': return { firstGpu: base + a.rack * perRack, endGpu: base + (a.rack + 1) * perRack };
      case 'node': { const f = base + a.rack * perRack + a.node * perNode; return { firstGpu: f, endGpu: f + perNode }; }
      case 'gpu': { const f = base + a.rack * perRack + a.node * perNode + a.gpu; return { firstGpu: f, endGpu: f + 1 }; }
    }
  }

  /** The id of a GPU, e.g. "east/r0/n3/g1". */
  gpuId(gpu: number): string {
    let si = 0;
    while (this.siteFirstGpu[si + 1] <= gpu) si++;
    return this.idOf('gpu', gpu - this.siteFirstGpu[si], this.spec.sites[si]);
  }

  /** The id of a node, e.g. "east/r0/n3". */
  nodeId(node: number): string {
    return this.gpuId(this.nodeFirstGpu[node]).replace(/\/g\d+$/, '');
  }

  /** The id of the component of a level holding the GPU at `offset` within site `s` (prefixes from LEVEL_INFO). */
  private idOf(level: ClusterLevel, offset: number, s: ClusterSpec['sites'][number]): string {
    if (level === 'site') return s.id;
    const perNode = s.node.gpus, perRack = perNode * s.nodesPerRack;
    const rack = `${s.id}/${LEVEL_INFO.rack.prefix}${Math.floor(offset / perRack)}`;
    if (level === 'rack') return rack;
    const node = `${rack}/${LEVEL_INFO.node.prefix}${Math.floor((offset % perRack) / perNode)}`;
    return level === 'node' ? node : `${node}/${LEVEL_INFO.gpu.prefix}${offset % perNode}`;
  }
}

/**
 * Components of one level by index: `count` of them, the k-th at index `first + k`, or
 * `list[k]` when they are not contiguous (the WAN links touching one site).
 */
export interface ComponentIndices {
  readonly first: number;
  readonly count: number;
  readonly list: Int32Array | null;
}

/** The index of the k-th component of a set. */
export function componentAt(set: ComponentIndices, k: number): number {
  return set.list === null ? set.first + k : set.list[k];
}
