/** The summary table as CSV (DOM-free): a row per figure, a column per run, and the difference of each later run to the first. */
import type { RunResult } from '../../sim/model/RunResult.ts';
import { toCsvText } from './csv.ts';
import { csvUnit, csvValue } from './formatFigure.ts';
import type { FigureSection } from './summaryFigures.ts';

/**
 * CSV of `sections` over `results` (named `names`): columns `section`, `figure`, `unit`,
 * then each run's value and, for each later run, `<run> − <first>`. Values are in the unit
 * column's unit (fractions unitless, times in seconds, GPU time in GPU-hours); an empty
 * field is a figure without a value.
 */
export function summaryCsv(names: readonly string[], results: readonly RunResult[], sections: readonly FigureSection[]): string {
  const header = ['section', 'figure', 'unit'];
  names.forEach((n, i) => { header.push(n); if (i > 0) header.push(`${n} − ${names[0]}`); });
  const rows: string[][] = [header];
  for (const s of sections) {
    const section = s.workload !== undefined ? `workload ${s.workload}` : s.title;
    for (const r of s.rows) {
      const line = [section, r.label, csvUnit(r.kind)];
      const first = r.get(results[0]);
      results.forEach((res, i) => {
        const v = r.get(res);
        line.push(csvValue(r.kind, v));
        if (i > 0) {
          const both = r.diff !== false && typeof v === 'number' && typeof first === 'number';
          line.push(both ? csvValue(r.kind, (v as number) - (first as number)) : '');
        }
      });
      rows.push(line);
    }
  }
  return toCsvText(rows);
}
