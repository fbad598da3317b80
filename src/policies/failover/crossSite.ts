import type { PolicyFactory } from '../registry.ts';
import type { FailoverPolicy, FailoverView } from '../types.ts';
import { restartInOwnSite } from './restartFromCheckpoint.ts';

/** The up site other than `except` with the most free GPUs (at least `need`), or undefined. */
function bestOtherSite(cluster: FailoverView, except: string, need: number): string | undefined {
  let best: { id: string; freeGpus: number } | undefined;
  for (const s of cluster.sites) {
    if (s.id === except || !s.up || s.gpus < need) continue;
    if (!best || s.freeGpus > best.freeGpus) best = s;
  }
  return best?.id;
}

/**
 * Disaster recovery across sites (active–passive failover, as in multi-region serving and
 * the "pilot light"/"warm standby" patterns): when the site a job or replica ran in is down,
 * restart the training job in another site — reading its checkpoint over the WAN, or from
 * the newest copy already there when its own site is unreachable (storage `copy`), else from
 * scratch — and place the replica's replacement in another site, paying detection, the
 * transfer and its start-up time. While the site is up it behaves as restart-from-checkpoint.
 */
export const crossSite: PolicyFactory<FailoverPolicy> = {
  name: 'cross-site',
  description: 'When the site a job or inference replica ran in is down, restart the job in the up site with the most free GPUs (reading its checkpoint over the WAN, or from the newest copy there), and place the replica\'s replacement there; otherwise restart in the same site.',
  params: [],
  create: () => ({
    name: 'cross-site',
    onInterrupted: (job, _cause, _now, cluster) => {
      const home = cluster.sites.find((s) => s.id === cluster.site);
      if (home && !home.up) {
        const other = bestOtherSite(cluster, home.id, job.gpus);
        if (other) return { action: 'restart', site: other };
      }
      return restartInOwnSite(job, cluster);
    },
    onReplicaFailed: (replica, _cause, _now, cluster) => {
      const home = cluster.sites.find((s) => s.id === cluster.site);
      if (home && !home.up) {
        const other = bestOtherSite(cluster, home.id, 1);
        if (other) return { action: 'replace', site: other };
      }
      return replica.pinnedSite === undefined ? { action: 'replace' } : { action: 'replace', site: replica.pinnedSite };
    },
  }),
};
