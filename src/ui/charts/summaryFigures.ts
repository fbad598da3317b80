/**
 * Which figures the summary table shows, and how to read each from a {@link RunResult}
 * (DOM-free): the headline C, S, T, R first, then every run-level figure a result carries,
 * then a section per workload. A figure a result does not carry (an inference figure in a
 * run without inference) reads `undefined`; one it carries without a value (T when nothing
 * completed) reads `null`. Rows no run carries are left out.
 */
import type { RunResult } from '../../sim/model/RunResult.ts';
import type { WorkloadMetrics } from '../../sim/metrics/computeMetrics.ts';
import { FAILURE_TARGETS } from '../../sim/scenario/types.ts';
import type { Better } from './figureDiff.ts';
import type { FigureKey } from './figureDefinitions.ts';
import type { FigureKind } from './formatFigure.ts';

/** One row of the summary: a figure and how to read it. */
export interface FigureRow {
  /** Stable id, unique within its section (e.g. `C`, `failures.gpu`). */
  readonly id: string;
  /** Label as shown. */
  readonly label: string;
  /** Its definition. */
  readonly def: FigureKey;
  readonly kind: FigureKind;
  readonly better: Better;
  /** A part of the row above (shown indented). */
  readonly sub?: boolean;
  /** False for figures whose difference means nothing (the seed). */
  readonly diff?: boolean;
  /** The value in a result: undefined when the result does not carry the figure, null when it carries no value. */
  readonly get: (r: RunResult) => number | null | undefined;
}

/** A group of rows under a title. */
export interface FigureSection {
  readonly id: string;
  readonly title: string;
  readonly rows: readonly FigureRow[];
  /** A workload's section (collapsible), with the workload's id. */
  readonly workload?: string;
}

type Get = (r: RunResult) => number | null | undefined;
const row = (id: string, label: string, def: FigureKey, kind: FigureKind, better: Better, get: Get, extra: Partial<FigureRow> = {}): FigureRow =>
  ({ id, label, def, kind, better, get, ...extra });

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
const services = (r: RunResult) => Object.values(r.workloads).flatMap((w) => (w.inference ? [w.inference] : []));
const recoveries = (r: RunResult) => Object.values(r.workloads).flatMap((w) => (w.recovery && w.recovery.count > 0 ? [w.recovery] : []));
const trainings = (r: RunResult) => Object.values(r.workloads).flatMap((w) => (w.training ? [{ t: w.training, interruptions: w.interruptions }] : []));
const copies = (r: RunResult) => Object.values(r.storage ?? {}).flatMap((s) => (s.copies ? [s.copies] : []));

/** Σ mean·weight / Σ weight over the pairs with a mean (null when none); undefined when `pairs` is empty. */
function weightedMean(pairs: readonly { mean: number | null; weight: number }[]): number | null | undefined {
  if (pairs.length === 0) return undefined;
  const ok = pairs.filter((p) => p.mean !== null && p.weight > 0);
  const w = sum(ok.map((p) => p.weight));
  return w > 0 ? sum(ok.map((p) => p.mean! * p.weight)) / w : null;
}
function maxOf(xs: readonly (number | null)[]): number | null | undefined {
  if (xs.length === 0) return undefined;
  const ok = xs.filter((x): x is number => x !== null);
  return ok.length ? Math.max(...ok) : null;
}

/** The mean inference availability over the run's services, as `dcsim compare` reports it; undefined without services. */
export function meanAvailability(r: RunResult): number | undefined {
  const s = services(r);
  return s.length ? sum(s.map((x) => x.availability)) / s.length : undefined;
}

/** The headline figures, in order: what the cards and the charts show. */
export const HEADLINE_ROWS: readonly FigureRow[] = [
  row('C', 'C · business continuity', 'C', 'fraction', 'higher', (r) => r.metrics.C),
  row('S', 'S · stability', 'S', 'fraction', 'higher', (r) => r.metrics.S),
  row('T', 'T · response time', 'T', 'durationS', 'lower', (r) => r.metrics.T),
  row('R', 'R · resource utilisation', 'R', 'fraction', 'neutral', (r) => r.metrics.R),
];

