import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileOfSorted, summarize } from '../../../src/sim/metrics/percentile.ts';

describe('percentileOfSorted (nearest rank)', () => {
  const x = [15, 20, 35, 40, 50];
  it.each([
    [0, 15], [5, 15], [20, 15], [21, 20], [30, 20], [40, 20], [50, 35], [60, 35], [61, 40], [80, 40], [95, 50], [99, 50], [100, 50],
  ])('p%d of [15, 20, 35, 40, 50] is %d', (p, v) => {
    expect(percentileOfSorted(x, p)).toBe(v);
  });

  it('is the only value of a one-element sample', () => {
    for (const p of [0, 1, 50, 99, 100]) expect(percentileOfSorted([7], p)).toBe(7);
  });

  it('is null for an empty sample', () => {
    expect(percentileOfSorted([], 50)).toBeNull();
  });

  it('picks the 95th of 100 values as p95 and the 99th as p99', () => {
    const s = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentileOfSorted(s, 95)).toBe(95);
    expect(percentileOfSorted(s, 99)).toBe(99);
    expect(percentileOfSorted(s, 50)).toBe(50);
  });
});

describe('summarize', () => {
  it('gives the mean and nearest-rank p50, p95, p99 of an unsorted sample', () => {
    expect(summarize([50, 15, 40, 20, 35])).toEqual({ mean: 32, p50: 35, p95: 50, p99: 50 });
  });

  it('sorts numerically, not as text', () => {
    expect(summarize([100, 9, 20]).p50).toBe(20);
  });

  it('does not modify its input', () => {
    const a = [3, 1, 2];
    const f = new Float64Array([3, 1, 2]);
    summarize(a);
    summarize(f);
    expect(a).toEqual([3, 1, 2]);
    expect([...f]).toEqual([3, 1, 2]);
  });

  it('gives nulls for an empty sample', () => {
    expect(summarize([])).toEqual({ mean: null, p50: null, p95: null, p99: null });
  });
});

describe('summarize, large samples (counted in buckets of their bits)', () => {
  const value = fc.oneof(
    { weight: 4, arbitrary: fc.double({ min: 0, max: 100, noNaN: true }) },
    { weight: 2, arbitrary: fc.double({ noNaN: true }) },
    { weight: 1, arbitrary: fc.constantFrom(0, -0, Infinity, -Infinity, 5e-324, -5e-324, 1) },
  );

  it('gives the percentiles a numeric sort gives (-0 before +0) and the mean, for any mix of values', () => {
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 40 }), fc.nat({ max: 5000 }), fc.boolean(), (xs, extra, spread) => {
        const n = (1 << 15) + extra;
        // Many ties, or values spread a hair apart inside the same bucket.
        const a = new Float64Array(n);
        for (let i = 0; i < n; i++) a[i] = xs[(i * 7919) % xs.length] * (spread ? 1 + (i % 97) * 1e-12 : 1);
        const copy = a.slice();
        const sorted = a.slice().sort();
        let sum = 0;
        for (let i = 0; i < n; i++) sum += a[i];
        const s = summarize(a);
        expect(Object.is(s.p50, percentileOfSorted(sorted, 50))).toBe(true);
        expect(Object.is(s.p95, percentileOfSorted(sorted, 95))).toBe(true);
        expect(Object.is(s.p99, percentileOfSorted(sorted, 99))).toBe(true);
        expect(Object.is(s.mean, sum / n)).toBe(true);
        let changed = 0;
        for (let i = 0; i < n; i++) if (!Object.is(a[i], copy[i])) changed++;
        expect(changed).toBe(0); // not modified
      }),
      { numRuns: 40 },
    );
  });

  it('reads a view into a larger buffer only within the view', () => {
    const buffer = new Float64Array(100_000).fill(1000);
    const view = buffer.subarray(10_000, 60_000);
    for (let i = 0; i < view.length; i++) view[i] = i % 100;
    expect(summarize(view)).toEqual({ mean: 49.5, p50: 49, p95: 94, p99: 98 });
  });

  it('still answers for a sample holding a NaN (the mean is NaN)', () => {
    const a = new Float64Array(1 << 16).map((_, i) => i);
    a[7] = NaN;
    const s = summarize(a);
    expect(s.mean).toBeNaN();
    expect(s.p50).not.toBeNull();
  });
});

