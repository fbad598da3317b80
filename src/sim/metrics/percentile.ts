/** Summary of a sample of durations, in seconds; null fields when the sample is empty. */
export interface DurationSummary {
  readonly mean: number | null;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

/**
 * Nearest-rank percentile of an ascending-sorted sample: the smallest value with at least
 * `p`% of the sample at or below it. Null for an empty sample.
 */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * n));
  return sorted[Math.min(n, rank) - 1];
}

/** Samples at least this large are summarized by buckets of their bits, smaller ones by copy and selection. */
const BUCKETED_FROM = 1 << 15;

/** Mean and nearest-rank p50, p95, p99 of a sample (the input is not modified). */
export function summarize(values: ArrayLike<number>): DurationSummary {
  const n = values.length;
  if (n === 0) return { mean: null, p50: null, p95: null, p99: null };
  const rank = (p: number) => Math.min(n, Math.max(1, Math.ceil((p / 100) * n))) - 1;
  const ranks = [rank(50), rank(95), rank(99)];
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  // (A NaN sum: a NaN in the sample, or both infinities; selection copes with those.)
  const bucketed = n >= BUCKETED_FROM && values instanceof Float64Array && !Number.isNaN(sum);
  const [p50, p95, p99] = bucketed ? bucketSelect(values, ranks) : copySelect(values, ranks);
  return { mean: sum / n, p50, p95, p99 };
}

/**
 * The values at ascending ranks `ranks` of a copy of the sample, by selection instead of a
 * full sort: each rank costs O(n), and later ranks search only the part right of the earlier one.
 */
function copySelect(values: ArrayLike<number>, ranks: readonly number[]): number[] {
  const a = values instanceof Float64Array ? values.slice() : new Float64Array(Array.from(values));
  let lo = 0;
  return ranks.map((r) => {
    const v = select(a, r, lo, a.length - 1);
    lo = r;
    return v;
  });
}

/** Bits of the bucket number: the sign, exponent and top 8 mantissa bits of a double. */
const BUCKET_BITS = 20;
/** Index of the high 32-bit word of a double in a Uint32Array over it. */
const HIGH_WORD = new Uint8Array(new Float64Array([1]).buffer)[7] === 0x3f ? 1 : 0;

/**
 * The values at three ascending ranks of a sample, in the order a numeric sort would put
 * them (-0 before +0), without copying or changing it: a pass counts the values per bucket
 * of the top bits of their order-preserving bit pattern, which finds the bucket each rank
 * falls in; a second pass gathers those buckets' values, and selection within them finds the
 * ranks (-0 and +0 fall in different buckets). The sample holds no NaN.
 */
function bucketSelect(values: Float64Array, ranks: readonly number[]): number[] {
  const n = values.length;
  const words = new Uint32Array(values.buffer, values.byteOffset, 2 * n);
  const counts = new Int32Array(1 << BUCKET_BITS);
  for (let i = 0; i < n; i++) counts[bucketOf(words[2 * i + HIGH_WORD])]++;
  // The bucket of each rank, and the number of values in earlier buckets.
  const bucket = [-1, -1, -1], before = [0, 0, 0];
  let seen = 0, k = 0;
  for (let b = 0; k < 3; b++) {
    const c = counts[b];
    while (k < 3 && ranks[k] < seen + c) { bucket[k] = b; before[k] = seen; k++; }
    seen += c;
  }
  const [b0, b1, b2] = bucket;
  const g0 = new Float64Array(counts[b0]);
  const g1 = b1 === b0 ? g0 : new Float64Array(counts[b1]);
  const g2 = b2 === b1 ? g1 : new Float64Array(counts[b2]);
  let k0 = 0, k1 = 0, k2 = 0;
  for (let i = 0; i < n; i++) {
    const b = bucketOf(words[2 * i + HIGH_WORD]);
    if (b === b0) g0[k0++] = values[i];
    else if (b === b1) g1[k1++] = values[i];
    else if (b === b2) g2[k2++] = values[i];
  }
  const at0 = ranks[0] - before[0], at1 = ranks[1] - before[1], at2 = ranks[2] - before[2];
  const v0 = select(g0, at0, 0, g0.length - 1);
  const v1 = select(g1, at1, g1 === g0 ? at0 : 0, g1.length - 1);
  const v2 = select(g2, at2, g2 === g1 ? at1 : 0, g2.length - 1);
  return [v0, v1, v2];
}

/** The bucket of a double by its high word: sign flipped (or all bits, for negatives) so that buckets ascend with the value. */
function bucketOf(high: number): number {
  return (high ^ ((high >> 31) | 0x80000000)) >>> (32 - BUCKET_BITS);
}

/**
 * Rearranges a[lo..hi] so that a[k] holds the value it would hold if sorted, smaller or
 * equal values before it, larger or equal after (Hoare's quickselect, median-of-three
 * pivots; falls back to sorting a range that stops shrinking fast). Returns a[k].
 */
export function select(a: Float64Array, k: number, lo: number, hi: number): number {
  let budget = 2 * Math.ceil(Math.log2(hi - lo + 2)) + 8;
  while (hi > lo) {
    if (hi - lo < 16 || budget-- <= 0) {
      const part = a.subarray(lo, hi + 1).sort();
      return part[k - lo];
    }
    const mid = (lo + hi) >>> 1;
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo, j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) { swap(a, i, j); i++; j--; }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}
