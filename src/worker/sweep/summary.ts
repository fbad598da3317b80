import { estimateMean, type Estimate } from '../stats.ts';
import type { ParsedRow } from './table.ts';

/** The figures summarised per point: the headline four and those behind them that tell points apart. */
export const SUMMARY_FIGURES = ['C', 'S', 'T', 'R', 'availability', 'goodput', 'lostGpuS', 'interruptions'] as const;
export type SummaryFigure = (typeof SUMMARY_FIGURES)[number];

/** The runs of one point of a sweep, summarised. */
export interface PointSummary {
  /** The varied values (as written in the output), in the order of the keys. */
  readonly point: readonly string[];
  /** Runs with a row. */
  readonly runs: number;
  readonly failed: number;
  /** Mean and 95% confidence half-width of each figure over the point's completed runs. */
  readonly metrics: Readonly<Record<SummaryFigure, Estimate>>;
}

/** The rows grouped by point, in order of their first run, each figure as mean ± 95% CI over the completed runs. */
export function summarizeRows(rows: readonly ParsedRow[]): PointSummary[] {
  const groups = new Map<string, ParsedRow[]>();
  for (const r of [...rows].sort((a, b) => a.run - b.run)) {
    const key = JSON.stringify(r.point);
    const g = groups.get(key);
    if (g) g.push(r); else groups.set(key, [r]);
  }
  return [...groups.values()].map((g): PointSummary => {
    const ok = g.filter((r) => r.status === 'ok');
    return {
      point: g[0].point,
      runs: g.length,
      failed: g.length - ok.length,
      metrics: Object.fromEntries(SUMMARY_FIGURES.map((f) => [f, estimateMean(ok.map((r) => r.figures[f] ?? null))])) as Record<SummaryFigure, Estimate>,
    };
  });
}
