/**
 * C, S, T and R over time as four small multiples stacked on one time axis: a step line per
 * run in its colour (and dash pattern, so runs stay apart without colour), the same y-scale
 * for a figure across runs (C, S, R on [0, 1]; T from 0 in a readable unit), a legend, a
 * hover readout of every run's values at the hovered time, and the replay cursor as a
 * vertical line across all four. Clicking or dragging on the charts scrubs the replay
 * (see {@link MetricCharts.onScrub}); with the keyboard, ←/→ move the readout by a window
 * (Shift: ten), Home/End jump, Enter moves the replay cursor there, Esc hides the readout.
 */
import './charts.css';
import { scaleLinear, select } from 'd3';
import { M, PANEL, panelTop, plotsBottom } from './chartLayout.ts';
import { emptyChartState } from './ChartState.ts';
import { chartTheme } from './chartTheme.ts';
import { createChartToolbar } from './createChartToolbar.ts';
import { drawChartLegend } from './drawChartLegend.ts';
import { drawChartCursor } from './drawChartCursor.ts';
import { drawChartHover } from './drawChartHover.ts';
import { drawChartTimeAxis } from './drawChartTimeAxis.ts';
import { drawFigurePanel } from './drawFigurePanel.ts';
import { standaloneSvg, svgToPng } from './exportImage.ts';
import { timeUnitFor } from './formatFigure.ts';
import type { MetricCharts, MetricChartsOptions } from './MetricCharts.ts';
import { readoutText } from './readoutText.ts';
import { SERIES_FIGURES, maxValue, windowAt } from './seriesSteps.ts';

export type { ChartRun, MetricCharts, MetricChartsOptions } from './MetricCharts.ts';

