import { panelTop, plotsBottom } from './chartLayout.ts';
import type { ChartState, ChartSvg } from './ChartState.ts';
import { fillChartTip } from './fillChartTip.ts';
import { SERIES_FIGURES, valueAt } from './seriesSteps.ts';

/**
 * Draws the hover marks at the hovered time (a dashed line, a dot per run and figure) and
 * fills the readout `tip`; hides it when nothing is hovered or there are no runs.
 */
export function drawChartHover(svg: ChartSvg, tip: HTMLElement, c: ChartState): void {
  const g = svg.select<SVGGElement>('.mc-hover');
  g.selectAll('*').remove();
  if (c.hoverS === null || c.runs.length === 0) { tip.hidden = true; return; }
  const t = c.hoverS;
  const hx = c.x(t);
  const top = panelTop(0), bottom = plotsBottom();
  g.append('line').attr('x1', hx).attr('x2', hx).attr('y1', top).attr('y2', bottom)
    .attr('stroke', c.theme.ink3).attr('stroke-width', 1).attr('stroke-dasharray', '3 3');
  for (const fig of SERIES_FIGURES) {
    const y = c.ys.get(fig)!;
    c.runs.forEach((run) => {
      const v = valueAt(run.series, fig, t, run.endS);
      if (!Number.isFinite(v)) return;
      const [lo, hi] = y.domain() as [number, number];
      g.append('circle').attr('cx', hx).attr('cy', y(Math.max(lo, Math.min(hi, v)))).attr('r', 3.5)
        .attr('fill', run.color).attr('stroke', c.theme.panel).attr('stroke-width', 1.5);
    });
  }
  fillChartTip(tip, c, t, hx);
}
