import type { RasterLayer } from './createRasterLayer.ts';
import { drawGutter, drawOutages, drawSeparators, drawSpans, type FrameGeometry, type ThemeColors } from './drawLayers.ts';
import { countCandidates } from './spanIndex.ts';
import { GUTTER_PX, rowCount, type TimelineState } from './TimelineState.ts';
import type { BaseFigures } from './TimelineView.ts';

/** Most spans drawn one by one in a frame; more are folded into pixels. */
export const SPAN_DRAW_LIMIT = 25_000;

/**
 * Draws the base layer of a frame (the state must hold data): the spans one by one when few
 * enough are in view and rows are at least 2 px tall, else folded into pixels by `raster`;
 * then the rack and site separators, the outages, and the row labels in the gutter.
 */
export function drawBaseLayer(ctx: CanvasRenderingContext2D, s: TimelineState, g: FrameGeometry, raster: RasterLayer, theme: ThemeColors, interacting: boolean): BaseFigures {
  const data = s.data!, ix = s.ix!;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  ctx.clearRect(0, 0, ctx.canvas.width, ctx.canvas.height);
  const candidates = countCandidates(ix, g.rowFirst, g.rowEnd, g.t0S, g.t1S);
  const spansMode = candidates <= SPAN_DRAW_LIMIT && g.rowHeightPx >= 2;
  let figures = { spans: 0, coarse: false, reused: false };
  if (!spansMode) {
    figures = raster.draw(ctx, g, { ix, gpus: data.rows.gpus, workloads: data.workloads.length, ramp: s.ramp, rowCount: rowCount(s), dpr: s.dpr, interacting });
  }
  ctx.setTransform(s.dpr, 0, 0, s.dpr, 0, 0);
  ctx.save();
  ctx.beginPath(); ctx.rect(GUTTER_PX, 0, s.widthPx - GUTTER_PX, s.heightPx); ctx.clip();
  if (spansMode) figures.spans = drawSpans(ctx, g, ix, data.rows.gpus, s.colors, theme);
  drawSeparators(ctx, g, s.groups!, theme);
  drawOutages(ctx, g, data, s.laneOf, theme);
  ctx.restore();
  drawGutter(ctx, g, s.groups!, data.rows.gpus, theme);
  return { mode: spansMode ? 'spans' : 'aggregate', ...figures };
}
