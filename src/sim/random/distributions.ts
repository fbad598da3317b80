import type { Rng } from './streams.ts';

/**
 * A probability distribution of a non-negative quantity (a duration in seconds, unless the
 * field that holds it says otherwise). Plain data, as validated from a scenario.
 */
export type Distribution =
  | { readonly kind: 'constant'; readonly value: number }
  | { readonly kind: 'exponential'; readonly mean: number }
  | { readonly kind: 'weibull'; readonly shape: number; readonly scale: number }
  | { readonly kind: 'lognormal'; readonly mu: number; readonly sigma: number }
  | { readonly kind: 'uniform'; readonly min: number; readonly max: number }
  | { readonly kind: 'empirical'; readonly values: readonly number[] };

/** Draws one value from a distribution. */
export type Sampler = (rng: Rng) => number;

/** Options of {@link sampler}. */
export interface SamplerOptions {
  /**
   * Keep nothing between draws: each draw is a function of the uniforms it takes itself.
   * For one sampler shared by many streams (one {@link Rng} whose stream is switched
   * between draws, as the failure processes do), so that no draw hands a value on to a
   * draw from another stream. Only the normal is affected: it then uses one value of each
   * Box–Muller pair (exactly normal still, at two uniforms a draw). Off by default.
   */
  readonly stateless?: boolean;
}

/** Builds a sampler for a distribution (inverse-transform, Box–Muller for the normal). */
export function sampler(d: Distribution, options: SamplerOptions = {}): Sampler {
  switch (d.kind) {
    case 'constant': {
      const v = d.value;
      return () => v;
    }
    case 'exponential': {
      const m = d.mean;
      return (rng) => -m * Math.log(1 - rng());
    }
    case 'weibull': {
      const k = 1 / d.shape, s = d.scale;
      return (rng) => s * Math.pow(-Math.log(1 - rng()), k);
    }
    case 'lognormal': {
      const mu = d.mu, sigma = d.sigma;
      const normal = options.stateless ? standardNormal : standardNormals();
      return (rng) => Math.exp(mu + sigma * normal(rng));
    }
    case 'uniform': {
      const a = d.min, w = d.max - d.min;
      return (rng) => a + w * rng();
    }
    case 'empirical': {
      const v = d.values, n = v.length;
      return (rng) => v[Math.min(n - 1, Math.floor(rng() * n))];
    }
  }
}

/**
 * Standard normal draws by Box–Muller: each pair of uniforms gives two independent normals,
 * the cosine one now and the sine one at the next call. The spare is kept per sampler, so
 * a sampler's sequence depends only on its own calls.
 */
function standardNormals(): (rng: Rng) => number {
  let spare = 0, hasSpare = false;
  return (rng) => {
    if (hasSpare) { hasSpare = false; return spare; }
    const r = Math.sqrt(-2 * Math.log(1 - rng()));
    const a = 2 * Math.PI * rng();
    spare = r * Math.sin(a);
    hasSpare = true;
    return r * Math.cos(a);
  };
}

/** One standard normal draw by Box–Muller from two fresh uniforms (the sine value is dropped). */
function standardNormal(rng: Rng): number {
  const r = Math.sqrt(-2 * Math.log(1 - rng()));
  return r * Math.cos(2 * Math.PI * rng());
}

/** The mean of a distribution. */
export function meanOf(d: Distribution): number {
  switch (d.kind) {
    case 'constant': return d.value;
    case 'exponential': return d.mean;
    case 'weibull': return d.scale * gamma(1 + 1 / d.shape);
    case 'lognormal': return Math.exp(d.mu + (d.sigma * d.sigma) / 2);
    case 'uniform': return (d.min + d.max) / 2;
    case 'empirical': return d.values.reduce((a, b) => a + b, 0) / d.values.length;
  }
}

/** The second raw moment E[X²] of a distribution. */
export function secondMomentOf(d: Distribution): number {
  switch (d.kind) {
    case 'constant': return d.value * d.value;
    case 'exponential': return 2 * d.mean * d.mean;
    case 'weibull': return d.scale * d.scale * gamma(1 + 2 / d.shape);
    case 'lognormal': return Math.exp(2 * d.mu + 2 * d.sigma * d.sigma);
    case 'uniform': return (d.min * d.min + d.min * d.max + d.max * d.max) / 3;
    case 'empirical': return d.values.reduce((a, b) => a + b * b, 0) / d.values.length;
  }
}

/** The gamma function (Lanczos approximation, g = 7), accurate to about 1e-13 for x > 0. */
export function gamma(x: number): number {
  if (x < 0.5) return Math.PI / (Math.sin(Math.PI * x) * gamma(1 - x));
  const c = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
    -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
    1.5056327351493116e-7];
  const y = x - 1;
  let a = c[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += c[i] / (y + i);
  return Math.sqrt(2 * Math.PI) * Math.pow(t, y + 0.5) * Math.exp(-t) * a;
}
