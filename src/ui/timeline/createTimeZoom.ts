import { zoom as d3zoom, zoomIdentity, type ZoomBehavior } from 'd3';
import { GUTTER_PX, type TimelineState } from './TimelineState.ts';

/** A d3-zoom behaviour on a timeline's plot, zooming and panning time (x only). */
export type TimeZoom = ZoomBehavior<HTMLDivElement, unknown>;

/**
 * The zoom behaviour of a timeline's time axis: any wheel zooms time except with Shift or
 * over the labels (`inGutter`: those zoom rows), a drag pans; the window never leaves the
 * run. Its extent follows the plot (see {@link setTimeZoomExtent}).
 */
export function createTimeZoom(s: TimelineState, inGutter: (e: MouseEvent) => boolean): TimeZoom {
  return d3zoom<HTMLDivElement, unknown>()
    .scaleExtent([1, 1e7])
    .filter((ev: Event) => {
      const e = ev as MouseEvent & WheelEvent;
      if (e.type === 'wheel' && (e.shiftKey || inGutter(e))) return false;
      return (!e.ctrlKey || e.type === 'wheel') && !e.button;
    })
    .constrain((t) => {
      const k = t.k;
      const x = Math.min(GUTTER_PX * (1 - k), Math.max(s.widthPx * (1 - k), t.x));
      return x === t.x ? t : zoomIdentity.translate(x, t.y).scale(k);
    });
}

/** Sets the zoom's extent to the plot and its narrowest window to a millisecond, or a millionth of the run. */
export function setTimeZoomExtent(zoom: TimeZoom, s: TimelineState): void {
  const end = Math.max(1e-9, s.data?.endS ?? 1);
  zoom.scaleExtent([1, Math.max(1, end / Math.max(1e-3, end * 1e-7))]);
  zoom.extent([[GUTTER_PX, 0], [Math.max(GUTTER_PX + 1, s.widthPx), Math.max(1, s.heightPx)]]);
}
