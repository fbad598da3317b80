import type { GpuRanges } from '../policy/GpuRanges.ts';
import { meanOf } from '../random/distributions.ts';
import { CLUSTER_LEVELS, coveredLevel } from '../scenario/failureTargets.ts';
import type { FailureSpec } from '../scenario/types.ts';
import type { Topology } from './Topology.ts';

/** Index of each level in the counts below. */
const GPU = CLUSTER_LEVELS.indexOf('gpu'), NODE = CLUSTER_LEVELS.indexOf('node'), RACK = CLUSTER_LEVELS.indexOf('rack'), SITE = CLUSTER_LEVELS.indexOf('site');

/**
 * Expected wall time between interruptions of work holding a set of GPUs, from the
 * scenario's random failure rules: 1 / Σ (1 / mean time to failure), the sum over every
 * distinct component (GPU, node, rack or its uplink, site) under the GPUs that a rule covers. Exact for
 * exponential times to failure; the usual first-order estimate for others. Scheduled
 * outages are not random and do not count. Costs O(ranges) (GPUs are numbered site by site,
 * rack by rack, node by node, so a range's nodes and racks are consecutive).
 */
export function makeMtbfEstimator(topo: Topology, failures: readonly FailureSpec[]): (gpus: GpuRanges) => number {
  // A target counts as a component of the level it covers (an uplink cuts off its rack: a
  // rack-level component). A WAN link covers no GPUs: its failure only interrupts work
  // spanning sites, which this estimate leaves out.
  const rules = failures.flatMap((f) => {
    const level = f.kind === 'random' ? coveredLevel(f.target) : null;
    return f.kind === 'random' && level !== null
      ? [{ level: CLUSTER_LEVELS.indexOf(level), rate: 1 / meanOf(f.timeToFailure), site: f.site === undefined ? -1 : topo.spec.sites.findIndex((s) => s.id === f.site) }]
      : [];
  });
  if (rules.length === 0) return () => Infinity;
  const sites = topo.siteCount;
  // counts[level * sites + site]: distinct components of a level under the GPUs, per site.
  const counts = new Float64Array(CLUSTER_LEVELS.length * sites);
  return (gpus) => {
    counts.fill(0);
    let lastNode = -1, lastRack = -1, lastSite = -1;
    for (let i = 0; i < gpus.length; i += 2) {
      for (let a = gpus[i], b = gpus[i + 1]; a < b;) {
        const site = topo.rackSite[topo.nodeRack[topo.gpuNode[a]]];
        const end = Math.min(b, topo.siteFirstGpu[site + 1]);
        // Distinct nodes and racks of [a, end): those it touches, less one shared with the previous range.
        const n0 = topo.gpuNode[a], n1 = topo.gpuNode[end - 1];
        const r0 = topo.nodeRack[n0], r1 = topo.nodeRack[n1];
        counts[GPU * sites + site] += end - a;
        counts[NODE * sites + site] += n1 - n0 + 1 - (n0 === lastNode ? 1 : 0);
        counts[RACK * sites + site] += r1 - r0 + 1 - (r0 === lastRack ? 1 : 0);
        if (site !== lastSite) counts[SITE * sites + site]++;
        lastNode = n1; lastRack = r1; lastSite = site;
        a = end;
      }
    }
    let rate = 0;
    for (const r of rules) {
      if (r.site >= 0) { rate += r.rate * counts[r.level * sites + r.site]; continue; }
      for (let s = 0; s < sites; s++) rate += r.rate * counts[r.level * sites + s];
    }
    return rate > 0 ? 1 / rate : Infinity;
  };
}
