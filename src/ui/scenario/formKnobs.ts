import { formatPath } from '../../sim/scenario/formatIssue.ts';
import { failureTargetInfo, isFailureTarget } from '../../sim/scenario/failureTargets.ts';
import type { FieldPath } from './fieldPath.ts';

/** What a knob holds: a duration (`"24h"` or seconds), a whole number, or a number. */
export type KnobKind = 'duration' | 'int' | 'number';

/** One of the form's common knobs: a scalar field of the document. */
export interface Knob {
  /** Where the field is in the document. */
  readonly path: FieldPath;
  /** The same path as the validation writes it (`workloads[0].arrival.poisson.rate`). */
  readonly pathText: string;
  /** The heading of the group of knobs it belongs to (`Run`, `Site "dc"`, ...). */
  readonly group: string;
  readonly label: string;
  /** The unit or form of the value (`per second`, `duration, e.g. 24h`). */
  readonly unit: string;
  readonly kind: KnobKind;
  /** The field's current value as text, `""` when absent. */
  readonly value: string;
  /** Shown in an empty input: the default. */
  readonly placeholder?: string;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isScalar = (v: unknown) => typeof v === 'string' || typeof v === 'number';
const text = (v: unknown) => (isScalar(v) ? String(v) : '');
const DURATION = 'a duration: 90s, 15m, 4h, 2d';

/**
 * The common knobs of a scenario document (its data as parsed, possibly invalid): horizon
 * and seed; per site racks, nodes per rack and GPUs per node; per random failure rule its
 * MTBF and mean repair time (when written as durations); per batch or inference workload
 * its Poisson arrival rate and SLO, and an inference service's replicas. Fields written in
 * a form the knob cannot show (a distribution, say) are left to the editor.
 */
export function knobsOf(data: unknown): Knob[] {
  const out: Knob[] = [];
  if (!isObj(data)) return out;
  const add = (group: string, path: FieldPath, label: string, unit: string, kind: KnobKind, value: unknown, placeholder?: string) => {
    if (value !== undefined && !isScalar(value)) return;
    out.push({ path, pathText: formatPath(path), group, label, unit, kind, value: text(value), ...(placeholder === undefined ? {} : { placeholder }) });
  };
  add('Run', ['horizon'], 'Horizon', DURATION, 'duration', data.horizon);
  add('Run', ['seed'], 'Seed', 'whole number', 'int', data.seed, '1');
  const sites = isObj(data.cluster) && Array.isArray(data.cluster.sites) ? data.cluster.sites : [];
  sites.forEach((s: unknown, i) => {
    if (!isObj(s)) return;
    const group = `Site ${JSON.stringify(text(s.id) || String(i))}`;
    const base = ['cluster', 'sites', i];
    add(group, [...base, 'racks'], 'Racks', 'in the site', 'int', s.racks);
    add(group, [...base, 'nodesPerRack'], 'Nodes per rack', 'nodes', 'int', s.nodesPerRack);
    if (isObj(s.node)) add(group, [...base, 'node', 'gpus'], 'GPUs per node', 'GPUs', 'int', s.node.gpus);
  });
  const failures = Array.isArray(data.failures) ? data.failures : [];
  failures.forEach((f: unknown, i) => {
    if (!isObj(f) || 'at' in f || 'trace' in f) return;
    const target = text(f.target);
    const group = `Failures of every ${isFailureTarget(target) ? failureTargetInfo(target).noun : target || 'component'}${isScalar(f.site) ? ` in ${JSON.stringify(text(f.site))}` : ''}`;
    add(group, ['failures', i, 'mtbf'], 'MTBF', 'mean time between failures of each one: 24h, 50000h', 'duration', f.mtbf);
    if (isScalar(f.repair)) add(group, ['failures', i, 'repair'], 'Repair time', 'to repair one: 30m, 4h', 'duration', f.repair);
    else if (isObj(f.repair) && isObj(f.repair.exponential) && 'mean' in f.repair.exponential) {
      add(group, ['failures', i, 'repair', 'exponential', 'mean'], 'Mean repair time', 'exponential, mean: 30m, 4h', 'duration', f.repair.exponential.mean);
    }
  });
  const workloads = Array.isArray(data.workloads) ? data.workloads : [];
  workloads.forEach((w: unknown, i) => {
    if (!isObj(w) || (w.kind !== 'batch' && w.kind !== 'inference')) return;
    const group = `Workload ${JSON.stringify(text(w.id) || String(i))} (${w.kind})`;
    const base = ['workloads', i];
    if (w.kind === 'inference') add(group, [...base, 'replicas'], 'Replicas', 'copies of the model served', 'int', w.replicas);
    if (isObj(w.arrival) && isObj(w.arrival.poisson)) {
      add(group, [...base, 'arrival', 'poisson', 'rate'], 'Arrival rate', w.kind === 'batch' ? 'tasks per second' : 'requests per second', 'number', w.arrival.poisson.rate);
    }
    if (w.slo !== undefined) add(group, [...base, 'slo'], 'SLO', 'deadline after arrival: 250ms, 3m', 'duration', w.slo);
  });
  return out;
}

/**
 * The value to write for what was typed in a knob: a number when it reads as one, else the
 * text as typed (trimmed) — the validation then says what is wrong with it, at the field.
 */
export function knobInputValue(raw: string): number | string {
  const t = raw.trim();
  return /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? Number(t) : t;
}
