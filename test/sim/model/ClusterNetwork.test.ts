/**
 * ClusterNetwork, driven directly (no simulate()): the paths it builds on a small Topology of
 * three sites, checked hop by hop.
 *
 * The rules (ClusterNetwork's TSDoc, docs/scenario-format.md "Network"): the flow network's
 * links are each site's storage (link s), then one uplink per rack (in rack order), then the
 * WAN links (in `cluster.wan` order). From GPUs to storage: the storage of the site of the
 * first GPU, weight 1; in sites with uplinks, each rack's uplink with the rack's share of the
 * GPUs; the share of the GPUs in each other site over the WAN link joining it to that site
 * (none when no link joins them); the path's latency is the largest on it. A copy between
 * two storages crosses their WAN link (its latency), or only the two storages when none is
 * modelled.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';
import { ClusterNetwork } from '../../../src/sim/model/ClusterNetwork.ts';
import type { Hop } from '../../../src/sim/model/FlowNetwork.ts';
import { Topology } from '../../../src/sim/model/Topology.ts';
import type { ClusterSpec, LinkSpec, SiteSpec } from '../../../src/sim/scenario/types.ts';

function site(id: string, racks: number, nodesPerRack: number, gpus: number, extra: { storageBps?: number; uplink?: LinkSpec } = {}): SiteSpec {
  return {
    id, racks, nodesPerRack, node: { gpus, gpu: 'H100', speed: 1 },
    ...(extra.storageBps === undefined ? {} : { storage: { pieces: 0, needed: 0, stripes: 0, bandwidthBps: extra.storageBps } }),
    ...(extra.uplink ? { uplink: extra.uplink } : {}),
  };
}

/**
 * east: 3 racks × 2 nodes × 4 GPUs (GPUs 0..23, rack r = 8r..8r+7), uplinks 50 B/s, 1 ms,
 *       storage 1000 B/s;
 * west: 2 racks × 1 node × 2 GPUs (24..27), no uplinks, storage 500 B/s;
 * north: 1 rack × 1 node × 2 GPUs (28..29), uplink 70 B/s, 2 ms, no storage modelled.
 * WAN: east–west 10 B/s, 30 ms (link 0); north–east 20 B/s, 50 ms (link 1); none west–north.
 *
 * Flow-network links: storages 0 east, 1 west, 2 north; uplinks 3, 4, 5 (east racks 0..2),
 * 6, 7 (west), 8 (north); WAN 9 (east–west), 10 (north–east).
 */
const threeSites: ClusterSpec = {
  sites: [
    site('east', 3, 2, 4, { storageBps: 1000, uplink: { bandwidthBps: 50, latencyS: 0.001 } }),
    site('west', 2, 1, 2, { storageBps: 500 }),
    site('north', 1, 1, 2, { uplink: { bandwidthBps: 70, latencyS: 0.002 } }),
  ],
  wan: [
    { id: 'east-west', sites: ['east', 'west'], bandwidthBps: 10, latencyS: 0.03 },
    { id: 'north-east', sites: ['north', 'east'], bandwidthBps: 20, latencyS: 0.05 },
  ],
};

function network(spec: ClusterSpec = threeSites): ClusterNetwork {
  const sim = new Simulator();
  return new ClusterNetwork(new Topology(spec), sim, (h) => sim.on(h));
}

/** Hops by link (their order does not matter to the flow network). */
const byLink = (hops: readonly Hop[]) => [...hops].sort((a, b) => a.link - b.link);
const hop = (link: number, weight = 1): Hop => ({ link, weight });

describe('ClusterNetwork: links', () => {
  it('numbers the storages, then the uplinks rack by rack, then the WAN links, each of its bandwidth', () => {
    const net = network();
    expect([0, 1, 2].map((s) => net.storageBandwidthOf(s))).toEqual([1000, 500, Infinity]);
    expect(Array.from({ length: 11 }, (_, l) => net.flows.capacityOf(l)))
      .toEqual([1000, 500, Infinity, 50, 50, 50, Infinity, Infinity, 70, 10, 20]);
    expect([net.wanLink(0), net.wanLink(1)]).toEqual([9, 10]);
  });
});

