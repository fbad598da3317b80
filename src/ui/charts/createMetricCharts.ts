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
import { axisBottom, axisLeft, line as d3line, scaleLinear, select, ticks as d3ticks, type ScaleLinear } from 'd3';
import type { MetricSeries } from '../../sim/metrics/metricSeries.ts';
import { downloadBlob, standaloneSvg, svgToPng } from './exportImage.ts';
import { FIGURE_DEFINITIONS } from './figureDefinitions.ts';
import { formatFigure, formatInUnit, formatWholeDurationS, timeUnitFor, type TimeUnit } from './formatFigure.ts';
import { SERIES_FIGURES, maxValue, stepPoints, valueAt, windowAt, type SeriesFigure } from './seriesSteps.ts';
import { showAllDefinitions, showDefinition } from './showDefinition.ts';

/** A run as the charts show it. */
export interface ChartRun {
  readonly name: string;
  /** Its colour (from palette.ts `runColors`). */
  readonly color: string;
  readonly series: MetricSeries;
  /** When the run ended (seconds): its line stops there. */
  readonly endS: number;
}

export interface MetricCharts {
  /** Shows these runs (none shows a placeholder). Keeps the cursor. */
  setRuns(runs: readonly ChartRun[]): void;
  /** Puts the replay cursor at `timeS` (seconds), or hides it (null). */
  setCursor(timeS: number | null): void;
  /** Calls `cb` with the time (seconds) the user picked on the charts (click, drag, or Enter). */
  onScrub(cb: (timeS: number) => void): void;
  /** The charts as a standalone SVG document (inline styles, renders alone), without the hover marks. */
  toSvg(): string;
  /** The charts as a PNG (`scale` device pixels per CSS pixel, default 2). */
  toPng(scale?: number): Promise<Blob>;
  destroy(): void;
}

/** Options of {@link createMetricCharts}. */
export interface MetricChartsOptions {
  /** Show the title bar with "Definitions", "SVG" and "PNG" buttons (default true). */
  readonly toolbar?: boolean;
  /** File name (without extension) of the downloads (default `dcsim-metrics`). */
  readonly fileName?: string;
}

/** Dash patterns of runs 1, 2, 3, 4… (a second cue beside colour). */
const DASHES = ['', '7 4', '2 3', '10 3 2 3'];
const FIG_KIND = { C: 'fraction', S: 'fraction', T: 'durationS', R: 'fraction' } as const;

/** Layout in CSS pixels. */
const M = { left: 58, right: 18, legend: 30, title: 26, plot: 84, gap: 10, axis: 40 };
const PANEL = M.title + M.plot + M.gap;

interface Theme { ink: string; ink2: string; ink3: string; line: string; panel: string; font: string; accent: string }

function theme(el: Element): Theme {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    ink: v('--ink', '#1d2330'), ink2: v('--ink-2', '#4a5366'), ink3: v('--ink-3', '#7a8396'), line: v('--line', '#dde1e8'),
    panel: v('--panel', '#ffffff'), accent: v('--accent', '#1f5fbf'),
    font: v('--font', 'system-ui, sans-serif').replace(/"/g, "'"),
  };
}

