import { FIG_KIND } from './chartLayout.ts';
import type { ChartState } from './ChartState.ts';
import { formatFigure, formatInUnit } from './formatFigure.ts';
import { SERIES_FIGURES, valueAt } from './seriesSteps.ts';

/** What a screen reader hears of the charts at time `t`: every run's C, S, T and R there. */
export function readoutText(c: ChartState, t: number): string {
  const parts = c.runs.map((run) => `${run.name}: ${SERIES_FIGURES.map((f) => {
    const v = valueAt(run.series, f, t, run.endS);
    return `${f} ${formatFigure(FIG_KIND[f], Number.isFinite(v) ? v : null)}`;
  }).join(', ')}`);
  return `At ${formatInUnit(t, c.unitX)} ${c.unitX.symbol}. ${parts.join('. ')}.`;
}
