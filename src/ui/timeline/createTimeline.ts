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
import { color as parseColor, scaleLinear, select, zoom as d3zoom, zoomIdentity, type D3ZoomEvent, type ScaleLinear, type ZoomTransform } from 'd3';
import type { Timeline } from '../../sim/timeline/Timeline.ts';
import { failureColor } from '../app/palette.ts';
import { drawGutter, drawOutages, drawSeparators, drawSpans, outageLanes, rowY, type FrameGeometry, type ThemeColors } from './drawLayers.ts';
import { describeOutage, describeSpan, findSpanAt, outagesAt } from './hoverInfo.ts';
import { colorRamp, rasterAggregate, rasterScratch, type RasterScratch } from './rasterAggregate.ts';
import { rowGroups, type RowGroups } from './rowGroups.ts';
import { buildSpanIndex, countCandidates, forEachVisible, type SpanIndex } from './spanIndex.ts';
import { createTimeAxis } from './timeAxis.ts';
import { formatClock } from './timeFormat.ts';

/** The view of a run's timeline; see the module comment. */
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
  spanBox(i: number): { x: number; y: number; width: number; height: number } | null;
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

/** Width of the row-label gutter (CSS px). */
const GUTTER_PX = 116;
/** Most spans drawn one by one in a frame; more are folded into pixels. */
export const SPAN_DRAW_LIMIT = 25_000;
/** Rest after a zoom or pan gesture before the full-resolution frame (ms). */
const SETTLE_MS = 160;
/** A full-resolution raster slower than this (ms) is drawn at half resolution during gestures. */
const COARSE_AFTER_MS = 16;
/** Lane height the "per GPU" toggle zooms to (CSS px). */
const LANE_PX = 12;

const EMPTY_FRAME: TimelineFrame = { ms: 0, mode: 'empty', spans: 0, t0S: 0, t1S: 0, rowFirst: 0, rowEnd: 0, rowHeightPx: 0, base: true, coarse: false, reused: false };

/** Span indexes by timeline, so switching back to a run shown before is instant. */
const indexCache = new WeakMap<Timeline, SpanIndex>();

