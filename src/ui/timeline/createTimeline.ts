/**
 * The timeline replay view: one row per node (grouped by site and rack), each row a stack
 * of its GPUs' lanes, running work coloured by workload, outages shaded with failure and
 * repair marks, a replay cursor, a hover tooltip; zoom and pan on time (wheel, drag, +/−,
 * ←/→) and on rows (Shift+wheel or wheel over the labels, Shift+↑/↓ zoom; drag, ↑/↓ pan).
 *
 * Drawing is level-of-detail: when more spans are in view than can be drawn one by one, the
 * spans are folded into pixels (busy fraction and dominant workload per pixel, written
 * straight into an `ImageData`); zoomed in, each span is drawn with its end visible. Spans
 * are indexed once in {@link TimelineView.setData}, so a frame only visits spans in view.
 * The base layer (spans, outages, labels) is redrawn on zoom, pan, resize and data; moving
 * the cursor or hovering redraws only the overlay canvas above it. During a zoom or pan
 * gesture, folded pixels are reused (stretched) while they cover the view, or folded at half
 * resolution when folding is slow; the exact frame follows once the gesture rests.
 */
import './timeline.css';
import { scaleLinear, zoomIdentity } from 'd3';
import { createRasterLayer } from './createRasterLayer.ts';
import { createTimelineDom } from './createTimelineDom.ts';
import { createTimelineNavigation, LANE_PX } from './createTimelineNavigation.ts';
import { describeTimeline } from './describeTimeline.ts';
import { drawBaseLayer } from './drawBaseLayer.ts';
import type { FrameGeometry } from './drawLayers.ts';
import { drawOverlayLayer } from './drawOverlayLayer.ts';
import { describeOutage } from './hoverInfo.ts';
import { hoverTarget } from './hoverTarget.ts';
import { loadTimelineData } from './loadTimelineData.ts';
import { readThemeColors } from './readThemeColors.ts';
import { renderTimelineLegend } from './renderTimelineLegend.ts';
import { showTooltip } from './showTooltip.ts';
import { spanRect } from './spanRect.ts';
import { baseScale, clampRows, emptyTimelineState, frameGeometry, GUTTER_PX, rowCount, rowHeight } from './TimelineState.ts';
import { EMPTY_FRAME, type BaseFigures, type TimelineFrame, type TimelineView } from './TimelineView.ts';

export { SPAN_DRAW_LIMIT } from './drawBaseLayer.ts';
export type { TimelineFrame, TimelineView } from './TimelineView.ts';

/** Rest after a zoom or pan gesture before the full-resolution frame (ms). */
const SETTLE_MS = 160;