const byTarget = (prefix: string, def: FigureKey, pick: (r: RunResult) => Readonly<Record<string, number>> | undefined, better: Better): FigureRow[] =>
  FAILURE_TARGETS.map((t) => row(`${prefix}.${t}`, t, def, 'count', better, (r) => pick(r)?.[t], { sub: true }));

const RUN_SECTIONS: readonly FigureSection[] = [
  { id: 'headline', title: 'Headline', rows: HEADLINE_ROWS },
  {
    id: 'service', title: 'Service', rows: [
      row('availability', 'availability (inference)', 'availability', 'fraction', 'higher', meanAvailability),
      row('goodput', 'goodput', 'goodput', 'fraction', 'higher', (r) => r.metrics.goodput),
      row('sloAttainment', 'SLO attainment (pooled)', 'sloAttainment', 'fraction', 'higher', (r) => r.metrics.sloAttainment),
      row('Tp50', 'T p50', 'Tp', 'durationS', 'lower', (r) => r.metrics.Tp50),
      row('Tp95', 'T p95', 'Tp', 'durationS', 'lower', (r) => r.metrics.Tp95),
      row('Tp99', 'T p99', 'Tp', 'durationS', 'lower', (r) => r.metrics.Tp99),
      row('throughputPerS', 'throughput', 'throughputPerS', 'perS', 'higher', (r) => r.metrics.throughputPerS),
      row('arrived', 'arrived', 'arrived', 'count', 'neutral', (r) => r.metrics.arrived),
      row('completed', 'completed', 'completed', 'count', 'higher', (r) => r.metrics.completed),
      row('meanInSystem', 'mean in system', 'meanInSystem', 'number', 'lower', (r) => r.metrics.meanInSystem),
      row('meanQueued', 'mean queued', 'meanQueued', 'number', 'lower', (r) => r.metrics.meanQueued),
      row('requestsFailed', 'failed requests', 'requestsFailed', 'count', 'lower', (r) => { const s = services(r); return s.length ? sum(s.map((x) => x.failed)) : undefined; }),
      row('requestsDropped', 'dropped requests', 'requestsDropped', 'count', 'lower', (r) => { const s = services(r); return s.length ? sum(s.map((x) => x.dropped)) : undefined; }),
      row('requestsRetried', 'retried requests', 'requestsRetried', 'count', 'lower', (r) => { const s = services(r); return s.length ? sum(s.map((x) => x.retried)) : undefined; }),
      row('quality', 'answer quality', 'quality', 'fraction', 'higher', (r) => weightedMean(services(r).map((s) => ({ mean: s.quality, weight: 1 })))),
    ],
  },
  {
    id: 'gpu', title: 'GPU time', rows: [
      row('lostGpuS', 'lost', 'lostGpuS', 'gpuS', 'lower', (r) => r.metrics.lostGpuS),
      row('checkpointGpuS', 'checkpoints', 'checkpointGpuS', 'gpuS', 'lower', (r) => r.metrics.checkpointGpuS),
      row('restartGpuS', 'restarts', 'restartGpuS', 'gpuS', 'lower', (r) => r.metrics.restartGpuS),
      row('busyGpuS', 'busy', 'busyGpuS', 'gpuS', 'neutral', (r) => r.metrics.busyGpuS),
      row('upGpuS', 'up', 'upGpuS', 'gpuS', 'higher', (r) => r.metrics.upGpuS),
      row('provisionedGpuS', 'provisioned', 'provisionedGpuS', 'gpuS', 'neutral', (r) => r.metrics.provisionedGpuS),
    ],
  },
  {
    id: 'disruption', title: 'Failures and interruptions', rows: [
      row('failures', 'failures', 'failures', 'count', 'lower', (r) => r.metrics.failures),
      ...byTarget('failures', 'failures', (r) => r.failures?.byTarget, 'lower'),
      row('interruptions', 'interruptions', 'interruptions', 'count', 'lower', (r) => r.metrics.interruptions),
      ...byTarget('interruptions', 'interruptions', (r) => r.interruptions?.byCause, 'lower'),
      row('interruptions.planned', 'planned', 'interruptions', 'count', 'lower', (r) => r.interruptions?.planned, { sub: true }),
      row('maintenance', 'maintenance', 'maintenance', 'count', 'neutral', (r) => r.maintenance?.count),
      row('preemptions', 'preemptions', 'preemptions', 'count', 'lower', (r) => r.preemptions),
    ],
  },
  {
    id: 'recovery', title: 'Recovery', rows: [
      row('recoveries', 'recoveries', 'recoveries', 'count', 'neutral', (r) => { const x = recoveries(r); return x.length ? sum(x.map((v) => v.count)) : undefined; }),
      row('rto', 'RTO mean', 'rto', 'durationS', 'lower', (r) => weightedMean(recoveries(r).map((v) => ({ mean: v.meanRtoS, weight: v.count })))),
      row('rtoDetection', 'detection', 'rtoDetection', 'durationS', 'lower', (r) => weightedMean(recoveries(r).map((v) => ({ mean: v.meanDetectionS, weight: v.count }))), { sub: true }),
      row('rtoDecision', 'decision', 'rtoDecision', 'durationS', 'lower', (r) => weightedMean(recoveries(r).map((v) => ({ mean: v.meanDecisionS, weight: v.count }))), { sub: true }),
      row('rtoRecovery', 'recovery', 'rtoRecovery', 'durationS', 'lower', (r) => weightedMean(recoveries(r).map((v) => ({ mean: v.meanRecoveryS, weight: v.count }))), { sub: true }),
      row('rtoMax', 'RTO max', 'rtoMax', 'durationS', 'lower', (r) => maxOf(recoveries(r).map((v) => v.maxRtoS))),
      row('rpo', 'RPO mean (training)', 'rpo', 'durationS', 'lower', (r) => weightedMean(trainings(r).map((x) => ({ mean: x.t.meanRpoS, weight: Math.max(1, x.interruptions) })))),
      row('rpoMax', 'RPO max (training)', 'rpo', 'durationS', 'lower', (r) => maxOf(trainings(r).map((x) => x.t.maxRpoS))),
      row('checkpoints', 'checkpoints', 'checkpoints', 'count', 'neutral', (r) => { const t = trainings(r); return t.length ? sum(t.map((x) => x.t.checkpoints)) : undefined; }),
      row('checkpointsLost', 'checkpoints lost', 'checkpointsLost', 'count', 'lower', (r) => { const t = trainings(r); return t.length ? sum(t.map((x) => x.t.checkpointsLost)) : undefined; }),
    ],
  },
  {
    id: 'storage', title: 'Storage', rows: [
      row('lostStripes', 'stripes lost', 'storageLoss', 'count', 'lower', (r) => { const s = Object.values(r.storage ?? {}); return s.length ? sum(s.map((x) => x.lostStripes)) : undefined; }),
      row('dataLossEvents', 'data-loss events', 'storageLoss', 'count', 'lower', (r) => { const s = Object.values(r.storage ?? {}); return s.length ? sum(s.map((x) => x.dataLossEvents)) : undefined; }),
      row('firstLossS', 'first loss at', 'storageLoss', 'durationS', 'neutral', (r) => {
        const s = Object.values(r.storage ?? {});
        if (s.length === 0) return undefined;
        const at = s.flatMap((x) => (x.firstLossS === null ? [] : [x.firstLossS]));
        return at.length ? Math.min(...at) : null;
      }),
      row('copiesMade', 'copies made', 'storageCopies', 'count', 'neutral', (r) => { const c = copies(r); return c.length ? sum(c.map((x) => x.made)) : undefined; }),
      row('copiesSkipped', 'copies skipped', 'storageCopies', 'count', 'lower', (r) => { const c = copies(r); return c.length ? sum(c.map((x) => x.skipped)) : undefined; }),
      row('copiesCut', 'copies cut', 'storageCopies', 'count', 'lower', (r) => { const c = copies(r); return c.length ? sum(c.map((x) => x.cut)) : undefined; }),
      row('storageRpo', 'RPO mean (copies)', 'storageRpo', 'durationS', 'lower', (r) => weightedMean(copies(r).map((x) => ({ mean: x.meanRpoS, weight: x.outages })))),
      row('storageRpoMax', 'RPO max (copies)', 'storageRpo', 'durationS', 'lower', (r) => maxOf(copies(r).map((x) => x.maxRpoS))),
    ],
  },
  {
    id: 'run', title: 'Run', rows: [
      row('endS', 'run length E', 'endS', 'durationS', 'neutral', (r) => r.metrics.endS),
      row('events', 'events simulated', 'events', 'count', 'neutral', (r) => r.stats?.events),
      row('seed', 'seed', 'seed', 'count', 'neutral', (r) => r.seed, { diff: false }),
    ],
  },
];

