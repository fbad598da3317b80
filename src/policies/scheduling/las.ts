import { PolicyConfigError, type PolicyFactory } from '../registry.ts';
import type { QueuedWork, RunningWork, SchedulingPolicy } from '../types.ts';
import { booleanParam, fit, gpuTime, makeRoom, placeReplica } from './common.ts';

/** Tiresias' one queue threshold, in GPU-seconds (its simulator's `queue_limit[0]`). */
const TIRESIAS_THRESHOLD_GPU_S = 3250;

/**
 * Least attained service, discretized and two-dimensional as in Tiresias: work is ranked by
 * the GPU-time it has received (GPUs × time run, over all its attempts), in queues split at
 * `thresholds`; the lowest queue first, first come first served within a queue; waiting work
 * preempts running work of a lower-priority queue when it does not fit.
 */
export const las: PolicyFactory<SchedulingPolicy> = {
  name: 'las',
  description: 'Least attained service, discretized two-dimensional LAS of Tiresias (Gu et al., "Tiresias: A GPU Cluster Manager for Distributed Deep Learning", NSDI 2019): needs no knowledge of run times. Each task or job is ranked by its attained service — GPUs × time it has held them, over all its attempts — in priority queues split at `thresholds` (queue k holds work whose attained service is at least the k-th threshold); the first queue first, first come first served within a queue, packed best-fit like fifo; strict (when the first does not fit, nothing behind it starts). With `preempt`, waiting work that does not fit preempts running tasks and jobs of a lower-priority queue to make room — the lowest queue first, the latest arrival first within a queue, no more than needed. Decisions are taken at events (arrivals, completions, failures, repairs): work that crosses a threshold while running is demoted at the next one. Tiresias\' starvation guard (promoting work that waited long back to the first queue) is not modelled. Inference replicas are placed whenever they fit and are never preempted.',
  params: [
    {
      name: 'thresholds', type: 'list of increasing GPU-times (GPU-seconds, or durations: "1h" is one GPU-hour)',
      description: 'attained service at which work moves to the next, lower-priority queue; k thresholds make k + 1 queues', default: [TIRESIAS_THRESHOLD_GPU_S],
    },
    { name: 'preempt', type: 'boolean', description: 'preempt running work of a lower-priority queue when waiting work does not fit', default: true },
  ],
  create: (params) => {
    const thresholds = readThresholds(params.thresholds);
    const preempt = booleanParam(params, 'preempt', true);
    const queueOf = (attainedGpuS: number): number => {
      let k = 0;
      while (k < thresholds.length && attainedGpuS >= thresholds[k]) k++;
      return k;
    };
    return {
      name: 'las',
      preempts: preempt,
      schedule(queue, cluster, nowS) {
        const replica = placeReplica(queue, cluster);
        if (replica) return [replica];
        let top: QueuedWork | undefined, topQueue = Infinity;
        for (const w of queue) {
          if (w.kind === 'replica') continue;
          const k = queueOf(w.attainedGpuS);
          if (k < topQueue) { top = w; topQueue = k; }
        }
        if (!top) return [];
        const ranges = fit(top, cluster);
        if (ranges) return [{ workId: top.id, ranges }];
        if (!preempt) return [];
        const victims = cluster.runningWork()
          .map((r) => ({ r, k: queueOf(r.attainedGpuS) }))
          .filter((x) => x.r.kind !== 'replica' && x.k > topQueue && x.r.startS < nowS)
          .sort((a, b) => b.k - a.k || b.r.arrivalS - a.r.arrivalS || b.r.id - a.r.id)
          .map((x): RunningWork => x.r);
        return makeRoom(top, cluster, victims) ?? [];
      },
    };
  },
};

function readThresholds(v: unknown): number[] {
  if (v === undefined) return [TIRESIAS_THRESHOLD_GPU_S];
  const bad = (): never => {
    throw new PolicyConfigError('policies.scheduling.thresholds', `expected a list of increasing GPU-times > 0 (GPU-seconds, or durations such as "1h"), got ${JSON.stringify(v)}`);
  };
  if (!Array.isArray(v)) return bad();
  const out = v.map((x) => gpuTime(x) ?? bad());
  for (let i = 0; i < out.length; i++) if (!(out[i] > 0) || !Number.isFinite(out[i]) || (i > 0 && !(out[i] > out[i - 1]))) bad();
  return out;
}
