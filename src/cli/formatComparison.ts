import { formatDuration } from '../sim/scenario/units.ts';
import type { Comparison, ComparedFigure } from '../worker/compare.ts';
import { formatPolicySet } from '../worker/policySets.ts';
import type { Estimate } from '../worker/stats.ts';
import { columns } from './formatPolicyList.ts';

const LABELS: Record<ComparedFigure, string> = {
  C: 'C  business continuity', S: 'S  stability', T: 'T  response time', R: 'R  utilisation',
  availability: 'availability', goodput: 'goodput', lostGpuS: 'lost GPU-h', interruptions: 'interruptions',
};

const MINUS = '−';

/** A value of a figure in its unit; `signed` for differences (no sign when it shows as zero). */
function value(f: ComparedFigure, x: number, signed: boolean): string {
  const a = Math.abs(x);
  const text = f === 'T' ? formatDuration(a) : f === 'lostGpuS' ? (a / 3600).toFixed(2) : f === 'interruptions' ? a.toFixed(1) : a.toFixed(3);
  if (!/[1-9]/.test(text)) return text;
  return (x < 0 ? MINUS : signed && x > 0 ? '+' : '') + text;
}

/** A figure's value in its unit, as the comparison shows it (lost GPU-seconds as GPU-hours). */
export const formatFigure = (f: ComparedFigure, x: number): string => value(f, x, false);

function cell(f: ComparedFigure, e: Estimate, signed: boolean, of: number): string {
  if (e.mean === null) return '—';
  let s = value(f, e.mean, signed);
  if (e.ci95 !== null) s += ` ± ${value(f, e.ci95, false)}`;
  if (signed && e.ci95 !== null && Math.abs(e.mean) > e.ci95) s += ' *';
  if (e.n < of) s += ` (${e.n} of ${of})`;
  return s;
}

const seedRange = (seeds: readonly number[]) => (seeds.length === 1 ? `seed ${seeds[0]}` : `${seeds.length} seeds (${seeds[0]} … ${seeds[seeds.length - 1]})`);

/** The comparison as tables: figures by set (mean ± 95% CI half-width), then the paired differences to the first set. */
export function formatComparison(c: Comparison): string {
  const out: string[] = [];
  const tag = (i: number) => `[${i + 1}]`;
  out.push(c.scenario);
  out.push(`${c.sets.length} policy set${c.sets.length > 1 ? 's' : ''} on ${seedRange(c.seeds)}; every set sees the same arrivals and failures on a seed`);
  out.push('');
  out.push(...columns(c.sets.map((s, i) => [tag(i), s.label === '' && !s.named ? '(the scenario\'s policies)' : s.named ? `"${s.label}"` : `-p ${s.label}`, `→ ${formatPolicySet(s.policies)}`]), '  '));
  out.push('');
  out.push('mean ± half-width of the 95% confidence interval');
  const rows = [['figure', ...c.sets.map((_, i) => tag(i))]];
  for (const f of c.figures) rows.push([LABELS[f], ...c.sets.map((s) => cell(f, s.metrics[f], false, s.runs))]);
  out.push(...columns(rows, '  '));
  if (c.deltas.length > 0) {
    out.push('');
    out.push(`difference to [1] on the same seeds (paired), mean ± half-width of the 95% confidence interval; * the interval excludes 0`);
    const d = [['figure', ...c.deltas.map((x) => `${tag(x.set)} − [1]`)]];
    for (const f of c.figures) {
      d.push([LABELS[f], ...c.deltas.map((x) => cell(f, x.metrics[f], true, pairedRuns(c, x.set)))]);
    }
    out.push(...columns(d, '  '));
  }
  const notes: string[] = [];
  c.sets.forEach((s, i) => {
    if (s.failed.length === 0) return;
    notes.push(`${tag(i)}: ${s.failed.length} of ${c.seeds.length} runs failed and are left out of the figures:`);
    const byError = new Map<string, number[]>();
    for (const r of s.failed) byError.set(r.error, [...(byError.get(r.error) ?? []), r.seed]);
    for (const [error, seeds] of byError) notes.push(`  seed${seeds.length > 1 ? 's' : ''} ${seeds.join(', ')}: ${error}`);
  });
  const withNulls = c.figures.filter((f) => c.sets.some((s) => s.metrics[f].nulls > 0));
  if (withNulls.includes('T')) notes.push('T counts only runs in which something completed; "(n of m)" gives how many runs had a value.');
  if (withNulls.includes('availability') && c.sets.every((s) => s.metrics.availability.n === 0)) notes.push('availability is for inference services; the scenario has none.');
  if (notes.length) out.push('', ...notes);
  return out.join('\n');
}

/** Number of seeds on which both the first set and set `i` completed. */
function pairedRuns(c: Comparison, i: number): number {
  const failed = new Set([...c.sets[0].failed, ...c.sets[i].failed].map((r) => r.seed));
  return c.seeds.filter((s) => !failed.has(s)).length;
}
