/**
 * Draws a zoomed-out timeline straight into pixels (an RGBA `Uint32Array`, e.g. the buffer
 * of an `ImageData`): when rows are thinner than a pixel, each pixel row gathers the nodes
 * whose top edge falls in it; otherwise it shows the node under its middle — or that node's
 * GPU lane, when lanes are a pixel or taller — computed once and copied down the pixel rows
 * it covers. Each pixel column gathers the
 * time it covers, and the pixel takes the colour of the dominant workload at an opacity
 * that grows with the busy fraction. Pixel rows showing the same lanes as the row above are
 * copied. DOM-free.
 */
import { accumulateLanes, columnBuffers, resolveColumns, type ColumnBuffers } from './aggregateColumns.ts';
import type { SpanIndex } from './spanIndex.ts';

/** Opacity levels per workload colour in a {@link colorRamp}. */
export const RAMP_LEVELS = 32;

/** What {@link rasterAggregate} draws and where. */
export interface RasterJob {
  readonly ix: SpanIndex;
  /** GPUs of each row. */
  readonly gpus: Int32Array;
  readonly t0S: number;
  readonly t1S: number;
  readonly widthPx: number;
  readonly heightPx: number;
  /** Row coordinate (row index + fraction) at the top edge of pixel row 0. */
  readonly rowTop: number;
  /** Height of a row in pixels. */
  readonly rowHeightPx: number;
  /** Colours from {@link colorRamp}: `workload * RAMP_LEVELS + level`. */
  readonly ramp: Uint32Array;
  /** Output, `widthPx * heightPx` pixels, row-major; idle pixels are left untouched. */
  readonly pixels: Uint32Array;
}

/** Work buffers of {@link rasterAggregate}, reusable while the width and workloads stay. */
export interface RasterScratch {
  readonly buf: ColumnBuffers;
  readonly busy: Float32Array;
  readonly dominant: Int16Array;
}

/** Scratch for `widthPx` columns and `workloads` workloads. */
export function rasterScratch(widthPx: number, workloads: number): RasterScratch {
  return { buf: columnBuffers(widthPx, workloads), busy: new Float32Array(widthPx), dominant: new Int16Array(widthPx) };
}

/** Statistics of one raster pass. */
export interface RasterStats {
  /** Span visits (a span is visited once per pixel row it contributes to). */
  readonly visited: number;
  /** Pixel rows computed (the others were copies). */
  readonly computedRows: number;
}

/** Rasterises `job` (see the module comment). */
export function rasterAggregate(job: RasterJob, scratch: RasterScratch): RasterStats {
  const { ix, gpus, t0S, t1S, widthPx, heightPx, rowTop, rowHeightPx, ramp, pixels } = job;
  const rowCount = ix.rowCount;
  const { buf, busy, dominant } = scratch;
  const perPx = 1 / rowHeightPx;
  let visited = 0, computedRows = 0;
  // The single lane shown by the previous pixel row, when it showed one (for copying).
  let prevRow = -1, prevLane = -1;
  for (let py = 0; py < heightPx; py++) {
    const a = rowTop + py * perPx, b = a + perPx;
    if (b <= 0 || a >= rowCount) { prevRow = -1; continue; }
    let singleRow = -1, singleLane = -1;
    if (perPx > 1) {
      // Rows thinner than a pixel: the nodes whose top edge lies in [a, b), whole.
      const rFirst = Math.max(0, Math.ceil(a)), rEnd = Math.min(rowCount, Math.ceil(b));
      if (rEnd <= rFirst) { prevRow = -1; continue; }
      for (let r = rFirst; r < rEnd; r++) visited += accumulateLanes(ix, r, 0, gpus[r] > 0 ? gpus[r] : 1, t0S, t1S, buf);
      singleRow = -2;
    } else {
      // A pixel or taller: the node under the middle of the pixel row, or its lane there
      // when lanes are a pixel or taller; equal to the pixel row above, it is copied.
      const m = (a + b) / 2;
      const r = Math.floor(m);
      if (r < 0 || r >= rowCount) { prevRow = -1; continue; }
      const g = gpus[r] > 0 ? gpus[r] : 1;
      const whole = g * perPx > 1;
      const k = whole ? -1 : Math.min(g - 1, Math.floor((m - r) * g));
      singleRow = r; singleLane = k;
      if (r === prevRow && k === prevLane && py > 0) {
        pixels.copyWithin(py * widthPx, (py - 1) * widthPx, py * widthPx);
        continue;
      }
      visited += whole ? accumulateLanes(ix, r, 0, g, t0S, t1S, buf) : accumulateLanes(ix, r, k, k + 1, t0S, t1S, buf);
    }
    prevRow = singleRow; prevLane = singleLane;
    computedRows++;
    resolveColumns(buf, busy, dominant);
    const rowBase = py * widthPx;
    const top = RAMP_LEVELS - 1;
    for (let c = 0; c < widthPx; c++) {
      const w = dominant[c];
      if (w < 0) continue;
      const level = Math.ceil(busy[c] * top);
      pixels[rowBase + c] = ramp[w * RAMP_LEVELS + (level > top ? top : level)];
    }
  }
  return { visited, computedRows };
}

/**
 * Per workload, {@link RAMP_LEVELS} packed RGBA pixels from faint to full colour: level
 * ℓ > 0 has opacity 0.2 + 0.8·ℓ/(levels − 1) (so a column barely busy still shows), level 0
 * is transparent. `rgb(w)` gives workload w's colour as [r, g, b] (0–255). Packed for the
 * platform's byte order, as `ImageData` reads a `Uint32Array` view.
 */
export function colorRamp(workloads: number, rgb: (w: number) => readonly [number, number, number]): Uint32Array {
  const little = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  const out = new Uint32Array(Math.max(1, workloads) * RAMP_LEVELS);
  for (let w = 0; w < Math.max(1, workloads); w++) {
    const [r, g, b] = rgb(w);
    for (let l = 1; l < RAMP_LEVELS; l++) {
      const a = Math.round(255 * (0.2 + (0.8 * l) / (RAMP_LEVELS - 1)));
      out[w * RAMP_LEVELS + l] = little
        ? ((a << 24) | (b << 16) | (g << 8) | r) >>> 0
        : ((r << 24) | (g << 16) | (b << 8) | a) >>> 0;
    }
  }
  return out;
}
