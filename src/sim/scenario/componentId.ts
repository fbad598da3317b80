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

const LEVELS: readonly string[] = ['site', 'rack', 'node', 'gpu'];

/**
 * Resolves a component id at a level, or returns a message saying what was expected. An
 * uplink is named as its rack ("east/r3"); a WAN link by its id.
 */
export function resolveComponent(cluster: ClusterSpec, level: FailureTarget, id: string): ComponentAddress | string {
  if (level === 'wan') {
    const links = cluster.wan ?? [];
    const link = links.findIndex((l) => l.id === id);
    if (link >= 0) return { site: -1, rack: -1, node: -1, gpu: -1, link };
    return links.length === 0 ? `no WAN link "${id}": the cluster has no "wan" links` : `no WAN link "${id}"; links: ${links.map((l) => l.id).join(', ')}`;
  }
  const depth = LEVELS.indexOf(level === 'uplink' ? 'rack' : level) + 1;
  const parts = id.split('/');
  const example = ['east', 'east/r0', 'east/r0/n3', 'east/r0/n3/g1'][depth - 1];
  if (parts.length !== depth) return `expected a ${level} id such as "${example}"${level === 'uplink' ? ' (the rack it serves)' : ''}, got "${id}"`;
  const site = cluster.sites.findIndex((s) => s.id === parts[0]);
  if (site < 0) return `no site "${parts[0]}"; sites: ${cluster.sites.map((s) => s.id).join(', ')}`;
  const s = cluster.sites[site];
  const index = (p: string | undefined, prefix: string, count: number, what: string): number | string => {
    if (p === undefined) return 0;
    const m = new RegExp(`^${prefix}(0|[1-9]\\d*)$`).exec(p);
    if (!m) return `expected "${prefix}<number>" for the ${what} in "${id}", got "${p}"`;
    const i = Number(m[1]);
    return i < count ? i : `${what} ${i} does not exist in "${id}": there are ${count} (${prefix}0 to ${prefix}${count - 1})`;
  };
  const rack = index(parts[1], 'r', s.racks, 'rack');
  if (typeof rack === 'string') return rack;
  const node = index(parts[2], 'n', s.nodesPerRack, 'node');
  if (typeof node === 'string') return node;
  const gpu = index(parts[3], 'g', s.node.gpus, 'GPU');
  if (typeof gpu === 'string') return gpu;
  return { site, rack, node, gpu, link: -1 };
}
