/**
 * The folded layer of a timeline frame: when too many spans are in view to draw one by one,
 * they are folded into pixels (busy fraction and dominant workload per pixel, written
 * straight into an `ImageData`). During a zoom or pan gesture, the last folded pixels are
 * reused (stretched) while they cover the view, or folded at half resolution when folding is
 * slow; the exact frame follows once the gesture rests.
 */
import type { FrameGeometry } from './drawLayers.ts';
import { rasterAggregate, rasterScratch, type RasterScratch } from './rasterAggregate.ts';
import type { SpanIndex } from './spanIndex.ts';

/** A full-resolution raster slower than this (ms) is drawn at half resolution during gestures. */
const COARSE_AFTER_MS = 16;

/** What one folded frame needs besides its geometry. */
export interface RasterInput {
  readonly ix: SpanIndex;
  /** GPUs on each node, and the number of workloads. */
  readonly gpus: Int32Array;
  readonly workloads: number;
  /** Packed colours per workload and busy level (see `colorRamp`). */
  readonly ramp: Uint32Array;
  /** Rows of the timeline, and device pixels per CSS pixel. */
  readonly rowCount: number;
  readonly dpr: number;
  /** Whether a zoom or pan gesture is under way. */
  readonly interacting: boolean;
}

/** Figures of a folded frame: spans visited, whether coarse (half resolution) or reused (stretched). */
export interface RasterFigures {
  readonly spans: number;
  readonly coarse: boolean;
  readonly reused: boolean;
}

/** The folded layer and its buffers; see the module comment. */
export interface RasterLayer {
  /** Folds the spans in view of `g` into the plot of `ctx`'s canvas (left of the gutter untouched). */
  draw(ctx: CanvasRenderingContext2D, g: FrameGeometry, input: RasterInput): RasterFigures;
  /** Forgets the pixel buffer and the last raster (the canvas was resized). */
  resized(): void;
  /** Forgets every buffer (new data). */
  reset(): void;
}

/** What the last folded pixels cover (seconds, rows) and their size (cells). */
interface LastRaster { t0S: number; t1S: number; rowTop: number; rowBottom: number; widthPx: number; heightPx: number }

/** Creates a folded layer with empty buffers. */
export function createRasterLayer(): RasterLayer {
  let scratch: RasterScratch | null = null;
  let image: ImageData | null = null;
  let pixels: Uint32Array | null = null;
  let lastFullRasterMs = 0;
  // The last folded pixels, kept for reuse during a gesture, and what they cover.
  const rasterCanvas = document.createElement('canvas');
  const rasterCtx = rasterCanvas.getContext('2d')!;
  let last: LastRaster | null = null;

  /** Mid-gesture, the last raster stretched over the new view, while it covers the view and is magnified at most 4×. */
  function reuse(ctx: CanvasRenderingContext2D, g: FrameGeometry, gx: number, t0S: number, t1S: number, rowBottom: number, rowCount: number): boolean {
    if (!last) return false;
    const plotWDev = ctx.canvas.width - gx, plotHDev = ctx.canvas.height;
    const eps = (t1S - t0S) * 1e-9;
    const covers = last.t0S <= t0S + eps && last.t1S >= t1S - eps && last.rowTop <= g.rowTop + 1e-9 && last.rowBottom >= Math.min(rowCount, rowBottom) - 1e-9;
    const magX = (last.t1S - last.t0S) / (t1S - t0S), magY = (last.rowBottom - last.rowTop) / (rowBottom - g.rowTop);
    if (!(covers && magX <= 4 && magY <= 4)) return false;
    const pxPerS = plotWDev / (t1S - t0S), pxPerRow = plotHDev / (rowBottom - g.rowTop);
    ctx.save();
    ctx.beginPath(); ctx.rect(gx, 0, plotWDev, plotHDev); ctx.clip();
    ctx.drawImage(rasterCanvas, 0, 0, last.widthPx, last.heightPx, gx + (last.t0S - t0S) * pxPerS, (last.rowTop - g.rowTop) * pxPerRow, (last.t1S - last.t0S) * pxPerS, (last.rowBottom - last.rowTop) * pxPerRow);
    ctx.restore();
    return true;
  }

  /** Folds the spans anew (at half resolution when `coarse`) and keeps the pixels for reuse. */
  function fold(ctx: CanvasRenderingContext2D, g: FrameGeometry, gx: number, t0S: number, input: RasterInput, coarse: boolean): number {
    const { dpr } = input;
    const cell = coarse ? 2 : 1;
    const pw = Math.max(1, Math.ceil((ctx.canvas.width - gx) / cell)), ph = Math.max(1, Math.ceil(ctx.canvas.height / cell));
    if (!image || image.width !== pw || image.height !== ph) {
      image = ctx.createImageData(pw, ph);
      pixels = new Uint32Array(image.data.buffer);
    } else pixels!.fill(0);
    if (!scratch || scratch.buf.cols !== pw) scratch = rasterScratch(pw, input.workloads);
    const r0 = performance.now();
    const rasterT1S = g.x.invert((gx + pw * cell) / dpr);
    const stats = rasterAggregate({
      ix: input.ix, gpus: input.gpus, t0S, t1S: rasterT1S, widthPx: pw, heightPx: ph,
      rowTop: g.rowTop, rowHeightPx: (g.rowHeightPx * dpr) / cell, ramp: input.ramp, pixels: pixels!,
    }, scratch);
    if (rasterCanvas.width < pw || rasterCanvas.height < ph) { rasterCanvas.width = Math.max(rasterCanvas.width, pw); rasterCanvas.height = Math.max(rasterCanvas.height, ph); }
    rasterCtx.putImageData(image, 0, 0);
    ctx.drawImage(rasterCanvas, 0, 0, pw, ph, gx, 0, pw * cell, ph * cell);
    if (!coarse) lastFullRasterMs = performance.now() - r0;
    last = { t0S, t1S: rasterT1S, rowTop: g.rowTop, rowBottom: g.rowTop + (ph * cell) / dpr / g.rowHeightPx, widthPx: pw, heightPx: ph };
    return stats.visited;
  }

  return {
    draw(ctx, g, input) {
      const { dpr } = input;
      const gx = Math.round(g.plotLeftPx * dpr);
      const t0S = g.x.invert(gx / dpr), t1S = g.x.invert(ctx.canvas.width / dpr);
      const rowBottom = g.rowTop + g.heightPx / g.rowHeightPx;
      ctx.imageSmoothingEnabled = false;
      if (input.interacting && reuse(ctx, g, gx, t0S, t1S, rowBottom, input.rowCount)) return { spans: 0, coarse: false, reused: true };
      const coarse = input.interacting && lastFullRasterMs > COARSE_AFTER_MS;
      return { spans: fold(ctx, g, gx, t0S, input, coarse), coarse, reused: false };
    },
    resized() { image = null; last = null; },
    reset() { image = null; scratch = null; last = null; },
  };
}
