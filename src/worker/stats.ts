/**
 * P(|T| ≤ t) for Student's t distribution with `df` (a whole number ≥ 1) degrees of freedom,
 * in closed form (Abramowitz & Stegun 26.7.3 and 26.7.4): with θ = atan(t / √df),
 * odd df: (2/π)·[θ + sin θ · (cos θ + ⅔ cos³θ + … + (2·4…(df−3))/(1·3…(df−2)) cos^(df−2) θ)],
 * even df: sin θ · [1 + ½ cos²θ + (1·3)/(2·4) cos⁴θ + … + (1·3…(df−3))/(2·4…(df−2)) cos^(df−2) θ].
 */
export function studentTTwoSided(t: number, df: number): number {
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a whole number ≥ 1, got ${df}`);
  return twoSidedAtAngle(Math.atan(Math.abs(t) / Math.sqrt(df)), df);
}

function twoSidedAtAngle(theta: number, df: number): number {
  const s = Math.sin(theta), c = Math.cos(theta), c2 = c * c;
  if (df % 2 === 1) {
    if (df === 1) return (2 / Math.PI) * theta;
    let term = c, sum = c;
    for (let k = 3; k <= df - 2; k += 2) {
      term *= c2 * (k - 1) / k;
      sum += term;
      if (term < 1e-17 * sum) break;
    }
    return Math.min(1, (2 / Math.PI) * (theta + s * sum));
  }
  let term = 1, sum = 1;
  for (let k = 2; k <= df - 2; k += 2) {
    term *= c2 * (k - 1) / k;
    sum += term;
    if (term < 1e-17 * sum) break;
  }
  return Math.min(1, s * sum);
}

/** The cumulative distribution function of Student's t with `df` (whole, ≥ 1) degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const a = studentTTwoSided(t, df);
  return t >= 0 ? (1 + a) / 2 : (1 - a) / 2;
}

/**
 * The p-quantile of Student's t with `df` (whole, ≥ 1) degrees of freedom, for 0 < p < 1:
 * the t with P(T ≤ t) = p. Solved by bisection on θ = atan(t / √df) ∈ [0, π/2), where the
 * closed-form two-sided probability is monotone, to the last bit of θ.
 */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p must lie strictly between 0 and 1, got ${p}`);
  if (!Number.isInteger(df) || df < 1) throw new RangeError(`degrees of freedom must be a whole number ≥ 1, got ${df}`);
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const target = 2 * p - 1;
  let lo = 0, hi = Math.PI / 2;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (twoSidedAtAngle(mid, df) < target) lo = mid; else hi = mid;
  }
  return Math.sqrt(df) * Math.tan((lo + hi) / 2);
}

/** Mean and 95% confidence half-width of a sample, ignoring the values that are null. */
export interface Estimate {
  /** Mean of the non-null values; null when there are none. */
  readonly mean: number | null;
  /**
   * Half-width of the 95% confidence interval for the mean, t(0.975, n − 1) · s / √n (s the
   * sample standard deviation); the interval is mean ± ci95. Null when n < 2.
   */
  readonly ci95: number | null;
  /** Number of non-null values used. */
  readonly n: number;
  /** Number of values that were null (left out). */
  readonly nulls: number;
}

/** The {@link Estimate} of the mean of `values`, nulls left out. */
export function estimateMean(values: readonly (number | null)[]): Estimate {
  const xs = values.filter((v): v is number => v !== null);
  const n = xs.length, nulls = values.length - n;
  if (n === 0) return { mean: null, ci95: null, n, nulls };
  let sum = 0;
  for (const x of xs) sum += x;
  // A sample of equal values has exactly that mean and a zero interval (no rounding residue).
  const mean = xs.every((x) => x === xs[0]) ? xs[0] : sum / n;
  if (n < 2) return { mean, ci95: null, n, nulls };
  let ss = 0;
  for (const x of xs) ss += (x - mean) ** 2;
  const sd = Math.sqrt(ss / (n - 1));
  return { mean, ci95: studentTQuantile(0.975, n - 1) * sd / Math.sqrt(n), n, nulls };
}
