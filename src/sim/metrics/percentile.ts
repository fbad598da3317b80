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

/** Mean and nearest-rank p50, p95, p99 of a sample (the input is not modified). */
export function summarize(values: ArrayLike<number>): DurationSummary {
  const n = values.length;
  if (n === 0) return { mean: null, p50: null, p95: null, p99: null };
  const a = values instanceof Float64Array ? values.slice() : new Float64Array(Array.from(values));
  let sum = 0;
  for (let i = 0; i < n; i++) sum += a[i];
  // Selection instead of a full sort: each rank costs O(n), and later ranks search only
  // the part right of the earlier one.
  const rank = (p: number) => Math.min(n, Math.max(1, Math.ceil((p / 100) * n))) - 1;
  const r50 = rank(50), r95 = rank(95), r99 = rank(99);
  const p50 = select(a, r50, 0, n - 1);
  const p95 = select(a, r95, r50, n - 1);
  const p99 = select(a, r99, r95, n - 1);
  return { mean: sum / n, p50, p95, p99 };
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
