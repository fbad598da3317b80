import type { PolicyFactory } from '../registry.ts';
import type { QueuedWork, SchedulingPolicy } from '../types.ts';
import { fit, placeReplica } from './common.ts';

/**
 * Shortest job first: the waiting task or job with the least work (`workS`, at speed 1.0)
 * starts first, ties by arrival; non-preemptive; strict like fifo (when it does not fit,
 * nothing else starts). Inference replicas are placed whenever they fit.
 */
export const sjf: PolicyFactory<SchedulingPolicy> = {
  name: 'sjf',
  description: 'Shortest job first (non-preemptive; Conway, Maxwell & Miller, "Theory of Scheduling", 1967): the waiting task or job with the least work (its service time at speed 1.0, known in advance) starts first, ties by arrival, packed best-fit like fifo. Running work is never stopped. Strict: when the shortest does not fit, nothing else starts (see easy-backfill for filling gaps). Inference replicas are placed whenever they fit and never block. Minimises the mean response time among non-preemptive orders on one server, at the cost of long work waiting behind a stream of short work.',
  params: [],
  create: () => ({
    name: 'sjf',
    schedule(queue, cluster) {
      const replica = placeReplica(queue, cluster);
      if (replica) return [replica];
      let best: QueuedWork | undefined;
      for (const w of queue) {
        if (w.kind === 'replica') continue;
        if (!best || w.workS < best.workS) best = w; // the queue is in arrival order: ties keep the earliest
      }
      if (!best) return [];
      const ranges = fit(best, cluster);
      return ranges ? [{ workId: best.id, ranges }] : [];
    },
  }),
};
