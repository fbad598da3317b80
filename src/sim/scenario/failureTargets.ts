/**
 * The failure targets: what a random failure, a scheduled outage, a traced failure or a
 * planned maintenance can take down. One entry per target; the scenario's types and schema,
 * component ids, component counts, the model (topology, MTBF estimates, per-target counts,
 * what a failure does to storage and checkpoints), the timeline and the UI read this table.
 *
 * A leaf module: it imports nothing, so every layer may read it.
 */

/**
 * The levels of the cluster's hierarchy, top down: a site holds racks, a rack nodes, a node
 * GPUs. A component id names one level's component by the path down to it, one part per
 * level ("east/r0/n3/g1": site "east", rack 0, node 3, GPU 1).
 */
export const CLUSTER_LEVELS = ['site', 'rack', 'node', 'gpu'] as const;

/** A level of the cluster's hierarchy. */
export type ClusterLevel = (typeof CLUSTER_LEVELS)[number];

/** The shape of a site that counts need (a scenario's site, parsed or not). */
export interface SiteShape {
  readonly id: string;
  readonly racks: number;
  readonly nodesPerRack: number;
  readonly node: { readonly gpus: number };
}

/** The shape of a cluster that counts need (a scenario's cluster, parsed or not). */
export interface ClusterShape {
  readonly sites: readonly SiteShape[];
  readonly wan?: readonly { readonly sites: readonly string[] }[];
}

/** How a level appears in ids, and how many of its components one of the level above holds. */
export interface LevelInfo {
  /** The letter before its number in an id ("r" in "east/r0"); none for a site (named by its id). */
  readonly prefix: string;
  /** What one is called in messages ("GPU"). */
  readonly noun: string;
  /** How many one component of the level above holds (a site: 1, it is the top). */
  perParent(site: SiteShape): number;
}

/** Per level: its id part and its count formula. */
export const LEVEL_INFO: { readonly [L in ClusterLevel]: LevelInfo } = {
  site: { prefix: '', noun: 'site', perParent: () => 1 },
  rack: { prefix: 'r', noun: 'rack', perParent: (s) => s.racks },
  node: { prefix: 'n', noun: 'node', perParent: (s) => s.nodesPerRack },
  gpu: { prefix: 'g', noun: 'GPU', perParent: (s) => s.node.gpus },
};

/** What a failure target is: one entry of {@link FAILURE_TARGET_TABLE}. */
export interface FailureTargetInfo {
  /**
   * What it covers, and so how its components are counted and named: a level of the
   * cluster — it covers the GPUs of one component of that level, has as many components
   * as that level and is named as that component (an uplink: "east/r3", its rack) — or
   * `'wan-link'`: a WAN link, covering no GPUs, one per link of `cluster.wan` and named by
   * the link's id.
   */
  readonly covers: ClusterLevel | 'wan-link';
  /** What one component is called in messages, docs and the UI ("WAN link"). */
  readonly noun: string;
  /** The article before {@link noun} ("an uplink"). */
  readonly article: 'a' | 'an';
  /** One line for the docs and the UI: what fails, and what that does. */
  readonly description: string;
  /**
   * A failure of it (not a planned maintenance) takes down the storage on the whole racks it
   * covers, and their stored pieces with it (a rack or site: power; not an uplink).
   */
  readonly takesDownStorage: boolean;
  /**
   * Work it interrupts keeps its local (in-memory, peer-copied) checkpoints: only the
   * failed GPUs or node are lost, their peers hold the copies.
   */
  readonly keepsLocalCheckpoints: boolean;
}

/**
 * Every failure target, in the order results list them (`failures.byTarget`,
 * `interruptions.byCause`, the timeline's cause codes). Adding a target is one entry here
 * when it covers a level of the cluster the model already knows (what it does beyond
 * taking its GPUs down is the model's to add); the scenario format, ids, counts and
 * results follow.
 */
