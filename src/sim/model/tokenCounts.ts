import type { Rng } from '../random/streams.ts';
import { tuning } from '../engine/tuning.ts';
import { standardNormal } from './ziggurat.ts';

/**
 * Whole token counts N = round(X), X lognormal(mu, sigma) (round half up, as
 * {@link roundCount}): the usual model of prompt and output lengths, drawn twice per request
 * (tens of millions of draws a run). Drawing X costs a normal and an exponential function,
 * and only its rounded value is used; N is drawn here from its own distribution instead,
 *   P(N = k) = Φ(b_k) − Φ(a_k),  a_k = (ln(k − ½) − mu)/sigma,  b_k = (ln(k + ½) − mu)/sigma,
 * by Walker's alias method (one uniform, one table lookup) over the counts 0 … n − 2, where
 * n − 2 ≥ exp(mu + 2·sigma) (so P(N ≥ n − 1) < 2.3 %), plus one bin standing for that tail,
 * drawn exactly from the normal tail beyond b_{n−2} (Marsaglia 1964) when the bin comes up.
 * The table stays small (a prompt length of median 1000 and sigma 1: 8,192 bins, 32 KB), so
 * that it stays in the processor's fastest cache.
 *
 * Exact up to the 32-bit resolution of the uniforms (each bin's probability is within 2^-32
 * of its value, as with the ziggurat's own draws). The probabilities are integrals of the
 * normal density by Gauss–Legendre quadrature (relative error far below 1e-12). When the
 * table would be too large (exp(mu + 2·sigma) beyond 2^15 tokens) or the
 * distribution is degenerate (sigma 0), N is drawn as round(exp(mu + sigma·Z)) directly;
 * so it is, for the ablation bench, with tuning.tokenTables off.
 */
export function roundedLognormal(mu: number, sigma: number, rng: Rng): () => number {
  const table = tuning.tokenTables ? aliasTableFor(mu, sigma) : null;
  if (table === null) return () => roundCount(Math.exp(mu + sigma * standardNormal(rng)));
  const { entries, indexBits, tailBin } = table;
  const fractionBits = 32 - indexBits;
  const fractionMask = 2 ** fractionBits - 1;
  const aliasMask = (1 << indexBits) - 1;
  const tailZ = table.tailZ;
  const tail = () => {
    for (;;) {
      const n = roundCount(Math.exp(mu + sigma * normalTail(rng, tailZ)));
      if (n >= tailBin) return n;
    }
  };
  return () => {
    // rng() is m / 2^32 for a 32-bit integer m: its top bits pick the column, the rest decide
    // between the column's own count and its alias.
    const m = rng() * 4294967296;
    const column = m >>> fractionBits;
    const e = entries[column], alias = e & aliasMask;
    // The column when its fraction is under the threshold, else the alias, without a branch
    // (a coin flip a branch predictor cannot learn): both sides are below 2^31.
    const own = ((m & fractionMask) - (e >>> indexBits)) >> 31;
    const k = alias ^ ((column ^ alias) & own);
    return k !== tailBin ? k : tail();
  };
}

