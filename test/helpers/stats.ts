/**
 * Statistics for the theory tests (test/sim/theory): queueing formulas (Erlang B/C,
 * Pollaczek–Khinchine), reliability formulas (two-state availability, k-of-n), Student-t
 * quantiles and batch-means confidence intervals for sample and time averages.
 *
 * Everything here is written from the textbook formulas, independently of src/, so that a
 * test compares the simulator with theory and not with itself.
 */

// ---------------------------------------------------------------------------------------
// Queueing theory
// ---------------------------------------------------------------------------------------

/**
 * Erlang B blocking probability B(c, a) for c servers and offered load a = λ/μ (Erlangs),
 * by the stable recursion B(0) = 1, B(k) = a·B(k−1) / (k + a·B(k−1)).
 */
export function erlangB(c: number, a: number): number {
  if (!Number.isInteger(c) || c < 0) throw new RangeError(`erlangB: c must be a non-negative integer, got ${c}`);
  if (!(a >= 0)) throw new RangeError(`erlangB: a must be >= 0, got ${a}`);
  let b = 1;
  for (let k = 1; k <= c; k++) b = (a * b) / (k + a * b);
  return b;
}

/**
 * Erlang C: the probability that an arrival waits in an M/M/c queue with offered load
 * a = λ/μ < c, from Erlang B: C = B / (1 − (a/c)(1 − B)).
 */
export function erlangC(c: number, a: number): number {
  if (!(c >= 1)) throw new RangeError(`erlangC: c must be >= 1, got ${c}`);
  if (!(a < c)) throw new RangeError(`erlangC: unstable queue (a = ${a} >= c = ${c})`);
  const b = erlangB(c, a);
  return b / (1 - (a / c) * (1 - b));
}

/** M/M/c mean waiting time in queue Wq = C(c, a) / (cμ − λ). */
export function mmcMeanWait(lambda: number, mu: number, c: number): number {
  return erlangC(c, lambda / mu) / (c * mu - lambda);
}

/** M/M/c mean response (sojourn) time W = C(c, a) / (cμ − λ) + 1/μ. */
export function mmcMeanResponse(lambda: number, mu: number, c: number): number {
  return mmcMeanWait(lambda, mu, c) + 1 / mu;
}

/** Pollaczek–Khinchine M/G/1 mean wait Wq = λ·E[S²] / (2(1 − ρ)), ρ = λ·E[S]. */
export function pkMeanWait(lambda: number, meanS: number, secondMomentS: number): number {
  const rho = lambda * meanS;
  if (!(rho < 1)) throw new RangeError(`pkMeanWait: unstable queue (rho = ${rho})`);
  return (lambda * secondMomentS) / (2 * (1 - rho));
}

/** Pollaczek–Khinchine M/G/1 mean response time W = Wq + E[S]. */
export function pkMeanResponse(lambda: number, meanS: number, secondMomentS: number): number {
  return pkMeanWait(lambda, meanS, secondMomentS) + meanS;
}

// ---------------------------------------------------------------------------------------
// Reliability theory
// ---------------------------------------------------------------------------------------

/** Steady-state availability of an alternating renewal process: MTTF / (MTTF + MTTR). */
export function availability(mttf: number, mttr: number): number {
  return mttf / (mttf + mttr);
}

/**
 * Expected time-average up fraction over [0, H] of a two-state Markov component that
 * starts up, with failure rate a = 1/MTTF and repair rate b = 1/MTTR:
 * A + (1 − A)(1 − e^{−(a+b)H}) / ((a+b)H), where A = b/(a+b).
 */
export function markovMeanUpFraction(mttf: number, mttr: number, horizon: number): number {
  const a = 1 / mttf, b = 1 / mttr, s = a + b;
  const A = b / s;
  return A + ((1 - A) * -Math.expm1(-s * horizon)) / (s * horizon);
}

/**
 * Asymptotic variance of the time-average up fraction over a horizon H of n independent
 * two-state Markov components (failure rate a = 1/MTTF, repair rate b = 1/MTTR): the
 * autocovariance of one component is A(1−A)e^{−(a+b)τ}, so Var ≈ 2A(1−A) / ((a+b)·H·n).
 */
export function markovUpFractionVariance(mttf: number, mttr: number, horizon: number, n: number): number {
  const a = 1 / mttf, b = 1 / mttr;
  const A = b / (a + b);
  return (2 * A * (1 - A)) / ((a + b) * horizon * n);
}

