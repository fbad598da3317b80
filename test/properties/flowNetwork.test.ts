/**
 * Property-based test of the flow network under the rack uplinks, storage and WAN links:
 * random links (some of infinite bandwidth), transfers over 1–3 of them with random weights
 * (a checkpoint's share of the bytes on a rack's uplink), random sizes, latencies, start
 * times and cancellations. After every event, an observer independent of the network's
 * arithmetic checks:
 *  - the rates are max-min fair: no link carries more than its bandwidth, and every transfer
 *    still moving crosses a full link on which no transfer moves faster (its bottleneck);
 *  - bytes are conserved: integrating each transfer's rate over time, it has moved exactly its
 *    bytes when it stops moving (never more before), and it ends its latency later;
 *  - every transfer not cancelled ends, none ends twice, a cancelled one never ends, and none
 *    ends sooner than alone on its links.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../src/sim/engine/Simulator.ts';
import { FlowNetwork, type Hop } from '../../src/sim/model/FlowNetwork.ts';

interface Transfer {
  readonly hops: readonly Hop[];
  readonly bytes: number;
  readonly latencyS: number;
  readonly startS: number;
  id: number;
  /** Bytes moved so far (∫ rate dt), and the rate since the last event. */
  moved: number;
  rate: number;
  drainedS: number;
  endedS: number;
  ends: number;
  cancelled: boolean;
}

const transferArb = fc.record({
  links: fc.uniqueArray(fc.nat(5), { minLength: 1, maxLength: 3 }),
  weights: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: 3, maxLength: 3 }),
  bytes: fc.integer({ min: 1, max: 10_000 }),
  latencyS: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }).map((x) => x / 10)),
  atS: fc.integer({ min: 0, max: 100 }),
  cancelAtS: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined, freq: 3 }),
});

const caseArb = fc.record({
  caps: fc.array(fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 500 }) }, { weight: 1, arbitrary: fc.constant(Infinity) }), { minLength: 1, maxLength: 6 }),
  transfers: fc.array(transferArb, { minLength: 1, maxLength: 10 }),
});

describe('flow network: random transfers over shared links', () => {
  it('keeps rates max-min fair at every event, moves every byte exactly once, and ends each transfer its latency after its last byte', () => {
    fc.assert(fc.property(caseArb, ({ caps, transfers: drawn }) => {
      const sim = new Simulator();
      const net = new FlowNetwork(sim, (h) => sim.on(h), caps);
      const ts: Transfer[] = drawn.map((d) => {
        const hops = d.links.filter((l) => l < caps.length).map((link, i) => ({ link, weight: d.weights[i] / 8 }));
        return { hops: hops.length > 0 ? hops : [{ link: 0, weight: 1 }], bytes: d.bytes, latencyS: d.latencyS, startS: d.atS, id: -1, moved: 0, rate: 0, drainedS: NaN, endedS: NaN, ends: 0, cancelled: false };
      });
      const errors: string[] = [];
      const fail = (msg: string) => { if (errors.length < 5) errors.push(`t=${sim.nowS}: ${msg}`); };
      const startKind = sim.on((i) => {
        const t = ts[i];
        t.id = net.start(t.hops, t.bytes, t.latencyS, () => { t.ends++; t.endedS = sim.nowS; });
      });
      const cancelKind = sim.on((i) => {
        const t = ts[i];
        if (t.ends > 0) return;
        t.cancelled = true;
        net.cancel(t.id);
      });
      drawn.forEach((d, i) => {
        sim.at(d.atS, startKind, i);
        // A cancellation at the start's own time comes after it (scheduled later).
        if (d.cancelAtS !== undefined) sim.at(Math.max(d.atS, d.cancelAtS), cancelKind, i);
      });
      const tol = (x: number) => 1e-6 * Math.max(1, x);
      let lastS = 0;
      sim.afterEach = () => {
        const now = sim.nowS, dt = now - lastS;
        lastS = now;
        const open = ts.filter((t) => t.id >= 0 && !t.cancelled && Number.isNaN(t.drainedS));
        for (const t of ts) {
          if (t.id < 0 || t.cancelled || !Number.isNaN(t.drainedS)) continue;
          if (dt > 0) t.moved += t.rate * dt;
          if (t.moved > t.bytes + tol(t.bytes)) fail(`transfer ${t.id} moved ${t.moved} of its ${t.bytes} bytes`);
        }
        // Rates now (until the next event), and where each transfer stopped moving.
        for (const t of open) {
          const rate = net.rateOf(t.id);
          const finite = t.hops.some((h) => caps[h.link] < Infinity);
          if (rate === 0 || t.ends > 0) {
            t.drainedS = now;
            if (finite && Math.abs(t.moved - t.bytes) > tol(t.bytes)) fail(`transfer ${t.id} stopped moving after ${t.moved} of its ${t.bytes} bytes`);
          } else if (!(rate > 0) || (finite && rate === Infinity)) fail(`transfer ${t.id} moves at ${rate} B/s`);
          t.rate = rate;
        }
        // Max-min fairness over the transfers still moving (those on finite links).
        const moving = open.filter((t) => Number.isNaN(t.drainedS) && t.hops.some((h) => caps[h.link] < Infinity));
        const load = caps.map(() => 0);
        for (const t of moving) for (const h of t.hops) load[h.link] += h.weight * t.rate;
        load.forEach((l, k) => { if (l > caps[k] * (1 + 1e-9)) fail(`link ${k} carries ${l} B/s, its bandwidth is ${caps[k]}`); });
        for (const t of moving) {
          const bottleneck = t.hops.some((h) => caps[h.link] < Infinity && load[h.link] >= caps[h.link] * (1 - 1e-9)
            && moving.every((o) => !o.hops.some((x) => x.link === h.link) || o.rate <= t.rate * (1 + 1e-9)));
          if (!bottleneck) fail(`transfer ${t.id} at ${t.rate} B/s has no full link where it is fastest (loads ${load.join(', ')})`);
        }
      };
      sim.run(Infinity);
      expect(errors).toEqual([]);
      for (const t of ts) {
        const label = JSON.stringify(t);
        if (t.cancelled) { expect(t.ends, label).toBe(0); continue; }
        expect(t.ends, label).toBe(1);
        // Its latency after its last byte left; never sooner than alone on its links.
        expect(Math.abs(t.endedS - (t.drainedS + t.latencyS)), label).toBeLessThanOrEqual(tol(t.endedS));
        const aloneS = Math.max(...t.hops.map((h) => (t.bytes * h.weight) / caps[h.link]));
        expect(t.endedS - t.startS, label).toBeGreaterThanOrEqual(aloneS + t.latencyS - tol(t.endedS));
      }
    }), { numRuns: 300 });
  });
});
