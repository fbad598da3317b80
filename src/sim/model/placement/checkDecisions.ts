/**
 * Every check of a policy's decision against the model's own state, in one place: each
 * returns what is wrong (a message) or undefined. The model turns a message into a
 * PolicyError naming the policy; it never trusts what a policy returns.
 */
import type { FailoverView } from '../../policy/FailoverPolicy.ts';
import { rangesCount, rangesOf, rangesProblem, type GpuRanges } from '../../policy/GpuRanges.ts';
import type { Placement, Preemption } from '../../policy/SchedulingPolicy.ts';
import { TaskState } from '../TaskTable.ts';

/** True for a `{ preempt }` decision (one that also names `workId` is neither: the placement check rejects it). */
export function isPreemption(d: unknown): d is Preemption {
  return typeof d === 'object' && d !== null && 'preempt' in d && !('workId' in d);
}

/** What is wrong with a preemption of task `id` (state `state`, started at `startS`) at `nowS`. */
export function preemptionProblem(d: Preemption, taskCount: number, state: number, startS: number, nowS: number): string | undefined {
  const id = d.preempt;
  if (!Number.isInteger(id) || id < 0 || id >= taskCount) return `preemption ${JSON.stringify(d)} names no task`;
  if (state !== TaskState.Running) {
    const what = state === TaskState.Queued ? 'waiting in the queue' : state === TaskState.Hung ? 'stopped by a failure' : 'done';
    return `preemption ${JSON.stringify(d)}: task ${id} is not running (it is ${what})`;
  }
  if (!(startS < nowS)) return `preemption ${JSON.stringify(d)}: task ${id} started at this instant (${nowS} s); work may not be preempted in the instant it started`;
  return undefined;
}

/** What is wrong with the task a placement names (tasks' states: `state`), or undefined when it is a queued task. */
export function placedTaskProblem(p: Placement, taskCount: number, state: Uint8Array): string | undefined {
  const id = p?.workId;
  if (typeof p === 'object' && p !== null && 'preempt' in p) return `decision ${JSON.stringify(p)} is both a placement and a preemption`;
  if (!Number.isInteger(id) || id < 0 || id >= taskCount || state[id] !== TaskState.Queued) return `placement ${JSON.stringify(p)} names no queued task`;
  return undefined;
}

/**
 * The GPUs a placement gives, as ranges, or why it gives none: exactly one of `ranges` (a
 * well-formed set) and `gpus` (a list of distinct GPU indices).
 */
export function placementRanges(p: Placement, gpuCount: number): GpuRanges | string {
  const hasRanges = p.ranges !== undefined, hasList = p.gpus !== undefined;
  if (hasRanges === hasList) return 'a placement gives its GPUs either as `ranges` or as a `gpus` list (exactly one)';
  if (hasRanges) return rangesProblem(p.ranges, gpuCount) ?? p.ranges!;
  const list: unknown = p.gpus;
  if (!Array.isArray(list)) return 'gpus is not a list';
  for (const g of list) if (!Number.isInteger(g) || g < 0 || g >= gpuCount) return `GPU ${String(g)} does not exist`;
  const r = rangesOf(list as number[]);
  if (rangesCount(r) !== list.length) {
    const seen = new Set<number>();
    for (const g of list as number[]) { if (seen.has(g)) return `GPU ${g} is given twice`; seen.add(g); }
  }
  return r;
}

/** The first GPU of `gpus` outside [first, end) (a site's GPUs), or -1. O(ranges). */
export function gpuOutside(gpus: GpuRanges, first: number, end: number): number {
  for (let i = 0; i < gpus.length; i += 2) {
    if (gpus[i] < first) return gpus[i];
    if (gpus[i + 1] > end) return Math.max(gpus[i], end);
  }
  return -1;
}

/**
 * What is wrong with a failover decision for a job holding `gpus` GPUs, or undefined when
 * it is valid: a known action, an existing site, a smaller whole GPU count, enough spares.
 */
export function failoverProblem(d: unknown, gpus: number, view: FailoverView, spareSize: number): string | undefined {
  const expected = 'expected { "action": "restart" [, "site"] }, { "action": "wait-for-repair" }, { "action": "swap" } or { "action": "shrink", "gpus" }';
  if (typeof d !== 'object' || d === null) return expected;
  const x = d as Partial<Record<string, unknown>>;
  switch (x.action) {
    case 'restart':
      if (x.site !== undefined && !view.sites.some((s) => s.id === x.site)) return `no site ${JSON.stringify(x.site)}; sites: ${view.sites.map((s) => s.id).join(', ')}`;
      return undefined;
    case 'wait-for-repair':
      return undefined;
    case 'swap':
      if (spareSize === 0) return 'swap needs a hot-spare pool, and the policy reserves none (spareGpus)';
      if (view.spareGpusReady < view.failedGpus) return `swap needs ${view.failedGpus} spare GPUs, the pool has ${view.spareGpusReady} ready`;
      return undefined;
    case 'shrink':
      if (!Number.isInteger(x.gpus) || (x.gpus as number) < 1 || (x.gpus as number) >= gpus) return `shrink needs a whole number of GPUs from 1 to ${gpus - 1} (the job has ${gpus}), got ${JSON.stringify(x.gpus)}`;
      return undefined;
    default:
      return expected;
  }
}

/** What is wrong with a replica failover decision, or undefined: `{ action: 'replace' }`, optionally in one of `sites`. */
export function replicaDecisionProblem(d: unknown, sites: readonly string[]): string | undefined {
  const x = d as { action?: unknown; site?: unknown } | null;
  if (x?.action !== 'replace' || (x.site !== undefined && !sites.includes(x.site as string))) {
    return `expected { "action": "replace" [, "site": one of ${sites.join(', ')}] }`;
  }
  return undefined;
}
