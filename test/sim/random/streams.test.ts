import { describe, expect, it } from 'vitest';
import { RandomStreams } from '../../../src/sim/random/streams.ts';

const take = (rng: () => number, n = 20) => Array.from({ length: n }, () => rng());

describe('RandomStreams', () => {
  it('gives the same sequence for the same seed and name', () => {
    expect(take(new RandomStreams(7).stream('arrival/etl'))).toEqual(take(new RandomStreams(7).stream('arrival/etl')));
  });

  it('gives a fresh generator each time a stream is asked for', () => {
    const streams = new RandomStreams(7);
    const a = streams.stream('x');
    take(a, 5);
    expect(take(streams.stream('x'))).toEqual(take(new RandomStreams(7).stream('x')));
  });

  it('gives different sequences for different names', () => {
    const s = new RandomStreams(7);
    const a = take(s.stream('arrival/etl')), b = take(s.stream('arrival/etl2')), c = take(s.stream('work/etl'));
    expect(a).not.toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.filter((v, i) => v === b[i])).toEqual([]);
  });

  it('gives different sequences for different seeds', () => {
    const a = take(new RandomStreams(1).stream('arrival/etl')), b = take(new RandomStreams(2).stream('arrival/etl'));
    expect(a).not.toEqual(b);
    expect(a.filter((v, i) => v === b[i])).toEqual([]);
  });

  it('does not let one stream shift another (drawing from one leaves the other unchanged)', () => {
    const s = new RandomStreams(3);
    const a = s.stream('a'), b = s.stream('b');
    take(a, 1000);
    expect(take(b)).toEqual(take(new RandomStreams(3).stream('b')));
  });

  it('draws uniforms in [0, 1) with mean near 1/2', () => {
    const x = take(new RandomStreams(9).stream('u'), 100_000);
    expect(x.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    expect(Math.abs(mean - 0.5)).toBeLessThan(4 * Math.sqrt(1 / 12 / x.length));
  });

  it('keeps its seed', () => {
    expect(new RandomStreams(42).seed).toBe(42);
  });
});
