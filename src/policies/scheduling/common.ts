/**
 * Pieces the built-in scheduling policies share: fitting work as fifo does, placing waiting
 * inference replicas first, choosing running work to preempt, and reading parameters.
 */
import { parseDuration } from '../../sim/scenario/units.ts';
import { PolicyConfigError } from '../registry.ts';
import { rangesOf, rangesToList, type GpuRanges } from '../../sim/policy/GpuRanges.ts';
import type { ClusterView, Placement, QueuedWork, RunningWork, ScheduleDecision } from '../types.ts';

/**
 * GPUs for `w` now, as fifo places it, as ranges: a share of one GPU for a fraction (the
 * fullest shared GPU with room), else best fit onto as few nodes as possible (in its site when
 * pinned); null when it does not fit. O(ranges), whatever the size of the work.
 */
export function fit(w: QueuedWork, cluster: ClusterView): GpuRanges | null {
  if (w.gpus < 1) {
    const g = cluster.findSharedGpu(w.gpus);
    return g === null ? null : [g, g + 1];
  }
  return cluster.findFreeGpuRanges(w.gpus, w.site);
}

/**
 * The first waiting inference replica (in queue order) that fits and that `allowed` lets
 * start, as a placement; null when none. Replicas are services, not queued work: every
 * built-in places them whenever they fit, and one that does not fit never blocks the queue.
 */
export function placeReplica(queue: readonly QueuedWork[], cluster: ClusterView, allowed: (w: QueuedWork) => boolean = () => true): Placement | null {
  for (const w of queue) {
    if (w.kind !== 'replica' || !allowed(w)) continue;
    const ranges = fit(w, cluster);
    if (ranges) return { workId: w.id, ranges };
  }
  return null;
}

/** Site id of a GPU. */
export const siteOfGpu = (cluster: ClusterView, gpu: number): string => cluster.siteOfRack(cluster.rackOfGpu(gpu));

/** Free GPUs in a site (O(racks)), or in the whole cluster when `site` is undefined. */
export function freeGpusIn(cluster: ClusterView, site: string | undefined): number {
  if (site === undefined) return cluster.freeGpuCount;
  let free = 0;
  for (let r = 0; r < cluster.rackCount; r++) if (cluster.siteOfRack(r) === site) free += cluster.freeGpusOnRack(r);
  return free;
}

/**
 * Makes room for whole-GPU work `w` by preemption: takes `candidates` (running work the
 * caller may preempt, most expendable first) in order until the free GPUs (in w's site) and
 * theirs cover w's need, then spares every victim not needed after all (trying the least
 * expendable first), so that no victim could be left running. Returns the decisions —
 * the preemptions, then w's placement on the free GPUs and the victims' — or null when w
 * needs a fraction of a GPU, or even preempting every candidate would not make room. Only
 * candidates holding whole GPUs count (a GPU shared by fractions frees only when all leave).
 */
export function makeRoom(w: QueuedWork, cluster: ClusterView, candidates: readonly RunningWork[]): ScheduleDecision[] | null {
  const need = w.gpus;
  if (!(need >= 1)) return null;
  const free = freeGpusIn(cluster, w.site);
  const usable = (r: RunningWork): number[] => (w.site === undefined ? rangesToList(r.ranges) : r.gpus.filter((g) => siteOfGpu(cluster, g) === w.site));
  const chosen: { r: RunningWork; gpus: number[] }[] = [];
  let total = free;
  for (const r of candidates) {
    if (total >= need) break;
    if (!(r.need >= 1)) continue;
    const gpus = usable(r);
    if (gpus.length === 0) continue;
    chosen.push({ r, gpus });
    total += gpus.length;
  }
  if (total < need || chosen.length === 0) return null;
  for (let i = chosen.length - 1; i >= 0; i--) {
    if (total - chosen[i].gpus.length >= need) {
      total -= chosen[i].gpus.length;
      chosen.splice(i, 1);
    }
  }
  const take = Math.min(need, free);
  const gpus = take > 0 ? cluster.findFreeGpus(take, w.site) : [];
  if (gpus === null) return null;
  for (const c of chosen) for (const g of c.gpus) if (gpus.length < need) gpus.push(g);
  const sites = [...new Set(gpus.map((g) => siteOfGpu(cluster, g)))];
  if (sites.some((a) => sites.some((b) => !cluster.sitesJoined(a, b)))) return null; // across a WAN link that is down
  return [...chosen.map((c) => ({ preempt: c.r.id })), { workId: w.id, ranges: rangesOf(gpus) }];
}

/** Reads an optional number parameter, checked by `ok`; `expected` says what it takes. */
export function numberParam(params: Readonly<Record<string, unknown>>, name: string, fallback: number, ok: (x: number) => boolean, expected: string): number {
  const v = params[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !ok(v)) throw new PolicyConfigError(`policies.scheduling.${name}`, `expected ${expected}, got ${JSON.stringify(v)}`);
  return v;
}

/** Reads an optional true/false parameter. */
export function booleanParam(params: Readonly<Record<string, unknown>>, name: string, fallback: boolean): boolean {
  const v = params[name];
  if (v === undefined) return fallback;
  if (typeof v !== 'boolean') throw new PolicyConfigError(`policies.scheduling.${name}`, `expected true or false, got ${JSON.stringify(v)}`);
  return v;
}

/**
 * Reads an amount of GPU time: a number of GPU-seconds, or a duration ("1h" is one
 * GPU-hour, 3600 GPU-seconds).
 */
export function gpuTime(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string') return parseDuration(v);
  return undefined;
}