export const FAILURE_TARGET_TABLE = {
  gpu: {
    covers: 'gpu', noun: 'GPU', article: 'a', takesDownStorage: false, keepsLocalCheckpoints: true,
    description: 'one GPU ("east/r0/n3/g1"): the work on it stops',
  },
  node: {
    covers: 'node', noun: 'node', article: 'a', takesDownStorage: false, keepsLocalCheckpoints: true,
    description: 'one node and its GPUs ("east/r0/n3")',
  },
  rack: {
    covers: 'rack', noun: 'rack', article: 'a', takesDownStorage: true, keepsLocalCheckpoints: false,
    description: 'a whole rack ("east/r0"): its nodes and the storage on it (power, cooling)',
  },
  site: {
    covers: 'site', noun: 'site', article: 'a', takesDownStorage: true, keepsLocalCheckpoints: false,
    description: 'a whole site ("east"): every rack and its storage (a regional outage)',
  },
  uplink: {
    covers: 'rack', noun: 'uplink', article: 'an', takesDownStorage: false, keepsLocalCheckpoints: false,
    description: 'a rack\'s network uplink, named as its rack ("east/r3"): the rack\'s GPUs are cut off, its stored data is kept',
  },
  wan: {
    covers: 'wan-link', noun: 'WAN link', article: 'a', takesDownStorage: false, keepsLocalCheckpoints: false,
    description: 'a WAN link between two sites, by its id ("east-west"): work spanning them stops, copies over it are cut',
  },
} as const satisfies Readonly<Record<string, FailureTargetInfo>>;

/** What a failure can strike: a key of {@link FAILURE_TARGET_TABLE}. */
export type FailureTarget = keyof typeof FAILURE_TARGET_TABLE;

/** Every failure target, in table order (the order results list them). */
export const FAILURE_TARGETS: readonly FailureTarget[] = Object.keys(FAILURE_TARGET_TABLE) as FailureTarget[];

/** True when `name` is a failure target. */
export const isFailureTarget = (name: string): name is FailureTarget => Object.hasOwn(FAILURE_TARGET_TABLE, name);

/** The entry of a target. */
export const failureTargetInfo = (target: FailureTarget): FailureTargetInfo => FAILURE_TARGET_TABLE[target];

/** The level of the cluster a target covers and is named and counted as; null for a WAN link. */
export function coveredLevel(target: FailureTarget): ClusterLevel | null {
  const c: FailureTargetInfo['covers'] = FAILURE_TARGET_TABLE[target].covers;
  return c === 'wan-link' ? null : c;
}

/** A record with a value per target, in table order (a count per target starts at 0: `byTarget(() => 0)`). */
export function byTarget<T>(value: (target: FailureTarget) => T): Record<FailureTarget, T> {
  return Object.fromEntries(FAILURE_TARGETS.map((t) => [t, value(t)])) as Record<FailureTarget, T>;
}

/** "a GPU", "an uplink", "a WAN link". */
export const withArticle = (target: FailureTarget): string => `${FAILURE_TARGET_TABLE[target].article} ${FAILURE_TARGET_TABLE[target].noun}`;

/** Number of components of a level in one site: the product of the levels' counts down to it. */
export function levelCountInSite(level: ClusterLevel, site: SiteShape): number {
  let n = 1;
  for (const l of CLUSTER_LEVELS) {
    n *= LEVEL_INFO[l].perParent(site);
    if (l === level) return n;
  }
  return n;
}

/**
 * Number of components of a target in the cluster, or in the site with id `siteId`: those
 * of its level, or the WAN links (touching the site).
 */
export function componentCount(cluster: ClusterShape, target: FailureTarget, siteId?: string): number {
  const level = coveredLevel(target);
  if (level === null) return (cluster.wan ?? []).filter((l) => siteId === undefined || l.sites.includes(siteId)).length;
  let n = 0;
  for (const s of cluster.sites) if (siteId === undefined || s.id === siteId) n += levelCountInSite(level, s);
  return n;
}
