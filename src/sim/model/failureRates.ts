import { meanOf } from '../random/distributions.ts';
import type { FailureSpec, FailureTarget } from '../scenario/types.ts';
import type { Topology } from './Topology.ts';

const LEVELS: readonly FailureTarget[] = ['gpu', 'node', 'rack', 'site'];

/**
 * Expected wall time between interruptions of work holding a set of GPUs, from the
 * scenario's random failure rules: 1 / Σ (1 / mean time to failure), the sum over every
 * distinct component (GPU, node, rack or its uplink, site) under the GPUs that a rule covers. Exact for
 * exponential times to failure; the usual first-order estimate for others. Scheduled
 * outages are not random and do not count. Costs O(GPUs given).
 */
export function makeMtbfEstimator(topo: Topology, failures: readonly FailureSpec[]): (gpus: readonly number[]) => number {
  // An uplink failure cuts off its rack: it counts as a rack-level component. A WAN link
  // failure only interrupts work spanning sites, which this estimate leaves out.
  const rules = failures.flatMap((f) => f.kind === 'random' && f.target !== 'wan'
    ? [{ level: LEVELS.indexOf(f.target === 'uplink' ? 'rack' : f.target), rate: 1 / meanOf(f.timeToFailure), site: f.site === undefined ? -1 : topo.spec.sites.findIndex((s) => s.id === f.site) }]
    : []);
  if (rules.length === 0) return () => Infinity;
  const sites = topo.siteCount;
  const nodeMark = new Int32Array(topo.nodeCount), rackMark = new Int32Array(topo.rackCount), siteMark = new Int32Array(sites);
  // counts[level * sites + site]: distinct components of a level under the GPUs, per site.
  const counts = new Float64Array(4 * sites);
  let stamp = 0;
  return (gpus) => {
    stamp++;
    counts.fill(0);
    for (const g of gpus) {
      const node = topo.gpuNode[g], rack = topo.nodeRack[node], site = topo.rackSite[rack];
      counts[site]++;
      if (nodeMark[node] !== stamp) { nodeMark[node] = stamp; counts[sites + site]++; }
      if (rackMark[rack] !== stamp) { rackMark[rack] = stamp; counts[2 * sites + site]++; }
      if (siteMark[site] !== stamp) { siteMark[site] = stamp; counts[3 * sites + site]++; }
    }
    let rate = 0;
    for (const r of rules) {
      if (r.site >= 0) { rate += r.rate * counts[r.level * sites + r.site]; continue; }
      for (let s = 0; s < sites; s++) rate += r.rate * counts[r.level * sites + s];
    }
    return rate > 0 ? 1 / rate : Infinity;
  };
}
