import { CLUSTER_LEVELS, coveredLevel, LEVEL_INFO, type ClusterLevel } from './failureTargets.ts';
import type { ClusterSpec, FailureTarget } from './types.ts';

/**
 * Where a component sits: indices within its site, as named by an id of the form
 * "east" (site), "east/r0" (rack 0), "east/r0/n3" (node 3 of that rack) or
 * "east/r0/n3/g1" (GPU 1 of that node). Indices count from 0.
 */
export interface ComponentAddress {
  readonly site: number;
  readonly rack: number;
  readonly node: number;
  readonly gpu: number;
  /** Index of a WAN link in `cluster.wan` (-1 for the other targets). */
  readonly link: number;
}

/** The numbers of an example id, one per level below the site ("east/r0/n3/g1"). */
const EXAMPLE_NUMBERS: { readonly [L in ClusterLevel]: number } = { site: 0, rack: 0, node: 3, gpu: 1 };

/** An example id of a level: "east", "east/r0", "east/r0/n3", "east/r0/n3/g1". */
export function exampleId(level: ClusterLevel): string {
  const parts = ['east'];
  for (const l of CLUSTER_LEVELS.slice(1, CLUSTER_LEVELS.indexOf(level) + 1)) parts.push(`${LEVEL_INFO[l].prefix}${EXAMPLE_NUMBERS[l]}`);
  return parts.join('/');
}

/** An address's index at a level (its site's index for the site). */
const indexAt = (a: ComponentAddress, level: ClusterLevel): number => a[level];

/**
 * The id of the component of a target at an address: the path down to its level
 * ("east/r0/n3" for a node; an uplink is named as its rack), or a WAN link's own id.
 * The inverse of {@link resolveComponent}.
 */
export function componentIdOf(cluster: ClusterSpec, target: FailureTarget, a: ComponentAddress): string {
  const level = coveredLevel(target);
  if (level === null) return cluster.wan![a.link].id;
  const parts = [cluster.sites[a.site].id];
  for (const l of CLUSTER_LEVELS.slice(1, CLUSTER_LEVELS.indexOf(level) + 1)) parts.push(`${LEVEL_INFO[l].prefix}${indexAt(a, l)}`);
  return parts.join('/');
}

/**
 * Resolves a component id of a target, or returns a message saying what was expected. A
 * target is named as the level it covers (an uplink as its rack: "east/r3"); a WAN link by
 * its id.
 */
export function resolveComponent(cluster: ClusterSpec, target: FailureTarget, id: string): ComponentAddress | string {
  const level = coveredLevel(target);
  if (level === null) {
    const links = cluster.wan ?? [];
    const link = links.findIndex((l) => l.id === id);
    if (link >= 0) return { site: -1, rack: -1, node: -1, gpu: -1, link };
    return links.length === 0 ? `no WAN link "${id}": the cluster has no "wan" links` : `no WAN link "${id}"; links: ${links.map((l) => l.id).join(', ')}`;
  }
  const depth = CLUSTER_LEVELS.indexOf(level) + 1;
  const parts = id.split('/');
  if (parts.length !== depth) return `expected a ${target} id such as "${exampleId(level)}"${target === level ? '' : ` (the ${level} it serves)`}, got "${id}"`;
  const site = cluster.sites.findIndex((s) => s.id === parts[0]);
  if (site < 0) return `no site "${parts[0]}"; sites: ${cluster.sites.map((s) => s.id).join(', ')}`;
  const s = cluster.sites[site];
  const out = { site, rack: 0, node: 0, gpu: 0, link: -1 };
  for (let k = 1; k < depth; k++) {
    const l = CLUSTER_LEVELS[k] as Exclude<ClusterLevel, 'site'>;
    const { prefix, noun } = LEVEL_INFO[l], count = LEVEL_INFO[l].perParent(s);
    const m = new RegExp(`^${prefix}(0|[1-9]\\d*)$`).exec(parts[k]);
    if (!m) return `expected "${prefix}<number>" for the ${noun} in "${id}", got "${parts[k]}"`;
    const i = Number(m[1]);
    if (i >= count) return `${noun} ${i} does not exist in "${id}": there are ${count} (${prefix}0 to ${prefix}${count - 1})`;
    out[l] = i;
  }
  return out;
}
