import fc from 'fast-check';

/** Failure levels, in the order the scenario format names them. */
export const LEVELS = ['gpu', 'node', 'rack', 'site'] as const;

const H = 3600;

/** A small site: 1–2 racks of 1–3 nodes of 1–4 GPUs of one of three models. */
export const siteArb = fc.record({
  racks: fc.integer({ min: 1, max: 2 }),
  nodesPerRack: fc.integer({ min: 1, max: 3 }),
  gpus: fc.integer({ min: 1, max: 4 }),
  gpu: fc.constantFrom('H100', 'A100', 'B200'),
});

/** A scheduled outage of a component picked at some level within a day. */
export const outageArb = fc.record({
  level: fc.constantFrom(...LEVELS),
  pick: fc.nat(),
  atS: fc.integer({ min: 0, max: 24 * H }),
  durationS: fc.integer({ min: 1, max: 6 * H }),
});
