import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { estimateMean, studentTCdf, studentTQuantile } from '../../src/worker/stats.ts';

describe('Student t quantile', () => {
  // Two-sided 95% critical values t(0.975, df), from standard tables (e.g. NIST/SEMATECH e-Handbook 1.3.6.7.2).
  it.each([
    [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [9, 2.262], [10, 2.228],
    [19, 2.093], [29, 2.045], [30, 2.042], [60, 2.000], [100, 1.984],
  ])('t(0.975, %i) = %f as in the tables', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it.each([[1, 0.95, 6.314], [5, 0.99, 3.365], [9, 0.995, 3.250], [20, 0.9, 1.325]])('t(p, %i) at p = %f is %f', (df, p, t) => {
    expect(studentTQuantile(p, df)).toBeCloseTo(t, 3);
  });

  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    fc.assert(fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p))), 8);
    }));
  });

  it('tends to the normal quantile 1.959964 as the degrees of freedom grow', () => {
    expect(studentTQuantile(0.975, 100_000)).toBeCloseTo(1.959964, 4);
  });

  it('is the inverse of the distribution function, and antisymmetric', () => {
    fc.assert(fc.property(fc.double({ min: 0.0005, max: 0.9995, noNaN: true }), fc.integer({ min: 1, max: 500 }), (p, df) => {
      const t = studentTQuantile(p, df);
      expect(studentTCdf(t, df)).toBeCloseTo(p, 9);
      expect(studentTQuantile(1 - p, df)).toBeCloseTo(-t, 6);
    }));
  });

  it('rejects p outside (0, 1) and degrees of freedom that are not whole numbers ≥ 1', () => {
    expect(() => studentTQuantile(1, 3)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 0)).toThrow(RangeError);
    expect(() => studentTQuantile(0.5, 2.5)).toThrow(RangeError);
  });
});

describe('estimateMean', () => {
  it('gives mean ± t(0.975, n−1)·s/√n', () => {
    // 1..10: mean 5.5, s = √(82.5/9) = 3.0277, t(0.975, 9) = 2.2622 → 2.1659.
    const e = estimateMean([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(e.mean).toBe(5.5);
    expect(e.ci95).toBeCloseTo(2.2622 * Math.sqrt(82.5 / 9) / Math.sqrt(10), 3);
    expect(e).toMatchObject({ n: 10, nulls: 0 });
  });

  it('leaves out nulls and counts them', () => {
    expect(estimateMean([2, null, 4, null])).toEqual({ mean: 3, ci95: expect.closeTo(12.706, 3), n: 2, nulls: 2 });
  });

  it('has no interval for one value and no mean for none', () => {
    expect(estimateMean([0.7])).toEqual({ mean: 0.7, ci95: null, n: 1, nulls: 0 });
    expect(estimateMean([null, null])).toEqual({ mean: null, ci95: null, n: 0, nulls: 2 });
    expect(estimateMean([])).toEqual({ mean: null, ci95: null, n: 0, nulls: 0 });
  });

  it('gives equal values exactly their value and a zero interval', () => {
    fc.assert(fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), fc.integer({ min: 2, max: 30 }), (x, n) => {
      expect(estimateMean(Array(n).fill(x))).toEqual({ mean: x, ci95: 0, n, nulls: 0 });
    }));
  });
});
