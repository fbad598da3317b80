import { describe, expect, it } from 'vitest';
import type { MetricSeries } from '../../../src/sim/metrics/metricSeries.ts';
import { maxValue, stepPoints, valueAt, windowAt, windowEndS } from '../../../src/ui/charts/seriesSteps.ts';

const f = (xs: number[]) => Float64Array.from(xs);
/** Four 10 s windows over a run that ended at 35 s; T has a gap in window 1. */
const series: MetricSeries = {
  timeS: f([0, 10, 20, 30]), widthS: 10,
  C: f([1, 0.5, 0.75, 1]), S: f([1, 1, 0.9, 1]), T: f([4, NaN, 6, 8]), R: f([0.2, 0.4, 0.6, 0.8]),
};

describe('seriesSteps', () => {
  it('clips the last window at the run\'s end', () => {
    expect(windowEndS(series, 0, 35)).toBe(10);
    expect(windowEndS(series, 3, 35)).toBe(35);
  });

  it('draws each window as a step from its start to its end', () => {
    expect(stepPoints(series, 'C', 35)).toEqual([[0, 1], [10, 1], [10, 0.5], [20, 0.5], [20, 0.75], [30, 0.75], [30, 1], [35, 1]]);
  });

  it('leaves a gap for a window without a value', () => {
    const pts = stepPoints(series, 'T', 35);
    expect(pts[2][0]).toBe(10);
    expect(Number.isNaN(pts[2][1])).toBe(true);
    expect(pts).toHaveLength(7);
  });

  it('drops windows at or after the end', () => {
    expect(stepPoints(series, 'R', 20)).toEqual([[0, 0.2], [10, 0.2], [10, 0.4], [20, 0.4]]);
  });

  it('finds the window and value at a time', () => {
    expect(windowAt(series, 0, 35)).toBe(0);
    expect(windowAt(series, 9.99, 35)).toBe(0);
    expect(windowAt(series, 10, 35)).toBe(1);
    expect(windowAt(series, 34, 35)).toBe(3);
    expect(windowAt(series, 36, 35)).toBe(-1);
    expect(windowAt(series, -1, 35)).toBe(-1);
    expect(valueAt(series, 'R', 25, 35)).toBe(0.6);
    expect(valueAt(series, 'T', 15, 35)).toBeNaN();
    expect(valueAt(series, 'T', 40, 35)).toBeNaN();
  });

  it('takes the largest finite value for the y-scale', () => {
    expect(maxValue(series, 'T', 35)).toBe(8);
    expect(maxValue(series, 'T', 25)).toBe(6);
    expect(maxValue({ ...series, T: f([NaN, NaN, NaN, NaN]) }, 'T', 35)).toBe(0);
  });
});
