/**
 * Storage, driven directly (no simulate()): a real Simulator, a small Topology, the real
 * ClusterNetwork for copies by size, and rack, site and WAN-link changes applied by hand at
 * chosen times, as the model applies failures.
 *
 * The rules (Storage's and StorageSpec's TSDoc): stripe i is in group i mod racks, and group
 * g keeps its `pieces` pieces on racks g, g+1, …, g+pieces−1 (mod racks); a rack that is down
 * has lost its pieces until it is up again; a stripe with fewer than `needed` pieces left is
 * lost for good (counted once, at the moment it happens: a data-loss event). Copies to another
 * site start every `everyS` from time 0; one due while the previous is under way, or while
 * either site or the link between them is down, is skipped; an outage of either site or of
 * the link cuts the copy under way (not safe); an outage of the copying site records its
 * recovery point, the age of the start of its newest completed copy (from 0 when none).
 *
 * (Named .unit.test.ts: test/sim/model/storage.test.ts, the whole-model tests, differs from
 * "Storage.test.ts" only by case, which collides on case-insensitive file systems.)
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';
import { ClusterNetwork } from '../../../src/sim/model/ClusterNetwork.ts';
import { Storage } from '../../../src/sim/model/Storage.ts';
import { Topology } from '../../../src/sim/model/Topology.ts';
import type { ClusterSpec, SiteSpec, StorageCopySpec, StorageSpec, WanLinkSpec } from '../../../src/sim/scenario/types.ts';

/** Storage of `pieces` pieces per stripe, any `needed` of which rebuild it. */
function storage(pieces: number, needed: number, stripes: number, copy?: StorageCopySpec, bandwidthBps = Infinity): StorageSpec {
  return { pieces, needed, stripes, bandwidthBps, ...(copy ? { copy } : {}) };
}

/** A site of `racks` racks of one node of two GPUs. */
function site(id: string, racks: number, store?: StorageSpec): SiteSpec {
  return { id, racks, nodesPerRack: 1, node: { gpus: 2, gpu: 'H100', speed: 1 }, ...(store ? { storage: store } : {}) };
}

function wan(a: string, b: string, bandwidthBps: number, latencyS: number): WanLinkSpec {
  return { id: `${a}-${b}`, sites: [a, b], bandwidthBps, latencyS };
}

/** A Storage on its own engine, with helpers to change racks, sites and links at given times. */
function setup(spec: ClusterSpec) {
  const sim = new Simulator();
  const topo = new Topology(spec);
  const network = new ClusterNetwork(topo, sim, (h) => sim.on(h));
  const losses: { site: number; copiedUpToS: number; timeS: number }[] = [];
  const store = new Storage(topo, sim, network, { onDataLoss: (s, copiedUpToS) => losses.push({ site: s, copiedUpToS, timeS: sim.nowS }) });
  const actions: (() => void)[] = [];
  const kind = sim.on((i) => actions[i]());
  /** Runs `fn` at time `t` (in scheduling order among events at that time). */
  const at = (t: number, fn: () => void) => { actions.push(fn); sim.at(t, kind, actions.length - 1); };
  /** Rack `r` of site `s` goes down (+1) or comes back (-1) now. */
  const rack = (s: number, r: number, delta: 1 | -1) => {
    const { firstGpu, endGpu } = topo.rangeOf('rack', { site: s, rack: r, node: 0, gpu: 0, link: -1 });
    store.change('rack', firstGpu, endGpu, delta, sim.nowS);
  };
  const siteChange = (s: number, delta: 1 | -1) => store.change('site', topo.siteFirstGpu[s], topo.siteFirstGpu[s + 1], delta, sim.nowS);
  return { sim, topo, network, store, losses, at, rack, site: siteChange };
}

