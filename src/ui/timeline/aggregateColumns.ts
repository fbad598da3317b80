/**
 * Level of detail for a zoomed-out timeline: the spans of some GPU lanes over [t0, t1]
 * folded into pixel columns — per column, the GPU-columns busy per workload (so the busy
 * fraction and the dominant workload) — in O(spans + columns · workloads) with difference
 * arrays, whatever the spans' lengths. DOM-free.
 */
import { candidateEnd, firstCandidate, type SpanIndex } from './spanIndex.ts';

/** Reusable work buffers for {@link accumulateLanes} over `cols` columns and `workloads` workloads. */
export interface ColumnBuffers {
  readonly cols: number;
  readonly workloads: number;
  /** Partial coverage of the first and last column of each span, per workload: `w * (cols + 1) + c`. */
  readonly direct: Float32Array;
  /** Difference array of whole columns covered, per workload, same layout. */
  readonly diff: Float32Array;
  /** 1 for the workloads touched since the last {@link resolveColumns}. */
  readonly used: Uint8Array;
  /** Scratch: per column, the coverage of the busiest workload so far. */
  readonly best: Float32Array;
  /** GPU lanes accumulated since the last {@link resolveColumns}. */
  lanes: number;
}

/** Buffers for `cols` columns and `workloads` workloads (at least one). */
export function columnBuffers(cols: number, workloads: number): ColumnBuffers {
  const w = Math.max(1, workloads);
  return { cols, workloads: w, direct: new Float32Array(w * (cols + 1)), diff: new Float32Array(w * (cols + 1)), used: new Uint8Array(w), best: new Float32Array(cols), lanes: 0 };
}

/**
 * Adds the spans of row `row` on GPU lanes [laneFirst, laneEnd) over [t0S, t1S] to `buf`:
 * a span holding g of those lanes adds g × (its overlap with a column, in columns) to that
 * column of its workload. Returns the number of spans visited.
 */
export function accumulateLanes(ix: SpanIndex, row: number, laneFirst: number, laneEnd: number, t0S: number, t1S: number, buf: ColumnBuffers): number {
  const cols = buf.cols, stride = cols + 1;
  const scale = cols / (t1S - t0S);
  const { startS, endS, gpuFirst, gpuCount, workload } = ix;
  const { direct, diff, used } = buf;
  const nw = buf.workloads;
  buf.lanes += laneEnd - laneFirst;
  const b = candidateEnd(ix, row, t1S);
  let visited = 0;
  // Columns are in [0, cols] here, so `| 0` floors them.
  for (let p = firstCandidate(ix, row, t0S); p < b; p++) {
    const e = endS[p];
    if (e < t0S) continue;
    const gf = gpuFirst[p], ge = gf + gpuCount[p];
    const g = (ge < laneEnd ? ge : laneEnd) - (gf > laneFirst ? gf : laneFirst);
    if (g <= 0) continue;
    visited++;
    const s0 = (startS[p] - t0S) * scale, s1 = (e - t0S) * scale;
    const x0 = s0 > 0 ? s0 : 0, x1 = s1 < cols ? s1 : cols;
    if (x1 <= x0) continue;
    let w = workload[p];
    if (w >= nw || w < 0) w = nw - 1;
    used[w] = 1;
    const base = w * stride;
    const c0 = x0 | 0;
    let c1 = x1 | 0;
    if (c1 >= cols) c1 = cols - 1;
    if (c1 <= c0) {
      direct[base + c0] += g * (x1 - x0);
    } else {
      direct[base + c0] += g * (c0 + 1 - x0);
      direct[base + c1] += g * (x1 - c1);
      diff[base + c0 + 1] += g;
      diff[base + c1] -= g;
    }
  }
  return visited;
}

/**
 * Turns the accumulated buffers into, per column, the busy fraction of the lanes
 * (`busy[c]` in [0, 1]) and the workload busiest there (`dominant[c]`, -1 when idle; ties
 * go to the lower workload index), then clears the buffers for the next band.
 */
export function resolveColumns(buf: ColumnBuffers, busy: Float32Array, dominant: Int16Array): void {
  const cols = buf.cols, stride = cols + 1;
  const { direct, diff, used, best } = buf;
  const inv = 1 / (buf.lanes > 0 ? buf.lanes : 1);
  let first = true;
  for (let w = 0; w < buf.workloads; w++) {
    if (!used[w]) continue;
    used[w] = 0;
    const base = w * stride;
    let run = 0;
    if (first) {
      // The first workload initialises the columns, so no separate clearing pass.
      for (let c = 0; c < cols; c++) {
        const k = base + c;
        run += diff[k];
        const v = run + direct[k];
        diff[k] = 0; direct[k] = 0;
        if (v > 1e-9) { busy[c] = v; best[c] = v; dominant[c] = w; } else { busy[c] = 0; best[c] = 0; dominant[c] = -1; }
      }
      first = false;
    } else {
      for (let c = 0; c < cols; c++) {
        const k = base + c;
        run += diff[k];
        const v = run + direct[k];
        diff[k] = 0; direct[k] = 0;
        if (v > 1e-9) {
          busy[c] += v;
          if (v > best[c]) { best[c] = v; dominant[c] = w; }
        }
      }
    }
    diff[base + cols] = 0; direct[base + cols] = 0;
  }
  if (first) { busy.fill(0, 0, cols); dominant.fill(-1, 0, cols); }
  else for (let c = 0; c < cols; c++) { const f = busy[c] * inv; busy[c] = f > 1 ? 1 : f; }
  buf.lanes = 0;
}
