import { describe, expect, it } from 'vitest';
import { normalMass, roundedLognormal } from '../../../src/sim/model/tokenCounts.ts';
import { RandomStreams } from '../../../src/sim/random/streams.ts';

const N = 400_000;

/** Φ, the standard normal CDF (erf by Abramowitz & Stegun 7.1.26, error below 1.5e-7): independent of the code under test. */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** P(round(X) ≤ k) for X lognormal(mu, sigma), rounding half up. */
function countCdf(k: number, mu: number, sigma: number): number {
  return k < 0 ? 0 : normalCdf((Math.log(k + 0.5) - mu) / sigma);
}

function draws(mu: number, sigma: number, name: string): Float64Array {
  const rng = new RandomStreams(11).stream(`tokens/${name}`);
  const draw = roundedLognormal(mu, sigma, rng);
  return Float64Array.from({ length: N }, () => draw());
}

/** Largest gap between the empirical and the exact CDF of the counts, over every count seen. */
function ksDistance(sample: Float64Array, cdf: (k: number) => number): number {
  const s = sample.slice().sort();
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    if (i + 1 < s.length && s[i + 1] === s[i]) continue;
    d = Math.max(d, Math.abs(cdf(s[i]) - (i + 1) / s.length), Math.abs(cdf(s[i] - 1) - countOf(s, i) / s.length));
  }
  return d;
}

/** Number of values below s[i] in the sorted sample (the first index holding s[i]). */
function countOf(s: Float64Array, i: number): number {
  let j = i;
  while (j > 0 && s[j - 1] === s[i]) j--;
  return j;
}

describe('normalMass', () => {
  it('integrates the normal density to within 1e-14 of Φ', () => {
    // Reference values of Φ (and of the upper tail) to 16 digits.
    expect(Math.abs(normalMass(-Infinity, 1) - 0.8413447460685429)).toBeLessThan(1e-14);
    expect(Math.abs(normalMass(-Infinity, -3) - 0.0013498980316300946)).toBeLessThan(1e-16);
    expect(Math.abs(normalMass(5, Infinity) / 2.866515718791939e-7 - 1)).toBeLessThan(1e-12);
    expect(Math.abs(normalMass(-8, 8) - 0.9999999999999988)).toBeLessThan(1e-14);
    expect(normalMass(2, 2)).toBe(0);
  });
});

describe('rounded lognormal token counts', () => {
  const cases = [
    { name: 'prompt-like (median 1000, sigma 1)', mu: Math.log(1000), sigma: 1 },
    { name: 'output-like (median 200, sigma 0.8)', mu: Math.log(200), sigma: 0.8 },
    { name: 'short (median 3, sigma 0.5)', mu: Math.log(3), sigma: 0.5 },
    { name: 'direct draws (median 1e6: table too large)', mu: Math.log(1e6), sigma: 0.3 },
  ];
  for (const c of cases) {
    it(`follows the rounded lognormal's distribution: ${c.name} (Kolmogorov–Smirnov, 0.1 % critical value)`, () => {
      const x = draws(c.mu, c.sigma, c.name);
      expect(x.every((v) => Number.isInteger(v) && v >= 0)).toBe(true);
      expect(ksDistance(x, (k) => countCdf(k, c.mu, c.sigma))).toBeLessThan(1.95 / Math.sqrt(N));
    });
  }

  it('draws the tail beyond its table (counts of 8,191 and more: the table covers 0 … 8,190) as often as the lognormal says', () => {
    const mu = Math.log(1000), sigma = 1;
    const x = draws(mu, sigma, 'tail');
    const p = 1 - countCdf(8190, mu, sigma);
    const n = x.filter((v) => v >= 8191).length;
    expect(Math.abs(n - N * p)).toBeLessThan(4 * Math.sqrt(N * p * (1 - p)));
    // Farther out too: beyond e^(mu + 4.5 sigma).
    const far = Math.round(Math.exp(mu + 4.5 * sigma));
    const q = 1 - countCdf(far, mu, sigma);
    const m = x.filter((v) => v > far).length;
    expect(Math.abs(m - N * q)).toBeLessThan(4 * Math.sqrt(N * q * (1 - q)) + 1);
  });

  it('is round(e^mu) every time when sigma is 0, and the same sequence for the same stream', () => {
    const rng = new RandomStreams(3).stream('x');
    const d = roundedLognormal(Math.log(41.7), 0, rng);
    for (let i = 0; i < 100; i++) expect(d()).toBe(42);
    const a = draws(Math.log(500), 0.7, 'same'), b = draws(Math.log(500), 0.7, 'same');
    expect(a.every((v, i) => v === b[i])).toBe(true);
  });
});