/** Creates the charts in `root`; they follow its width. */
export function createMetricCharts(root: HTMLElement, options: MetricChartsOptions = {}): MetricCharts {
  const box = document.createElement('div');
  box.className = 'mc';
  root.append(box);
  const fileName = options.fileName ?? 'dcsim-metrics';

  let runs: readonly ChartRun[] = [];
  let cursorS: number | null = null;
  let hoverS: number | null = null;
  const scrubbers: ((timeS: number) => void)[] = [];
  let width = 0, height = 0;

  if (options.toolbar !== false) {
    const bar = document.createElement('div');
    bar.className = 'mc-bar';
    const h = document.createElement('h2');
    h.className = 'mc-heading';
    h.textContent = 'C, S, T and R over time';
    const defs = button('Definitions', 'All figure definitions', () => showAllDefinitions(defs));
    const svgB = button('SVG', 'Download the charts as SVG', () => downloadBlob(new Blob([api.toSvg()], { type: 'image/svg+xml' }), `${fileName}.svg`));
    const pngB = button('PNG', 'Download the charts as PNG', () => { void api.toPng().then((b) => downloadBlob(b, `${fileName}.png`)); });
    const tools = document.createElement('div');
    tools.className = 'mc-tools';
    tools.append(defs, svgB, pngB);
    bar.append(h, tools);
    box.append(bar);
  }

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

  // Scales and marks of the current render (rebuilt by render()).
  let x: ScaleLinear<number, number> = scaleLinear();
  const ys = new Map<SeriesFigure, ScaleLinear<number, number>>();
  let unitX: TimeUnit = timeUnitFor(0);
  let maxEndS = 0;
  let th: Theme = theme(box);

  function button(text: string, title: string, onClick: () => void): HTMLButtonElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.textContent = text;
    b.title = title;
    b.addEventListener('click', onClick);
    return b;
  }

  const panelTop = (k: number) => M.legend + k * PANEL + M.title;

  function render(): void {
    th = theme(box);
    width = Math.max(420, Math.floor(plot.clientWidth || root.clientWidth || 800));
    height = M.legend + SERIES_FIGURES.length * PANEL + M.axis;
    svg.selectAll('*').remove();
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`)
      .attr('font-family', th.font).attr('font-size', 12).attr('fill', th.ink);
    svg.append('rect').attr('width', width).attr('height', height).attr('fill', th.panel);
    if (runs.length === 0) {
      plot.classList.add('mc-empty');
      svg.attr('height', 80).attr('viewBox', `0 0 ${width} 80`);
      height = 80;
      svg.select('rect').attr('height', 80);
      svg.append('text').attr('x', width / 2).attr('y', 44).attr('text-anchor', 'middle').attr('fill', th.ink3)
        .text('No runs yet: run the scenario to see C, S, T and R over time.');
      tip.hidden = true;
      return;
    }
    plot.classList.remove('mc-empty');
    maxEndS = Math.max(...runs.map((r) => r.endS), 1);
    unitX = timeUnitFor(maxEndS);
    x = scaleLinear().domain([0, maxEndS]).range([M.left, width - M.right]);

    drawLegend();

    const maxT = Math.max(0, ...runs.map((r) => maxValue(r.series, 'T', r.endS)));
    const unitT = timeUnitFor(maxT);
    SERIES_FIGURES.forEach((fig, k) => {
      const top = panelTop(k);
      const y = scaleLinear().range([top + M.plot, top]);
      if (fig === 'T') {
        const hi = maxT > 0 ? maxT / unitT.seconds : 1;
        const niceHi = scaleLinear().domain([0, hi]).nice(4).domain()[1];
        y.domain([0, niceHi * unitT.seconds]);
      } else y.domain([0, 1]);
      ys.set(fig, y);
      const g = svg.append('g').attr('class', `mc-panel mc-panel-${fig}`).attr('data-figure', fig);
      // Title: the figure's symbol and name (a button: opens its definition).
      const def = FIGURE_DEFINITIONS[fig];
      const title = g.append('g').attr('class', 'mc-title').attr('role', 'button').attr('tabindex', 0)
        .attr('aria-label', `Definition of ${fig}, ${def.title}`).attr('data-def', fig).style('cursor', 'pointer');
      const tt = title.append('text').attr('x', M.left).attr('y', top - 7).attr('fill', th.ink);
      tt.append('tspan').attr('font-weight', 700).attr('font-size', 13).text(fig);
      tt.append('tspan').attr('dx', 6).attr('fill', th.ink2).text(fig === 'T' ? `${def.title} (${unitT.symbol})` : def.title);
      const openDef = (ev: Event) => { ev.stopPropagation(); showDefinition(fig, title.node() as unknown as HTMLElement); };
      title.on('click', openDef).on('keydown', (ev: KeyboardEvent) => { if (ev.key === 'Enter' || ev.key === ' ') { ev.preventDefault(); openDef(ev); } });
      // Grid and axis.
      const yTicks = fig === 'T' ? scaleLinear().domain(y.domain().map((v) => v / unitT.seconds)).ticks(3).map((v) => v * unitT.seconds) : [0, 0.5, 1];
      g.append('g').attr('class', 'mc-grid').selectAll('line').data(yTicks).join('line')
        .attr('x1', M.left).attr('x2', width - M.right).attr('y1', (d) => y(d)).attr('y2', (d) => y(d))
        .attr('stroke', th.line).attr('stroke-width', 1);
      g.append('g').attr('transform', `translate(${M.left},0)`).attr('color', th.ink3)
        .call(axisLeft(y).tickValues(yTicks).tickSize(0).tickPadding(8)
          .tickFormat((d) => (fig === 'T' ? formatInUnit(Number(d), unitT) : Number(d) === 0 || Number(d) === 1 ? String(d) : Number(d).toFixed(1))))
        .call((a) => a.select('.domain').remove())
        .selectAll('text').attr('font-size', 11).attr('font-family', th.font);
      g.append('line').attr('x1', M.left).attr('x2', width - M.right).attr('y1', top + M.plot).attr('y2', top + M.plot)
        .attr('stroke', th.ink3).attr('stroke-width', 1);
      // One step line per run (clipped to the panel: nothing here leaves it, but be safe).
      const path = d3line<readonly [number, number]>().defined((d) => Number.isFinite(d[1])).x((d) => x(d[0])).y((d) => y(Math.max(y.domain()[0], Math.min(y.domain()[1], d[1]))));
      runs.forEach((run, i) => {
        g.append('path').attr('class', 'mc-line').attr('data-run', i)
          .attr('d', path(stepPoints(run.series, fig, run.endS)) ?? '')
          .attr('fill', 'none').attr('stroke', run.color).attr('stroke-width', 1.75)
          .attr('stroke-linejoin', 'round').attr('stroke-dasharray', DASHES[i % DASHES.length] || null);
      });
    });

    // Shared time axis under the last panel.
    const bottom = panelTop(SERIES_FIGURES.length - 1) + M.plot;
    const tickVals = d3ticks(0, maxEndS / unitX.seconds, Math.max(3, Math.floor(width / 110))).map((v) => v * unitX.seconds);
    svg.append('g').attr('transform', `translate(0,${bottom})`).attr('color', th.ink3)
      .call(axisBottom(x).tickValues(tickVals).tickSize(4).tickFormat((d) => formatInUnit(Number(d), unitX)))
      .call((a) => a.select('.domain').remove())
      .selectAll('text').attr('font-size', 11).attr('font-family', th.font).attr('fill', th.ink2);
    svg.append('text').attr('x', (M.left + width - M.right) / 2).attr('y', bottom + 34).attr('text-anchor', 'middle')
      .attr('fill', th.ink2).attr('font-size', 12).text(`time since start (${unitX.symbol})`);

    // Replay cursor, then the live-only hover marks and the pointer overlay.
    svg.append('g').attr('class', 'mc-cursor').attr('data-testid', 'chart-cursor');
    svg.append('g').attr('class', 'mc-hover mc-live');
    svg.append('rect').attr('class', 'mc-overlay mc-live')
      .attr('x', M.left).attr('y', panelTop(0)).attr('width', Math.max(0, width - M.left - M.right))
      .attr('height', bottom - panelTop(0)).attr('fill', 'transparent').style('cursor', 'crosshair');
    bindPointer();
    drawCursor();
    drawHover();
  }

  function drawLegend(): void {
    const g = svg.append('g').attr('class', 'mc-legend').attr('transform', `translate(${M.left},${14})`);
    let at = 0;
    runs.forEach((run, i) => {
      const item = g.append('g').attr('class', 'mc-legend-item').attr('transform', `translate(${at},0)`);
      item.append('line').attr('x1', 0).attr('x2', 24).attr('y1', 0).attr('y2', 0).attr('stroke', run.color)
        .attr('stroke-width', 2.5).attr('stroke-dasharray', DASHES[i % DASHES.length] || null);
      const name = run.name.length > 40 ? `${run.name.slice(0, 39)}…` : run.name;
      const t = item.append('text').attr('x', 30).attr('y', 4).attr('fill', th.ink).attr('font-size', 12).text(name);
      const w = (t.node() as SVGTextElement).getComputedTextLength?.() || name.length * 7;
      at += 30 + w + 22;
    });
    // What a point means: each window's value (the first run's window width).
    const widthS = runs[0].series.widthS;
    if (widthS > 0 && M.left + at < width - M.right - 130) {
      svg.append('text').attr('class', 'mc-windows').attr('x', width - M.right).attr('y', 18).attr('text-anchor', 'end')
        .attr('fill', th.ink3).attr('font-size', 11).text(`windows of ${formatWholeDurationS(widthS)}`);
    }
  }

  function drawCursor(): void {
    const g = svg.select<SVGGElement>('.mc-cursor');
    g.selectAll('*').remove();
    if (cursorS === null || runs.length === 0) { g.attr('data-time', null); return; }
    const t = Math.max(0, Math.min(maxEndS, cursorS));
    const cx = x(t);
    const top = panelTop(0) - 4, bottom = panelTop(SERIES_FIGURES.length - 1) + M.plot;
    g.attr('data-time', String(t));
    g.append('line').attr('x1', cx).attr('x2', cx).attr('y1', top).attr('y2', bottom).attr('stroke', th.ink).attr('stroke-width', 1.5);
    g.append('path').attr('d', `M${cx - 5},${top - 6}L${cx + 5},${top - 6}L${cx},${top}Z`).attr('fill', th.ink);
  }

  function drawHover(): void {
    const g = svg.select<SVGGElement>('.mc-hover');
    g.selectAll('*').remove();
    if (hoverS === null || runs.length === 0) { tip.hidden = true; return; }
    const t = hoverS;
    const hx = x(t);
    const top = panelTop(0), bottom = panelTop(SERIES_FIGURES.length - 1) + M.plot;
    g.append('line').attr('x1', hx).attr('x2', hx).attr('y1', top).attr('y2', bottom)
      .attr('stroke', th.ink3).attr('stroke-width', 1).attr('stroke-dasharray', '3 3');
    for (const fig of SERIES_FIGURES) {
      const y = ys.get(fig)!;
      runs.forEach((run) => {
        const v = valueAt(run.series, fig, t, run.endS);
        if (!Number.isFinite(v)) return;
        const [lo, hi] = y.domain() as [number, number];
        g.append('circle').attr('cx', hx).attr('cy', y(Math.max(lo, Math.min(hi, v)))).attr('r', 3.5)
          .attr('fill', run.color).attr('stroke', th.panel).attr('stroke-width', 1.5);
      });
    }
    fillTip(t, hx);
  }

  function fillTip(t: number, hx: number): void {
    tip.replaceChildren();
    const head = document.createElement('div');
    head.className = 'mc-tip-time';
    head.textContent = `t = ${formatInUnit(t, unitX)} ${unitX.symbol}`;
    const table = document.createElement('table');
    const hr = document.createElement('tr');
    hr.append(document.createElement('th'));
    for (const f of SERIES_FIGURES) { const c = document.createElement('th'); c.textContent = f; hr.append(c); }
    table.append(hr);
    runs.forEach((run) => {
      const tr = document.createElement('tr');
      tr.dataset.run = run.name;
      const n = document.createElement('th');
      n.className = 'mc-tip-run';
      n.style.setProperty('--run-color', run.color);
      n.textContent = run.name;
      tr.append(n);
      for (const f of SERIES_FIGURES) {
        const c = document.createElement('td');
        c.dataset.figure = f;
        const v = valueAt(run.series, f, t, run.endS);
        c.textContent = formatFigure(FIG_KIND[f], Number.isFinite(v) ? v : null);
        tr.append(c);
      }
      table.append(tr);
    });
    tip.append(head, table);
    tip.hidden = false;
    // Right of the hover line, or left of it near the right edge.
    const w = tip.offsetWidth || 260;
    const left = hx + 14 + w > width ? hx - 14 - w : hx + 14;
    tip.style.left = `${Math.max(0, left)}px`;
    tip.style.top = `${panelTop(0)}px`;
  }

  function timeAtPointer(ev: PointerEvent): number {
    const r = (svg.node() as SVGSVGElement).getBoundingClientRect();
    const px = (ev.clientX - r.left) * (width / (r.width || width));
    return Math.max(0, Math.min(maxEndS, x.invert(px)));
  }

  function scrub(t: number): void {
    for (const cb of scrubbers) cb(t);
  }

  function bindPointer(): void {
    const overlay = svg.select<SVGRectElement>('.mc-overlay');
    let dragging = false;
    overlay.on('pointermove', (ev: PointerEvent) => {
      hoverS = timeAtPointer(ev);
      drawHover();
      if (dragging) scrub(hoverS);
    }).on('pointerleave', () => {
      if (dragging) return;
      hoverS = null;
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

  function stepS(): number {
    return runs[0]?.series.widthS || maxEndS / 100;
  }

  function announce(t: number): void {
    const parts = runs.map((run) => `${run.name}: ${SERIES_FIGURES.map((f) => {
      const v = valueAt(run.series, f, t, run.endS);
      return `${f} ${formatFigure(FIG_KIND[f], Number.isFinite(v) ? v : null)}`;
    }).join(', ')}`);
    live.textContent = `At ${formatInUnit(t, unitX)} ${unitX.symbol}. ${parts.join('. ')}.`;
  }

  plot.addEventListener('keydown', (ev) => {
    if (ev.target !== plot || runs.length === 0) return;
    const base = hoverS ?? cursorS ?? 0;
    let t: number | null = null;
    const step = stepS() * (ev.shiftKey ? 10 : 1);
    switch (ev.key) {
      case 'ArrowRight': t = base + step; break;
      case 'ArrowLeft': t = base - step; break;
      case 'Home': t = 0; break;
      case 'End': t = maxEndS; break;
      case 'Enter': case ' ': scrub(base); ev.preventDefault(); return;
      case 'Escape': hoverS = null; drawHover(); return;
      default: return;
    }
    ev.preventDefault();
    // Snap to the middle of the window the time falls in (of the first run), within the runs.
    t = Math.max(0, Math.min(maxEndS, t));
    const i = windowAt(runs[0].series, t, runs[0].endS);
    if (i >= 0 && ev.key.startsWith('Arrow')) t = Math.min(maxEndS, runs[0].series.timeS[i] + runs[0].series.widthS / 2);
    hoverS = t;
    drawHover();
    announce(t);
  });
  plot.addEventListener('focus', () => {
    if (runs.length && hoverS === null && cursorS !== null) { hoverS = cursorS; drawHover(); }
  });
  plot.addEventListener('blur', () => { hoverS = null; drawHover(); });

  let lastWidth = -1;
  const ro = typeof ResizeObserver === 'function' ? new ResizeObserver(() => {
    const w = Math.floor(plot.clientWidth);
    if (w > 0 && w !== lastWidth) { lastWidth = w; render(); }
  }) : null;
  ro?.observe(plot);

  const api: MetricCharts = {
    setRuns(next) {
      runs = next.slice();
      if (hoverS !== null && runs.length === 0) hoverS = null;
      render();
    },
    setCursor(timeS) {
      cursorS = timeS === null || !Number.isFinite(timeS) ? null : timeS;
      drawCursor();
    },
    onScrub(cb) { scrubbers.push(cb); },
    toSvg: () => standaloneSvg(svg.node() as SVGSVGElement, width, height),
    toPng: (scale = 2) => svgToPng(api.toSvg(), width, height, scale),
    destroy() {
      ro?.disconnect();
      box.remove();
      scrubbers.length = 0;
    },
  };
  render();
  return api;
}

