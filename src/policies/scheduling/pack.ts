import type { PolicyFactory } from '../registry.ts';
import type { ClusterView, QueuedWork, SchedulingPolicy } from '../types.ts';

/**
 * Topology-aware packing: fifo's order, but a gang that spans nodes is kept within one rack
 * when one has room (best fit: the rack with the fewest free GPUs that still fits it), else
 * spread over as few racks as possible (the roomiest first). Work that fits on one node, and
 * fractions of a GPU, are placed as fifo places them (best fit on nodes).
 */
export const pack: PolicyFactory<SchedulingPolicy> = {
  name: 'pack',
  description: 'Topology-aware packing: first come, first served like fifo (strict: the oldest waiting task or job blocks those behind it; inference replicas are placed whenever they fit), but a gang that needs more than one node is placed within one rack when one has room — best fit, the rack with the fewest free GPUs that still fits it, so that roomy racks stay whole for later gangs — and otherwise over as few racks as possible (the roomiest racks first), within each rack onto as few nodes as possible. Traffic of a gang then stays under one rack switch, and a rack failure hits fewer gangs. Work that fits on one node is placed best-fit on nodes, and fractions of a GPU on the fullest shared GPU with room, as in fifo. As in the placement of Tiresias (Gu et al., NSDI 2019) and the topology-aware schedulers of Slurm (topology/tree) and Kubernetes.',
  params: [],
  create: () => ({
    name: 'pack',
    schedule(queue, cluster) {
      for (const w of queue) {
        const gpus = packGpus(w, cluster);
        if (gpus) return [{ workId: w.id, gpus }];
        if (w.kind !== 'replica') return [];
      }
      return [];
    },
  }),
};

/** GPUs for `w` packed by rack, or null when it does not fit (in its site, when pinned). */
export function packGpus(w: QueuedWork, cluster: ClusterView): number[] | null {
  if (w.gpus < 1) {
    const g = cluster.findSharedGpu(w.gpus);
    return g === null ? null : [g];
  }
  const need = w.gpus;
  const onNodes = cluster.findFreeGpus(need, w.site);
  if (!onNodes) return null;
  const node = cluster.nodeOfGpu(onNodes[0]);
  if (onNodes.every((g) => cluster.nodeOfGpu(g) === node)) return onNodes;
  // A gang across nodes: the best-fit rack, else the fewest racks (within the sites the
  // cluster's own proposal spans: one site while a WAN link is down).
  const sites = new Set(onNodes.map((g) => cluster.siteOfRack(cluster.rackOfGpu(g))));
  const racks: number[] = [];
  let best = -1;
  for (let r = 0; r < cluster.rackCount; r++) {
    const free = cluster.freeGpusOnRack(r);
    if (free === 0 || !sites.has(cluster.siteOfRack(r)) || (w.site !== undefined && cluster.siteOfRack(r) !== w.site)) continue;
    racks.push(r);
    if (free >= need && (best < 0 || free < cluster.freeGpusOnRack(best))) best = r;
  }
  if (best >= 0) return cluster.findFreeGpusInRack(need, best);
  racks.sort((a, b) => cluster.freeGpusOnRack(b) - cluster.freeGpusOnRack(a) || a - b);
  const out: number[] = [];
  for (const r of racks) {
    if (out.length === need) break;
    const got = cluster.findFreeGpusInRack(Math.min(need - out.length, cluster.freeGpusOnRack(r)), r);
    if (got) out.push(...got);
  }
  return out.length === need ? out : null;
}
