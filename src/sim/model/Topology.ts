import type { ComponentAddress } from '../scenario/componentId.ts';
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

  /** Number of components at a level, optionally only those in one site. */
  count(level: FailureTarget, site?: number): number {
    if (level === 'wan') return this.wanLinks(site).length;
    if (level === 'uplink') return this.count('rack', site);
    const sites = site === undefined ? this.spec.sites : [this.spec.sites[site]];
    let c = 0;
    for (const s of sites) c += level === 'site' ? 1 : level === 'rack' ? s.racks : level === 'node' ? s.racks * s.nodesPerRack : s.racks * s.nodesPerRack * s.node.gpus;
    return c;
  }

  /**
   * Lists the components of a level (optionally within one site) as GPU ranges and ids,
   * in index order. An uplink covers its rack's GPUs; a WAN link covers no GPUs, and its
   * range is [link, link + 1) over the WAN links instead.
   */
  components(level: FailureTarget, site?: number): { id: string; firstGpu: number; endGpu: number }[] {
    if (level === 'wan') return this.wanLinks(site).map((k) => ({ id: this.spec.wan![k].id, firstGpu: k, endGpu: k + 1 }));
    if (level === 'uplink') return this.components('rack', site);
    const out: { id: string; firstGpu: number; endGpu: number }[] = [];
    let g = 0;
    this.spec.sites.forEach((s, si) => {
      const per = level === 'site' ? s.racks * s.nodesPerRack * s.node.gpus : level === 'rack' ? s.nodesPerRack * s.node.gpus : level === 'node' ? s.node.gpus : 1;
      const total = s.racks * s.nodesPerRack * s.node.gpus;
      if (site === undefined || site === si) {
        for (let k = 0; k < total; k += per) out.push({ id: this.idOf(level as 'site' | 'rack' | 'node' | 'gpu', k, s), firstGpu: g + k, endGpu: g + k + per });
      }
      g += total;
    });
    return out;
  }

  /** The GPU range of the component at an address. */
  rangeOf(level: FailureTarget, a: ComponentAddress): { firstGpu: number; endGpu: number } {
    if (level === 'wan') return { firstGpu: a.link, endGpu: a.link + 1 };
    const s = this.spec.sites[a.site];
    const perNode = s.node.gpus, perRack = perNode * s.nodesPerRack;
    const base = this.siteFirstGpu[a.site];
    switch (level) {
      case 'site': return { firstGpu: base, endGpu: this.siteFirstGpu[a.site + 1] };
      case 'rack': case 'uplink': return { firstGpu: base + a.rack * perRack, endGpu: base + (a.rack + 1) * perRack };
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

  private idOf(level: 'site' | 'rack' | 'node' | 'gpu', offset: number, s: ClusterSpec['sites'][number]): string {
    const perNode = s.node.gpus, perRack = perNode * s.nodesPerRack;
    const parts = [s.id, `r${Math.floor(offset / perRack)}`, `n${Math.floor((offset % perRack) / perNode)}`, `g${offset % perNode}`];
    return parts.slice(0, ['site', 'rack', 'node', 'gpu'].indexOf(level) + 1).join('/');
  }
}
