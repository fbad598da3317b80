import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { percentileOfSorted, select, summarize } from '../../../src/sim/metrics/percentile.ts';

describe('selection of order statistics', () => {
  it('puts the k-th smallest value at k, smaller-or-equal values before and larger-or-equal after', () => {
    fc.assert(fc.property(fc.array(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { minLength: 1, maxLength: 300 }), fc.nat(), (xs, kk) => {
      const a = Float64Array.from(xs);
      const k = kk % a.length;
      const sorted = Float64Array.from(xs).sort();
      expect(select(a, k, 0, a.length - 1)).toBe(sorted[k]);
      for (let i = 0; i < k; i++) expect(a[i]).toBeLessThanOrEqual(a[k]);
      for (let i = k + 1; i < a.length; i++) expect(a[i]).toBeGreaterThanOrEqual(a[k]);
    }));
  });

  it('gives the same percentiles as sorting, on samples with many ties and sorted runs', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 2000 }), fc.boolean(), (xs, presort) => {
      const values = presort ? [...xs].sort((a, b) => a - b) : xs;
      const sorted = Float64Array.from(values).sort();
      const s = summarize(values);
      expect(s.p50).toBe(percentileOfSorted(sorted, 50));
      expect(s.p95).toBe(percentileOfSorted(sorted, 95));
      expect(s.p99).toBe(percentileOfSorted(sorted, 99));
    }));
  });
});
