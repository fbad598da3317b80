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
  const sorted = (values instanceof Float64Array ? values.slice() : new Float64Array(Array.from(values))).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i];
  return { mean: sum / n, p50: percentileOfSorted(sorted, 50), p95: percentileOfSorted(sorted, 95), p99: percentileOfSorted(sorted, 99) };
}
