/**
 * A set of GPUs as sorted, disjoint half-open ranges of GPU indices, flattened:
 * `[first0, end0, first1, end1, ...]` with `first0 < end0 < first1 < end1 < ...` (ranges
 * never touch: adjacent ones are merged). GPUs are numbered site by site, rack by rack,
 * node by node, so a job on whole neighbouring nodes is one range however many GPUs it has:
 * placing, releasing and restarting it costs about its number of ranges or nodes, never its
 * number of GPUs. Plain data (it crosses worker boundaries).
 */
export type GpuRanges = readonly number[];

/** Number of GPUs in a set. O(ranges). */
export function rangesCount(r: GpuRanges): number {
  let n = 0;
  for (let i = 0; i < r.length; i += 2) n += r[i + 1] - r[i];
  return n;
}

/** The set of a list of GPU indices (any order; duplicates collapse). O(k log k). */
export function rangesOf(gpus: readonly number[]): number[] {
  if (gpus.length === 0) return [];
  const sorted = Float64Array.from(gpus).sort();
  const out: number[] = [sorted[0], sorted[0] + 1];
  for (let i = 1; i < sorted.length; i++) {
    const g = sorted[i];
    if (g <= out[out.length - 1]) { if (g === out[out.length - 1]) out[out.length - 1]++; continue; }
    out.push(g, g + 1);
  }
  return out;
}

/** The GPU indices of a set, in increasing order. O(GPUs): for small sets, tests and policies that ask. */
export function rangesToList(r: GpuRanges): number[] {
  const out: number[] = [];
  for (let i = 0; i < r.length; i += 2) for (let g = r[i]; g < r[i + 1]; g++) out.push(g);
  return out;
}

/**
 * Appends range [first, end) to a set being built in increasing order, merging it with the
 * last range when they touch. `first` must not be below the set's last end.
 */
export function pushRange(out: number[], first: number, end: number): void {
  if (end <= first) return;
  const n = out.length;
  if (n > 0 && out[n - 1] === first) out[n - 1] = end;
  else out.push(first, end);
}

/**
 * Why `r` is not a well-formed set of GPUs of a cluster of `gpuCount`, or undefined when it
 * is: a list of integers of even length, each range non-empty, increasing, not touching the
 * previous one, within [0, gpuCount).
 */
export function rangesProblem(r: unknown, gpuCount: number): string | undefined {
  if (!Array.isArray(r)) return 'ranges is not a list';
  if (r.length % 2 !== 0) return 'ranges must list [first, end) pairs: its length is odd';
  let prevEnd = -1;
  for (let i = 0; i < r.length; i += 2) {
    const a: unknown = r[i], b: unknown = r[i + 1];
    if (!Number.isInteger(a) || !Number.isInteger(b)) return `range ${i / 2} [${String(a)}, ${String(b)}) is not a pair of whole numbers`;
    const first = a as number, end = b as number;
    if (first < 0 || end > gpuCount) return `range ${i / 2} [${first}, ${end}) is outside the cluster's GPUs [0, ${gpuCount})`;
    if (end <= first) return `range ${i / 2} [${first}, ${end}) is empty`;
    if (first <= prevEnd) return `range ${i / 2} [${first}, ${end}) is not after the previous one and apart from it (ranges must be sorted and merged)`;
    prevEnd = end;
  }
  return undefined;
}

/** The GPUs in `a` or `b`. O(ranges). */
export function rangesUnion(a: GpuRanges, b: GpuRanges): number[] {
  const out: number[] = [];
  let i = 0, j = 0;
  while (i < a.length || j < b.length) {
    const fromA = j >= b.length || (i < a.length && a[i] <= b[j]);
    const first = fromA ? a[i] : b[j], end = fromA ? a[i + 1] : b[j + 1];
    if (fromA) i += 2; else j += 2;
    const n = out.length;
    if (n > 0 && first <= out[n - 1]) out[n - 1] = Math.max(out[n - 1], end);
    else out.push(first, end);
  }
  return out;
}

/** The GPUs in `a` and not in `b`. O(ranges). */
export function rangesMinus(a: GpuRanges, b: GpuRanges): number[] {
  const out: number[] = [];
  let j = 0;
  for (let i = 0; i < a.length; i += 2) {
    let first = a[i];
    const end = a[i + 1];
    while (j < b.length && b[j + 1] <= first) j += 2;
    for (let k = j; k < b.length && b[k] < end; k += 2) {
      pushRange(out, first, Math.min(end, b[k]));
      first = Math.max(first, b[k + 1]);
    }
    pushRange(out, first, end);
  }
  return out;
}
