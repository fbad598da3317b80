import { describe, expect, it } from 'vitest';
import { standardExponential, standardNormal } from '../../../src/sim/model/ziggurat.ts';
import { RandomStreams } from '../../../src/sim/random/streams.ts';

const N = 400_000;

/** Φ, the standard normal CDF (erf by Abramowitz & Stegun 7.1.26, error below 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Kolmogorov–Smirnov distance between a sample and a CDF. */
function ksDistance(sample: Float64Array, cdf: (x: number) => number): number {
  const s = sample.slice().sort();
  let d = 0;
  for (let i = 0; i < s.length; i++) {
    const f = cdf(s[i]);
    d = Math.max(d, Math.abs(f - i / s.length), Math.abs(f - (i + 1) / s.length));
  }
  return d;
}

function draws(f: (rng: () => number) => number, name: string): Float64Array {
  const rng = new RandomStreams(7).stream(name);
  return Float64Array.from({ length: N }, () => f(rng));
}

/** Count of values beyond `x` against its binomial mean, within 4σ. */
function expectTail(sample: Float64Array, beyond: (v: number) => boolean, p: number): void {
  const n = sample.filter(beyond).length;
  expect(Math.abs(n - N * p)).toBeLessThan(4 * Math.sqrt(N * p * (1 - p)));
}

describe('ziggurat standard normal', () => {
  const z = draws(standardNormal, 'normal');

  it('has mean 0, variance 1, no skew and kurtosis 3 (within 4 standard errors)', () => {
    let m1 = 0, m2 = 0, m3 = 0, m4 = 0;
    for (const x of z) { m1 += x; m2 += x * x; m3 += x ** 3; m4 += x ** 4; }
    m1 /= N; m2 /= N; m3 /= N; m4 /= N;
    expect(Math.abs(m1)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(m2 - 1)).toBeLessThan(4 * Math.sqrt(2 / N));
    expect(Math.abs(m3)).toBeLessThan(4 * Math.sqrt(15 / N));
    expect(Math.abs(m4 - 3)).toBeLessThan(4 * Math.sqrt(96 / N));
  });

  it('follows Φ: Kolmogorov–Smirnov distance under the 0.1 % critical value', () => {
    expect(ksDistance(z, normalCdf)).toBeLessThan(1.95 / Math.sqrt(N));
  });

  it('draws the tail beyond the base layer (|z| > 3.4426) as often as Φ says, on both sides', () => {
    const p = 1 - normalCdf(3.442619855899);
    expectTail(z, (x) => x > 3.442619855899, p);
    expectTail(z, (x) => x < -3.442619855899, p);
    expectTail(z, (x) => x > 4.5, 1 - normalCdf(4.5));
  });

  it('gives the same draws from the same stream', () => {
    expect(draws(standardNormal, 'normal').slice(0, 1000)).toEqual(z.slice(0, 1000));
  });
});

describe('ziggurat standard exponential', () => {
  const e = draws(standardExponential, 'exponential');

  it('is positive, with mean 1 and variance 1 (within 4 standard errors)', () => {
    let m1 = 0, m2 = 0, negative = 0;
    for (const x of e) { m1 += x; m2 += x * x; if (!(x > 0)) negative++; }
    m1 /= N;
    const variance = m2 / N - m1 * m1;
    expect(negative).toBe(0);
    expect(Math.abs(m1 - 1)).toBeLessThan(4 / Math.sqrt(N));
    expect(Math.abs(variance - 1)).toBeLessThan(4 * Math.sqrt(8 / N));
  });

  it('follows 1 − e^(−x): Kolmogorov–Smirnov distance under the 0.1 % critical value', () => {
    expect(ksDistance(e, (x) => 1 - Math.exp(-x))).toBeLessThan(1.95 / Math.sqrt(N));
  });

  it('draws the tail beyond the base layer (x > 7.697) as often as e^(−x) says', () => {
    expectTail(e, (x) => x > 7.697117470131487, Math.exp(-7.697117470131487));
    expectTail(e, (x) => x > 5, Math.exp(-5));
  });
});
