/**
 * BackgroundCopies, driven directly: a real Simulator, a small two-site Topology and the
 * real ClusterNetwork (or none). The rules (its TSDoc): a job's new checkpoint is first
 * persisted to its site's storage when asked (then it is durable), then copied to another
 * site when asked (then `copiedTo` names it); one stage after the other, over the network
 * when the checkpoint has a size and there is a path (sharing the links max-min fairly), else
 * in the job's write time; work still under way when its job is interrupted is dropped.
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';
import { BackgroundCopies, type BackgroundJob, type KeptCheckpoint } from '../../../src/sim/model/BackgroundCopies.ts';
import { ClusterNetwork, type Path } from '../../../src/sim/model/ClusterNetwork.ts';
import { Topology } from '../../../src/sim/model/Topology.ts';
import type { ClusterSpec, SiteSpec } from '../../../src/sim/scenario/types.ts';

/** A site of one rack of two 4-GPU nodes, its storage at `storageBps`, its uplink at `uplinkBps` (latency 0.25 s). */
function site(id: string, storageBps: number, uplinkBps: number): SiteSpec {
  return {
    id, racks: 1, nodesPerRack: 2, node: { gpus: 4, gpu: 'H100', speed: 1 },
    storage: { pieces: 0, needed: 0, stripes: 0, bandwidthBps: storageBps },
    uplink: { bandwidthBps: uplinkBps, latencyS: 0.25 },
  };
}

/**
 * Sites east (storage 100 B/s, uplink 200 B/s) and west (storage 100 B/s), a WAN link
 * east–west of 40 B/s with 1 s latency, and a site `far` with no link to the others.
 */
const CLUSTER: ClusterSpec = {
  sites: [site('east', 100, 200), site('west', 100, 200), site('far', 100, 200)],
  wan: [{ id: 'east-west', sites: ['east', 'west'], bandwidthBps: 40, latencyS: 1 }],
};
const EAST = 0, WEST = 1, FAR = 2;

function setup(withNetwork = true) {
  const sim = new Simulator();
  const topo = new Topology(CLUSTER);
  const network = withNetwork ? new ClusterNetwork(topo, sim, (h) => sim.on(h)) : undefined;
  const copies = new BackgroundCopies(sim, (h) => sim.on(h), network);
  const actions: (() => void)[] = [];
  const kind = sim.on((i) => actions[i]());
  const at = (t: number, fn: () => void) => { actions.push(fn); sim.at(t, kind, actions.length - 1); };
  /** When the checkpoint became durable and copied (watched after every event). */
  const watch = (c: KeptCheckpoint) => {
    const seen = { durableS: NaN, copiedS: NaN };
    const prev = sim.afterEach;
    sim.afterEach = () => {
      prev?.();
      if (c.durable && Number.isNaN(seen.durableS)) seen.durableS = sim.nowS;
      if (c.copiedTo >= 0 && Number.isNaN(seen.copiedS)) seen.copiedS = sim.nowS;
    };
    return seen;
  };
  return { sim, topo, network, copies, at, watch };
}

/**
 * The path from east's rack to east's storage, as the training jobs get it from the network:
 * the rack's uplink (link 3: the network numbers the three storages 0–2, then the uplinks)
 * carrying every byte, then the storage; the uplink's latency.
 */
const EAST_RACK_TO_STORAGE: Path = { hops: [{ link: 3, weight: 1 }, { link: EAST, weight: 1 }], latencyS: 0.25 };

/** A job's background work on east's rack (written in 7 s without a size). */
function job(network: ClusterNetwork | undefined, over: Partial<BackgroundJob> & { checkpoint: KeptCheckpoint }): BackgroundJob {
  return { persist: true, replicateTo: -1, site: EAST, path: network ? EAST_RACK_TO_STORAGE : null, sizeBytes: undefined, writeS: 7, ...over };
}

const fresh = (): KeptCheckpoint => ({ durable: false, copiedTo: -1 });

