import type { RunResult } from '../sim/model/RunResult.ts';
import { formatDuration } from '../sim/scenario/units.ts';

const fmt3 = (x: number | null) => (x === null ? '—' : x.toFixed(3));
const dur = (x: number | null) => (x === null ? '—' : formatDuration(x));
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);
const gpuH = (s: number) => (s / 3600).toFixed(2);

/** A readable summary of a run: headline figures with their meaning, then a table per workload. */
export function formatSummary(r: RunResult, wallMs: number): string {
  const m = r.metrics;
  const lines: string[] = [];
  lines.push(`${r.scenario}`);
  lines.push(`seed ${r.seed} · simulated ${formatDuration(m.endS)} of a ${formatDuration(r.horizonS)} horizon · ${r.stats.events} events in ${wallMs.toFixed(0)} ms`);
  lines.push('');
  const head: [string, string, string, string][] = [
    ['C', 'business continuity', fmt3(m.C), 'weighted SLO attainment of the workloads (training jobs: goodput)'],
    ['S', 'stability', fmt3(m.S), 'time-average share of GPU capacity up'],
    ['T', 'response time', dur(m.T), `mean arrival → completion (p50 ${dur(m.Tp50)} · p95 ${dur(m.Tp95)} · p99 ${dur(m.Tp99)})`],
    ['R', 'utilisation', fmt3(m.R), 'busy GPU-time / up GPU-time'],
  ];
  for (const [k, name, v, what] of head) lines.push(`  ${k}  ${name.padEnd(20)} ${v.padStart(9)}   ${what}`);
  lines.push('');
  const rows: string[][] = [['workload', 'arrived', 'completed', 'queued', 'running', 'T mean', 'T p95', 'SLO met', 'interrupted', 'lost GPU-h']];
  for (const [id, w] of Object.entries(r.workloads)) {
    rows.push([id, String(w.arrived), String(w.completed), String(w.queued), String(w.running), dur(w.T.mean), dur(w.T.p95), pct(w.sloAttainment), String(w.interruptions), gpuH(w.lostGpuS)]);
  }
  lines.push(...table(rows));
  const jobs = Object.entries(r.workloads).filter(([, w]) => w.training);
  if (jobs.length > 0) {
    lines.push('');
    const t: string[][] = [['training job', 'progress', 'goodput', 'checkpoints', 'useful GPU-h', 'lost GPU-h', 'checkpoint GPU-h', 'restart GPU-h', 'mean RPO', 'worst RPO']];
    for (const [id, w] of jobs) {
      const j = w.training!;
      t.push([id, pct(j.progress), fmt3(j.goodput), String(j.checkpoints), gpuH(j.usefulGpuS), gpuH(j.lostGpuS), gpuH(j.checkpointGpuS), gpuH(j.restartGpuS), dur(j.meanRpoS), dur(j.maxRpoS)]);
    }
    lines.push(...table(t));
  }
  const recovered = Object.entries(r.workloads).filter(([, w]) => w.recovery && w.recovery.count > 0);
  if (recovered.length > 0) {
    lines.push('');
    const t: string[][] = [['recovery (RTO)', 'recovered', 'mean RTO', 'detection', 'decision', 'recovery', 'worst']];
    for (const [id, w] of recovered) {
      const v = w.recovery!;
      t.push([id, String(v.count), dur(v.meanRtoS), dur(v.meanDetectionS), dur(v.meanDecisionS), dur(v.meanRecoveryS), dur(v.maxRtoS)]);
    }
    lines.push(...table(t));
  }
  lines.push('');
  const causes = { ...r.interruptions.byCause, planned: r.interruptions.planned };
  const maintenance = r.maintenance.count > 0 ? ` · maintenance ${r.maintenance.count}${byList(r.maintenance.byTarget)}` : '';
  lines.push(`failures ${r.failures.count}${byList(r.failures.byTarget)}${maintenance} · interruptions ${r.interruptions.count}${byList(causes)} · goodput ${fmt3(m.goodput)} · lost ${gpuH(m.lostGpuS)} GPU-h`);
  if (m.checkpointGpuS > 0 || m.restartGpuS > 0) lines.push(`checkpoint writes ${gpuH(m.checkpointGpuS)} GPU-h · restarts ${gpuH(m.restartGpuS)} GPU-h`);
  return lines.join('\n');
}

function byList(by: Readonly<Record<string, number>>): string {
  const parts = Object.entries(by).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows.map((r) => '  ' + r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  '));
}