/** Math.round of a non-negative number (the same value, faster than Math.round in V8). */
export function roundCount(x: number): number {
  const f = Math.floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

/** Largest table: 2^15 bins (128 KB). */
const MAX_BITS = 15;
/** The table covers counts up to exp(mu + this·sigma) at least (a normal quantile of about 0.977). */
const COVER_Z = 2;

interface AliasTable {
  /** Per column: (threshold << indexBits) | alias, unsigned. */
  readonly entries: Uint32Array;
  readonly indexBits: number;
  /** The bin standing for N ≥ tailBin (the last column), and b_{tailBin−1} in z units. */
  readonly tailBin: number;
  readonly tailZ: number;
}

/** Tables are pure functions of (mu, sigma): the last few built are kept for runs that reuse them. */
const cache = new Map<string, AliasTable | null>();
const CACHE_SIZE = 16;

function aliasTableFor(mu: number, sigma: number): AliasTable | null {
  const key = `${mu}/${sigma}`;
  const hit = cache.get(key);
  if (hit !== undefined) return hit;
  const table = buildTable(mu, sigma);
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(key, table);
  return table;
}

function buildTable(mu: number, sigma: number): AliasTable | null {
  if (!(sigma > 0) || !Number.isFinite(mu) || !Number.isFinite(sigma)) return null;
  const cover = Math.exp(mu + COVER_Z * sigma);
  if (!(cover + 2 <= 2 ** MAX_BITS)) return null;
  let indexBits = 1;
  while (2 ** indexBits < cover + 2) indexBits++;
  const size = 2 ** indexBits, tailBin = size - 1;
  // Bin probabilities: counts 0 … size − 2, then the tail.
  const p = new Float64Array(size);
  const z = (k: number) => (Math.log(k + 0.5) - mu) / sigma;
  let lo = -Infinity;
  for (let k = 0; k < tailBin; k++) {
    const hi = z(k);
    p[k] = normalMass(lo, hi);
    lo = hi;
  }
  p[tailBin] = normalMass(lo, Infinity);
  return { entries: aliasEntries(p, indexBits), indexBits, tailBin, tailZ: lo };
}

/**
 * Walker's alias table (Vose's construction) for probabilities `p` (summing to about 1;
 * normalised here) over 2^bits columns: column i keeps i with probability q_i and gives
 * alias_i otherwise, q_i stored as a (32 − bits)-bit threshold.
 */
function aliasEntries(p: Float64Array, bits: number): Uint32Array {
  const n = p.length;
  let total = 0;
  for (let i = 0; i < n; i++) total += p[i];
  const q = new Float64Array(n);
  for (let i = 0; i < n; i++) q[i] = (p[i] * n) / total;
  const alias = new Int32Array(n);
  for (let i = 0; i < n; i++) alias[i] = i;
  const small = new Int32Array(n), large = new Int32Array(n);
  let ns = 0, nl = 0;
  for (let i = 0; i < n; i++) if (q[i] < 1) small[ns++] = i; else large[nl++] = i;
  while (ns > 0 && nl > 0) {
    const s = small[--ns], l = large[nl - 1];
    alias[s] = l;
    q[l] = q[l] + q[s] - 1;
    if (q[l] < 1) { nl--; small[ns++] = l; }
  }
  // What is left is full up to rounding: keeps its own index.
  while (ns > 0) { const s = small[--ns]; q[s] = 1; alias[s] = s; }
  while (nl > 0) { const l = large[--nl]; q[l] = 1; alias[l] = l; }
  const scale = 2 ** (32 - bits);
  const entries = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const threshold = alias[i] === i ? scale - 1 : Math.min(scale - 1, Math.round(q[i] * scale));
    entries[i] = (threshold * 2 ** bits + alias[i]) >>> 0;
  }
  return entries;
}

/** Gauss–Legendre nodes and weights on [−1, 1], 5 points. */
const GL_X = [0, -0.5384693101056831, 0.5384693101056831, -0.906179845938664, 0.906179845938664];
const GL_W = [0.5688888888888889, 0.47862867049936647, 0.47862867049936647, 0.23692688505618908, 0.23692688505618908];
/** The density is negligible beyond ±Z_MAX (φ(40) ≈ 1e-348). */
const Z_MAX = 40;
/** Widest stretch one 5-point rule integrates. */
const STEP = 0.25;

/** P(a ≤ Z < b) for a standard normal Z, by composite Gauss–Legendre quadrature of its density. */
export function normalMass(a: number, b: number): number {
  const lo = Math.max(a, -Z_MAX), hi = Math.min(b, Z_MAX);
  if (!(hi > lo)) return 0;
  const m = Math.ceil((hi - lo) / STEP);
  const h = (hi - lo) / m;
  let sum = 0;
  for (let j = 0; j < m; j++) {
    const mid = lo + (j + 0.5) * h, half = h / 2;
    let s = 0;
    for (let k = 0; k < 5; k++) {
      const x = mid + half * GL_X[k];
      s += GL_W[k] * Math.exp(-0.5 * x * x);
    }
    sum += s * half;
  }
  return sum / Math.sqrt(2 * Math.PI);
}

/**
 * A standard normal draw conditioned on Z ≥ a: Marsaglia's tail method for a ≥ 1 (accepts
 * most proposals there); plain rejection otherwise.
 */
function normalTail(rng: Rng, a: number): number {
  if (a < 1) {
    for (;;) {
      const x = standardNormal(rng);
      if (x >= a) return x;
    }
  }
  for (;;) {
    const x = -Math.log(1 - rng()) / a;
    const y = -Math.log(1 - rng());
    if (y + y >= x * x) return a + x;
  }
}
