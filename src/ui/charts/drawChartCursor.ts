import { panelTop, plotsBottom } from './chartLayout.ts';
import type { ChartState, ChartSvg } from './ChartState.ts';

/** Draws the replay cursor across the panels (a line and a handle on top), or removes it (no cursor or no runs). */
export function drawChartCursor(svg: ChartSvg, c: ChartState): void {
  const g = svg.select<SVGGElement>('.mc-cursor');
  g.selectAll('*').remove();
  if (c.cursorS === null || c.runs.length === 0) { g.attr('data-time', null); return; }
  const t = Math.max(0, Math.min(c.maxEndS, c.cursorS));
  const cx = c.x(t);
  const top = panelTop(0) - 4, bottom = plotsBottom();
  g.attr('data-time', String(t));
  g.append('line').attr('x1', cx).attr('x2', cx).attr('y1', top).attr('y2', bottom).attr('stroke', c.theme.ink).attr('stroke-width', 1.5);
  g.append('path').attr('d', `M${cx - 5},${top - 6}L${cx + 5},${top - 6}L${cx},${top}Z`).attr('fill', c.theme.ink);
}
