import type { Estimate } from '../worker/stats.ts';
import { SUMMARY_FIGURES, type PointSummary, type SummaryFigure } from '../worker/sweep/summary.ts';
import { formatFigure } from './formatComparison.ts';
import { columns } from './formatPolicyList.ts';

const HEADS: Record<SummaryFigure, string> = {
  C: 'C', S: 'S', T: 'T', R: 'R', availability: 'availability', goodput: 'goodput', lostGpuS: 'lost GPU-h', interruptions: 'interruptions',
};

function cell(f: SummaryFigure, e: Estimate, of: number): string {
  if (e.mean === null) return '—';
  let s = formatFigure(f, e.mean);
  if (e.ci95 !== null) s += ` ± ${formatFigure(f, e.ci95)}`;
  if (e.n < of) s += ` (${e.n})`;
  return s;
}

/**
 * The summary of a sweep: one line per point with its varied values, its runs (failed
 * ones counted apart), and each figure as mean ± half-width of its 95% confidence
 * interval over the point's completed runs. Figures no point has (availability without
 * inference services) are left out.
 */
export function formatSweepSummary(keys: readonly string[], points: readonly PointSummary[], scope?: string): string {
  if (points.length === 0) return `summary${scope ? ` (${scope})` : ''}: no runs`;
  const figures = SUMMARY_FIGURES.filter((f) => points.some((p) => p.metrics[f].n > 0));
  const rows = [[...(keys.length ? keys : ['point']), 'runs', ...figures.map((f) => HEADS[f])]];
  points.forEach((p, i) => {
    const ok = p.runs - p.failed;
    rows.push([...(keys.length ? p.point : [String(i)]), p.failed ? `${ok} (+${p.failed} failed)` : String(ok), ...figures.map((f) => cell(f, p.metrics[f], ok))]);
  });
  const notes: string[] = [];
  if (figures.some((f) => points.some((p) => p.metrics[f].n < p.runs - p.failed))) notes.push('(n): the figure has a value in only n of the runs (T: runs in which something completed).');
  return [
    `summary${scope ? ` (${scope})` : ''}: mean ± half-width of the 95% confidence interval over each point's completed runs`,
    ...columns(rows, '  '),
    ...notes,
  ].join('\n');
}

/** The summary as JSON: per point its values by key, runs, failed, and each figure's { mean, ci95, n, nulls }. */
export function sweepSummaryJson(keys: readonly string[], points: readonly PointSummary[]): unknown {
  return points.map((p) => ({
    values: Object.fromEntries(keys.map((k, i) => [k, p.point[i]])),
    runs: p.runs,
    failed: p.failed,
    metrics: p.metrics,
  }));
}