/** P(at least k of n independent components are up), each up with probability p. */
export function binomialTail(n: number, k: number, p: number): number {
  if (!Number.isInteger(n) || !Number.isInteger(k) || n < 0) throw new RangeError(`binomialTail: bad n=${n}, k=${k}`);
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let sum = 0;
  for (let j = k; j <= n; j++) sum += Math.exp(lnChoose(n, j) + j * Math.log(p) + (n - j) * Math.log1p(-p));
  return Math.min(1, sum);
}

/** ln C(n, k). */
export function lnChoose(n: number, k: number): number {
  return lnGamma(n + 1) - lnGamma(k + 1) - lnGamma(n - k + 1);
}

// ---------------------------------------------------------------------------------------
// Special functions and Student t
// ---------------------------------------------------------------------------------------

const LANCZOS = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; about 15 significant digits). */
export function lnGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`lnGamma: x must be > 0, got ${x}`);
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const y = x - 1;
  let s = LANCZOS[0];
  for (let i = 1; i < 9; i++) s += LANCZOS[i] / (y + i);
  const t = y + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(s);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d; if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c; if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < 1e-15) return h;
  }
  throw new Error(`betaContinuedFraction did not converge (a=${a}, b=${b}, x=${x})`);
}

/** Regularized incomplete beta function I_x(a, b). */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(lnFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(lnFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** Student t cumulative distribution function with `df` degrees of freedom. */
export function tCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** Student t quantile: the t with P(T ≤ t) = p, for 0.5 ≤ p < 1 (bisection on {@link tCdf}). */
export function tQuantile(p: number, df: number): number {
  if (!(p >= 0.5 && p < 1)) throw new RangeError(`tQuantile: p must be in [0.5, 1), got ${p}`);
  if (!(df >= 1)) throw new RangeError(`tQuantile: df must be >= 1, got ${df}`);
  let lo = 0, hi = 1;
  while (tCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (tCdf(mid, df) < p) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Two-sided confidence level used by the theory tests' batch-means intervals. */
export const CONFIDENCE = 0.999;

/** z multiplier used where the variance comes from theory (≈ 1 − 6e-5 two-sided coverage). */
export const Z_SIGMAS = 4;

// ---------------------------------------------------------------------------------------
// Batch means
// ---------------------------------------------------------------------------------------

/** A confidence interval from batch means. */
export interface BatchMeansEstimate {
  /** Grand mean (the mean of the batch means). */
  readonly mean: number;
  /** Half-width of the two-sided interval at the requested confidence. */
  readonly halfWidth: number;
  /** Standard error of the mean: sd(batch means) / √batches. */
  readonly stdError: number;
  readonly batchMeans: readonly number[];
  /** The t quantile used (batches − 1 degrees of freedom). */
  readonly t: number;
  /**
   * Lag-1 autocorrelation of the batch means: near 0 when the batches are long enough to be
   * nearly independent (the batch-means interval assumes they are).
   */
  readonly lag1: number;
}

/** The interval from a list of (nearly independent, identically distributed) batch means. */
export function intervalFromBatchMeans(means: readonly number[], confidence = CONFIDENCE): BatchMeansEstimate {
  const k = means.length;
  if (k < 2) throw new RangeError(`need at least 2 batches, got ${k}`);
  let mean = 0;
  for (const m of means) mean += m;
  mean /= k;
  let ss = 0, lagSum = 0;
  for (let i = 0; i < k; i++) {
    ss += (means[i] - mean) ** 2;
    if (i > 0) lagSum += (means[i] - mean) * (means[i - 1] - mean);
  }
  const sd = Math.sqrt(ss / (k - 1));
  const stdError = sd / Math.sqrt(k);
  const t = tQuantile(1 - (1 - confidence) / 2, k - 1);
  return { mean, halfWidth: t * stdError, stdError, batchMeans: means, t, lag1: ss > 0 ? lagSum / ss : 0 };
}

/**
 * Batch means of a sequence of observations (e.g. response times in arrival order): drops
 * the first `warmupFraction` of them, splits the rest into `batches` equal batches (the
 * remainder of the division is dropped from the end) and returns the interval.
 */
export function batchMeans(values: ArrayLike<number>, batches: number, opts: { warmupFraction?: number; confidence?: number } = {}): BatchMeansEstimate {
  const start = Math.floor(values.length * (opts.warmupFraction ?? 0));
  const size = Math.floor((values.length - start) / batches);
  if (size < 1) throw new RangeError(`too few observations (${values.length - start}) for ${batches} batches`);
  const means: number[] = [];
  for (let b = 0; b < batches; b++) {
    let s = 0;
    const from = start + b * size;
    for (let i = from; i < from + size; i++) s += values[i];
    means.push(s / size);
  }
  return intervalFromBatchMeans(means, opts.confidence);
}

/**
 * Time averages of f(value) of a piecewise-constant series (value[i] holds from time[i] to
 * time[i+1], the last until `endS`) over `windows` equal windows covering [fromS, toS].
 */
export function timeWindowAverages(
  time: ArrayLike<number>, values: ArrayLike<number>, endS: number,
  fromS: number, toS: number, windows: number, f: (v: number) => number = (v) => v,
): number[] {
  if (!(toS > fromS)) throw new RangeError(`empty interval [${fromS}, ${toS}]`);
  const width = (toS - fromS) / windows;
  const sums = new Array<number>(windows).fill(0);
  const n = time.length;
  for (let i = 0; i < n; i++) {
    const a = Math.max(time[i], fromS);
    const b = Math.min(i + 1 < n ? time[i + 1] : endS, toS);
    if (!(b > a)) continue;
    const y = f(values[i]);
    let w = Math.min(windows - 1, Math.floor((a - fromS) / width));
    let s = a;
    while (s < b) {
      const wEnd = w >= windows - 1 ? toS : fromS + (w + 1) * width;
      const e = Math.min(b, wEnd);
      if (e > s) {
        sums[Math.min(w, windows - 1)] += y * (e - s);
        s = e;
      }
      w++;
    }
  }
  return sums.map((s) => s / width);
}

/** Time average of f(value) of a piecewise-constant series over [fromS, toS]. */
export function timeAverage(
  time: ArrayLike<number>, values: ArrayLike<number>, endS: number,
  fromS: number, toS: number, f: (v: number) => number = (v) => v,
): number {
  return timeWindowAverages(time, values, endS, fromS, toS, 1, f)[0];
}

/** Mean of a sample. */
export function mean(values: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

// ---------------------------------------------------------------------------------------
// Parallel redundancy (added for the inference-service theory tests)
// ---------------------------------------------------------------------------------------

/**
 * n independent two-state Markov components (failure rate a = 1/MTTF, repair rate b = 1/MTTR,
 * s = a + b, A = b/s, q = 1 − A) that all start up: the expected fraction of [0, H] during
 * which all n are down. Each is down at t with probability q(1 − e^{−st}), so
 *   E = (1/H) ∫₀^H qⁿ(1 − e^{−st})ⁿ dt = (qⁿ/H) [H + Σ_{j≥1} C(n, j)(−1)^j (1 − e^{−jsH})/(js)].
 * As H → ∞ it tends to (1 − A)ⁿ.
 */
export function markovAllDownFraction(mttf: number, mttr: number, n: number, horizon: number): number {
  const s = 1 / mttf + 1 / mttr, q = (1 / mttf) / s;
  let sum = horizon;
  for (let j = 1; j <= n; j++) sum += Math.exp(lnChoose(n, j)) * (j % 2 === 0 ? 1 : -1) * (-Math.expm1(-j * s * horizon)) / (j * s);
  return (q ** n * sum) / horizon;
}

/**
 * Asymptotic variance of the time-average fraction of [0, H] during which all n components
 * (as in {@link markovAllDownFraction}) are down: with P(down at τ | down at 0) = q + A·e^{−sτ}
 * for each, the indicator's autocovariance is qⁿ[(q + A·e^{−sτ})ⁿ − qⁿ]
 * = qⁿ Σ_{j≥1} C(n, j) q^{n−j} A^j e^{−jsτ}, so Var ≈ (2/H) qⁿ Σ_{j≥1} C(n, j) q^{n−j} A^j / (js).
 */
export function markovAllDownVariance(mttf: number, mttr: number, n: number, horizon: number): number {
  const s = 1 / mttf + 1 / mttr, q = (1 / mttf) / s, A = 1 - q;
  let sum = 0;
  for (let j = 1; j <= n; j++) sum += (Math.exp(lnChoose(n, j)) * q ** (n - j) * A ** j) / (j * s);
  return (2 * q ** n * sum) / horizon;
}
