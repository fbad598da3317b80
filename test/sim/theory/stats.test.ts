import { describe, expect, it } from 'vitest';
import {
  availability, batchMeans, binomialTail, erlangB, erlangC, incompleteBeta, intervalFromBatchMeans, lnGamma,
  markovMeanUpFraction, mmcMeanResponse, pkMeanResponse, tCdf, timeAverage, timeWindowAverages, tQuantile,
} from '../../helpers/stats.ts';

/** Erlang C by the textbook sum, for small c (overflows for large c; the helper does not). */
function erlangCDirect(c: number, a: number): number {
  let term = 1, sum = 0;
  for (let k = 0; k < c; k++) {
    sum += term;
    term *= a / (k + 1);
  }
  const last = (term * c) / (c - a); // a^c / c! · c / (c − a)
  return last / (sum + last);
}

describe('Erlang B and C', () => {
  it('matches tabulated Erlang B values', () => {
    // Erlang B tables: 10 circuits at 5 Erlangs block 1.84%; 5 circuits at 2 Erlangs 3.67%.
    expect(erlangB(10, 5)).toBeCloseTo(0.018385, 6);
    expect(erlangB(5, 2)).toBeCloseTo(0.036697, 6);
    expect(erlangB(1, 1)).toBe(0.5);
    expect(erlangB(0, 3)).toBe(1);
  });

  it('gives C(1, ρ) = ρ and C(2, 1) = 1/3 exactly', () => {
    for (const rho of [0.1, 0.5, 0.9, 0.99]) expect(erlangC(1, rho)).toBeCloseTo(rho, 14);
    expect(erlangC(2, 1)).toBeCloseTo(1 / 3, 14);
  });

  it('matches the textbook sum formula for small c', () => {
    for (const [c, a] of [[4, 2.8], [10, 8], [16, 14.4], [30, 25], [50, 49]]) {
      expect(erlangC(c, a)).toBeCloseTo(erlangCDirect(c, a), 12);
    }
    expect(erlangC(10, 8)).toBeCloseTo(0.40918, 5);
  });

  it('stays finite and close to the Halfin–Whitt limit for very large c', () => {
    const c = 10_000, a = 9_800;
    const C = erlangC(c, a);
    expect(Number.isFinite(C)).toBe(true);
    // Halfin–Whitt: C ≈ 1 / (1 + β Φ(β) / φ(β)), β = (c − a)/√a = 2.0203; Φ(β) = 0.97833, φ(β) = 0.05178.
    const beta = (c - a) / Math.sqrt(a);
    const phi = Math.exp(-beta * beta / 2) / Math.sqrt(2 * Math.PI);
    const halfinWhitt = 1 / (1 + (beta * 0.97833) / phi);
    expect(Math.abs(C - halfinWhitt) / halfinWhitt).toBeLessThan(0.03);
  });

  it('gives the M/M/1 mean response time 1/(μ − λ)', () => {
    expect(mmcMeanResponse(0.25, 0.5, 1)).toBeCloseTo(4, 12);
    expect(mmcMeanResponse(0.9, 1, 1)).toBeCloseTo(10, 12);
  });

  it('gives the Pollaczek–Khinchine mean response time, equal to M/M/1 for exponential service', () => {
    // Exponential service of mean 2: E[S²] = 8; at λ = 0.25, W = 1/(0.5 − 0.25) = 4.
    expect(pkMeanResponse(0.25, 2, 8)).toBeCloseTo(4, 12);
    // M/D/1: half the queueing delay of M/M/1 at the same load.
    expect(pkMeanResponse(0.25, 2, 4) - 2).toBeCloseTo((4 - 2) / 2, 12);
  });

  it('rejects an unstable queue', () => {
    expect(() => erlangC(4, 4)).toThrow(RangeError);
    expect(() => pkMeanResponse(0.5, 2, 4)).toThrow(RangeError);
  });
});

