import { rowY, type FrameGeometry } from './drawLayers.ts';
import { GUTTER_PX, type TimelineState } from './TimelineState.ts';
import type { SpanBox } from './TimelineView.ts';

/**
 * The drawn rectangle of the span at position `p` of the index (CSS px within the plot),
 * clipped to the plot's width; null when its row is out of view, or without data.
 */
export function spanRect(s: TimelineState, g: FrameGeometry, p: number): SpanBox | null {
  const { ix, data } = s;
  if (!ix || !data) return null;
  const row = data.spans.row[ix.source[p]];
  if (row < g.rowFirst || row >= g.rowEnd) return null;
  const x0 = Math.max(GUTTER_PX, g.x(ix.startS[p])), x1 = Math.min(s.widthPx, g.x(ix.endS[p]));
  if (x1 < x0) return null;
  const laneH = g.rowHeightPx / Math.max(1, data.rows.gpus[row]);
  const y = rowY(g, row) + ix.gpuFirst[p] * laneH;
  return { x: x0, y, width: Math.max(1, x1 - x0), height: Math.max(0.75, ix.gpuCount[p] * laneH) };
}