/** Builds the timeline view in `root`. */
export function createTimeline(root: HTMLElement): TimelineView {
  const el = document.createElement('div');
  el.className = 'tl';
  el.dataset.testid = 'timeline';
  el.innerHTML = `
    <div class="tl-bar">
      <div class="tl-legend" aria-label="Legend"></div>
      <div class="tl-tools">
        <button type="button" class="tl-zoom-out" title="Zoom out (−)" aria-label="Zoom out">−</button>
        <button type="button" class="tl-zoom-in" title="Zoom in (+)" aria-label="Zoom in">+</button>
        <button type="button" class="tl-reset">Reset zoom</button>
        <label class="tl-pergpu"><input type="checkbox" /> Per GPU</label>
      </div>
    </div>
    <div class="tl-stage">
      <div class="tl-axis-slot"></div>
      <div class="tl-plot" tabindex="0" role="group" aria-roledescription="timeline"
        aria-label="Timeline. Plus and minus zoom time, arrows pan, Shift with up and down arrows zooms rows, 0 resets.">
        <canvas class="tl-base"></canvas>
        <canvas class="tl-overlay"></canvas>
      </div>
      <div class="tl-tooltip" role="tooltip" hidden></div>
      <div class="tl-empty">No timeline to show: run a scenario to replay what it did.</div>
      <div class="tl-summary sr-only"></div>
    </div>
    <p class="tl-hint">Wheel or +/− zooms time · Shift+wheel, wheel over the labels or Shift+↑/↓ zooms rows · drag or arrows pan · click or drag the time axis to move the cursor</p>`;
  root.append(el);
  const q = <T extends Element>(sel: string): T => el.querySelector<T>(sel)!;
  const legend = q<HTMLDivElement>('.tl-legend');
  const stage = q<HTMLDivElement>('.tl-stage');
  const plot = q<HTMLDivElement>('.tl-plot');
  const baseCanvas = q<HTMLCanvasElement>('.tl-base');
  const overlayCanvas = q<HTMLCanvasElement>('.tl-overlay');
  const tooltip = q<HTMLDivElement>('.tl-tooltip');
  const perGpuBox = q<HTMLInputElement>('.tl-pergpu input');
  const summary = q<HTMLDivElement>('.tl-summary');
  summary.id = `tl-summary-${Math.random().toString(36).slice(2)}`;
  plot.setAttribute('aria-describedby', summary.id);
  const axis = createTimeAxis();
  q<HTMLDivElement>('.tl-axis-slot').append(axis.element);
  const baseCtx = baseCanvas.getContext('2d', { alpha: true })!;
  const overCtx = overlayCanvas.getContext('2d')!;

  const css = getComputedStyle(el);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  const theme: ThemeColors = {
    ink: v('--ink', '#1d2330'), ink2: v('--ink-2', '#4a5366'), ink3: v('--ink-3', '#7a8396'),
    line: v('--line', '#dde1e8'), panel: v('--panel', '#ffffff'), font: v('--font', 'system-ui, sans-serif'), mono: v('--mono', 'monospace'),
  };

  // Data and its indexes.
  let data: Timeline | null = null;
  let ix: SpanIndex | null = null;
  let groups: RowGroups | null = null;
  let laneOf: Int16Array = new Int16Array(0);
  let colors: string[] = [];
  let ramp: Uint32Array = new Uint32Array(0);
  let maxGpus = 1;
  let scratch: RasterScratch | null = null;
  let image: ImageData | null = null;
  let pixels: Uint32Array | null = null;
  // While the user zooms or pans, a raster that took long is drawn at half resolution
  // (2×2 device pixels a cell); the full resolution follows once the gesture rests.
  let interacting = false, settleTimer = 0, lastFullRasterMs = 0;
  // The last folded pixels, kept for reuse during a gesture, and what they cover.
  const rasterCanvas = document.createElement('canvas');
  const rasterCtx = rasterCanvas.getContext('2d')!;
  let last: { t0S: number; t1S: number; rowTop: number; rowBottom: number; widthPx: number; heightPx: number } | null = null;
  const markInteracting = (): void => {
    interacting = true;
    clearTimeout(settleTimer);
    settleTimer = window.setTimeout(() => { interacting = false; invalidate(true); }, SETTLE_MS);
  };

  // View state: time by the d3-zoom transform (x only), rows by a zoom factor and a scroll.
  let transform: ZoomTransform = zoomIdentity;
  let lastZoomY = 0;
  let rowK = 1, rowScrollPx = 0;
  let cursorS = NaN;
  let hover: { pos: number; row: number; clientX: number; clientY: number } | null = null;
  let frame: TimelineFrame = EMPTY_FRAME;
  let geo: FrameGeometry | null = null;
  let baseDirty = true, overlayDirty = true, rafId = 0;
  let widthPx = 0, heightPx = 0, dpr = 1;
  const scrubbers: ((timeS: number) => void)[] = [];
  const frameListeners: ((f: TimelineFrame) => void)[] = [];

  const rowCount = (): number => data?.rows.ids.length ?? 0;
  const baseScale = (): ScaleLinear<number, number> => scaleLinear().domain([0, Math.max(1e-9, data?.endS ?? 1)]).range([GUTTER_PX, Math.max(GUTTER_PX + 1, widthPx)]);
  const rowHeight = (): number => (heightPx / Math.max(1, rowCount())) * rowK;
  const maxRowK = (): number => Math.max(1, (Math.max(48, maxGpus * 16) * rowCount()) / Math.max(1, heightPx));
  const clampRows = (): void => {
    rowK = Math.max(1, Math.min(maxRowK(), rowK));
    const max = Math.max(0, rowCount() * rowHeight() - heightPx);
    rowScrollPx = Math.max(0, Math.min(max, rowScrollPx));
  };

  // Zoom on time with d3-zoom; rows pan with the vertical part of a drag.
  const zoomB = d3zoom<HTMLDivElement, unknown>()
    .scaleExtent([1, 1e7])
    .filter((ev: Event) => {
      const e = ev as MouseEvent & WheelEvent;
      if (e.type === 'wheel' && (e.shiftKey || inGutter(e))) return false;
      return (!e.ctrlKey || e.type === 'wheel') && !e.button;
    })
    .constrain((t) => {
      const k = t.k;
      const x = Math.min(GUTTER_PX * (1 - k), Math.max(widthPx * (1 - k), t.x));
      return x === t.x ? t : zoomIdentity.translate(x, t.y).scale(k);
    })
    .on('start', () => { hideTooltip(); })
    .on('zoom', (ev: D3ZoomEvent<HTMLDivElement, unknown>) => {
      const t = ev.transform;
      const se = ev.sourceEvent as Event | null;
      if (se && /move$/.test(se.type) && t.k === transform.k) { rowScrollPx -= t.y - lastZoomY; clampRows(); }
      lastZoomY = t.y;
      transform = t;
      if (se) markInteracting();
      invalidate(true);
    });
  const plotSel = select(plot);
  plotSel.call(zoomB).on('dblclick.zoom', null);
  const setTransform = (t: ZoomTransform): void => { plotSel.call(zoomB.transform, t); };
  const updateZoomExtent = (): void => {
    const end = Math.max(1e-9, data?.endS ?? 1);
    // Narrowest window: a millisecond, or a millionth of the run.
    zoomB.scaleExtent([1, Math.max(1, end / Math.max(1e-3, end * 1e-7))]);
    zoomB.extent([[GUTTER_PX, 0], [Math.max(GUTTER_PX + 1, widthPx), Math.max(1, heightPx)]]);
  };

  function inGutter(e: MouseEvent): boolean {
    const r = plot.getBoundingClientRect();
    return e.clientX - r.left < GUTTER_PX;
  }

  const syncPerGpu = (): void => { perGpuBox.checked = !!data && rowHeight() / maxGpus >= LANE_PX - 0.5; };
  const zoomRows = (factor: number, anchorY: number): void => {
    if (!data) return;
    const at = (anchorY + rowScrollPx) / rowHeight();
    rowK *= factor;
    clampRows();
    rowScrollPx = at * rowHeight() - anchorY;
    clampRows();
    syncPerGpu();
    hideTooltip();
    markInteracting();
    invalidate(true);
  };
  const onWheel = (e: WheelEvent): void => {
    if (!data || !(e.shiftKey || inGutter(e))) return;
    e.preventDefault();
    const d = e.deltaY || e.deltaX;
    const factor = 2 ** (-d * (e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002));
    zoomRows(factor, e.clientY - plot.getBoundingClientRect().top);
  };
  plot.addEventListener('wheel', onWheel, { passive: false });

  const zoomTimeBy = (factor: number): void => {
    if (!data) return;
    const cx = Number.isFinite(cursorS) && inView(cursorS) ? currentX()(cursorS) : (GUTTER_PX + widthPx) / 2;
    plotSel.call(zoomB.scaleBy, factor, [cx, heightPx / 2]);
  };
  const currentX = (): ScaleLinear<number, number> => transform.rescaleX(baseScale());
  const inView = (timeS: number): boolean => { const [a, b] = currentX().domain(); return timeS >= a && timeS <= b; };

  const onKey = (e: KeyboardEvent): void => {
    if (!data) return;
    const plotW = widthPx - GUTTER_PX;
    let handled = true;
    switch (e.key) {
      case '+': case '=': zoomTimeBy(1.5); break;
      case '-': case '_': zoomTimeBy(1 / 1.5); break;
      case 'ArrowLeft': plotSel.call(zoomB.translateBy, (plotW * 0.1) / transform.k, 0); break;
      case 'ArrowRight': plotSel.call(zoomB.translateBy, (-plotW * 0.1) / transform.k, 0); break;
      case 'ArrowUp': if (e.shiftKey) zoomRows(1.5, heightPx / 2); else { rowScrollPx -= heightPx * 0.1; clampRows(); invalidate(true); } break;
      case 'ArrowDown': if (e.shiftKey) zoomRows(1 / 1.5, heightPx / 2); else { rowScrollPx += heightPx * 0.1; clampRows(); invalidate(true); } break;
      case '0': case 'Home': view.resetZoom(); break;
      default: handled = false;
    }
    if (handled) { e.preventDefault(); hideTooltip(); }
  };
  plot.addEventListener('keydown', onKey);

  // Buttons.
  q<HTMLButtonElement>('.tl-zoom-in').addEventListener('click', () => zoomTimeBy(2));
  q<HTMLButtonElement>('.tl-zoom-out').addEventListener('click', () => zoomTimeBy(0.5));
  q<HTMLButtonElement>('.tl-reset').addEventListener('click', () => view.resetZoom());
  perGpuBox.addEventListener('change', () => view.setPerGpu(perGpuBox.checked));

  // Scrubbing on the axis moves the cursor here at once and tells the listeners.
  axis.onScrub((t) => {
    view.setCursor(t);
    for (const cb of scrubbers) cb(t);
  });

  // Hover.
  const hideTooltip = (): void => {
    if (hover) { hover = null; overlayDirty = true; schedule(); }
    tooltip.hidden = true;
  };
  const onPointerMove = (e: PointerEvent): void => {
    if (!data || !ix || !geo || e.buttons) { if (e.buttons) hideTooltip(); return; }
    const r = plot.getBoundingClientRect();
    const px = e.clientX - r.left, py = e.clientY - r.top;
    const rowC = geo.rowTop + py / geo.rowHeightPx;
    const row = Math.floor(rowC);
    if (row < 0 || row >= rowCount()) { hideTooltip(); return; }
    const lane = Math.min(data.rows.gpus[row] - 1, Math.floor((rowC - row) * data.rows.gpus[row]));
    if (px < GUTTER_PX) {
      showTooltip(e, data.rows.ids[row], [`${data.rows.gpus[row]} GPUs`, ...outagesAt(data, row, cursorS).map((k) => `down at the cursor: ${describeOutage(data!, k)}`)], null);
      hover = { pos: -1, row, clientX: e.clientX, clientY: e.clientY };
      overlayDirty = true; schedule();
      return;
    }
    const x = geo.x;
    const timeS = x.invert(px);
    const tolS = 4 / ((widthPx - GUTTER_PX) / (geo.t1S - geo.t0S));
    const pos = findSpanAt(ix, row, lane, timeS, tolS);
    const downs = outagesAt(data, row, timeS, tolS / 2).map((k) => `down: ${describeOutage(data!, k)}`);
    if (pos < 0 && downs.length === 0) { hideTooltip(); return; }
    if (pos >= 0) {
      const i = ix.source[pos];
      const d = describeSpan(data, i);
      let others = 0;
      forEachVisible(ix, row, timeS, timeS, (p) => { if (p !== pos) others++; });
      const lines = [...d.lines, ...(others > 0 ? [`${others} other span${others > 1 ? 's' : ''} on this node now`] : []), ...downs];
      showTooltip(e, d.title, lines, colors[data.spans.workload[i]] ?? null);
    } else {
      showTooltip(e, `${data.rows.ids[row]} · GPU ${lane}`, [formatClock(timeS), ...downs], failureColor);
    }
    hover = { pos, row, clientX: e.clientX, clientY: e.clientY };
    overlayDirty = true; schedule();
  };
  const showTooltip = (e: PointerEvent, title: string, lines: readonly string[], swatch: string | null): void => {
    tooltip.replaceChildren();
    const h = document.createElement('div');
    h.className = 'tl-tip-title';
    if (swatch) { const s = document.createElement('span'); s.className = 'tl-swatch'; s.style.background = swatch; h.append(s); }
    h.append(title);
    tooltip.append(h);
    for (const l of lines) { const p = document.createElement('div'); p.textContent = l; if (/^down/.test(l)) p.className = 'tl-tip-down'; tooltip.append(p); }
    tooltip.hidden = false;
    const sr = stage.getBoundingClientRect();
    const tw = tooltip.offsetWidth, th = tooltip.offsetHeight;
    let left = e.clientX - sr.left + 14, top = e.clientY - sr.top + 16;
    if (left + tw > sr.width - 4) left = Math.max(4, e.clientX - sr.left - tw - 14);
    if (top + th > sr.height - 4) top = Math.max(4, e.clientY - sr.top - th - 12);
    tooltip.style.left = `${left}px`;
    tooltip.style.top = `${top}px`;
  };
  plot.addEventListener('pointermove', onPointerMove);
  plot.addEventListener('pointerleave', hideTooltip);

  // Sizing.
  const measure = (): boolean => {
    const w = Math.max(0, Math.floor(plot.clientWidth)), h = Math.max(0, Math.floor(plot.clientHeight));
    const d = Math.min(2, Math.max(1, window.devicePixelRatio || 1));
    const changed = w !== widthPx || h !== heightPx || d !== dpr;
    if (!changed) return false;
    const oldPlotW = widthPx - GUTTER_PX;
    widthPx = w; heightPx = h; dpr = d;
    for (const c of [baseCanvas, overlayCanvas]) {
      c.width = Math.max(1, Math.round(w * d)); c.height = Math.max(1, Math.round(h * d));
      c.style.width = `${w}px`; c.style.height = `${h}px`;
    }
    image = null; last = null;
    updateZoomExtent();
    // Keep the time window across a resize: the transform is in pixels.
    if (oldPlotW > 0 && transform.k !== 1) {
      const [a, b] = transform.rescaleX(scaleLinear().domain(baseScale().domain()).range([GUTTER_PX, GUTTER_PX + oldPlotW])).domain();
      fitTime(a, b);
    }
    clampRows();
    return true;
  };
  const resizeObs = typeof ResizeObserver === 'function' ? new ResizeObserver(() => { if (measure()) invalidate(true); }) : null;
  resizeObs?.observe(plot);

  const fitTime = (startS: number, endS: number): void => {
    if (!data) return;
    const total = Math.max(1e-9, data.endS);
    const a = Math.max(0, Math.min(startS, endS)), b = Math.min(total, Math.max(startS, endS));
    const k = Math.max(1, total / Math.max(1e-9, b - a));
    const x0 = baseScale();
    setTransform(zoomIdentity.translate(GUTTER_PX - k * x0(a), transform.y).scale(k));
  };

  // Frames.
  function geometry(): FrameGeometry | null {
    if (!data || !ix) return null;
    clampRows();
    const x = currentX();
    const [t0S, t1S] = x.domain();
    const rowHeightPx = rowHeight();
    const rowTop = rowScrollPx / rowHeightPx;
    return {
      widthPx, heightPx, plotLeftPx: GUTTER_PX, x, t0S, t1S, rowTop, rowHeightPx,
      rowFirst: Math.max(0, Math.floor(rowTop)), rowEnd: Math.min(rowCount(), Math.ceil(rowTop + heightPx / rowHeightPx)),
    };
  }

  function drawBase(g: FrameGeometry): Pick<TimelineFrame, 'mode' | 'spans' | 'coarse' | 'reused'> {
    const ctx = baseCtx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, baseCanvas.width, baseCanvas.height);
    const candidates = countCandidates(ix!, g.rowFirst, g.rowEnd, g.t0S, g.t1S);
    const spansMode = candidates <= SPAN_DRAW_LIMIT && g.rowHeightPx >= 2;
    let spans = 0;
    let coarse = false, reused = false;
    if (!spansMode) {
      const gx = Math.round(GUTTER_PX * dpr);
      const plotWDev = baseCanvas.width - gx, plotHDev = baseCanvas.height;
      const t0S = g.x.invert(gx / dpr), t1S = g.x.invert(baseCanvas.width / dpr);
      const rowBottom = g.rowTop + heightPx / g.rowHeightPx;
      ctx.imageSmoothingEnabled = false;
      if (interacting && last) {
        // Mid-gesture, the last raster stretched over the new view, while it covers the view
        // and is magnified at most 4×; the exact raster follows when the gesture rests.
        const eps = (t1S - t0S) * 1e-9;
        const covers = last.t0S <= t0S + eps && last.t1S >= t1S - eps && last.rowTop <= g.rowTop + 1e-9 && last.rowBottom >= Math.min(rowCount(), rowBottom) - 1e-9;
        const magX = (last.t1S - last.t0S) / (t1S - t0S), magY = (last.rowBottom - last.rowTop) / (rowBottom - g.rowTop);
        if (covers && magX <= 4 && magY <= 4) {
          const pxPerS = plotWDev / (t1S - t0S), pxPerRow = plotHDev / (rowBottom - g.rowTop);
          ctx.save();
          ctx.beginPath(); ctx.rect(gx, 0, plotWDev, plotHDev); ctx.clip();
          ctx.drawImage(rasterCanvas, 0, 0, last.widthPx, last.heightPx, gx + (last.t0S - t0S) * pxPerS, (last.rowTop - g.rowTop) * pxPerRow, (last.t1S - last.t0S) * pxPerS, (last.rowBottom - last.rowTop) * pxPerRow);
          ctx.restore();
          reused = true;
        }
      }
      if (!reused) {
        coarse = interacting && lastFullRasterMs > COARSE_AFTER_MS;
        const cell = coarse ? 2 : 1;
        const pw = Math.max(1, Math.ceil(plotWDev / cell)), ph = Math.max(1, Math.ceil(plotHDev / cell));
        if (!image || image.width !== pw || image.height !== ph) {
          image = ctx.createImageData(pw, ph);
          pixels = new Uint32Array(image.data.buffer);
        } else pixels!.fill(0);
        if (!scratch || scratch.buf.cols !== pw) scratch = rasterScratch(pw, data!.workloads.length);
        const r0 = performance.now();
        const rasterT1S = g.x.invert((gx + pw * cell) / dpr);
        const stats = rasterAggregate({
          ix: ix!, gpus: data!.rows.gpus, t0S, t1S: rasterT1S, widthPx: pw, heightPx: ph,
          rowTop: g.rowTop, rowHeightPx: (g.rowHeightPx * dpr) / cell, ramp, pixels: pixels!,
        }, scratch);
        if (rasterCanvas.width < pw || rasterCanvas.height < ph) { rasterCanvas.width = Math.max(rasterCanvas.width, pw); rasterCanvas.height = Math.max(rasterCanvas.height, ph); }
        rasterCtx.putImageData(image, 0, 0);
        ctx.drawImage(rasterCanvas, 0, 0, pw, ph, gx, 0, pw * cell, ph * cell);
        if (!coarse) lastFullRasterMs = performance.now() - r0;
        last = { t0S, t1S: rasterT1S, rowTop: g.rowTop, rowBottom: g.rowTop + (ph * cell) / dpr / g.rowHeightPx, widthPx: pw, heightPx: ph };
        spans = stats.visited;
      }
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.save();
    ctx.beginPath(); ctx.rect(GUTTER_PX, 0, widthPx - GUTTER_PX, heightPx); ctx.clip();
    if (spansMode) spans = drawSpans(ctx, g, ix!, data!.rows.gpus, colors, theme);
    drawSeparators(ctx, g, groups!, theme);
    drawOutages(ctx, g, data!, laneOf, theme);
    ctx.restore();
    drawGutter(ctx, g, groups!, data!.rows.gpus, theme);
    el.dataset.mode = spansMode ? 'spans' : 'aggregate';
    return { mode: spansMode ? 'spans' : 'aggregate', spans, coarse, reused };
  }

  /** The words a screen reader gets for the canvas: what the run holds and what is down at the cursor. */
  function describe(): void {
    if (!data) { summary.textContent = 'No timeline.'; return; }
    const o = data.outages;
    let downRows = 0;
    if (Number.isFinite(cursorS)) {
      const down = new Uint8Array(rowCount());
      for (let k = 0; k < o.count; k++) if (o.startS[k] <= cursorS && cursorS < o.endS[k]) for (let r = o.rowFirst[k]; r < o.rowEnd[k]; r++) down[r] = 1;
      for (const d of down) downRows += d;
    }
    summary.textContent = `${rowCount()} nodes, ${data.spans.count} spans of work, ${o.count} outages over ${formatClock(data.endS)}.`
      + (Number.isFinite(cursorS) ? ` At the cursor, ${formatClock(cursorS)}: ${downRows} node${downRows === 1 ? '' : 's'} down.` : '');
  }

  function drawOverlay(g: FrameGeometry | null): void {
    const ctx = overCtx;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.clearRect(0, 0, overlayCanvas.width, overlayCanvas.height);
    axis.setCursor(data ? cursorS : NaN);
    if (!g || !data) return;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const cx = g.x(cursorS);
    const cursorIn = Number.isFinite(cursorS) && cx >= GUTTER_PX - 0.5 && cx <= widthPx + 0.5;
    // Rows down at the cursor: the gutter tinted, the cursor red over them.
    if (Number.isFinite(cursorS)) {
      const o = data.outages;
      const tint = new Path2D(), bar = new Path2D();
      for (let k = 0; k < o.count; k++) {
        if (o.rowEnd[k] <= o.rowFirst[k] || !(o.startS[k] <= cursorS && cursorS < o.endS[k])) continue;
        if (o.rowEnd[k] <= g.rowFirst || o.rowFirst[k] >= g.rowEnd) continue;
        const y0 = Math.max(0, rowY(g, o.rowFirst[k])), y1 = Math.min(heightPx, rowY(g, o.rowEnd[k]));
        const h = Math.max(1, y1 - y0);
        tint.rect(0, y0, GUTTER_PX - 1, h);
        if (cursorIn) bar.rect(cx - 2.5, y0, 5, h);
      }
      ctx.fillStyle = 'rgba(214, 39, 40, 0.2)'; ctx.fill(tint);
      ctx.fillStyle = failureColor; ctx.fill(bar);
    }
    if (cursorIn) {
      ctx.strokeStyle = theme.ink; ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.moveTo(cx, 0); ctx.lineTo(cx, heightPx); ctx.stroke();
    }
    if (hover && ix) {
      ctx.strokeStyle = theme.ink; ctx.lineWidth = 1.5;
      if (hover.pos >= 0) {
        const b = spanRect(g, hover.pos);
        if (b) ctx.strokeRect(b.x - 0.75, b.y - 0.75, b.width + 1.5, b.height + 1.5);
      }
      if (hover.pos < 0 || g.rowHeightPx < 4) {
        const y0 = rowY(g, hover.row);
        ctx.strokeStyle = 'rgba(29, 35, 48, 0.45)'; ctx.lineWidth = 1;
        ctx.strokeRect(0.5, Math.round(y0) - 0.5, widthPx - 1, Math.max(1, Math.round(g.rowHeightPx)) + 1);
      }
    }
  }

  /** The drawn rectangle of the span at position `p` (CSS px within the plot), clipped to the plot. */
  function spanRect(g: FrameGeometry, p: number): { x: number; y: number; width: number; height: number } | null {
    if (!ix || !data) return null;
    const row = data.spans.row[ix.source[p]];
    if (row < g.rowFirst || row >= g.rowEnd) return null;
    const x0 = Math.max(GUTTER_PX, g.x(ix.startS[p])), x1 = Math.min(widthPx, g.x(ix.endS[p]));
    if (x1 < x0) return null;
    const laneH = g.rowHeightPx / Math.max(1, data.rows.gpus[row]);
    const y = rowY(g, row) + ix.gpuFirst[p] * laneH;
    return { x: x0, y, width: Math.max(1, x1 - x0), height: Math.max(0.75, ix.gpuCount[p] * laneH) };
  }

  function drawFrame(base: boolean): number {
    const t0 = performance.now();
    measure();
    geo = geometry();
    el.classList.toggle('tl-has-data', !!geo);
    let figures: Pick<TimelineFrame, 'mode' | 'spans' | 'coarse' | 'reused'> = { mode: 'empty', spans: 0, coarse: false, reused: false };
    if (base || baseDirty) {
      if (geo) {
        figures = drawBase(geo);
        axis.render(geo.x, widthPx, GUTTER_PX);
      } else {
        baseCtx.setTransform(1, 0, 0, 1, 0, 0);
        baseCtx.clearRect(0, 0, baseCanvas.width, baseCanvas.height);
        axis.clear();
        el.dataset.mode = 'empty';
      }
    } else figures = { mode: frame.mode, spans: frame.spans, coarse: frame.coarse, reused: frame.reused };
    drawOverlay(geo);
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

  const renderLegend = (): void => {
    legend.replaceChildren();
    if (!data) return;
    const shown = data.workloads.slice(0, 12);
    shown.forEach((name, i) => {
      const item = document.createElement('span');
      item.className = 'tl-key';
      const s = document.createElement('span');
      s.className = 'tl-swatch'; s.style.background = colors[i];
      item.append(s, name);
      item.title = `${name}${data!.workloadKinds[i] ? ` (${data!.workloadKinds[i]})` : ''}`;
      legend.append(item);
    });
    if (data.workloads.length > shown.length) legend.append(`+${data.workloads.length - shown.length} more`);
    const marks = document.createElement('span');
    marks.className = 'tl-marks';
    marks.innerHTML = `
      <span class="tl-key"><span class="tl-glyph tl-glyph-interrupted"></span>interrupted</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-preempted"></span>preempted</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-moved"></span>moved</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-failure"></span>failure</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-repair"></span>repair</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-outage"></span>down</span>
      <span class="tl-key"><span class="tl-glyph tl-glyph-planned"></span>maintenance</span>`;
    legend.append(marks);
  };

  let destroyed = false, describeTimer = 0;
  const view: TimelineView = {
    setData(t, workloadColor) {
      // Another run of the same cluster (same rows) keeps the view, so runs compare in place.
      const prev = data && geo ? { rows: rowCount(), t0S: geo.t0S, t1S: geo.t1S, rowK, rowScrollPx, zoomed: transform.k > 1 } : null;
      data = t && t.rows.ids.length > 0 ? t : null;
      hideTooltip();
      image = null; scratch = null; last = null;
      if (data) {
        ix = indexCache.get(data) ?? buildSpanIndex(data.spans, data.rows.ids.length);
        indexCache.set(data, ix);
        groups = rowGroups(data.rows);
        laneOf = outageLanes(data);
        colors = data.workloads.map((_, i) => workloadColor(i));
        if (colors.length === 0) colors = [workloadColor(0)];
        ramp = colorRamp(colors.length, (w) => {
          const c = parseColor(colors[w])?.rgb();
          return c ? [Math.round(c.r), Math.round(c.g), Math.round(c.b)] : [122, 131, 150];
        });
        maxGpus = 1;
        for (const g of data.rows.gpus) if (g > maxGpus) maxGpus = g;
      } else {
        ix = null; groups = null; colors = []; laneOf = new Int16Array(0);
      }
      const keep = !!data && !!prev && prev.rows === rowCount();
      rowK = keep ? prev!.rowK : 1;
      rowScrollPx = keep ? prev!.rowScrollPx : 0;
      measure();
      updateZoomExtent();
      setTransform(zoomIdentity);
      transform = zoomIdentity; lastZoomY = 0;
      if (keep && prev!.zoomed) fitTime(prev!.t0S, prev!.t1S);
      clampRows();
      syncPerGpu();
      // Outages over no row (WAN links) go on the axis.
      const wan: { startS: number; endS: number; title: string }[] = [];
      if (data) for (let k = 0; k < data.outages.count; k++) {
        if (data.outages.rowEnd[k] <= data.outages.rowFirst[k]) wan.push({ startS: data.outages.startS[k], endS: data.outages.endS[k], title: describeOutage(data, k) });
      }
      axis.setBands(wan);
      renderLegend();
      describe();
      invalidate(true);
    },
    setCursor(timeS) {
      if (timeS === cursorS) return;
      cursorS = timeS;
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
      plotSel.on('.zoom', null);
      plot.removeEventListener('wheel', onWheel);
      plot.removeEventListener('keydown', onKey);
      axis.destroy();
      el.remove();
    },
    zoomTo(startS, endS, rowFirst, rowEnd) {
      if (!data) return;
      measure();
      if (rowFirst !== undefined && rowEnd !== undefined && rowEnd > rowFirst) {
        rowK = rowCount() / (rowEnd - rowFirst);
        clampRows();
        rowScrollPx = rowFirst * rowHeight();
        clampRows();
        syncPerGpu();
      }
      fitTime(startS, endS);
      invalidate(true);
    },
    resetZoom() {
      rowK = 1; rowScrollPx = 0; perGpuBox.checked = false;
      setTransform(zoomIdentity);
      invalidate(true);
    },
    setPerGpu(on) {
      perGpuBox.checked = on;
      if (!data) return;
      measure();
      const want = on ? (LANE_PX * maxGpus) / rowHeight() : 1 / rowK;
      if (Math.abs(want - 1) > 1e-9 && (!on || want > 1)) zoomRows(want, heightPx / 2);
      perGpuBox.checked = on;
    },
    onFrame(cb) { frameListeners.push(cb); },
    get frame() { return frame; },
    spanBox(i) {
      if (!ix || !data || !geo) return null;
      let p = -1;
      for (let k = ix.rowStart[data.spans.row[i]]; k < ix.rowStart[data.spans.row[i] + 1]; k++) if (ix.source[k] === i) { p = k; break; }
      if (p < 0) return null;
      const b = spanRect(geo, p);
      if (!b || b.y + b.height < 0 || b.y > heightPx) return null;
      const r = plot.getBoundingClientRect();
      return { x: r.left + b.x, y: r.top + b.y, width: b.width, height: b.height };
    },
  };
  return view;
}
