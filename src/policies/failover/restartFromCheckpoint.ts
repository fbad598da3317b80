import type { PolicyFactory } from '../registry.ts';
import type { FailoverDecision, FailoverPolicy, FailoverView, TrainingJobView } from '../types.ts';

/**
 * The usual response of large training runs (e.g. the Llama 3 run: Dubey et al., 2024,
 * §3.3.4): on any failure under the job, stop it, give back its GPUs, and restart it from
 * its last completed checkpoint as soon as the scheduler finds enough healthy GPUs — spare
 * capacity or the repaired ones — in the same site, where its checkpoints are (anywhere,
 * when the site is too small to hold it alone).
 */
/** Restart in the job's own site when that site alone can hold it, else anywhere. */
export function restartInOwnSite(job: TrainingJobView, cluster: FailoverView): FailoverDecision {
  const site = cluster.sites.find((s) => s.id === cluster.site);
  return site && site.gpus >= job.gpus ? { action: 'restart', site: site.id } : { action: 'restart' };
}

export const restartFromCheckpoint: PolicyFactory<FailoverPolicy> = {
  name: 'restart-from-checkpoint',
  description: 'Stop the interrupted job, release its GPUs and restart it from its last completed checkpoint as soon as enough healthy GPUs are free in its site (spare capacity or repaired GPUs), paying the restart time. Inference replicas are replaced where their service is pinned.',
  params: [],
  create: () => ({
    name: 'restart-from-checkpoint',
    onInterrupted: (job, _cause, _now, cluster) => restartInOwnSite(job, cluster),
  }),
};