/** Builds the timeline view in `root`. */
export function createTimeline(root: HTMLElement): TimelineView {
  const dom = createTimelineDom(root);
  const { el, plot, baseCanvas, overlayCanvas, tooltip, perGpuBox, axis } = dom;
  const baseCtx = baseCanvas.getContext('2d', { alpha: true })!;
  const overCtx = overlayCanvas.getContext('2d')!;
  const theme = readThemeColors(el);
  const s = emptyTimelineState();
  const raster = createRasterLayer();
  // While the user zooms or pans, a raster that took long is drawn at half resolution
  // (2×2 device pixels a cell); the full resolution follows once the gesture rests.
  let interacting = false, settleTimer = 0;
  const markInteracting = (): void => {
    interacting = true;
    clearTimeout(settleTimer);
    settleTimer = window.setTimeout(() => { interacting = false; invalidate(true); }, SETTLE_MS);
  };
  let frame: TimelineFrame = EMPTY_FRAME;
  let geo: FrameGeometry | null = null;
  let baseDirty = true, overlayDirty = true, rafId = 0;
  let destroyed = false, describeTimer = 0;
  const scrubbers: ((timeS: number) => void)[] = [];
  const frameListeners: ((f: TimelineFrame) => void)[] = [];

  const nav = createTimelineNavigation(s, dom, {
    changed: () => invalidate(true), gesture: () => markInteracting(), hideTooltip: () => hideTooltip(),
    resetZoom: () => view.resetZoom(), setPerGpu: (on) => view.setPerGpu(on),
  });

  // Scrubbing on the axis moves the cursor here at once and tells the listeners.
  axis.onScrub((t) => {
    view.setCursor(t);
    for (const cb of scrubbers) cb(t);
  });

  // Hover.
  const hideTooltip = (): void => {
    if (s.hover) { s.hover = null; overlayDirty = true; schedule(); }
    tooltip.hidden = true;
  };
  const onPointerMove = (e: PointerEvent): void => {
    if (!s.data || !s.ix || !geo || e.buttons) { if (e.buttons) hideTooltip(); return; }
    const r = plot.getBoundingClientRect();
    const target = hoverTarget(s, geo, e.clientX - r.left, e.clientY - r.top);
    if (!target) { hideTooltip(); return; }
    showTooltip(tooltip, dom.stage, e.clientX, e.clientY, target.title, target.lines, target.swatch);
    s.hover = { pos: target.pos, row: target.row, clientX: e.clientX, clientY: e.clientY };
    overlayDirty = true; schedule();
  };
  plot.addEventListener('pointermove', onPointerMove);
  plot.addEventListener('pointerleave', hideTooltip);

  // Sizing.
  const measure = (): boolean => {
    const w = Math.max(0, Math.floor(plot.clientWidth)), h = Math.max(0, Math.floor(plot.clientHeight));
    const d = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
    const changed = w !== s.widthPx || h !== s.heightPx || d !== s.dpr;
    if (!changed) return false;
    const oldPlotW = s.widthPx - GUTTER_PX;
    s.widthPx = w; s.heightPx = h; s.dpr = d;
    for (const c of [baseCanvas, overlayCanvas]) {
      c.width = Math.max(1, Math.round(w * d)); c.height = Math.max(1, Math.round(h * d));
      c.style.width = `${w}px`; c.style.height = `${h}px`;
    }
    raster.resized();
    nav.updateExtent();
    // Keep the time window across a resize: the transform is in pixels.
    if (oldPlotW > 0 && s.transform.k !== 1) {
      const [a, b] = s.transform.rescaleX(scaleLinear().domain(baseScale(s).domain()).range([GUTTER_PX, GUTTER_PX + oldPlotW])).domain();
      nav.fitTime(a, b);
    }
    clampRows(s);
    return true;
  };
  const resizeObs = typeof ResizeObserver === 'function' ? new ResizeObserver(() => { if (measure()) invalidate(true); }) : null;
  resizeObs?.observe(plot);

  // Frames.
  /** The words a screen reader gets for the canvas: what the run holds and what is down at the cursor. */
  function describe(): void {
    dom.summary.textContent = describeTimeline(s.data, s.cursorS);
  }

  function drawBase(g: FrameGeometry | null): BaseFigures {
    if (g) {
      const figures = drawBaseLayer(baseCtx, s, g, raster, theme, interacting);
      el.dataset.mode = figures.mode;
      axis.render(g.x, s.widthPx, GUTTER_PX);
      return figures;
    }
    baseCtx.setTransform(1, 0, 0, 1, 0, 0);
    baseCtx.clearRect(0, 0, baseCanvas.width, baseCanvas.height);
    axis.clear();
    el.dataset.mode = 'empty';
    return { mode: 'empty', spans: 0, coarse: false, reused: false };
  }

  function drawFrame(base: boolean): number {
    const t0 = performance.now();
    measure();
    geo = frameGeometry(s);
    el.classList.toggle('tl-has-data', !!geo);
    const figures: BaseFigures = base || baseDirty ? drawBase(geo) : { mode: frame.mode, spans: frame.spans, coarse: frame.coarse, reused: frame.reused };
    axis.setCursor(s.data ? s.cursorS : NaN);
    drawOverlayLayer(overCtx, s, geo, theme);
    const ms = performance.now() - t0;
    frame = {
      ms, ...figures, base: base || baseDirty,
      t0S: geo?.t0S ?? 0, t1S: geo?.t1S ?? 0, rowFirst: geo?.rowFirst ?? 0, rowEnd: geo?.rowEnd ?? 0, rowHeightPx: geo?.rowHeightPx ?? 0,
    };
    baseDirty = false; overlayDirty = false;
    for (const cb of frameListeners) cb(frame);
    return ms;
  }

  function schedule(): void {
    if (rafId || destroyed) return;
    rafId = requestAnimationFrame(() => {
      rafId = 0;
      if (baseDirty || overlayDirty) drawFrame(baseDirty);
    });
  }
  function invalidate(base: boolean): void {
    if (base) baseDirty = true;
    overlayDirty = true;
    schedule();
  }

  const view: TimelineView = {
    setData(t, workloadColor) {
      // Another run of the same cluster (same rows) keeps the view, so runs compare in place.
      const prev = s.data && geo ? { rows: rowCount(s), t0S: geo.t0S, t1S: geo.t1S, rowK: s.rowK, rowScrollPx: s.rowScrollPx, zoomed: s.transform.k > 1 } : null;
      loadTimelineData(s, t, workloadColor);
      hideTooltip();
      raster.reset();
      const data = s.data;
      const keep = !!data && !!prev && prev.rows === rowCount(s);
      s.rowK = keep ? prev!.rowK : 1;
      s.rowScrollPx = keep ? prev!.rowScrollPx : 0;
      measure();
      nav.updateExtent();
      nav.setTransform(zoomIdentity);
      s.transform = zoomIdentity; s.lastZoomY = 0;
      if (keep && prev!.zoomed) nav.fitTime(prev!.t0S, prev!.t1S);
      clampRows(s);
      nav.syncPerGpu();
      // Outages over no row (WAN links) go on the axis.
      const wan: { startS: number; endS: number; title: string }[] = [];
      if (data) for (let k = 0; k < data.outages.count; k++) {
        if (data.outages.rowEnd[k] <= data.outages.rowFirst[k]) wan.push({ startS: data.outages.startS[k], endS: data.outages.endS[k], title: describeOutage(data, k) });
      }
      axis.setBands(wan);
      renderTimelineLegend(dom.legend, data, s.colors);
      describe();
      invalidate(true);
    },
    setCursor(timeS) {
      if (timeS === s.cursorS) return;
      s.cursorS = timeS;
      clearTimeout(describeTimer);
      describeTimer = window.setTimeout(describe, 250);
      overlayDirty = true;
      schedule();
    },
    onScrub(cb) { scrubbers.push(cb); },
    render() {
      if (rafId) { cancelAnimationFrame(rafId); rafId = 0; }
      return drawFrame(true);
    },
    destroy() {
      destroyed = true;
      if (rafId) cancelAnimationFrame(rafId);
      clearTimeout(settleTimer);
      clearTimeout(describeTimer);
      resizeObs?.disconnect();
      nav.destroy();
      axis.destroy();
      el.remove();
    },
    zoomTo(startS, endS, rowFirst, rowEnd) {
      if (!s.data) return;
      measure();
      if (rowFirst !== undefined && rowEnd !== undefined && rowEnd > rowFirst) {
        s.rowK = rowCount(s) / (rowEnd - rowFirst);
        clampRows(s);
        s.rowScrollPx = rowFirst * rowHeight(s);
        clampRows(s);
        nav.syncPerGpu();
      }
      nav.fitTime(startS, endS);
      invalidate(true);
    },
    resetZoom() {
      s.rowK = 1; s.rowScrollPx = 0; perGpuBox.checked = false;
      nav.setTransform(zoomIdentity);
      invalidate(true);
    },
    setPerGpu(on) {
      perGpuBox.checked = on;
      if (!s.data) return;
      measure();
      const want = on ? (LANE_PX * s.maxGpus) / rowHeight(s) : 1 / s.rowK;
      if (Math.abs(want - 1) > 1e-9 && (!on || want > 1)) nav.zoomRows(want, s.heightPx / 2);
      perGpuBox.checked = on;
    },
    onFrame(cb) { frameListeners.push(cb); },
    get frame() { return frame; },
    spanBox(i) {
      const { ix, data } = s;
      if (!ix || !data || !geo) return null;
      let p = -1;
      for (let k = ix.rowStart[data.spans.row[i]]; k < ix.rowStart[data.spans.row[i] + 1]; k++) if (ix.source[k] === i) { p = k; break; }
      if (p < 0) return null;
      const b = spanRect(s, geo, p);
      if (!b || b.y + b.height < 0 || b.y > s.heightPx) return null;
      const r = plot.getBoundingClientRect();
      return { x: r.left + b.x, y: r.top + b.y, width: b.width, height: b.height };
    },
  };
  return view;
}