describe('ClusterNetwork: storagePath', () => {
  it('is the storage alone, with no latency, for a job in one site with no uplinks', () => {
    const net = network();
    expect(net.storagePath([24, 27])).toEqual({ hops: [hop(1)], latencyS: 0 });
    expect(net.storagePath([25, 26])).toEqual({ hops: [hop(1)], latencyS: 0 });
  });

  it('crosses its rack’s uplink with all the bytes, adding the uplink latency, for a job on one rack', () => {
    const net = network();
    const p = net.storagePath([8, 12]);
    expect(byLink(p.hops)).toEqual([hop(0), hop(4, 1)]);
    expect(p.latencyS).toBe(0.001);
  });

  it('sends each rack’s share of the GPUs over that rack’s uplink', () => {
    const net = network();
    // GPUs 4..19: 4 on rack 0, 8 on rack 1, 4 on rack 2.
    const p = net.storagePath([4, 20]);
    expect(byLink(p.hops)).toEqual([hop(0), hop(3, 0.25), hop(4, 0.5), hop(5, 0.25)]);
    expect(p.latencyS).toBe(0.001);
  });

  it('sums the ranges that fall in one rack, including a rack split between ranges', () => {
    const net = network();
    // Rack 0: 0, 1 and 6, 7 (4); rack 1: 8, 9 (2); rack 2: 20..23 (4); 10 GPUs in all.
    const p = net.storagePath([0, 2, 6, 10, 20, 24]);
    expect(byLink(p.hops)).toEqual([hop(0), hop(3, 4 / 10), hop(4, 2 / 10), hop(5, 4 / 10)]);
    expect(p.hops.reduce((s, h) => s + (h.link >= 3 && h.link <= 8 ? h.weight : 0), 0)).toBeCloseTo(1, 12);
    expect(p.latencyS).toBe(0.001);
  });

  it('sends the share of a job’s GPUs in another site over the WAN link joining it to the first GPU’s site', () => {
    const net = network();
    // One range over two sites: 20..23 in east (rack 2), 24, 25 in west (no uplinks). Home: east.
    const p = net.storagePath([20, 26]);
    expect(byLink(p.hops)).toEqual([hop(0), hop(5, 4 / 6), hop(9, 2 / 6)]);
    expect(p.latencyS).toBe(0.03); // the largest on the path: the WAN's
  });

  it('takes the storage of the site of the first GPU, and the link listed the other way round', () => {
    const net = network();
    // 22, 23 in east (rack 2) and 28, 29 in north (its rack's uplink, link 8); link 1 is listed north–east.
    const p = net.storagePath([22, 24, 28, 30]);
    expect(byLink(p.hops)).toEqual([hop(0), hop(5, 0.5), hop(8, 0.5), hop(10, 0.5)]);
    expect(p.latencyS).toBe(0.05);
  });

  it('sends each other site’s share over its own link, over three sites', () => {
    const net = network();
    // 22..29: east 2 (rack 2), west 4, north 2; 8 in all.
    const p = net.storagePath([22, 30]);
    expect(byLink(p.hops)).toEqual([hop(0), hop(5, 0.25), hop(8, 0.25), hop(9, 0.5), hop(10, 0.25)]);
    expect(p.latencyS).toBe(0.05);
  });

  it('adds no WAN hop for GPUs in a site no link joins to the first GPU’s site', () => {
    const net = network();
    // Home west (no uplinks); north's GPUs cross their rack's uplink but no WAN link (none west–north).
    const p = net.storagePath([24, 26, 28, 30]);
    expect(byLink(p.hops)).toEqual([hop(1), hop(8, 0.5)]);
    expect(p.latencyS).toBe(0.002);
  });
});

describe('ClusterNetwork: WAN links and copies', () => {
  it('finds the WAN link joining two sites in either direction, or -1', () => {
    const net = network();
    expect([net.wanBetween(0, 1), net.wanBetween(1, 0)]).toEqual([0, 0]);
    expect([net.wanBetween(0, 2), net.wanBetween(2, 0)]).toEqual([1, 1]);
    expect([net.wanBetween(1, 2), net.wanBetween(2, 1)]).toEqual([-1, -1]);
    expect(network({ sites: threeSites.sites }).wanBetween(0, 1)).toBe(-1);
  });

  it('copies from one storage over the WAN link to the other, with the link’s latency', () => {
    const net = network();
    expect(net.copyPath(0, 1, 0)).toEqual({ hops: [hop(0), hop(9), hop(1)], latencyS: 0.03 });
    expect(net.copyPath(2, 0, 1)).toEqual({ hops: [hop(2), hop(10), hop(0)], latencyS: 0.05 });
  });

  it('copies between two storages with no WAN link over the two storages only, with no latency', () => {
    const net = network();
    expect(net.directPath(1, 2)).toEqual({ hops: [hop(1), hop(2)], latencyS: 0 });
  });
});
