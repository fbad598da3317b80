import { axisBottom, ticks as d3ticks } from 'd3';
import { M, plotsBottom } from './chartLayout.ts';
import type { ChartState, ChartSvg } from './ChartState.ts';
import { formatInUnit } from './formatFigure.ts';

/** Draws the time axis the panels share, under the last one, with its label (time since start, in the axis's unit). */
export function drawChartTimeAxis(svg: ChartSvg, c: ChartState): void {
  const { width, unitX, x, theme: th } = c;
  const bottom = plotsBottom();
  const tickVals = d3ticks(0, c.maxEndS / unitX.seconds, Math.max(3, Math.floor(width / 110))).map((v) => v * unitX.seconds);
  svg.append('g').attr('transform', `translate(0,${bottom})`).attr('color', th.ink3)
    .call(axisBottom(x).tickValues(tickVals).tickSize(4).tickFormat((d) => formatInUnit(Number(d), unitX)))
    .call((a) => a.select('.domain').remove())
    .selectAll('text').attr('font-size', 11).attr('font-family', th.font).attr('fill', th.ink2);
  svg.append('text').attr('x', (M.left + width - M.right) / 2).attr('y', bottom + 34).attr('text-anchor', 'middle')
    .attr('fill', th.ink2).attr('font-size', 12).text(`time since start (${unitX.symbol})`);
}
