import { describe, expect, it } from 'vitest';
import { StreamBank } from '../../../src/sim/random/streamBank.ts';
import { RandomStreams } from '../../../src/sim/random/streams.ts';

const take = (bank: StreamBank, i: number, n = 20) => Array.from({ length: n }, () => bank.select(i)());
const KEY = new RandomStreams(7).key('failure/0/east');

/** A bank of one stream, seeded from `key` and the numbers. */
function one(key: ArrayLike<number>, x: number, y = 0, z = 0): StreamBank {
  const b = new StreamBank(1);
  b.seed(0, key, x, y, z);
  return b;
}

describe('StreamBank', () => {
  it('is xoshiro128**: from the state (1, 2, 3, 4) it gives the reference outputs, two to a 53-bit draw', () => {
    const b = new StreamBank(1);
    // The reference outputs of Blackman & Vigna's C code from that state.
    const out = [11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849];
    (b as unknown as { state: Uint32Array }).state.set([1, 2, 3, 4]);
    const draws = take(b, 0, 4);
    draws.forEach((u, k) => expect(u).toBe(((out[2 * k] >>> 5) * 2 ** 26 + (out[2 * k + 1] >>> 6)) / 2 ** 53));
  });

  it('gives the same sequence for the same key and numbers, wherever the stream sits and however many there are', () => {
    const big = new StreamBank(10);
    for (let i = 0; i < 10; i++) big.seed(i, KEY, i, 1, 2);
    expect(take(big, 7)).toEqual(take(one(KEY, 7, 1, 2), 0));
    expect(take(one(new RandomStreams(7).key('failure/0/east'), 3), 0)).toEqual(take(one(KEY, 3), 0));
  });

  it('keeps streams apart: drawing from one leaves the others unchanged', () => {
    const b = new StreamBank(3);
    for (let i = 0; i < 3; i++) b.seed(i, KEY, i);
    take(b, 0, 1000);
    take(b, 2, 7);
    expect(take(b, 1)).toEqual(take(one(KEY, 1), 0));
  });

  it('gives different sequences to different numbers, keys and seeds', () => {
    const a = take(one(KEY, 0, 0, 1), 0);
    const others = [
      take(one(KEY, 0, 1, 0), 0), take(one(KEY, 1, 0, 0), 0),
      take(one(new RandomStreams(7).key('failure/1/east'), 0, 0, 1), 0),
      take(one(new RandomStreams(8).key('failure/0/east'), 0, 0, 1), 0),
    ];
    for (const b of others) expect(a.filter((v, i) => v === b[i])).toEqual([]);
  });

  it('starts every component of a 64-rack × 16-node × 8-GPU grid from its own state', () => {
    const n = 64 * 16 * 8, b = new StreamBank(n);
    let i = 0;
    for (let r = 0; r < 64; r++) for (let d = 0; d < 16; d++) for (let g = 0; g < 8; g++) b.seed(i++, KEY, r, d, g);
    const first = new Set<number>();
    for (let k = 0; k < n; k++) first.add(b.select(k)());
    expect(first.size).toBe(n);
  });

  it('draws uniforms in [0, 1): neighbouring streams\' draws are uniform and uncorrelated', () => {
    // The first 4 draws of 50,000 streams with consecutive numbers (GPUs of a row of nodes).
    const streams = 50_000, per = 4, b = new StreamBank(streams);
    for (let i = 0; i < streams; i++) b.seed(i, KEY, i >> 3, 0, i & 7);
    const u = new Float64Array(streams * per);
    for (let d = 0; d < per; d++) for (let i = 0; i < streams; i++) u[d * streams + i] = b.select(i)();
    expect(u.every((v) => v >= 0 && v < 1)).toBe(true);
    const n = u.length;
    const mean = u.reduce((a, v) => a + v, 0) / n;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / n));
    // Chi-square over 100 equal bins, 99 degrees of freedom: mean 99, sd 14; 4 sd above.
    const bins = new Float64Array(100);
    for (const v of u) bins[Math.floor(v * 100)]++;
    const chi2 = bins.reduce((a, c) => a + (c - n / 100) ** 2 / (n / 100), 0);
    expect(chi2).toBeLessThan(99 + 4 * Math.sqrt(2 * 99));
    // Correlation of each stream's draw with its neighbour's (same draw number) and with its
    // own next draw: each about N(0, 1/m) when independent.
    const corr = (x: (k: number) => number, y: (k: number) => number, m: number) => {
      let sxy = 0;
      for (let k = 0; k < m; k++) sxy += (x(k) - 0.5) * (y(k) - 0.5);
      return (sxy / m) * 12;
    };
    const m = streams - 1;
    for (let d = 0; d < per; d++) {
      expect(Math.abs(corr((k) => u[d * streams + k], (k) => u[d * streams + k + 1], m))).toBeLessThan(4 / Math.sqrt(m));
    }
    for (let d = 0; d + 1 < per; d++) {
      expect(Math.abs(corr((k) => u[d * streams + k], (k) => u[(d + 1) * streams + k], streams))).toBeLessThan(4 / Math.sqrt(streams));
    }
  });
});

describe('RandomStreams.key', () => {
  it('is the same for the same seed and name, and differs between names and seeds', () => {
    const s = new RandomStreams(7);
    expect([...s.key('a')]).toEqual([...new RandomStreams(7).key('a')]);
    expect([...s.key('a')]).not.toEqual([...s.key('b')]);
    expect([...s.key('a')]).not.toEqual([...new RandomStreams(8).key('a')]);
  });

  it('does not repeat the start of the stream of the same name', () => {
    const s = new RandomStreams(7), k = s.key('a'), rng = s.stream('a');
    const words = Array.from({ length: 4 }, () => Math.floor(rng() * 2 ** 32));
    expect(words.filter((w, j) => w === k[j])).toEqual([]);
  });
});
