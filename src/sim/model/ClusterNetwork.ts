import type { Simulator } from '../engine/Simulator.ts';
import { rangesCount, type GpuRanges } from '../policy/GpuRanges.ts';
import { FlowNetwork, type Hop } from './FlowNetwork.ts';
import type { Topology } from './Topology.ts';

/** The links a transfer crosses and the latency it adds. */
export interface Path {
  readonly hops: readonly Hop[];
  readonly latencyS: number;
}

/**
 * The cluster's links as one {@link FlowNetwork}: link s is site s's storage (its
 * bandwidth), then one uplink per rack, then the WAN links. Builds the paths transfers take:
 * from a set of GPUs to their site's storage, and from one site's storage to another's.
 */
export class ClusterNetwork {
  readonly flows: FlowNetwork;
  private readonly uplinkBase: number;
  private readonly wanBase: number;

  constructor(private readonly topo: Topology, sim: Simulator, on: (handler: (id: number) => void) => number) {
    const sites = topo.spec.sites;
    this.uplinkBase = sites.length;
    this.wanBase = sites.length + topo.rackCount;
    const capacity: number[] = sites.map((s) => s.storage?.bandwidthBps ?? Infinity);
    for (let r = 0; r < topo.rackCount; r++) capacity.push(sites[topo.rackSite[r]].uplink?.bandwidthBps ?? Infinity);
    for (const l of topo.spec.wan ?? []) capacity.push(l.bandwidthBps);
    this.flows = new FlowNetwork(sim, on, capacity);
  }

  /** The bandwidth of a site's storage, bytes per second (Infinity when not modelled). */
  storageBandwidthOf(site: number): number {
    return this.flows.capacityOf(site);
  }

  /**
   * From GPUs to their site's storage (the site of the first GPU): each rack's uplink,
   * carrying the rack's share of the bytes (its share of the GPUs), the WAN link from each
   * other site the GPUs are in (its share), then the storage. O(ranges + racks held in
   * sites with modelled uplinks).
   */
  storagePath(gpus: GpuRanges): Path {
    const t = this.topo;
    const total = rangesCount(gpus);
    const home = t.rackSite[t.nodeRack[t.gpuNode[gpus[0]]]];
    const perSite = new Map<number, number>();
    const perRack = new Map<number, number>();
    for (let i = 0; i < gpus.length; i += 2) {
      for (let a = gpus[i], b = gpus[i + 1]; a < b;) {
        const site = t.rackSite[t.nodeRack[t.gpuNode[a]]];
        const siteEnd = Math.min(b, t.siteFirstGpu[site + 1]);
        perSite.set(site, (perSite.get(site) ?? 0) + siteEnd - a);
        if (t.spec.sites[site].uplink) {
          for (let g = a; g < siteEnd;) {
            const r = t.nodeRack[t.gpuNode[g]];
            const stop = Math.min(siteEnd, t.rackFirstGpu[r + 1]);
            perRack.set(r, (perRack.get(r) ?? 0) + stop - g);
            g = stop;
          }
        }
        a = siteEnd;
      }
    }
    const hops: Hop[] = [];
    let latencyS = 0;
    for (const [r, n] of perRack) {
      hops.push({ link: this.uplinkBase + r, weight: n / total });
      latencyS = Math.max(latencyS, t.spec.sites[t.rackSite[r]].uplink!.latencyS);
    }
    // GPUs in other sites send their share over the WAN link to this one (when a link joins them).
    for (const [site, n] of perSite) {
      if (site === home) continue;
      const link = this.wanBetween(site, home);
      if (link < 0) continue;
      hops.push({ link: this.wanBase + link, weight: n / total });
      latencyS = Math.max(latencyS, t.spec.wan![link].latencyS);
    }
    hops.push({ link: home, weight: 1 });
    return { hops, latencyS };
  }

  /** The WAN link joining two sites, by index in `cluster.wan`, or -1 when none does. */
  wanBetween(a: number, b: number): number {
    const ia = this.topo.spec.sites[a].id, ib = this.topo.spec.sites[b].id;
    return (this.topo.spec.wan ?? []).findIndex((l) => (l.sites[0] === ia && l.sites[1] === ib) || (l.sites[0] === ib && l.sites[1] === ia));
  }

  /** From one site's storage to another's with no WAN link modelled between them: only the two storages limit it. */
  directPath(from: number, to: number): Path {
    return { hops: [{ link: from, weight: 1 }, { link: to, weight: 1 }], latencyS: 0 };
  }

  /** From one site's storage over the WAN link `link` to another site's storage. */
  copyPath(from: number, to: number, link: number): Path {
    return {
      hops: [{ link: from, weight: 1 }, { link: this.wanBase + link, weight: 1 }, { link: to, weight: 1 }],
      latencyS: this.topo.spec.wan![link].latencyS,
    };
  }

  /** The flow-network link of a WAN link. */
  wanLink(link: number): number {
    return this.wanBase + link;
  }
}