describe('Storage: stripes and data loss', () => {
  it('rotates the stripes over the racks: with 3 replicas on 4 racks, a group is lost only when its own three racks are down', () => {
    // 10 stripes in 4 groups: g0 {r0,r1,r2} 3 stripes, g1 {r1,r2,r3} 3, g2 {r2,r3,r0} 2, g3 {r3,r0,r1} 2.
    const { sim, store, losses, at, rack } = setup({ sites: [site('dc', 4, storage(3, 1, 10))] });
    at(1, () => rack(0, 0, 1));
    at(2, () => rack(0, 2, 1)); // r0, r2 down: every group keeps a piece
    at(3, () => rack(0, 1, 1)); // r0, r1, r2 down: g0 (3 stripes) lost
    at(4, () => rack(0, 0, -1));
    at(5, () => rack(0, 3, 1)); // r1, r2, r3 down: g1 (3 stripes) lost; g2 and g3 keep r0
    sim.run(2.5);
    expect(store.tally().dc).toEqual({ stripes: 10, lostStripes: 0, dataLossEvents: 0, firstLossS: null });
    sim.run(Infinity);
    expect(store.tally().dc).toEqual({ stripes: 10, lostStripes: 6, dataLossEvents: 2, firstLossS: 3 });
    expect(losses.map((l) => [l.site, l.timeS])).toEqual([[0, 3], [0, 5]]);
    expect(losses.every((l) => Number.isNaN(l.copiedUpToS))).toBe(true);
  });

  it('with erasure coding 4+2 on 6 racks, keeps every stripe with 4 pieces left and loses all of them at 3 (fewer than k)', () => {
    const { sim, store, at, rack } = setup({ sites: [site('dc', 6, storage(6, 4, 12))] });
    at(1, () => rack(0, 1, 1));
    at(2, () => rack(0, 4, 1)); // 4 of 6 pieces left = k: nothing lost
    at(3, () => rack(0, 5, 1)); // 3 left < k
    sim.run(2.5);
    expect(store.tally().dc.lostStripes).toBe(0);
    sim.run(Infinity);
    expect(store.tally().dc).toEqual({ stripes: 12, lostStripes: 12, dataLossEvents: 1, firstLossS: 3 });
  });

  it('with erasure coding 2+1 on 5 racks, loses exactly the groups that have two of their three racks down', () => {
    // One stripe per group; group g on racks {g, g+1, g+2} mod 5.
    const { sim, store, at, rack } = setup({ sites: [site('dc', 5, storage(3, 2, 5))] });
    at(1, () => rack(0, 0, 1));
    at(2, () => rack(0, 2, 1)); // only g0 {0,1,2} holds both r0 and r2
    at(3, () => rack(0, 4, 1)); // down {0,2,4}: g2 {2,3,4}, g3 {3,4,0}, g4 {4,0,1} lose two; g1 {1,2,3} one
    sim.run(2.5);
    expect(store.tally().dc).toEqual({ stripes: 5, lostStripes: 1, dataLossEvents: 1, firstLossS: 2 });
    sim.run(Infinity);
    expect(store.tally().dc).toEqual({ stripes: 5, lostStripes: 4, dataLossEvents: 2, firstLossS: 2 });
  });

  it('loses a stripe for good: repairs do not bring it back, and losing its pieces again is no new loss', () => {
    const { sim, store, losses, at, rack } = setup({ sites: [site('dc', 2, storage(2, 1, 4))] });
    at(1, () => { rack(0, 0, 1); rack(0, 1, 1); });
    at(2, () => { rack(0, 0, -1); rack(0, 1, -1); });
    at(3, () => { rack(0, 1, 1); rack(0, 0, 1); });
    sim.run(Infinity);
    expect(store.tally().dc).toEqual({ stripes: 4, lostStripes: 4, dataLossEvents: 1, firstLossS: 1 });
    expect(losses).toHaveLength(1);
  });

  it('keeps a rack\'s pieces down until every failure in force on it has ended', () => {
    const run = (secondEndsS: number) => {
      const { sim, store, at, rack } = setup({ sites: [site('dc', 2, storage(2, 1, 2))] });
      at(1, () => rack(0, 0, 1)); // a rack failure
      at(2, () => rack(0, 0, 1)); // and a second one on the same rack
      at(3, () => rack(0, 0, -1)); // the first repaired
      at(secondEndsS, () => rack(0, 0, -1));
      at(5, () => rack(0, 1, 1)); // the other replica's rack
      sim.run(Infinity);
      return store.tally().dc.lostStripes;
    };
    expect(run(6)).toBe(2); // rack 0 still down at 5: both groups lost
    expect(run(4)).toBe(0); // rack 0 back at 4
  });

  it('takes every rack of a site down with a site outage, and leaves other sites\' storage alone', () => {
    const { sim, store, at, rack, site: siteChange } = setup({
      sites: [site('a', 3, storage(3, 1, 6)), site('nostore', 2), site('b', 2, storage(2, 1, 5))],
    });
    at(1, () => rack(1, 0, 1)); // a rack of a site without storage: nothing to lose
    at(2, () => siteChange(0, 1));
    at(3, () => rack(2, 0, 1)); // one replica of b's stripes
    sim.run(Infinity);
    expect(store.tally()).toEqual({
      a: { stripes: 6, lostStripes: 6, dataLossEvents: 1, firstLossS: 2 },
      b: { stripes: 5, lostStripes: 0, dataLossEvents: 0, firstLossS: null },
    });
  });

  it('models nothing for a site with bandwidth only, and holds no data for a site with copies only', () => {
    const bandwidthOnly = setup({ sites: [site('dc', 2, storage(0, 0, 0, undefined, 1e9))] }).store;
    expect(bandwidthOnly.empty).toBe(true);
    expect(bandwidthOnly.holdsData).toBe(false);
    expect(bandwidthOnly.tally()).toEqual({});
    const copiesOnly = setup({ sites: [site('a', 1, storage(0, 0, 0, { to: 'b', everyS: 10, durationS: 1 })), site('b', 1)] }).store;
    expect(copiesOnly.empty).toBe(false);
    expect(copiesOnly.holdsData).toBe(false);
    const data = setup({ sites: [site('a', 2, storage(2, 1, 3))] }).store;
    expect([data.empty, data.holdsData]).toEqual([false, true]);
  });
});

