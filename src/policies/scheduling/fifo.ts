import type { PolicyFactory } from '../registry.ts';
import type { SchedulingPolicy } from '../types.ts';

/**
 * First in, first out: starts the oldest waiting task as soon as enough GPUs are free,
 * packed onto as few nodes as possible. Strict: a task that does not fit blocks the ones
 * behind it (no backfilling), as in a plain FCFS batch queue.
 */
export const fifo: PolicyFactory<SchedulingPolicy> = {
  name: 'fifo',
  description: 'First in, first out: the oldest waiting task starts as soon as enough GPUs are free (best-fit packing onto nodes; a task needing a fraction of a GPU goes to the fullest shared GPU with room); a task that does not fit blocks those behind it.',
  params: [],
  create: () => ({
    name: 'fifo',
    schedule(queue, cluster) {
      const head = queue[0];
      if (!head) return [];
      if (head.gpus < 1) {
        const g = cluster.findSharedGpu(head.gpus);
        return g === null ? [] : [{ workId: head.id, gpus: [g] }];
      }
      const gpus = cluster.findFreeGpus(head.gpus, head.site);
      return gpus ? [{ workId: head.id, gpus }] : [];
    },
  }),
};
