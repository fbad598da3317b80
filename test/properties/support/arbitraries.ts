import fc from 'fast-check';

/** Failure levels, in the order the scenario format names them. */
export const LEVELS = ['gpu', 'node', 'rack', 'site'] as const;

/** Every failure target: the levels, a rack's uplink (named as its rack) and a WAN link (by its id). */
export const TARGETS = [...LEVELS, 'uplink', 'wan'] as const;
export type Target = (typeof TARGETS)[number];

const H = 3600;

/** A small site: 1–2 racks of 1–3 nodes of 1–4 GPUs of one of three models. */
export const siteArb = fc.record({
  racks: fc.integer({ min: 1, max: 2 }),
  nodesPerRack: fc.integer({ min: 1, max: 3 }),
  gpus: fc.integer({ min: 1, max: 4 }),
  gpu: fc.constantFrom('H100', 'A100', 'B200'),
});

/** A scheduled outage of a component picked at some target within a day. */
export const outageArb = fc.record({
  level: fc.constantFrom<Target>(...TARGETS),
  pick: fc.nat(),
  atS: fc.integer({ min: 0, max: 24 * H }),
  durationS: fc.integer({ min: 1, max: 6 * H }),
});

/** A network link as a scenario writes it: 1–50 GB/s, sometimes with a latency. */
export const linkArb = fc.record({
  gbps: fc.integer({ min: 1, max: 50 }),
  latencyMs: fc.option(fc.integer({ min: 0, max: 100 }), { nil: undefined }),
}).map((l) => (l.latencyMs === undefined ? { bandwidth: `${l.gbps}GB/s` } : { bandwidth: `${l.gbps}GB/s`, latency: `${l.latencyMs}ms` }));

/** The id of the WAN link between sites s0 and s1 (the default "<site>-<site>"). */
export const WAN_ID = 's0-s1';

/**
 * The ids of a target's components in a cluster of sites "s0", "s1", …: a rack's uplink is
 * named as its rack; the WAN link, when the cluster has one, is {@link WAN_ID}.
 */
export function componentIdsOf(sites: readonly { racks: number; nodesPerRack: number; gpus: number }[], target: Target, hasWan: boolean): string[] {
  if (target === 'wan') return hasWan ? [WAN_ID] : [];
  const depth = LEVELS.length - LEVELS.indexOf(target === 'uplink' ? 'rack' : target);
  const ids = new Set<string>();
  sites.forEach((s, i) => {
    for (let r = 0; r < s.racks; r++) for (let n = 0; n < s.nodesPerRack; n++) for (let k = 0; k < s.gpus; k++) {
      ids.add([`s${i}`, `r${r}`, `n${n}`, `g${k}`].slice(0, depth).join('/'));
    }
  });
  return [...ids];
}

/**
 * The failure entry of a drawn outage: its component picked among those of its target (an
 * outage of a WAN link, in a cluster without one, strikes an uplink instead).
 */
export function outageDocOf(sites: readonly { racks: number; nodesPerRack: number; gpus: number }[], o: (typeof outageArb) extends fc.Arbitrary<infer T> ? T : never, hasWan: boolean): Record<string, unknown> {
  const target: Target = o.level === 'wan' && !hasWan ? 'uplink' : o.level;
  const ids = componentIdsOf(sites, target, hasWan);
  return { target, id: ids[o.pick % ids.length], at: o.atS, duration: o.durationS };
}
