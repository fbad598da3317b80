import { describe, expect, it } from 'vitest';
import { gamma, meanOf, sampler, secondMomentOf, type Distribution } from '../../../src/sim/random/distributions.ts';
import { StreamBank } from '../../../src/sim/random/streamBank.ts';
import { RandomStreams } from '../../../src/sim/random/streams.ts';

const N = 100_000;
/** How many standard errors a sample statistic may stray from its expectation. */
const Z = 4;

/** The k-th raw moment E[X^k], computed independently of the code under test. */
function rawMoment(d: Distribution, k: number): number {
  switch (d.kind) {
    case 'constant': return d.value ** k;
    case 'exponential': { let f = 1; for (let i = 2; i <= k; i++) f *= i; return f * d.mean ** k; }
    case 'weibull': return d.scale ** k * gamma(1 + k / d.shape);
    case 'lognormal': return Math.exp(k * d.mu + (k * k * d.sigma * d.sigma) / 2);
    case 'uniform': return (d.max ** (k + 1) - d.min ** (k + 1)) / ((k + 1) * (d.max - d.min));
    case 'empirical': return d.values.reduce((a, v) => a + v ** k, 0) / d.values.length;
  }
}

/** Central moments 2 and 4 from raw moments. */
function centralMoments(d: Distribution): { variance: number; mu4: number } {
  const m1 = rawMoment(d, 1), m2 = rawMoment(d, 2), m3 = rawMoment(d, 3), m4 = rawMoment(d, 4);
  return { variance: m2 - m1 * m1, mu4: m4 - 4 * m1 * m3 + 6 * m1 * m1 * m2 - 3 * m1 ** 4 };
}

function draws(d: Distribution, name: string, n = N): Float64Array {
  const rng = new RandomStreams(12345).stream(`test/${name}`);
  const s = sampler(d);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = s(rng);
  return out;
}

function sampleMeanVar(x: Float64Array): { mean: number; variance: number } {
  let sum = 0;
  for (const v of x) sum += v;
  const mean = sum / x.length;
  let ss = 0;
  for (const v of x) ss += (v - mean) ** 2;
  return { mean, variance: ss / (x.length - 1) };
}

const families: [string, Distribution][] = [
  ['exponential', { kind: 'exponential', mean: 7200 }],
  ['weibull (shape 0.7)', { kind: 'weibull', shape: 0.7, scale: 30 * 86400 }],
  ['weibull (shape 1.5)', { kind: 'weibull', shape: 1.5, scale: 100 }],
  ['lognormal (sigma 0.5)', { kind: 'lognormal', mu: Math.log(6 * 3600), sigma: 0.5 }],
  ['lognormal (sigma 1)', { kind: 'lognormal', mu: 2, sigma: 1 }],
  ['uniform', { kind: 'uniform', min: 1, max: 3 }],
  ['empirical', { kind: 'empirical', values: [1, 2, 9] }],
];

describe('sampler', () => {
  it.each(families)('%s: the sample mean is within 4 standard errors of meanOf', (name, d) => {
    const { variance } = centralMoments(d);
    const se = Math.sqrt(variance / N);
    const { mean } = sampleMeanVar(draws(d, name));
    expect(Math.abs(mean - meanOf(d))).toBeLessThan(Z * se);
  });

  // Sample variance: its standard error is sqrt((mu4 - sigma^4) / n). Skip the heavy-tailed
  // cases (lognormal sigma 1, Weibull shape < 1), where 1e5 draws do not make it reliable.
  it.each(families.filter(([n]) => !/sigma 1\)|shape 0\.7/.test(n)))('%s: the sample variance is within 4 standard errors of the theoretical variance', (name, d) => {
    const { variance, mu4 } = centralMoments(d);
    const se = Math.sqrt((mu4 - variance * variance) / N);
    const s = sampleMeanVar(draws(d, name));
    expect(Math.abs(s.variance - variance)).toBeLessThan(Z * se);
    expect(secondMomentOf(d) - meanOf(d) ** 2).toBeCloseTo(variance, 6);
  });

  it('constant: always gives its value', () => {
    const x = draws({ kind: 'constant', value: 100 }, 'constant', 1000);
    expect(x.every((v) => v === 100)).toBe(true);
  });

  it('uniform: stays within [min, max)', () => {
    const x = draws({ kind: 'uniform', min: 1, max: 3 }, 'uniform-range', 10_000);
    expect(Math.min(...x)).toBeGreaterThanOrEqual(1);
    expect(Math.max(...x)).toBeLessThan(3);
  });

  it('empirical: gives only its values, each about equally often', () => {
    const x = draws({ kind: 'empirical', values: [1, 2, 9] }, 'empirical-freq');
    const counts = new Map<number, number>();
    for (const v of x) counts.set(v, (counts.get(v) ?? 0) + 1);
    expect([...counts.keys()].sort((a, b) => a - b)).toEqual([1, 2, 9]);
    const p = 1 / 3, se = Math.sqrt((p * (1 - p)) / N);
    for (const c of counts.values()) expect(Math.abs(c / N - p)).toBeLessThan(Z * se);
  });

  it('exponential, Weibull and lognormal draws are positive and finite', () => {
    for (const [name, d] of families) {
      const x = draws(d, `positive/${name}`, 20_000);
      expect(x.every((v) => v > 0 && Number.isFinite(v)), name).toBe(true);
    }
  });

  it('lognormal: the sample median is near exp(mu)', () => {
    const d: Distribution = { kind: 'lognormal', mu: Math.log(6 * 3600), sigma: 1 };
    const x = draws(d, 'lognormal-median').sort();
    // The sample median of n draws has about 1/(2 f(m) sqrt(n)) standard error; f(m) = 1/(m sigma sqrt(2 pi)).
    const m = Math.exp(d.mu);
    const se = (m * d.sigma * Math.sqrt(2 * Math.PI)) / (2 * Math.sqrt(N));
    expect(Math.abs(x[N / 2] - m)).toBeLessThan(Z * se);
  });
});

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf: error below 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2, t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-x * x);
  return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** The CDF of a continuous family, written independently of the code under test. */
