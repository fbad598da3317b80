import { rangesCount, rangesToList } from '../../sim/policy/GpuRanges.ts';
import type { PolicyFactory } from '../registry.ts';
import type { ClusterView, QueuedWork, SchedulingPolicy } from '../types.ts';
import { fit, freeGpusIn, placeReplica, siteOfGpu } from './common.ts';

/**
 * EASY backfilling: FIFO, but when the head of the queue does not fit it gets a reservation
 * at the shadow time — the earliest time enough GPUs free up, from the expected ends of the
 * running work — and later work may start now if it fits and either ends by the shadow time
 * or uses only GPUs the head will not need then (the extra GPUs).
 */
export const easyBackfill: PolicyFactory<SchedulingPolicy> = {
  name: 'easy-backfill',
  description: 'EASY backfilling (Lifka, "The ANL/IBM SP scheduling system", JSSPP 1995; Mu\'alem & Feitelson, IEEE TPDS 12(6), 2001): first come, first served, packed best-fit like fifo; when the oldest waiting task or job does not fit, it gets a reservation at the shadow time — the earliest time enough GPUs will be free, from the expected ends of the running work (a batch task: its start plus its work at its GPUs\' speed; a training job: an estimate, the work left after its last checkpoint; an inference replica never ends) — and later work may start now if it fits and either will end by the shadow time (its work at the speed of the GPUs proposed) or takes only extra GPUs, those the head will not need at the shadow time. The head is never delayed by backfilled work as long as the expected ends hold (failures and training estimates can make them wrong). When the head cannot fit even once all running work ends (GPUs down), it holds no reservation and any work that fits may start. Inference replicas are placed whenever they fit.',
  params: [],
  create: () => ({
    name: 'easy-backfill',
    schedule(queue, cluster, nowS) {
      const replica = placeReplica(queue, cluster);
      if (replica) return [replica];
      let h = 0;
      while (h < queue.length && queue[h].kind === 'replica') h++;
      if (h === queue.length) return [];
      const head = queue[h];
      const ranges = fit(head, cluster);
      if (ranges) return [{ workId: head.id, ranges }];
      const { shadowS, extra } = reservation(head, cluster, nowS);
      const inHeadSite = (g: number): boolean => head.site === undefined || siteOfGpu(cluster, g) === head.site;
      for (let i = h + 1; i < queue.length; i++) {
        const w = queue[i];
        if (w.kind === 'replica') continue;
        const r = fit(w, cluster);
        if (!r) continue;
        // A candidate's GPUs one by one: backfilled work is small next to the head it waits behind.
        const g = rangesToList(r);
        let speed = Infinity;
        for (const x of g) speed = Math.min(speed, cluster.gpuSpeed(x));
        // GPUs it takes that the head could use: whole ones in the head's site (a share of an
        // already shared GPU takes none).
        const takes = w.gpus < 1 ? (cluster.isGpuFree(g[0]) && inHeadSite(g[0]) ? 1 : 0) : g.filter(inHeadSite).length;
        if (nowS + w.workS / speed <= shadowS || takes <= extra) return [{ workId: w.id, ranges: r }];
      }
      return [];
    },
  }),
};

/**
 * The head's reservation: the shadow time (the earliest expected end of running work at which
 * the free GPUs, in the head's site, reach its need) and the extra GPUs then (free beyond its
 * need). No reservation (Infinity, Infinity) when it cannot fit even once all running work ends.
 */
function reservation(head: QueuedWork, cluster: ClusterView, nowS: number): { shadowS: number; extra: number } {
  const need = Math.max(1, head.gpus);
  let avail = freeGpusIn(cluster, head.site);
  const ends: { endS: number; gpus: number }[] = [];
  for (const r of cluster.runningWork()) {
    if (!(r.need >= 1) || r.expectedEndS === Infinity) continue;
    const n = head.site === undefined ? rangesCount(r.ranges) : r.gpus.filter((g) => siteOfGpu(cluster, g) === head.site).length;
    if (n > 0) ends.push({ endS: Math.max(nowS, r.expectedEndS), gpus: n });
  }
  ends.sort((a, b) => a.endS - b.endS);
  for (let i = 0; i < ends.length; i++) {
    avail += ends[i].gpus;
    if (avail >= need) {
      const shadowS = ends[i].endS;
      while (i + 1 < ends.length && ends[i + 1].endS === shadowS) avail += ends[++i].gpus;
      return { shadowS, extra: avail - need };
    }
  }
  return { shadowS: Infinity, extra: Infinity };
}
