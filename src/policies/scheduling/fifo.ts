import type { PolicyFactory } from '../registry.ts';
import type { SchedulingPolicy } from '../types.ts';
import { fit } from './common.ts';

/**
 * First in, first out: starts the oldest waiting task or job as soon as enough GPUs are
 * free, packed onto as few nodes as possible (a task needing a fraction of a GPU goes to
 * the fullest shared GPU with room). Strict: one that does not fit blocks those behind it
 * (no backfilling), as in a plain FCFS batch queue. Inference replicas are services, not
 * queued work: each is placed as soon as it fits and never blocks the queue.
 */
export const fifo: PolicyFactory<SchedulingPolicy> = {
  name: 'fifo',
  description: 'First in, first out: the oldest waiting task or job starts as soon as enough GPUs are free (best-fit packing onto nodes; a fraction of a GPU goes to the fullest shared GPU with room); one that does not fit blocks those behind it. Inference replicas are placed whenever they fit and never block the queue.',
  params: [],
  create: () => ({
    name: 'fifo',
    schedule(queue, cluster) {
      for (const w of queue) {
        const ranges = fit(w, cluster);
        if (ranges) return [{ workId: w.id, ranges }];
        if (w.kind !== 'replica') return [];
      }
      return [];
    },
  }),
};