function cdf(d: Distribution, x: number): number {
  switch (d.kind) {
    case 'exponential': return 1 - Math.exp(-x / d.mean);
    case 'weibull': return 1 - Math.exp(-((x / d.scale) ** d.shape));
    case 'lognormal': return normalCdf((Math.log(x) - d.mu) / d.sigma);
    case 'uniform': return Math.min(1, Math.max(0, (x - d.min) / (d.max - d.min)));
    default: throw new Error(`no CDF for ${d.kind}`);
  }
}

/** `n` draws of a stateless sampler, taken in turn from 1,000 streams of a bank (as failure processes draw). */
function bankDraws(d: Distribution, name: string, n = N): Float64Array {
  const streams = 1000, bank = new StreamBank(streams), key = new RandomStreams(12345).key(`test/${name}`);
  for (let i = 0; i < streams; i++) bank.seed(i, key, i);
  const s = sampler(d, { stateless: true });
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) out[k] = s(bank.select(k % streams));
  return out;
}

describe('stateless sampler, drawing in turn from many streams of a StreamBank', () => {
  const continuous = families.filter(([, d]) => d.kind !== 'empirical');

  it.each(families)('%s: the sample mean is within 4 standard errors of meanOf', (name, d) => {
    const se = Math.sqrt(centralMoments(d).variance / N);
    expect(Math.abs(sampleMeanVar(bankDraws(d, name)).mean - meanOf(d))).toBeLessThan(Z * se);
  });

  it.each(continuous)('%s: the empirical CDF is within the Kolmogorov–Smirnov bound of the exact CDF (0.1 %% level)', (name, d) => {
    const x = bankDraws(d, `ks/${name}`).sort();
    let D = 0;
    x.forEach((v, i) => { const F = cdf(d, v); D = Math.max(D, F - i / N, (i + 1) / N - F); });
    expect(D * Math.sqrt(N)).toBeLessThan(1.95);
  });

  it('lognormal: each draw depends only on its own stream (no Box–Muller spare passes between streams)', () => {
    const d: Distribution = { kind: 'lognormal', mu: 1, sigma: 1 }, key = new RandomStreams(1).key('spare');
    const s = sampler(d, { stateless: true });
    const both = new StreamBank(2), alone = new StreamBank(1);
    both.seed(0, key, 0); both.seed(1, key, 1); alone.seed(0, key, 1);
    const interleaved: number[] = [], own: number[] = [];
    for (let k = 0; k < 9; k++) { s(both.select(0)); interleaved.push(s(both.select(1))); own.push(s(alone.select(0))); }
    expect(interleaved).toEqual(own);
  });
});

describe('meanOf and secondMomentOf', () => {
  it('give the closed forms', () => {
    expect(meanOf({ kind: 'constant', value: 4 })).toBe(4);
    expect(secondMomentOf({ kind: 'constant', value: 4 })).toBe(16);
    expect(meanOf({ kind: 'exponential', mean: 3 })).toBe(3);
    expect(secondMomentOf({ kind: 'exponential', mean: 3 })).toBe(18);
    expect(meanOf({ kind: 'uniform', min: 1, max: 3 })).toBe(2);
    expect(secondMomentOf({ kind: 'uniform', min: 1, max: 3 })).toBeCloseTo(13 / 3, 12);
    expect(meanOf({ kind: 'empirical', values: [1, 2, 9] })).toBe(4);
    expect(secondMomentOf({ kind: 'empirical', values: [1, 2, 9] })).toBeCloseTo(86 / 3, 12);
    expect(meanOf({ kind: 'lognormal', mu: 0, sigma: 1 })).toBeCloseTo(Math.exp(0.5), 12);
    expect(secondMomentOf({ kind: 'lognormal', mu: 0, sigma: 1 })).toBeCloseTo(Math.exp(2), 12);
  });

  it('Weibull with shape 1 is an exponential', () => {
    expect(meanOf({ kind: 'weibull', shape: 1, scale: 5 })).toBeCloseTo(5, 10);
    expect(secondMomentOf({ kind: 'weibull', shape: 1, scale: 5 })).toBeCloseTo(50, 9);
  });

  it('Weibull with shape 2 has mean scale * sqrt(pi) / 2', () => {
    expect(meanOf({ kind: 'weibull', shape: 2, scale: 10 })).toBeCloseTo((10 * Math.sqrt(Math.PI)) / 2, 10);
  });
});

describe('gamma', () => {
  it('gamma(n) = (n - 1)! for n = 1 to 20', () => {
    let f = 1;
    for (let n = 1; n <= 20; n++) {
      if (n > 1) f *= n - 1;
      expect(Math.abs(gamma(n) - f) / f, `gamma(${n})`).toBeLessThan(1e-12);
    }
  });

  it('gamma(1/2) = sqrt(pi) and gamma(x + 1) = x gamma(x)', () => {
    expect(gamma(0.5)).toBeCloseTo(Math.sqrt(Math.PI), 12);
    for (const x of [0.1, 0.3, 0.7, 1.5, 2.25, 4.6]) expect(gamma(x + 1) / (x * gamma(x))).toBeCloseTo(1, 12);
  });
});
