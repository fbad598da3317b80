/**
 * Spans of a timeline indexed for drawing: grouped by row and sorted by start, in typed
 * arrays copied in that order (so a frame reads memory in sequence), with the running
 * maximum of the end within each row. The spans of a row visible over [fromS, toS] are then
 * a contiguous range found by two binary searches — the first span whose running maximum
 * end reaches `fromS` and the first span starting after `toS` — filtered by their own end.
 * Built once per timeline, in O(n log n); DOM-free.
 */
import type { TimelineSpans } from '../../sim/timeline/Timeline.ts';

/** The spans of a timeline by row, sorted by start (positions, not span indices). */
export interface SpanIndex {
  readonly rowCount: number;
  /** The spans of row `r` are at positions [rowStart[r], rowStart[r + 1]). */
  readonly rowStart: Int32Array;
  /** Per position: the span's fields, copied in sorted order. */
  readonly startS: Float64Array;
  readonly endS: Float64Array;
  /** Running maximum of `endS` from the row's first position to this one (inclusive). */
  readonly maxEndS: Float64Array;
  readonly gpuFirst: Int16Array;
  readonly gpuCount: Int16Array;
  readonly workload: Int16Array;
  readonly end: Uint8Array;
  /** The span's index in the timeline's arrays. */
  readonly source: Int32Array;
  /** Longest span (seconds). */
  readonly maxDurationS: number;
}

/**
 * Indexes `spans` over `rowCount` rows. Spans whose row is outside [0, rowCount) are left
 * out; spans of a row keep their recorded order among equal starts.
 */
export function buildSpanIndex(spans: TimelineSpans, rowCount: number): SpanIndex {
  const n = spans.count;
  const rowStart = new Int32Array(rowCount + 1);
  for (let i = 0; i < n; i++) {
    const r = spans.row[i];
    if (r >= 0 && r < rowCount) rowStart[r + 1]++;
  }
  for (let r = 0; r < rowCount; r++) rowStart[r + 1] += rowStart[r];
  const m = rowStart[rowCount];
  const source = new Int32Array(m);
  const fill = rowStart.slice(0, rowCount);
  for (let i = 0; i < n; i++) {
    const r = spans.row[i];
    if (r >= 0 && r < rowCount) source[fill[r]++] = i;
  }
  const start = spans.startS;
  for (let r = 0; r < rowCount; r++) {
    const a = rowStart[r], b = rowStart[r + 1];
    let sorted = true;
    for (let p = a + 1; p < b; p++) if (start[source[p]] < start[source[p - 1]]) { sorted = false; break; }
    if (!sorted) source.subarray(a, b).sort((i, j) => start[i] - start[j] || i - j);
  }
  const startS = new Float64Array(m), endS = new Float64Array(m), maxEndS = new Float64Array(m);
  const gpuFirst = new Int16Array(m), gpuCount = new Int16Array(m), workload = new Int16Array(m), end = new Uint8Array(m);
  let maxDurationS = 0;
  for (let r = 0; r < rowCount; r++) {
    let runMax = -Infinity;
    for (let p = rowStart[r]; p < rowStart[r + 1]; p++) {
      const i = source[p];
      const s = start[i], e = spans.endS[i];
      startS[p] = s; endS[p] = e;
      runMax = e > runMax ? e : runMax;
      maxEndS[p] = runMax;
      if (e - s > maxDurationS) maxDurationS = e - s;
      gpuFirst[p] = spans.gpuFirst[i]; gpuCount[p] = spans.gpuCount[i];
      workload[p] = spans.workload[i]; end[p] = spans.end[i];
    }
  }
  return { rowCount, rowStart, startS, endS, maxEndS, gpuFirst, gpuCount, workload, end, source, maxDurationS };
}

/**
 * First position of row `row` that may be visible from `fromS` on: every earlier position
 * of the row ends before `fromS`.
 */
export function firstCandidate(ix: SpanIndex, row: number, fromS: number): number {
  let lo = ix.rowStart[row], hi = ix.rowStart[row + 1];
  const maxEnd = ix.maxEndS;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (maxEnd[mid] < fromS) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** One past the last position of row `row` starting at or before `toS`. */
export function candidateEnd(ix: SpanIndex, row: number, toS: number): number {
  let lo = ix.rowStart[row], hi = ix.rowStart[row + 1];
  const start = ix.startS;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (start[mid] <= toS) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/**
 * Calls `fn(position)` for each span of row `row` visible over [fromS, toS] — the closed
 * intervals meet: start ≤ toS and end ≥ fromS — in order of start.
 */
export function forEachVisible(ix: SpanIndex, row: number, fromS: number, toS: number, fn: (position: number) => void): void {
  const b = candidateEnd(ix, row, toS);
  const end = ix.endS;
  for (let p = firstCandidate(ix, row, fromS); p < b; p++) if (end[p] >= fromS) fn(p);
}

/**
 * Upper bound on the spans of rows [rowFirst, rowEnd) visible over [fromS, toS] (the sizes
 * of the candidate ranges), in O(rows · log spans): cheap enough to decide, every frame,
 * whether to draw spans one by one or aggregate them to pixels.
 */
export function countCandidates(ix: SpanIndex, rowFirst: number, rowEnd: number, fromS: number, toS: number): number {
  let n = 0;
  for (let r = Math.max(0, rowFirst); r < Math.min(ix.rowCount, rowEnd); r++) {
    const b = candidateEnd(ix, r, toS);
    const a = firstCandidate(ix, r, fromS);
    if (b > a) n += b - a;
  }
  return n;
}
