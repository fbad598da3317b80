import type { PolicyFactory } from '../registry.ts';
import type { QueuedWork, RunningWork, ScheduleDecision, SchedulingPolicy } from '../types.ts';
import { booleanParam, fit, makeRoom, numberParam, placeReplica } from './common.ts';

/**
 * Priority by workload weight: the waiting work of the highest weight starts first (first
 * come, first served within a weight), packed as fifo packs. Strict: when that work does not
 * fit, nothing of lower weight starts (inference replicas excepted: they are placed whenever
 * they fit and never block). Work of weight ≥ `critical` is critical; a fraction `reserve` of
 * the provisioned GPUs is kept for it (other work may hold at most the rest). With `preempt`,
 * work that does not fit preempts running tasks and jobs of lower weight to make room.
 */
export const priority: PolicyFactory<SchedulingPolicy> = {
  name: 'priority',
  description: 'Priority by workload weight, as in the priority classes of production cluster schedulers (Kubernetes PriorityClass with preemption, Slurm partition priority): the waiting work of the highest weight starts first, first come first served within a weight, packed best-fit like fifo; when it does not fit, nothing of lower weight starts (inference replicas are placed whenever they fit). Work of weight at least `critical` is critical, and a fraction `reserve` of the provisioned GPUs is kept for it: other work may hold at most the rest. With `preempt`, waiting work that does not fit preempts running tasks and jobs of lower weight to make room — the lowest weight first, the most recently started first within a weight, no more than needed — and starts at once on the GPUs freed. Replicas are never preempted; work that started at this instant is not either.',
  params: [
    { name: 'critical', type: 'number ≥ 0', description: 'weight at or above which work is critical (may use the reserve)', default: 2 },
    { name: 'reserve', type: 'number in [0, 1)', description: 'fraction of the provisioned GPUs only critical work may hold', default: 0 },
    { name: 'preempt', type: 'boolean', description: 'preempt running work of lower weight when the highest-priority waiting work does not fit', default: false },
  ],
  create: (params) => {
    const critical = numberParam(params, 'critical', 2, (x) => x >= 0 && Number.isFinite(x), 'a number ≥ 0');
    const reserve = numberParam(params, 'reserve', 0, (x) => x >= 0 && x < 1, 'a number from 0 up to (not including) 1');
    const preempt = booleanParam(params, 'preempt', false);
    return {
      name: 'priority',
      preempts: preempt,
      schedule(queue, cluster, nowS): readonly ScheduleDecision[] {
        // Non-critical work may hold at most `cap` GPUs; what it holds is counted only when needed.
        const cap = cluster.gpuCount - Math.ceil(reserve * cluster.gpuCount);
        let held = -1;
        const allowed = (w: QueuedWork): boolean => {
          if (reserve === 0 || w.weight >= critical) return true;
          if (held < 0) {
            held = 0;
            for (const r of cluster.runningWork()) if (r.weight < critical) held += r.need;
          }
          return held + w.gpus <= cap;
        };
        const replica = placeReplica(queue, cluster, allowed);
        if (replica) return [replica];
        // The highest-weight waiting task or job (the earliest of them), and replica.
        let top: QueuedWork | undefined, topReplica: QueuedWork | undefined;
        for (const w of queue) {
          if (w.kind === 'replica') { if (!topReplica || w.weight > topReplica.weight) topReplica = w; }
          else if (!top || w.weight > top.weight) top = w;
        }
        const room = (w: QueuedWork): readonly ScheduleDecision[] | null => {
          if (!preempt || !allowed(w)) return null;
          const victims = cluster.runningWork()
            .filter((r) => r.kind !== 'replica' && r.weight < w.weight && r.startS < nowS)
            .sort(expendableFirst);
          return makeRoom(w, cluster, victims);
        };
        if (topReplica && (!top || topReplica.weight >= top.weight)) {
          const d = room(topReplica);
          if (d) return d;
        }
        if (!top) return [];
        if (allowed(top)) {
          const ranges = fit(top, cluster);
          if (ranges) return [{ workId: top.id, ranges }];
        }
        return room(top) ?? [];
      },
    };
  },
};

/** Lowest weight first; within a weight, the most recently started first. */
function expendableFirst(a: RunningWork, b: RunningWork): number {
  return a.weight - b.weight || b.startS - a.startS || b.id - a.id;
}
