/**
 * FlowNetwork: hand-worked cases that the existing tests leave out. test/sim/model/flowNetwork.test.ts
 * already covers a transfer alone, equal sharing, a two-link max-min case, one weighted hop,
 * cancellation, infinite links and flowsOver; test/properties/flowNetwork.test.ts checks
 * max-min fairness and byte conservation at every event on random networks. Added here:
 * progressive filling over three rounds, weights shared between transfers, when the bandwidth
 * of a transfer is given back (its last byte, not its latency), and cancellation during the
 * latency.
 *
 * (Named .unit.test.ts: "FlowNetwork.test.ts" differs from flowNetwork.test.ts only by case,
 * which collides on case-insensitive file systems.)
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';
import { FlowNetwork, type Hop } from '../../../src/sim/model/FlowNetwork.ts';

function network(capacityBps: number[]) {
  const sim = new Simulator();
  const net = new FlowNetwork(sim, (h) => sim.on(h), capacityBps);
  const ended = new Map<string, number>();
  const start = (name: string, hops: Hop[], bytes: number, latencyS = 0) => net.start(hops, bytes, latencyS, () => {
    expect(ended.has(name), `${name} ended twice`).toBe(false);
    ended.set(name, sim.nowS);
  });
  const actions: (() => void)[] = [];
  const kind = sim.on((i) => actions[i]());
  const at = (t: number, fn: () => void) => { actions.push(fn); sim.at(t, kind, actions.length - 1); };
  return { sim, net, ended, start, at };
}
const hop = (link: number, weight = 1): Hop => ({ link, weight });

describe('FlowNetwork (unit cases)', () => {
  it('fills progressively over three rounds: the narrowest link per unit of demand freezes first, then the next', () => {
    // Links 6, 10, 100 B/s. f1: L0; f2: L0+L1; f3: L1; f4: L1+L2; f5: L2.
    // Round 1: L0 is full at 3 each (f1, f2). Round 2: L1 has 10 − 3 = 7 left for f3, f4: 3.5
    // each. Round 3: L2 has 100 − 3.5 left for f5.
    const { net, start } = network([6, 10, 100]);
    const ids = [
      start('f1', [hop(0)], 1e9), start('f2', [hop(0), hop(1)], 1e9), start('f3', [hop(1)], 1e9),
      start('f4', [hop(1), hop(2)], 1e9), start('f5', [hop(2)], 1e9),
    ];
    expect(ids.map((id) => net.rateOf(id))).toEqual([3, 3, 3.5, 3.5, 96.5]);
  });

  it('shares a link between weighted transfers by equal rates, not equal shares of the link', () => {
    // 12 B/s; A puts all its bytes on the link, B half of them: both at r with r + r/2 = 12.
    const { net, start } = network([12]);
    const a = start('a', [hop(0, 1)], 1e9), b = start('b', [hop(0, 0.5)], 1e9);
    expect([net.rateOf(a), net.rateOf(b)]).toEqual([8, 8]);
  });

  it('gives a transfer over a link of infinite bandwidth and a finite one the finite one', () => {
    const { net, start } = network([Infinity, 10]);
    expect(net.rateOf(start('a', [hop(0), hop(1)], 1e9))).toBe(10);
  });

  it('gives back a transfer\'s bandwidth when its last byte leaves, not when its latency has passed', () => {
    // 100 B/s: A (100 B, latency 10 s) and B (300 B) at 50 B/s each; A's last byte leaves at 2 s
    // (it ends at 12 s), and B's last 200 B go at 100 B/s from 2 s: B ends at 4 s.
    const { sim, net, ended, start, at } = network([100]);
    const a = start('a', [hop(0)], 100, 10);
    const b = start('b', [hop(0)], 300);
    at(3, () => {
      expect(net.rateOf(a)).toBe(0); // drained, in its latency
      expect(net.rateOf(b)).toBe(100);
    });
    sim.run(Infinity);
    expect(ended.get('a')).toBe(12);
    expect(ended.get('b')).toBe(4);
  });

  it('drops a transfer cancelled during its latency: it never ends, and no other transfer changes pace', () => {
    const { sim, net, ended, start, at } = network([100]);
    const a = start('a', [hop(0)], 100, 10);
    start('b', [hop(0)], 300);
    at(5, () => net.cancel(a));
    sim.run(Infinity);
    expect(ended.has('a')).toBe(false);
    expect(ended.get('b')).toBe(4);
    expect(sim.pending).toBe(0);
  });

  it('ignores the cancellation of a transfer that has ended or never existed, and reports its rate as 0', () => {
    const { sim, net, ended, start } = network([10]);
    const a = start('a', [hop(0)], 10);
    sim.run(Infinity);
    expect(ended.get('a')).toBe(1);
    const b = start('b', [hop(0)], 50);
    net.cancel(a);
    net.cancel(999);
    expect([net.rateOf(a), net.rateOf(999), net.rateOf(b)]).toEqual([0, 0, 10]);
    sim.run(Infinity);
    expect(ended.get('b')).toBe(6);
  });

  it('ends a transfer of no bytes after its latency alone', () => {
    const { sim, ended, start } = network([10]);
    start('a', [hop(0)], 0, 0.5);
    start('b', [hop(0)], 0);
    sim.run(Infinity);
    expect(ended.get('a')).toBe(0.5);
    expect(ended.get('b')).toBe(0);
  });

  it('reports each link\'s bandwidth', () => {
    const { net } = network([5, Infinity, 1e9]);
    expect([0, 1, 2].map((l) => net.capacityOf(l))).toEqual([5, Infinity, 1e9]);
  });
});
