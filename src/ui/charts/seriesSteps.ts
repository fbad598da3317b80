/**
 * Geometry of C, S, T, R over time (DOM-free): each window's value holds over the whole
 * window, so a series is drawn as steps; a window without a value (NaN) is a gap.
 */
import type { MetricSeries } from '../../sim/metrics/metricSeries.ts';

/** The four figures charted over time. */
export type SeriesFigure = 'C' | 'S' | 'T' | 'R';
export const SERIES_FIGURES: readonly SeriesFigure[] = ['C', 'S', 'T', 'R'];

/** A point of a step line, [time in seconds, value]; a NaN value breaks the line. */
export type StepPoint = readonly [timeS: number, value: number];

/** End of window `i` (seconds): the next window's start, the window's width, or the run's end, whichever is first. */
export function windowEndS(series: MetricSeries, i: number, endS: number): number {
  const next = i + 1 < series.timeS.length ? series.timeS[i + 1] : Infinity;
  return Math.min(series.timeS[i] + series.widthS, next, endS);
}

/**
 * The step line of `figure`: for each window with a value, a point at its start and one at
 * its end; for a window without one, a single NaN point (a gap). Windows starting at or after
 * `endS` are left out.
 */
export function stepPoints(series: MetricSeries, figure: SeriesFigure, endS: number): StepPoint[] {
  const values = series[figure];
  const out: StepPoint[] = [];
  const n = Math.min(series.timeS.length, values.length);
  for (let i = 0; i < n; i++) {
    const t0 = series.timeS[i];
    if (!(t0 < endS) && !(i === 0 && endS === 0)) break;
    const v = values[i];
    if (Number.isFinite(v)) {
      out.push([t0, v], [windowEndS(series, i, endS), v]);
    } else if (out.length === 0 || !Number.isNaN(out[out.length - 1][1])) {
      out.push([t0, NaN]);
    }
  }
  return out;
}

/** Index of the window holding time `timeS` (the last one starting at or before it), or -1 when before the first or after `endS`. */
export function windowAt(series: MetricSeries, timeS: number, endS: number): number {
  const ts = series.timeS;
  if (!(timeS >= 0) || timeS > endS || ts.length === 0 || timeS < ts[0]) return -1;
  let lo = 0, hi = ts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ts[mid] <= timeS) lo = mid; else hi = mid - 1;
  }
  return lo;
}

/** The value of `figure` at `timeS` (its window's value); NaN outside the run or in a window without a value. */
export function valueAt(series: MetricSeries, figure: SeriesFigure, timeS: number, endS: number): number {
  const i = windowAt(series, timeS, endS);
  return i < 0 ? NaN : series[figure][i];
}

/** The largest finite value of `figure` over the series (windows before `endS`); 0 when none. */
export function maxValue(series: MetricSeries, figure: SeriesFigure, endS: number): number {
  let m = 0;
  const values = series[figure];
  for (let i = 0; i < values.length && i < series.timeS.length; i++) {
    if (series.timeS[i] >= endS && i > 0) break;
    if (Number.isFinite(values[i]) && values[i] > m) m = values[i];
  }
  return m;
}