/** Creates the charts in `root`; they follow its width. */
export function createMetricCharts(root: HTMLElement, options: MetricChartsOptions = {}): MetricCharts {
  const box = document.createElement('div');
  box.className = 'mc';
  root.append(box);
  const fileName = options.fileName ?? 'dcsim-metrics';
  const scrubbers: ((timeS: number) => void)[] = [];
  if (options.toolbar !== false) createChartToolbar(box, { toSvg: () => api.toSvg(), toPng: (scale) => api.toPng(scale) }, fileName);

  const plot = document.createElement('div');
  plot.className = 'mc-plot';
  plot.tabIndex = 0;
  plot.setAttribute('role', 'group');
  plot.setAttribute('aria-roledescription', 'chart');
  plot.setAttribute('aria-label', 'C, S, T and R over time, one line per run. Arrow keys read the values at a time; Enter moves the replay cursor there.');
  box.append(plot);
  const svg = select(plot).append('svg').attr('class', 'mc-svg');
  const tip = document.createElement('div');
  tip.className = 'mc-tip';
  tip.hidden = true;
  tip.setAttribute('aria-hidden', 'true');
  plot.append(tip);
  const live = document.createElement('div');
  live.className = 'sr-only';
  live.setAttribute('aria-live', 'polite');
  box.append(live);

  // Runs, cursor and hover; scales and marks of the current render (rebuilt by render()).
  const c = emptyChartState(box);
  const drawCursor = () => drawChartCursor(svg, c);
  const drawHover = () => drawChartHover(svg, tip, c);

  function render(): void {
    c.theme = chartTheme(box);
    const th = c.theme;
    const width = c.width = Math.max(420, Math.floor(plot.clientWidth || root.clientWidth || 800));
    c.height = M.legend + SERIES_FIGURES.length * PANEL + M.axis;
    svg.selectAll('*').remove();
    svg.attr('width', width).attr('height', c.height).attr('viewBox', `0 0 ${width} ${c.height}`)
      .attr('font-family', th.font).attr('font-size', 12).attr('fill', th.ink);
    svg.append('rect').attr('width', width).attr('height', c.height).attr('fill', th.panel);
    if (c.runs.length === 0) {
      plot.classList.add('mc-empty');
      svg.attr('height', 80).attr('viewBox', `0 0 ${width} 80`);
      c.height = 80;
      svg.select('rect').attr('height', 80);
      svg.append('text').attr('x', width / 2).attr('y', 44).attr('text-anchor', 'middle').attr('fill', th.ink3)
        .text('No runs yet: run the scenario to see C, S, T and R over time.');
      tip.hidden = true;
      return;
    }
    plot.classList.remove('mc-empty');
    c.maxEndS = Math.max(...c.runs.map((r) => r.endS), 1);
    c.unitX = timeUnitFor(c.maxEndS);
    c.x = scaleLinear().domain([0, c.maxEndS]).range([M.left, width - M.right]);
    drawChartLegend(svg, c);
    const maxT = Math.max(0, ...c.runs.map((r) => maxValue(r.series, 'T', r.endS)));
    const unitT = timeUnitFor(maxT);
    SERIES_FIGURES.forEach((fig, k) => { c.ys.set(fig, drawFigurePanel(svg, c, fig, k, maxT, unitT)); });
    drawChartTimeAxis(svg, c);
    // Replay cursor, then the live-only hover marks and the pointer overlay.
    svg.append('g').attr('class', 'mc-cursor').attr('data-testid', 'chart-cursor');
    svg.append('g').attr('class', 'mc-hover mc-live');
    svg.append('rect').attr('class', 'mc-overlay mc-live')
      .attr('x', M.left).attr('y', panelTop(0)).attr('width', Math.max(0, width - M.left - M.right))
      .attr('height', plotsBottom() - panelTop(0)).attr('fill', 'transparent').style('cursor', 'crosshair');
    bindPointer();
    drawCursor();
    drawHover();
  }

  function timeAtPointer(ev: PointerEvent): number {
    const r = (svg.node() as SVGSVGElement).getBoundingClientRect();
    const px = (ev.clientX - r.left) * (c.width / (r.width || c.width));
    return Math.max(0, Math.min(c.maxEndS, c.x.invert(px)));
  }

  function scrub(t: number): void {
    for (const cb of scrubbers) cb(t);
  }

  function bindPointer(): void {
    const overlay = svg.select<SVGRectElement>('.mc-overlay');
    let dragging = false;
    overlay.on('pointermove', (ev: PointerEvent) => {
      c.hoverS = timeAtPointer(ev);
      drawHover();
      if (dragging) scrub(c.hoverS);
    }).on('pointerleave', () => {
      if (dragging) return;
      c.hoverS = null;
      drawHover();
    }).on('pointerdown', (ev: PointerEvent) => {
      dragging = true;
      (ev.currentTarget as Element).setPointerCapture?.(ev.pointerId);
      const t = timeAtPointer(ev);
      scrub(t);
    }).on('pointerup pointercancel', (ev: PointerEvent) => {
      dragging = false;
      (ev.currentTarget as Element).releasePointerCapture?.(ev.pointerId);
    });
  }

  /** ←/→ move the readout by a window (Shift: ten), Home/End jump, Enter or Space scrub there, Esc hides it. */
  function onKey(ev: KeyboardEvent): void {
    const { runs, maxEndS } = c;
    if (ev.target !== plot || runs.length === 0) return;
    const base = c.hoverS ?? c.cursorS ?? 0;
    let t: number | null = null;
    const step = (runs[0]?.series.widthS || maxEndS / 100) * (ev.shiftKey ? 10 : 1);
    switch (ev.key) {
      case 'ArrowRight': t = base + step; break;
      case 'ArrowLeft': t = base - step; break;
      case 'Home': t = 0; break;
      case 'End': t = maxEndS; break;
      case 'Enter': case ' ': scrub(base); ev.preventDefault(); return;
      case 'Escape': c.hoverS = null; drawHover(); return;
      default: return;
    }
    ev.preventDefault();
    // Snap to the middle of the window the time falls in (of the first run), within the runs.
    t = Math.max(0, Math.min(maxEndS, t));
    const i = windowAt(runs[0].series, t, runs[0].endS);
    if (i >= 0 && ev.key.startsWith('Arrow')) t = Math.min(maxEndS, runs[0].series.timeS[i] + runs[0].series.widthS / 2);
    c.hoverS = t;
    drawHover();
    live.textContent = readoutText(c, t);
  }
  plot.addEventListener('keydown', onKey);
  plot.addEventListener('focus', () => {
    if (c.runs.length && c.hoverS === null && c.cursorS !== null) { c.hoverS = c.cursorS; drawHover(); }
  });
  plot.addEventListener('blur', () => { c.hoverS = null; drawHover(); });

  let lastWidth = -1;
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => {
    const w = Math.floor(plot.clientWidth);
    if (w > 0 && w !== lastWidth) { lastWidth = w; render(); }
  }) : null;
  ro?.observe(plot);

  const api: MetricCharts = {
    setRuns(next) {
      c.runs = next.slice();
      if (c.hoverS !== null && c.runs.length === 0) c.hoverS = null;
      render();
    },
    setCursor(timeS) {
      c.cursorS = timeS === null || !Number.isFinite(timeS) ? null : timeS;
      drawCursor();
    },
    onScrub(cb) { scrubbers.push(cb); },
    toSvg: () => standaloneSvg(svg.node() as SVGSVGElement, c.width, c.height),
    toPng: (scale = 2) => svgToPng(api.toSvg(), c.width, c.height, scale),
    destroy() {
      ro?.disconnect();
      box.remove();
      scrubbers.length = 0;
    },
  };
  render();
  return api;
}
