import { failureColor } from '../theme/palette.ts';
import type { FrameGeometry } from './drawLayers.ts';
import { describeOutage, describeSpan, findSpanAt, outagesAt } from './hoverInfo.ts';
import { forEachVisible } from './spanIndex.ts';
import { formatClock } from './timeFormat.ts';
import { GUTTER_PX, rowCount, type TimelineState } from './TimelineState.ts';

/** What is under the pointer and what the tooltip says about it. */
export interface HoverTarget {
  /** Position of the span in the index; -1 for a row label or a GPU lane without a span. */
  readonly pos: number;
  readonly row: number;
  readonly title: string;
  readonly lines: readonly string[];
  /** Colour of the swatch before the title, if any. */
  readonly swatch: string | null;
}

/**
 * What is at (`px`, `py`) in the plot (CSS px) of frame `g`: over the labels, the node (its
 * GPUs, and what is down at the cursor); over the plot, the span at that GPU lane and time
 * (within 4 px) with the outages there, else the lane if an outage covers it. Null over
 * nothing, or without data.
 */
export function hoverTarget(s: TimelineState, g: FrameGeometry, px: number, py: number): HoverTarget | null {
  const { data, ix } = s;
  if (!data || !ix) return null;
  const rowC = g.rowTop + py / g.rowHeightPx;
  const row = Math.floor(rowC);
  if (row < 0 || row >= rowCount(s)) return null;
  const gpus = data.rows.gpus[row];
  const lane = Math.min(gpus - 1, Math.floor((rowC - row) * gpus));
  if (px < GUTTER_PX) {
    const downs = outagesAt(data, row, s.cursorS).map((k) => `down at the cursor: ${describeOutage(data, k)}`);
    return { pos: -1, row, title: data.rows.ids[row], lines: [`${gpus} GPUs`, ...downs], swatch: null };
  }
  const timeS = g.x.invert(px);
  const tolS = 4 / ((s.widthPx - GUTTER_PX) / (g.t1S - g.t0S));
  const pos = findSpanAt(ix, row, lane, timeS, tolS);
  const downs = outagesAt(data, row, timeS, tolS / 2).map((k) => `down: ${describeOutage(data, k)}`);
  if (pos < 0 && downs.length === 0) return null;
  if (pos < 0) return { pos, row, title: `${data.rows.ids[row]} · GPU ${lane}`, lines: [formatClock(timeS), ...downs], swatch: failureColor };
  const i = ix.source[pos];
  const d = describeSpan(data, i);
  let others = 0;
  forEachVisible(ix, row, timeS, timeS, (p) => { if (p !== pos) others++; });
  const lines = [...d.lines, ...(others > 0 ? [`${others} other span${others > 1 ? 's' : ''} on this node now`] : []), ...downs];
  return { pos, row, title: d.title, lines, swatch: s.colors[data.spans.workload[i]] ?? null };
}
