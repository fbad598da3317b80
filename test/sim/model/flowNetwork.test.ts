/**
 * Transfers sharing links max-min fairly (progressive filling), against hand-worked cases
 * and, for random networks, the two conditions that define max-min fairness: no link is
 * over its bandwidth, and every transfer crosses a full link on which no transfer moves
 * faster than it (its bottleneck).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';
import { FlowNetwork, type Hop } from '../../../src/sim/model/FlowNetwork.ts';

function network(capacityBps: number[]) {
  const sim = new Simulator();
  const net = new FlowNetwork(sim, (h) => sim.on(h), capacityBps);
  const ended = new Map<string, number>();
  const start = (name: string, hops: Hop[], bytes: number, latencyS = 0) => net.start(hops, bytes, latencyS, () => ended.set(name, sim.nowS));
  return { sim, net, ended, start };
}
const hop = (link: number, weight = 1): Hop => ({ link, weight });

describe('FlowNetwork', () => {
  it('gives a transfer alone the narrowest link on its path, and ends it its latency after the last byte', () => {
    const { sim, net, ended, start } = network([10, 4]);
    const id = start('a', [hop(0), hop(1)], 100, 0.5);
    expect(net.rateOf(id)).toBe(4);
    sim.run(Infinity);
    expect(ended.get('a')).toBe(25.5);
  });

  it('shares one link equally: 100 B and 300 B at 100 B/s end at 2 s and 4 s', () => {
    const { sim, ended, start } = network([100]);
    start('a', [hop(0)], 100);
    start('b', [hop(0)], 300);
    sim.run(Infinity);
    expect(ended.get('a')).toBe(2);
    expect(ended.get('b')).toBe(4);
  });

  it('finds the max-min rates over two links: the narrow link splits first, the rest goes to the other transfer', () => {
    const { net, start } = network([10, 4]);
    const f1 = start('f1', [hop(0)], 1e9);
    const f2 = start('f2', [hop(0), hop(1)], 1e9);
    const f3 = start('f3', [hop(1)], 1e9);
    expect([net.rateOf(f1), net.rateOf(f2), net.rateOf(f3)]).toEqual([8, 2, 2]);
  });

  it('charges a link only the weight a transfer puts on it: half the bytes over a 4 B/s uplink allow 8 B/s', () => {
    const { net, start } = network([4, 100]);
    expect(net.rateOf(start('w', [hop(0, 0.5), hop(1)], 1e9))).toBe(8);
  });

  it('speeds the others up when a transfer is cancelled, counting the bytes already moved', () => {
    const { sim, net, ended, start } = network([10]);
    const a = start('a', [hop(0)], 100);
    start('b', [hop(0)], 100);
    sim.at(4, sim.on(() => net.cancel(a)));
    sim.run(Infinity);
    // 20 B moved by 4 s at 5 B/s; the last 80 B at 10 B/s.
    expect(ended.get('b')).toBe(12);
    expect(ended.has('a')).toBe(false);
  });

  it('ends a transfer over links of infinite bandwidth after its latency alone', () => {
    const { sim, ended, start } = network([Infinity]);
    start('a', [hop(0)], 1e12, 0.25);
    sim.run(Infinity);
    expect(ended.get('a')).toBe(0.25);
  });

  it('lists the transfers crossing a link', () => {
    const { net, start } = network([1, 1, 1]);
    const a = start('a', [hop(0), hop(2)], 10), b = start('b', [hop(1)], 10), c = start('c', [hop(2)], 10);
    expect(net.flowsOver(2)).toEqual([a, c]);
    expect(net.flowsOver(1)).toEqual([b]);
  });

  it('is max-min fair on random networks: feasible, and every transfer has a full bottleneck link where it is fastest', () => {
    const arb = fc.record({
      caps: fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 6 }),
      flows: fc.array(fc.record({
        links: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }),
        weights: fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 3, maxLength: 3 }),
      }), { minLength: 1, maxLength: 8 }),
    });
    fc.assert(fc.property(arb, ({ caps, flows }) => {
      const { net, start } = network(caps);
      const specs = flows.map((f) => f.links.filter((l) => l < caps.length).map((l, i) => hop(l, f.weights[i] / 4))).filter((h) => h.length > 0);
      const ids = specs.map((h, i) => start(`f${i}`, h, 1e12));
      const rates = ids.map((id) => net.rateOf(id));
      const load = caps.map(() => 0);
      specs.forEach((hops, i) => hops.forEach((h) => { load[h.link] += h.weight * rates[i]; }));
      load.forEach((l, k) => expect(l).toBeLessThanOrEqual(caps[k] * (1 + 1e-9)));
      specs.forEach((hops, i) => {
        const bottleneck = hops.some((h) => load[h.link] >= caps[h.link] * (1 - 1e-9)
          && specs.every((other, j) => !other.some((o) => o.link === h.link) || rates[j] <= rates[i] * (1 + 1e-9)));
        expect(bottleneck).toBe(true);
      });
    }), { numRuns: 300 });
  });

  it('moves every byte exactly once: with random starts and sizes, each transfer ends no sooner than its bytes allow and all end', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ atS: fc.integer({ min: 0, max: 50 }), bytes: fc.integer({ min: 1, max: 1000 }), link: fc.nat(2) }), { minLength: 1, maxLength: 12 }),
      (specs) => {
        const caps = [10, 20, 5];
        const { sim, ended, start } = network(caps);
        const kind = sim.on((i) => start(`t${i}`, [hop(specs[i].link)], specs[i].bytes));
        specs.forEach((s, i) => sim.at(s.atS, kind, i));
        sim.run(Infinity);
        expect(ended.size).toBe(specs.length);
        // Per link, the work-conserving total: the last end is the busy time the bytes need.
        for (let l = 0; l < caps.length; l++) {
          const mine = specs.map((s, i) => ({ ...s, i })).filter((s) => s.link === l).sort((a, b) => a.atS - b.atS);
          let free = 0;
          for (const s of mine) free = Math.max(free, s.atS) + s.bytes / caps[l];
          const last = Math.max(0, ...mine.map((s) => ended.get(`t${s.i}`)!));
          expect(Math.abs(last - free)).toBeLessThan(1e-6);
          for (const s of mine) expect(ended.get(`t${s.i}`)! + 1e-9).toBeGreaterThanOrEqual(s.atS + s.bytes / caps[l]);
        }
      },
    ), { numRuns: 200 });
  });
});
