/**
 * What the C/S/T/R charts show and how they were last laid out: the runs, the replay
 * cursor, the hovered time, the size, the scales and the theme. One mutable state per
 * chart; the chart's parts read it, `render` lays it out.
 */
import { scaleLinear, type ScaleLinear, type Selection } from 'd3';
import { chartTheme, type ChartTheme } from './chartTheme.ts';
import { timeUnitFor, type TimeUnit } from './formatFigure.ts';
import type { ChartRun } from './MetricCharts.ts';
import type { SeriesFigure } from './seriesSteps.ts';

/** The charts' svg element, as d3 selected it. */
export type ChartSvg = Selection<SVGSVGElement, unknown, null, undefined>;

/** The state of one chart; see the module comment. */
export interface ChartState {
  runs: readonly ChartRun[];
  /** The replay cursor and the hovered (or keyboard-read) time, seconds; null: none. */
  cursorS: number | null;
  hoverS: number | null;
  /** Size of the svg (CSS px). */
  width: number;
  height: number;
  /** Time → x, and per figure value → y, of the last render with runs. */
  x: ScaleLinear<number, number>;
  readonly ys: Map<SeriesFigure, ScaleLinear<number, number>>;
  /** Unit of the time axis, and the latest end of the runs (seconds). */
  unitX: TimeUnit;
  maxEndS: number;
  theme: ChartTheme;
}

/** The state of a chart showing nothing yet, themed from `el`. */
export function emptyChartState(el: Element): ChartState {
  return {
    runs: [], cursorS: null, hoverS: null, width: 0, height: 0,
    x: scaleLinear(), ys: new Map(), unitX: timeUnitFor(0), maxEndS: 0, theme: chartTheme(el),
  };
}
