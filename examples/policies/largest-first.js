// @ts-check
/**
 * largest-first — an example scheduling policy for dcsim, in plain JavaScript.
 *
 *   npx dcsim run examples/policies/mixed-sizes.json --policy-module examples/policies/largest-first.js
 *
 * Of the work waiting, it starts the one needing the most GPUs that fits on the free GPUs
 * now (the oldest of equals first); work that does not fit never blocks smaller work behind
 * it. So that small work is not starved, work that has waited longer than `maxWait` seconds
 * goes before the rest, oldest first. Inference replicas are placed whenever they fit.
 *
 * A policy module exports (as its default export, as `policy`, or in a list `policies`) an
 * object { family, name, description, params, create(params) }: `family` is "scheduling",
 * "failover" or "backup"; `create` gets the parameters the scenario gives (only names listed
 * in `params`; defaults are the policy's business) and returns the policy — for scheduling,
 * an object with `schedule(queue, cluster, nowS)` returning the placements to make now,
 * `[{ workId, gpus }]`. The model checks every placement; one that is invalid, or an error
 * thrown here, fails the run with a message naming the policy. The types are in
 * src/policies/types.ts.
 */

/** @typedef {import('../../src/policies/types.ts').SchedulingPolicy} SchedulingPolicy */
/** @typedef {import('../../src/policies/types.ts').QueuedWork} QueuedWork */
/** @typedef {import('../../src/policies/types.ts').ClusterView} ClusterView */

/**
 * GPUs on which `w` can start now, or null.
 * @param {QueuedWork} w
 * @param {ClusterView} cluster
 * @returns {number[] | null}
 */
function gpusFor(w, cluster) {
  if (w.gpus < 1) {
    const g = cluster.findSharedGpu(w.gpus);
    return g === null ? null : [g];
  }
  return w.gpus <= cluster.freeGpuCount ? cluster.findFreeGpus(w.gpus, w.site) : null;
}

export default {
  family: 'scheduling',
  name: 'largest-first',
  description: 'Starts the waiting work that needs the most GPUs among what fits now (oldest of equals first); nothing blocks. Work that has waited longer than maxWait goes first, oldest first.',
  params: [
    { name: 'maxWait', type: 'number (seconds) ≥ 0', default: 3600, description: 'work waiting longer than this starts before the rest, oldest first' },
  ],
  /**
   * @param {Readonly<Record<string, unknown>>} params
   * @returns {SchedulingPolicy}
   */
  create(params) {
    const maxWait = params.maxWait ?? 3600;
    if (typeof maxWait !== 'number' || !(maxWait >= 0)) {
      throw new Error(`maxWait must be a number of seconds >= 0, got ${JSON.stringify(params.maxWait)}`);
    }
    return {
      name: 'largest-first',
      schedule(queue, cluster, nowS) {
        for (const w of queue) {
          if (w.kind !== 'replica') continue;
          const gpus = gpusFor(w, cluster);
          if (gpus) return [{ workId: w.id, gpus }];
        }
        /** @param {QueuedWork} w */
        const aged = (w) => nowS - w.arrivalS > maxWait;
        const waiting = queue.filter((w) => w.kind !== 'replica');
        waiting.sort((a, b) => Number(aged(b)) - Number(aged(a))
          || (aged(a) ? 0 : b.gpus - a.gpus)
          || a.arrivalS - b.arrivalS);
        for (const w of waiting) {
          const gpus = gpusFor(w, cluster);
          if (gpus) return [{ workId: w.id, gpus }];
        }
        return [];
      },
    };
  },
};