type WGet = (w: WorkloadMetrics) => number | null | undefined;
const wrow = (id: string, label: string, def: FigureKey, kind: FigureKind, better: Better, get: WGet, extra: Partial<FigureRow> = {}) =>
  (workload: string): FigureRow => row(id, label, def, kind, better, (r) => { const w = r.workloads?.[workload]; return w ? get(w) : undefined; }, extra);

const WORKLOAD_ROWS: readonly ((workload: string) => FigureRow)[] = [
  wrow('sloAttainment', 'SLO attainment', 'sloAttainment', 'fraction', 'higher', (w) => w.sloAttainment),
  wrow('T', 'T mean', 'T', 'durationS', 'lower', (w) => w.T.mean),
  wrow('Tp50', 'T p50', 'Tp', 'durationS', 'lower', (w) => w.T.p50, { sub: true }),
  wrow('Tp95', 'T p95', 'Tp', 'durationS', 'lower', (w) => w.T.p95, { sub: true }),
  wrow('Tp99', 'T p99', 'Tp', 'durationS', 'lower', (w) => w.T.p99, { sub: true }),
  wrow('arrived', 'arrived', 'arrived', 'count', 'neutral', (w) => w.arrived),
  wrow('completed', 'completed', 'completed', 'count', 'higher', (w) => w.completed),
  wrow('missed', 'missed', 'missed', 'count', 'lower', (w) => w.missed),
  wrow('queued', 'queued at E', 'queued', 'count', 'neutral', (w) => w.queued),
  wrow('running', 'running at E', 'running', 'count', 'neutral', (w) => w.running),
  wrow('lostGpuS', 'lost GPU time', 'lostGpuS', 'gpuS', 'lower', (w) => w.lostGpuS),
  wrow('interruptions', 'interruptions', 'interruptions', 'count', 'lower', (w) => w.interruptions),
  wrow('availability', 'availability', 'availability', 'fraction', 'higher', (w) => w.inference?.availability),
  wrow('meanReadyReplicas', 'mean ready replicas', 'meanReadyReplicas', 'number', 'neutral', (w) => w.inference?.meanReadyReplicas),
  wrow('utilisation', 'replica utilisation', 'utilisation', 'fraction', 'neutral', (w) => w.inference?.utilisation),
  wrow('requestsFailed', 'failed requests', 'requestsFailed', 'count', 'lower', (w) => w.inference?.failed),
  wrow('requestsDropped', 'dropped requests', 'requestsDropped', 'count', 'lower', (w) => w.inference?.dropped),
  wrow('requestsRetried', 'retried requests', 'requestsRetried', 'count', 'lower', (w) => w.inference?.retried),
  wrow('quality', 'answer quality', 'quality', 'fraction', 'higher', (w) => (w.inference ? w.inference.quality : undefined)),
  wrow('trainingGoodput', 'goodput', 'trainingGoodput', 'fraction', 'higher', (w) => (w.training ? w.training.goodput : undefined)),
  wrow('progress', 'progress', 'progress', 'fraction', 'higher', (w) => w.training?.progress),
  wrow('allocatedGpuS', 'allocated GPU time', 'trainingGpuS', 'gpuS', 'neutral', (w) => w.training?.allocatedGpuS),
  wrow('usefulGpuS', 'useful', 'trainingGpuS', 'gpuS', 'higher', (w) => w.training?.usefulGpuS, { sub: true }),
  wrow('trainingLostGpuS', 'lost', 'trainingGpuS', 'gpuS', 'lower', (w) => w.training?.lostGpuS, { sub: true }),
  wrow('checkpointGpuS', 'checkpoint', 'trainingGpuS', 'gpuS', 'lower', (w) => w.training?.checkpointGpuS, { sub: true }),
  wrow('restartGpuS', 'restart', 'trainingGpuS', 'gpuS', 'lower', (w) => w.training?.restartGpuS, { sub: true }),
  wrow('inProgressGpuS', 'in progress', 'trainingGpuS', 'gpuS', 'neutral', (w) => w.training?.inProgressGpuS, { sub: true }),
  wrow('checkpoints', 'checkpoints', 'checkpoints', 'count', 'neutral', (w) => w.training?.checkpoints),
  wrow('checkpointsLost', 'checkpoints lost', 'checkpointsLost', 'count', 'lower', (w) => w.training?.checkpointsLost),
  wrow('rpo', 'RPO mean', 'rpo', 'durationS', 'lower', (w) => (w.training ? w.training.meanRpoS : undefined)),
  wrow('rpoMax', 'RPO max', 'rpo', 'durationS', 'lower', (w) => (w.training ? w.training.maxRpoS : undefined)),
  wrow('recoveries', 'recoveries', 'recoveries', 'count', 'neutral', (w) => w.recovery?.count),
  wrow('rto', 'RTO mean', 'rto', 'durationS', 'lower', (w) => (w.recovery ? w.recovery.meanRtoS : undefined)),
  wrow('rtoDetection', 'detection', 'rtoDetection', 'durationS', 'lower', (w) => (w.recovery ? w.recovery.meanDetectionS : undefined), { sub: true }),
  wrow('rtoDecision', 'decision', 'rtoDecision', 'durationS', 'lower', (w) => (w.recovery ? w.recovery.meanDecisionS : undefined), { sub: true }),
  wrow('rtoRecovery', 'recovery', 'rtoRecovery', 'durationS', 'lower', (w) => (w.recovery ? w.recovery.meanRecoveryS : undefined), { sub: true }),
  wrow('rtoMax', 'RTO max', 'rtoMax', 'durationS', 'lower', (w) => (w.recovery ? w.recovery.maxRtoS : undefined)),
];

