/**
 * Zoom and pan of a timeline view, on time and on rows: time by d3-zoom (wheel, drag, the
 * +/− buttons, +/− and ←/→ keys), rows by a zoom factor and a scroll (Shift+wheel or wheel
 * over the labels, Shift+↑/↓; the vertical part of a drag and ↑/↓ pan), and the "Per GPU"
 * box. It changes the view's state and tells the view through {@link NavigationHooks}.
 */
import { select, zoomIdentity, type D3ZoomEvent, type ZoomTransform } from 'd3';
import type { TimelineDom } from './createTimelineDom.ts';
import { createTimeZoom, setTimeZoomExtent } from './createTimeZoom.ts';
import { baseScale, clampRows, currentX, GUTTER_PX, inView, rowHeight, type TimelineState } from './TimelineState.ts';

/** Lane height the "per GPU" toggle zooms to (CSS px). */
export const LANE_PX = 12;

/** What navigation tells the view. */
export interface NavigationHooks {
  /** What is in view changed: the base layer is to be redrawn. */
  changed(): void;
  /** The user zooms or pans (a gesture under way). */
  gesture(): void;
  hideTooltip(): void;
  /** The reset key (0, Home) or button. */
  resetZoom(): void;
  /** The "Per GPU" box was changed by the user. */
  setPerGpu(on: boolean): void;
}

/** Zoom and pan of a timeline view; see the module comment. */
export interface TimelineNavigation {
  /** Zooms time by `factor` about the cursor when it is in view, else about the plot's middle. */
  zoomTimeBy(factor: number): void;
  /** Zooms rows by `factor`, keeping the row at `anchorY` (CSS px from the plot's top) in place. */
  zoomRows(factor: number, anchorY: number): void;
  /** Shows [startS, endS] across the plot (rows unchanged). */
  fitTime(startS: number, endS: number): void;
  /** Sets the time transform (identity: the whole run). */
  setTransform(t: ZoomTransform): void;
  /** The zoom's extent follows the plot's size and the data. */
  updateExtent(): void;
  /** Ticks the "Per GPU" box when each GPU has a lane of its own. */
  syncPerGpu(): void;
  destroy(): void;
}

/** Binds zoom and pan to the plot of `dom`, over state `s`. */
export function createTimelineNavigation(s: TimelineState, dom: TimelineDom, hooks: NavigationHooks): TimelineNavigation {
  const { plot, perGpuBox } = dom;
  const inGutter = (e: MouseEvent): boolean => e.clientX - plot.getBoundingClientRect().left < GUTTER_PX;
  // Zoom on time with d3-zoom; rows pan with the vertical part of a drag.
  const zoomB = createTimeZoom(s, inGutter)
    .on('start', () => { hooks.hideTooltip(); })
    .on('zoom', (ev: D3ZoomEvent<HTMLDivElement, unknown>) => {
      const t = ev.transform;
      const se = ev.sourceEvent as Event | null;
      if (se && /move$/.test(se.type) && t.k === s.transform.k) { s.rowScrollPx -= t.y - s.lastZoomY; clampRows(s); }
      s.lastZoomY = t.y;
      s.transform = t;
      if (se) hooks.gesture();
      hooks.changed();
    });
  const plotSel = select(plot);
  plotSel.call(zoomB).on('dblclick.zoom', null);

  const nav: TimelineNavigation = {
    zoomTimeBy(factor) {
      if (!s.data) return;
      const cx = Number.isFinite(s.cursorS) && inView(s, s.cursorS) ? currentX(s)(s.cursorS) : (GUTTER_PX + s.widthPx) / 2;
      plotSel.call(zoomB.scaleBy, factor, [cx, s.heightPx / 2]);
    },
    zoomRows(factor, anchorY) {
      if (!s.data) return;
      const at = (anchorY + s.rowScrollPx) / rowHeight(s);
      s.rowK *= factor;
      clampRows(s);
      s.rowScrollPx = at * rowHeight(s) - anchorY;
      clampRows(s);
      nav.syncPerGpu();
      hooks.hideTooltip();
      hooks.gesture();
      hooks.changed();
    },
    fitTime(startS, endS) {
      if (!s.data) return;
      const total = Math.max(1e-9, s.data.endS);
      const a = Math.max(0, Math.min(startS, endS)), b = Math.min(total, Math.max(startS, endS));
      const k = Math.max(1, total / Math.max(1e-9, b - a));
      const x0 = baseScale(s);
      nav.setTransform(zoomIdentity.translate(GUTTER_PX - k * x0(a), s.transform.y).scale(k));
    },
    setTransform(t) { plotSel.call(zoomB.transform, t); },
    updateExtent() { setTimeZoomExtent(zoomB, s); },
    syncPerGpu() { perGpuBox.checked = !!s.data && rowHeight(s) / s.maxGpus >= LANE_PX - 0.5; },
    destroy() {
      plotSel.on('.zoom', null);
      plot.removeEventListener('wheel', onWheel);
      plot.removeEventListener('keydown', onKey);
    },
  };

  const onWheel = (e: WheelEvent): void => {
    if (!s.data || !(e.shiftKey || inGutter(e))) return;
    e.preventDefault();
    const d = e.deltaY || e.deltaX;
    const factor = 2 ** (-d * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002));
    nav.zoomRows(factor, e.clientY - plot.getBoundingClientRect().top);
  };
  plot.addEventListener('wheel', onWheel, { passive: false });

  const scrollRows = (dyPx: number): void => {
    s.rowScrollPx += dyPx;
    clampRows(s);
    hooks.changed();
  };
  const onKey = (e: KeyboardEvent): void => {
    if (!s.data) return;
    const plotW = s.widthPx - GUTTER_PX, heightPx = s.heightPx;
    let handled = true;
    switch (e.key) {
      case '+': case '=': nav.zoomTimeBy(1.5); break;
      case '-': case '_': nav.zoomTimeBy(1 / 1.5); break;
      case 'ArrowLeft': plotSel.call(zoomB.translateBy, (plotW * 0.1) / s.transform.k, 0); break;
      case 'ArrowRight': plotSel.call(zoomB.translateBy, (-plotW * 0.1) / s.transform.k, 0); break;
      case 'ArrowUp': if (e.shiftKey) nav.zoomRows(1.5, heightPx / 2); else scrollRows(-heightPx * 0.1); break;
      case 'ArrowDown': if (e.shiftKey) nav.zoomRows(1 / 1.5, heightPx / 2); else scrollRows(heightPx * 0.1); break;
      case '0': case 'Home': hooks.resetZoom(); break;
      default: handled = false;
    }
    if (handled) { e.preventDefault(); hooks.hideTooltip(); }
  };
  plot.addEventListener('keydown', onKey);

  dom.zoomIn.addEventListener('click', () => nav.zoomTimeBy(2));
  dom.zoomOut.addEventListener('click', () => nav.zoomTimeBy(0.5));
  dom.reset.addEventListener('click', () => hooks.resetZoom());
  perGpuBox.addEventListener('change', () => hooks.setPerGpu(perGpuBox.checked));
  return nav;
}
