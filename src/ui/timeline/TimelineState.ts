/**
 * What a timeline view shows and how: the data and what was derived from it, the time
 * window (a d3-zoom transform, x only), the rows' zoom and scroll, the cursor, the hover and
 * the plot's size; and what follows from them (scales, row height, the frame's geometry).
 * One mutable state per view; the view's parts read and change it.
 */
import { scaleLinear, zoomIdentity, type ScaleLinear, type ZoomTransform } from 'd3';
import type { Timeline } from '../../sim/timeline/Timeline.ts';
import type { FrameGeometry } from './drawLayers.ts';
import type { RowGroups } from './rowGroups.ts';
import type { SpanIndex } from './spanIndex.ts';

/** Width of the row-label gutter (CSS px). */
export const GUTTER_PX = 116;

/** What the pointer is over: span position `pos` in the index (-1: the row or a label) on `row`. */
export interface TimelineHover {
  readonly pos: number;
  readonly row: number;
  readonly clientX: number;
  readonly clientY: number;
}

/** The state of one timeline view; see the module comment. */
export interface TimelineState {
  /** The timeline shown (null: none), and its span index, row groups, outage lanes, colours. */
  data: Timeline | null;
  ix: SpanIndex | null;
  groups: RowGroups | null;
  laneOf: Int16Array;
  colors: string[];
  /** Packed colours of the folded pixels, per workload and busy level. */
  ramp: Uint32Array;
  /** Most GPUs on a node. */
  maxGpus: number;
  /** Time: the d3-zoom transform (x only), and its last y (the vertical part of a drag pans rows). */
  transform: ZoomTransform;
  lastZoomY: number;
  /** Rows: a zoom factor (1: all rows fit) and a scroll (CSS px). */
  rowK: number;
  rowScrollPx: number;
  /** The replay cursor (seconds; NaN: none). */
  cursorS: number;
  hover: TimelineHover | null;
  /** The plot's size (CSS px) and device pixels per CSS pixel. */
  widthPx: number;
  heightPx: number;
  dpr: number;
}

/** The state of a view with nothing shown yet. */
export function emptyTimelineState(): TimelineState {
  return {
    data: null, ix: null, groups: null, laneOf: new Int16Array(0), colors: [], ramp: new Uint32Array(0), maxGpus: 1,
    transform: zoomIdentity, lastZoomY: 0, rowK: 1, rowScrollPx: 0, cursorS: NaN, hover: null, widthPx: 0, heightPx: 0, dpr: 1,
  };
}

/** Rows (nodes) of the timeline shown. */
export const rowCount = (s: TimelineState): number => s.data?.rows.ids.length ?? 0;

/** Time (s) → x (CSS px) of the whole run across the plot. */
export const baseScale = (s: TimelineState): ScaleLinear<number, number> =>
  scaleLinear().domain([0, Math.max(1e-9, s.data?.endS ?? 1)]).range([GUTTER_PX, Math.max(GUTTER_PX + 1, s.widthPx)]);

/** Time (s) → x (CSS px) of the window shown. */
export const currentX = (s: TimelineState): ScaleLinear<number, number> => s.transform.rescaleX(baseScale(s));

/** Whether `timeS` is in the window shown. */
export const inView = (s: TimelineState, timeS: number): boolean => {
  const [a, b] = currentX(s).domain();
  return timeS >= a && timeS <= b;
};

/** Height of a row (CSS px). */
export const rowHeight = (s: TimelineState): number => (s.heightPx / Math.max(1, rowCount(s))) * s.rowK;

/** Largest row zoom: rows tall enough for 16 px a GPU lane (48 px at least). */
const maxRowK = (s: TimelineState): number => Math.max(1, (Math.max(48, s.maxGpus * 16) * rowCount(s)) / Math.max(1, s.heightPx));

/** Keeps the row zoom and scroll within bounds. */
export function clampRows(s: TimelineState): void {
  s.rowK = Math.max(1, Math.min(maxRowK(s), s.rowK));
  const max = Math.max(0, rowCount(s) * rowHeight(s) - s.heightPx);
  s.rowScrollPx = Math.max(0, Math.min(max, s.rowScrollPx));
}

/** Where things go in the frame to draw now; null without data. */
export function frameGeometry(s: TimelineState): FrameGeometry | null {
  if (!s.data || !s.ix) return null;
  clampRows(s);
  const x = currentX(s);
  const [t0S, t1S] = x.domain();
  const rowHeightPx = rowHeight(s);
  const rowTop = s.rowScrollPx / rowHeightPx;
  return {
    widthPx: s.widthPx, heightPx: s.heightPx, plotLeftPx: GUTTER_PX, x, t0S, t1S, rowTop, rowHeightPx,
    rowFirst: Math.max(0, Math.floor(rowTop)), rowEnd: Math.min(rowCount(s), Math.ceil(rowTop + s.heightPx / rowHeightPx)),
  };
}
