import type { Timeline } from '../../sim/timeline/Timeline.ts';

/** The view of a run's timeline; see createTimeline.ts. */
export interface TimelineView {
  /**
   * Shows a run's timeline (null clears). workloadColor(i) colours workload i. A timeline
   * with the same rows as the one shown (another run of the same cluster) keeps the zoom.
   */
  setData(t: Timeline | null, workloadColor: (i: number) => string): void;
  /** Moves the replay cursor (seconds); the view shows the cursor and, at the cursor, which rows are down. */
  setCursor(timeS: number): void;
  /** Called when the user scrubs on the timeline itself (click / drag on the time axis). */
  onScrub(cb: (timeS: number) => void): void;
  /** Renders now (e.g. after the container resized); returns the frame's time in ms. */
  render(): number;
  destroy(): void;
  /** Shows [startS, endS] across the plot and, if given, rows [rowFirst, rowEnd) top to bottom. */
  zoomTo(startS: number, endS: number, rowFirst?: number, rowEnd?: number): void;
  /** Back to the whole run and all rows. */
  resetZoom(): void;
  /** Zooms rows in until each GPU has a lane of its own (on) or back to all rows (off). */
  setPerGpu(on: boolean): void;
  /** Called after each frame drawn (scheduled or by {@link render}) with its figures. */
  onFrame(cb: (frame: TimelineFrame) => void): void;
  /** The last frame's figures. */
  readonly frame: TimelineFrame;
  /**
   * Where span `i` (index in the timeline's spans) is drawn, in viewport CSS px (its
   * visible part), or null when it is out of view.
   */
  spanBox(i: number): SpanBox | null;
}

/** A rectangle in CSS px. */
export interface SpanBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Figures of one drawn frame. */
export interface TimelineFrame {
  /** Time to draw it (ms, main thread). */
  readonly ms: number;
  /** `spans`: drawn one by one; `aggregate`: folded into pixels; `empty`: no data. */
  readonly mode: 'spans' | 'aggregate' | 'empty';
  /** Spans drawn (spans mode) or visited (aggregate mode). */
  readonly spans: number;
  readonly t0S: number;
  readonly t1S: number;
  readonly rowFirst: number;
  readonly rowEnd: number;
  readonly rowHeightPx: number;
  /** Whether the base layer was redrawn (false: cursor or hover only). */
  readonly base: boolean;
  /** Whether the pixels were folded at half resolution (during a zoom or pan gesture). */
  readonly coarse: boolean;
  /** Whether the last folded pixels were stretched over the view (during a gesture) instead of folded anew. */
  readonly reused: boolean;
}

/** The figures of a frame that drawing the base layer gives. */
export type BaseFigures = Pick<TimelineFrame, 'mode' | 'spans' | 'coarse' | 'reused'>;

/** The figures of a frame with nothing drawn. */
export const EMPTY_FRAME: TimelineFrame = { ms: 0, mode: 'empty', spans: 0, t0S: 0, t1S: 0, rowFirst: 0, rowEnd: 0, rowHeightPx: 0, base: true, coarse: false, reused: false };