describe('Storage: copies to another site', () => {
  const twoSites = (copy: StorageCopySpec, links?: WanLinkSpec[], pieces = 0) => setup({
    sites: [site('a', 2, storage(pieces, pieces > 0 ? 1 : 0, pieces > 0 ? 4 : 0, copy, 100)), site('b', 1, storage(0, 0, 0, undefined, 100))],
    ...(links ? { wan: links } : {}),
  });

  it('starts a copy every interval from time 0 and skips those due while the previous one is still under way', () => {
    // Every 10 s, 15 s each: starts at 0, 20, 40, 60, 80 (safe at 15, 35, 55, 75, 95) and 100;
    // those due at 10, 30, 50, 70, 90 find one under way.
    const { sim, store } = twoSites({ to: 'b', everyS: 10, durationS: 15 });
    store.start();
    sim.run(100);
    expect(store.tally().a.copies).toEqual({ made: 5, skipped: 5, cut: 0, outages: 0, meanRpoS: null, maxRpoS: null });
    expect(store.copiedUpToS(0, 1)).toBe(80);
    expect(store.copiedUpToS(1, 0)).toBeNaN();
  });

  it('never skips a copy that takes exactly its interval: each ends before the next is due at the same instant', () => {
    const { sim, store } = twoSites({ to: 'b', everyS: 10, durationS: 10 });
    store.start();
    sim.run(100);
    // Started at 0, 10, …, 100; those started up to 90 are safe by 100.
    expect(store.tally().a.copies!.made).toBe(10);
    expect(store.tally().a.copies!.skipped).toBe(0);
    expect(store.copiedUpToS(0, 1)).toBe(90);
  });

  it('records the age of the newest safe copy when the copying site goes down, and cuts the copy under way', () => {
    // Every 10 s, 4 s each: safe copies started at 0, 10, 20. Down at 27: RPO 27 − 20 = 7.
    // Copies due at 30 and 40 skipped (site down); back at 45; the copy of 50 cut by the
    // outage at 52: RPO 52 − 20 = 32; the one due at 60 skipped.
    const { sim, store, at, site: siteChange } = twoSites({ to: 'b', everyS: 10, durationS: 4 });
    store.start();
    at(27, () => siteChange(0, 1));
    at(45, () => siteChange(0, -1));
    at(52, () => siteChange(0, 1));
    sim.run(60);
    expect(store.tally().a.copies).toEqual({ made: 3, skipped: 3, cut: 1, outages: 2, meanRpoS: 19.5, maxRpoS: 32 });
    expect(store.copiedUpToS(0, 1)).toBe(20);
  });

  it('measures the recovery point from time 0 when no copy was ever safe', () => {
    const { sim, store, at, site: siteChange } = twoSites({ to: 'b', everyS: 100, durationS: 30 });
    store.start();
    at(12, () => siteChange(0, 1));
    sim.run(50);
    expect(store.tally().a.copies).toEqual({ made: 0, skipped: 0, cut: 1, outages: 1, meanRpoS: 12, maxRpoS: 12 });
  });

  it('cuts a copy when the receiving site goes down, without counting an outage of the copying site', () => {
    const { sim, store, at, site: siteChange } = twoSites({ to: 'b', everyS: 10, durationS: 4 });
    store.start();
    at(2, () => siteChange(1, 1));
    at(15, () => siteChange(1, -1));
    sim.run(25);
    // Cut at 2; skipped at 10 (b down); started at 20, safe at 24.
    expect(store.tally().a.copies).toEqual({ made: 1, skipped: 1, cut: 1, outages: 0, meanRpoS: null, maxRpoS: null });
    expect(store.copiedUpToS(0, 1)).toBe(20);
  });

  it('sends a copy by size over the WAN link at the narrowest bandwidth on its way, plus the link\'s latency', () => {
    // Storages 100 B/s, WAN 50 B/s, latency 0.5 s: 1000 B arrive 20.5 s after the start.
    const { sim, store } = twoSites({ to: 'b', everyS: 60, sizeBytes: 1000 }, [wan('a', 'b', 50, 0.5)]);
    store.start();
    sim.run(20.4);
    expect(store.copiedUpToS(0, 1)).toBeNaN();
    sim.run(20.5);
    expect(store.copiedUpToS(0, 1)).toBe(0);
    expect(store.tally().a.copies!.made).toBe(1);
  });

  it('shares the WAN link with other transfers: a second transfer of the same size halves the copy\'s rate', () => {
    const { sim, store, network, at } = twoSites({ to: 'b', everyS: 600, sizeBytes: 1000 }, [wan('a', 'b', 50, 0.5)]);
    store.start();
    // Another 1000 B over the same link from time 0 (scheduled after the copy's start).
    at(0, () => network.flows.start([{ link: network.wanLink(0), weight: 1 }], 1000, 0, () => {}));
    // Both at 25 B/s: the last byte leaves at 40 s, the copy is safe at 40.5 s.
    sim.run(40.4);
    expect(store.copiedUpToS(0, 1)).toBeNaN();
    sim.run(41);
    expect(store.copiedUpToS(0, 1)).toBe(0);
  });

  it('stops a copy over a WAN link that is cut, skips copies while it is down, and copies again once it is back', () => {
    // Every 60 s, 20.5 s each: the copy of 0 is safe; the one of 60 is cut at 70; the one due
    // at 120 finds the link down (two failures in force; the first ends at 110, the second at
    // 130); the one of 180 is safe at 200.5.
    const { sim, store, network, at } = twoSites({ to: 'b', everyS: 60, sizeBytes: 1000 }, [wan('a', 'b', 50, 0.5)]);
    store.start();
    at(70, () => store.wanChange(0, 1));
    at(80, () => store.wanChange(0, 1));
    at(110, () => store.wanChange(0, -1));
    at(130, () => store.wanChange(0, -1));
    sim.run(71);
    expect(network.flows.flowsOver(network.wanLink(0))).toEqual([]);
    sim.run(210);
    expect(store.tally().a.copies).toEqual({ made: 2, skipped: 1, cut: 1, outages: 0, meanRpoS: null, maxRpoS: null });
    expect(store.copiedUpToS(0, 1)).toBe(180);
  });

  it('cuts a copy given by duration when the WAN link between its sites fails, and ignores other links', () => {
    const { sim, store, at } = setup({
      sites: [site('a', 1, storage(0, 0, 0, { to: 'b', everyS: 10, durationS: 5 })), site('b', 1), site('c', 1)],
      wan: [wan('b', 'c', 1, 0), wan('a', 'b', 1, 0)],
    });
    store.start();
    at(1, () => store.wanChange(0, 1)); // b–c: not on the copy's way
    at(12, () => store.wanChange(1, 1)); // a–b: cuts the copy of 10
    at(13, () => store.wanChange(1, -1));
    sim.run(25);
    // Safe: 0 (at 5), 20 (at 25). Cut: 10.
    expect(store.tally().a.copies).toEqual({ made: 2, skipped: 0, cut: 1, outages: 0, meanRpoS: null, maxRpoS: null });
  });

  it('tells the model, at a data loss, where the newest safe copy of the lost site\'s data started', () => {
    const { sim, store, losses, at, rack } = twoSites({ to: 'b', everyS: 10, durationS: 4 }, undefined, 2);
    store.start();
    at(33, () => { rack(0, 0, 1); rack(0, 1, 1); });
    sim.run(35);
    // Copies of 0, 10, 20 safe by 24; the one of 30 still under way at 33.
    expect(losses).toEqual([{ site: 0, copiedUpToS: 20, timeS: 33 }]);
    expect(store.tally().a).toMatchObject({ stripes: 4, lostStripes: 4, dataLossEvents: 1, firstLossS: 33 });
  });
});
