import { DASHES, M } from './chartLayout.ts';
import type { ChartState, ChartSvg } from './ChartState.ts';
import { formatWholeDurationS } from './formatFigure.ts';

/**
 * Draws the legend above the panels (a line sample and the name of each run, names cut at
 * 40 characters) and, when there is room, the width of the windows a point stands for.
 */
export function drawChartLegend(svg: ChartSvg, c: ChartState): void {
  const { runs, width, theme: th } = c;
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