describe('Student t', () => {
  it('matches tabulated quantiles', () => {
    const table: [number, number, number][] = [
      [0.975, 1, 12.706], [0.975, 10, 2.228], [0.995, 24, 2.797], [0.9995, 19, 3.883],
      [0.9995, 24, 3.745], [0.9995, 29, 3.659], [0.9995, 1, 636.619], [0.95, 5, 2.015],
    ];
    for (const [p, df, t] of table) expect(tQuantile(p, df)).toBeCloseTo(t, 3);
  });

  it('tends to the normal quantile for large df', () => {
    expect(tQuantile(0.9995, 1e7)).toBeCloseTo(3.2905, 4);
    expect(tQuantile(0.975, 1e7)).toBeCloseTo(1.96, 3);
  });

  it('has a CDF consistent with its quantile and symmetric about 0', () => {
    for (const df of [1, 3, 24]) {
      for (const p of [0.6, 0.9, 0.999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10);
      expect(tCdf(-1.3, df) + tCdf(1.3, df)).toBeCloseTo(1, 14);
    }
  });

  it('has an incomplete beta function with known values', () => {
    expect(incompleteBeta(0.3, 1, 1)).toBeCloseTo(0.3, 14);
    expect(incompleteBeta(0.5, 2, 2)).toBeCloseTo(0.5, 14);
    expect(incompleteBeta(0.2, 2, 3)).toBeCloseTo(0.1808, 12); // 1 − (1−x)^3(1+3x) = 0.1808
    expect(lnGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(lnGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
  });
});

describe('reliability formulas', () => {
  it('computes the binomial tail P(at least k of n up)', () => {
    // 10 components up with p = 0.9: P(≥ 8) = 45·0.9^8·0.1² + 10·0.9^9·0.1 + 0.9^10.
    const direct = 45 * 0.9 ** 8 * 0.01 + 10 * 0.9 ** 9 * 0.1 + 0.9 ** 10;
    expect(binomialTail(10, 8, 0.9)).toBeCloseTo(direct, 14);
    expect(binomialTail(10, 0, 0.3)).toBe(1);
    expect(binomialTail(10, 11, 0.3)).toBe(0);
    expect(binomialTail(5, 5, 0.5)).toBeCloseTo(1 / 32, 14);
    expect(binomialTail(40, 1, 0.2)).toBeCloseTo(1 - 0.8 ** 40, 13);
  });

  it('computes availability and the two-state Markov transient mean', () => {
    expect(availability(100, 10)).toBeCloseTo(100 / 110, 15);
    // Over a long horizon the mean tends to A; over a short one to 1 (the component starts up).
    expect(markovMeanUpFraction(100, 10, 1e9)).toBeCloseTo(100 / 110, 7);
    expect(markovMeanUpFraction(100, 10, 1e-6)).toBeCloseTo(1, 6);
    // Against a numerical integral of P(up at t) = A + (1 − A) e^{−(a+b)t} over [0, 50].
    const a = 1 / 100, b = 1 / 10, A = b / (a + b), H = 50, steps = 100_000;
    let s = 0;
    for (let i = 0; i < steps; i++) s += A + (1 - A) * Math.exp(-(a + b) * (i + 0.5) * (H / steps));
    expect(markovMeanUpFraction(100, 10, H)).toBeCloseTo(s / steps, 9);
  });
});

describe('batch means and time averages', () => {
  it('computes the batch-means interval by hand on a small sample', () => {
    // Batches of 2: means 1.5, 3.5, 5.5, 7.5; sd = √(20/3); se = sd/2.
    const est = batchMeans([1, 2, 3, 4, 5, 6, 7, 8, 100], 4);
    expect(est.batchMeans).toEqual([1.5, 3.5, 5.5, 7.5]);
    expect(est.mean).toBe(4.5);
    expect(est.stdError).toBeCloseTo(Math.sqrt(20 / 3) / 2, 12);
    expect(est.halfWidth).toBeCloseTo(tQuantile(0.9995, 3) * est.stdError, 12);
  });

  it('drops the warm-up fraction before batching', () => {
    const est = batchMeans([1000, 1000, 1, 2, 3, 4], 2, { warmupFraction: 1 / 3 });
    expect(est.batchMeans).toEqual([1.5, 3.5]);
  });

  it('gives a t interval that covers the true mean of iid batches about as often as claimed', () => {
    // 2000 intervals at 90% from uniform batches (mulberry32, for determinism).
    let x = 12345;
    const u = () => {
      x = (x + 0x6d2b79f5) | 0;
      let t = Math.imul(x ^ (x >>> 15), 1 | x);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    let covered = 0;
    for (let r = 0; r < 2000; r++) {
      const means = Array.from({ length: 10 }, () => u());
      const est = intervalFromBatchMeans(means, 0.9);
      if (Math.abs(est.mean - 0.5) <= est.halfWidth) covered++;
    }
    expect(covered / 2000).toBeGreaterThan(0.87);
    expect(covered / 2000).toBeLessThan(0.93);
  });

  it('averages a piecewise-constant series over windows', () => {
    // Value 2 on [0, 1), 4 on [1, 3), 0 on [3, 4] (the end).
    const time = [0, 1, 3], values = [2, 4, 0];
    expect(timeWindowAverages(time, values, 4, 0, 4, 2)).toEqual([3, 2]);
    expect(timeWindowAverages(time, values, 4, 0, 4, 4)).toEqual([2, 4, 4, 0]);
    expect(timeAverage(time, values, 4, 0.5, 1.5)).toBeCloseTo(3, 14);
    expect(timeAverage(time, values, 4, 0, 4, (v) => (v >= 3 ? 1 : 0))).toBeCloseTo(0.5, 14);
    // Windows that split segments unevenly still integrate exactly.
    const w = timeWindowAverages(time, values, 4, 0, 4, 3);
    expect(w.reduce((a, b) => a + b, 0) * (4 / 3)).toBeCloseTo(2 * 1 + 4 * 2, 12);
  });
});
