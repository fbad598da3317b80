import { axisLeft, line as d3line, scaleLinear, type ScaleLinear } from 'd3';
import { DASHES, M, panelTop } from './chartLayout.ts';
import type { ChartState, ChartSvg } from './ChartState.ts';
import { FIGURE_DEFINITIONS } from './figureDefinitions.ts';
import { formatInUnit, type TimeUnit } from './formatFigure.ts';
import { stepPoints, type SeriesFigure } from './seriesSteps.ts';
import { showDefinition } from './showDefinition.ts';

/**
 * Draws figure `fig`'s panel, the `k`-th from the top: its title (a button that opens the
 * figure's definition), grid, y axis and baseline, and a step line per run. C, S and R go
 * on [0, 1]; T from 0 to a nice bound over `maxT` in unit `unitT`. Returns the y scale.
 */
export function drawFigurePanel(svg: ChartSvg, c: ChartState, fig: SeriesFigure, k: number, maxT: number, unitT: TimeUnit): ScaleLinear<number, number> {
  const { width, x, theme: th } = c;
  const top = panelTop(k);
  const y = scaleLinear().range([top + M.plot, top]);
  if (fig === 'T') {
    const hi = maxT > 0 ? maxT / unitT.seconds : 1;
    const niceHi = scaleLinear().domain([0, hi]).nice(4).domain()[1];
    y.domain([0, niceHi * unitT.seconds]);
  } else y.domain([0, 1]);
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
  c.runs.forEach((run, i) => {
    g.append('path').attr('class', 'mc-line').attr('data-run', i)
      .attr('d', path(stepPoints(run.series, fig, run.endS)) ?? '')
      .attr('fill', 'none').attr('stroke', run.color).attr('stroke-width', 1.75)
      .attr('stroke-linejoin', 'round').attr('stroke-dasharray', DASHES[i % DASHES.length] || null);
  });
  return y;
}