/** Whether some result carries the row's figure. */
function carried(rowDef: FigureRow, results: readonly RunResult[]): boolean {
  return results.some((r) => rowDef.get(r) !== undefined);
}

/**
 * The sections of the summary of `results`: the run-level sections, then one per workload
 * (the union of the runs' workloads, in first-seen order), each with only the rows some
 * result carries; empty sections are left out. With no results, no sections.
 */
export function summarySections(results: readonly RunResult[]): FigureSection[] {
  if (results.length === 0) return [];
  const out: FigureSection[] = [];
  for (const s of RUN_SECTIONS) {
    const rows = s.rows.filter((r) => carried(r, results));
    // A by-target row of zero everywhere says nothing: keep the total, drop the zero parts.
    const shown = rows.filter((r) => !(r.sub && /^(failures|interruptions)\.(gpu|node|rack|site|uplink|wan)$/.test(r.id) && results.every((x) => !r.get(x))));
    if (shown.length) out.push({ ...s, rows: shown });
  }
  const ids: string[] = [];
  for (const r of results) for (const id of Object.keys(r.workloads ?? {})) if (!ids.includes(id)) ids.push(id);
  for (const id of ids) {
    const rows = WORKLOAD_ROWS.map((f) => f(id)).filter((r) => carried(r, results));
    if (rows.length) out.push({ id: `workload:${id}`, title: id, rows, workload: id });
  }
  return out;
}