describe('BackgroundCopies', () => {
  it('without a size, persists the checkpoint in the write time, then copies it in the write time again', () => {
    const { sim, network, copies, watch } = setup();
    const c = fresh();
    const seen = watch(c);
    copies.start(3, job(network, { checkpoint: c, replicateTo: WEST }));
    expect(copies.busy(3)).toBe(true);
    sim.run(Infinity);
    expect(seen).toEqual({ durableS: 7, copiedS: 14 });
    expect(c).toEqual({ durable: true, copiedTo: WEST });
    expect(copies.busy(3)).toBe(false);
  });

  it('only persists when no copy is asked for, and only copies a checkpoint already durable', () => {
    const { sim, network, copies, watch } = setup();
    const a = fresh(), b: KeptCheckpoint = { durable: true, copiedTo: -1 };
    const seenA = watch(a), seenB = watch(b);
    copies.start(1, job(network, { checkpoint: a }));
    copies.start(2, job(network, { checkpoint: b, persist: false, replicateTo: WEST, writeS: 3 }));
    sim.run(Infinity);
    expect(a).toEqual({ durable: true, copiedTo: -1 });
    expect(seenA.durableS).toBe(7);
    expect(seenB.copiedS).toBe(3);
    expect([copies.busy(1), copies.busy(2)]).toEqual([false, false]);
  });

  it('with a size, streams the checkpoint to storage at the narrowest link of its path, then over the WAN link to the other site\'s storage', () => {
    // Persist: 1000 B over east's uplink (200 B/s) into its storage (100 B/s): 10 s + 0.25 s
    // of uplink latency = 10.25 s. Copy: storage 100, WAN 40, storage 100 B/s: 25 s + 1 s.
    const { sim, network, copies, watch } = setup();
    expect([0, 3].map((l) => network!.flows.capacityOf(l))).toEqual([100, 200]); // the path's links
    const c = fresh();
    const seen = watch(c);
    copies.start(0, job(network, { checkpoint: c, replicateTo: WEST, sizeBytes: 1000 }));
    sim.run(Infinity);
    expect(seen.durableS).toBe(10.25);
    expect(seen.copiedS).toBe(36.25);
    expect(c.copiedTo).toBe(WEST);
  });

  it('shares the storage link between jobs: two checkpoints written at once take twice as long', () => {
    const { sim, network, copies, watch } = setup();
    const a = fresh(), b = fresh();
    const seenA = watch(a), seenB = watch(b);
    copies.start(0, job(network, { checkpoint: a, sizeBytes: 1000 }));
    copies.start(1, job(network, { checkpoint: b, sizeBytes: 1000 }));
    sim.run(Infinity);
    // 50 B/s each into east's storage: 20 s, + 0.25 s.
    expect([seenA.durableS, seenB.durableS]).toEqual([20.25, 20.25]);
  });

  it('copies in the write time when no WAN link joins the two sites, even with a size', () => {
    const { sim, network, copies, watch } = setup();
    const c: KeptCheckpoint = { durable: true, copiedTo: -1 };
    const seen = watch(c);
    copies.start(0, job(network, { checkpoint: c, persist: false, replicateTo: FAR, sizeBytes: 1000, writeS: 9 }));
    sim.run(Infinity);
    expect(seen.copiedS).toBe(9);
    expect(c.copiedTo).toBe(FAR);
  });

  it('moves everything in the write time without a network, even with a size', () => {
    const { sim, copies, watch } = setup(false);
    const c = fresh();
    const seen = watch(c);
    copies.start(0, job(undefined, { checkpoint: c, replicateTo: WEST, sizeBytes: 1000 }));
    sim.run(Infinity);
    expect(seen).toEqual({ durableS: 7, copiedS: 14 });
  });

  it('drops a persist under way when its job is interrupted: the checkpoint never becomes durable, and the storage link is freed at once', () => {
    const { sim, network, copies, at, watch } = setup();
    const a = fresh(), b = fresh();
    const seenA = watch(a), seenB = watch(b);
    copies.start(0, job(network, { checkpoint: a, replicateTo: WEST, sizeBytes: 1000 }));
    copies.start(1, job(network, { checkpoint: b, sizeBytes: 1000 }));
    // Both at 50 B/s; job 0 is interrupted at 4 s (200 B of each moved): job 1's last 800 B go at 100 B/s.
    at(4, () => copies.cancel(0));
    sim.run(Infinity);
    expect(a).toEqual({ durable: false, copiedTo: -1 });
    expect(seenA.durableS).toBeNaN();
    expect(copies.busy(0)).toBe(false);
    expect(seenB.durableS).toBe(12.25);
  });

  it('drops a copy under way when its job is interrupted: the checkpoint stays durable but is not copied', () => {
    const { sim, network, copies, at } = setup();
    const net = network!;
    const c = fresh();
    copies.start(0, job(net, { checkpoint: c, replicateTo: WEST, sizeBytes: 1000 }));
    const onWan = () => net.flows.flowsOver(net.wanLink(0)).length;
    at(19, () => expect(onWan()).toBe(1)); // durable at 10.25, copying until 36.25
    at(20, () => copies.cancel(0));
    sim.run(Infinity);
    expect(c).toEqual({ durable: true, copiedTo: -1 });
    expect(onWan()).toBe(0);
    // A stage given by time is dropped too.
    const t = setup();
    const d = fresh();
    t.copies.start(5, job(t.network, { checkpoint: d, replicateTo: WEST }));
    t.at(3, () => t.copies.cancel(5));
    t.sim.run(Infinity);
    expect(d).toEqual({ durable: false, copiedTo: -1 });
    expect(t.sim.pending).toBe(0);
  });

  it('ignores the interruption of a job with no background work', () => {
    const { sim, copies } = setup();
    copies.cancel(42);
    expect(copies.busy(42)).toBe(false);
    expect(sim.pending).toBe(0);
  });

  it('starts a job\'s work again after its previous work ended or was dropped', () => {
    const { sim, network, copies, at, watch } = setup();
    const first = fresh(), second = fresh();
    const seen = watch(second);
    copies.start(0, job(network, { checkpoint: first }));
    at(2, () => copies.cancel(0));
    at(2, () => copies.start(0, job(network, { checkpoint: second })));
    sim.run(Infinity);
    expect(first.durable).toBe(false);
    expect(seen.durableS).toBe(9);
  });
});
