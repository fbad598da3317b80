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
