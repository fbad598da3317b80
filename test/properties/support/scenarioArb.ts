/**
 * fast-check arbitraries of small, valid scenario documents (as a user would write them:
 * units as strings or numbers, distributions in every accepted spelling), sized so that
 * every run stays well under a 20k-event budget while failures really happen.
 */
import fc from 'fast-check';

/** Shape of the generated cluster, for the oracle (ids and GPU numbering). */
export interface SiteShape {
  readonly id: string;
  readonly racks: number;
  readonly nodesPerRack: number;
  readonly gpus: number;
}

const GPU_MODELS = ['V100', 'A100', 'L40S', 'H100', 'H200', 'B200'] as const;
const SITE_IDS = ['east', 'west'] as const;
const LEVELS = ['gpu', 'node', 'rack', 'site'] as const;
type Level = (typeof LEVELS)[number];

/** A duration in seconds written in one of the accepted spellings (exact enough to round-trip). */
function spellDuration(seconds: number): fc.Arbitrary<number | string> {
  return fc.constantFrom<number | string>(
    seconds,
    `${seconds}s`,
    `${seconds * 1000}ms`,
    `${seconds / 60}m`,
    `${seconds / 3600}h`,
  );
}

/** A distribution of durations with (roughly) the given mean, in any accepted spelling. */
function distributionWithMean(mean: number): fc.Arbitrary<unknown> {
  return fc.oneof(
    spellDuration(mean),
    spellDuration(mean).map((d) => ({ constant: d })),
    spellDuration(mean).map((d) => ({ exponential: { mean: d } })),
    fc.constant({ exponential: { rate: 1 / mean } }),
    fc.double({ min: 0.5, max: 3, noNaN: true }).map((shape) => ({ weibull: { shape, scale: `${mean}s` } })),
    fc.double({ min: 0, max: 1.5, noNaN: true }).map((sigma) => ({ lognormal: { median: mean, sigma } })),
    fc.double({ min: 0, max: 1, noNaN: true }).map((sigma) => ({ lognormal: { mu: Math.log(mean), sigma } })),
    fc.double({ min: 0, max: 1, noNaN: true }).map((f) => ({ uniform: { min: `${mean * f}s`, max: mean * (2 - f) } })),
    fc.array(fc.double({ min: 0, max: 2, noNaN: true }), { minLength: 1, maxLength: 4 }).map((fs) => ({ empirical: fs.map((f) => `${mean * f}s`) })),
  );
}

/** Every component id of a level, e.g. "east/r0/n1" for 'node'. */
export function componentIds(sites: readonly SiteShape[], level: Level): string[] {
  const out: string[] = [];
  for (const s of sites) {
    for (let r = 0; r < (level === 'site' ? 1 : s.racks); r++) {
      for (let n = 0; n < (level === 'site' || level === 'rack' ? 1 : s.nodesPerRack); n++) {
        for (let g = 0; g < (level === 'gpu' ? s.gpus : 1); g++) {
          out.push([s.id, `r${r}`, `n${n}`, `g${g}`].slice(0, LEVELS.length - LEVELS.indexOf(level)).join('/'));
        }
      }
    }
  }
  return out;
}

export interface GeneratedScenario {
  readonly doc: Record<string, unknown>;
  readonly sites: readonly SiteShape[];
  readonly horizonS: number;
}

const siteShape = (id: string) => fc.record({
  id: fc.constant(id),
  racks: fc.integer({ min: 1, max: 3 }),
  nodesPerRack: fc.integer({ min: 1, max: 4 }),
  gpus: fc.integer({ min: 1, max: 8 }),
});

const siteDoc = (s: SiteShape) => fc.record({
  gpu: fc.constantFrom(...GPU_MODELS),
  speed: fc.option(fc.double({ min: 0.1, max: 3, noNaN: true }), { nil: undefined }),
}).map(({ gpu, speed }) => ({
  id: s.id, racks: s.racks, nodesPerRack: s.nodesPerRack,
  node: speed === undefined ? { gpus: s.gpus, gpu } : { gpus: s.gpus, gpu, speed },
}));

function workloadDoc(id: string, sites: readonly SiteShape[], horizonS: number): fc.Arbitrary<Record<string, unknown>> {
  const totalGpus = sites.reduce((a, s) => a + s.racks * s.nodesPerRack * s.gpus, 0);
  const maxPerNode = Math.max(...sites.map((s) => s.gpus));
  return fc.record({
    gpus: fc.oneof(
      { weight: 4, arbitrary: fc.integer({ min: 1, max: maxPerNode }) },
      { weight: 1, arbitrary: fc.integer({ min: 1, max: totalGpus }) },
    ),
    // 'none' leaves count out (arrivals until the horizon), with a rate that keeps them few.
    count: fc.oneof(
      { weight: 8, arbitrary: fc.integer({ min: 1, max: 150 }) },
      { weight: 1, arbitrary: fc.constant(0) },
      { weight: 1, arbitrary: fc.constant('none' as const) },
    ),
    spread: fc.double({ min: 0.1, max: 1.5, noNaN: true }),
    load: fc.double({ min: 0.05, max: 1.5, noNaN: true }),
    slo: fc.option(fc.double({ min: 0.5, max: 20, noNaN: true }), { nil: undefined }),
    weight: fc.option(fc.double({ min: 0, max: 10, noNaN: true }), { nil: undefined }),
    explicitGpus: fc.boolean(),
  }).chain((w) => {
    const n = w.count === 'none' ? 100 : Math.max(1, w.count);
    // Arrivals spread over `spread` horizons (without a count: about 100 before the horizon);
    // work sized for the offered load.
    const rate = n / (horizonS * (w.count === 'none' ? Math.max(1, w.spread) : w.spread));
    const meanWork = Math.max(1e-3, (w.load * totalGpus) / (rate * w.gpus));
    return distributionWithMean(+meanWork.toPrecision(6)).map((work) => {
      const doc: Record<string, unknown> = { kind: 'batch', id };
      if (w.count !== 'none') doc.count = w.count;
      if (w.explicitGpus || w.gpus !== 1) doc.gpus = w.gpus;
      doc.arrival = { poisson: { rate } };
      doc.work = work;
      if (w.slo !== undefined) doc.slo = `${+(meanWork * w.slo).toPrecision(6)}s`;
      if (w.weight !== undefined) doc.weight = w.weight;
      return doc;
    });
  });
}

function randomFailureDoc(sites: readonly SiteShape[], horizonS: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    target: fc.constantFrom(...LEVELS),
    site: fc.option(fc.constantFrom(...sites.map((s) => s.id)), { nil: undefined }),
    // Failures per component over the horizon (before the cap below).
    perComponent: fc.double({ min: 0.5, max: 40, noNaN: true }),
    repairFrac: fc.double({ min: 0.002, max: 0.2, noNaN: true }),
    mtbfForm: fc.constantFrom('duration', 'exponential', 'weibull', 'uniform'),
  }).chain((f) => {
    const comps = componentIds(sites.filter((s) => f.site === undefined || s.id === f.site), f.target).length;
    // At most ~2000 failures per rule, so a run stays far below its event budget.
    const mtbf = +Math.max(horizonS / f.perComponent, (horizonS * comps) / 2000).toPrecision(6);
    const mtbfArb: fc.Arbitrary<unknown> = f.mtbfForm === 'duration' ? spellDuration(mtbf)
      : f.mtbfForm === 'exponential' ? fc.constant({ exponential: { mean: `${mtbf}s` } })
        : f.mtbfForm === 'weibull' ? fc.double({ min: 0.7, max: 3, noNaN: true }).map((shape) => ({ weibull: { shape, scale: mtbf } }))
          : fc.constant({ uniform: { min: 0, max: 2 * mtbf } });
    return fc.tuple(mtbfArb, distributionWithMean(+(horizonS * f.repairFrac).toPrecision(6))).map(([mtbfDoc, repair]) => {
      const doc: Record<string, unknown> = { target: f.target, mtbf: mtbfDoc, repair };
      if (f.site !== undefined) doc.site = f.site;
      return doc;
    });
  });
}

function outageDoc(sites: readonly SiteShape[], horizonS: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.constantFrom(...LEVELS).chain((target) => fc.record({
    target: fc.constant(target),
    id: fc.constantFrom(...componentIds(sites, target)),
    // Round fractions make outages start and end at the same instants (and at the horizon).
    at: fc.oneof(fc.double({ min: 0, max: 1.2, noNaN: true }), fc.constantFrom(0, 0.25, 0.5, 1)).map((f) => +(f * horizonS).toFixed(3)),
    duration: fc.oneof(fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.constantFrom(0.25, 0.5)).map((f) => `${+(f * horizonS).toFixed(3)}s`),
  }));
}

/** A valid scenario document with 1–2 sites, 1–3 batch workloads and 0–4 failure entries. */
export const scenarioDoc: fc.Arbitrary<GeneratedScenario> = fc
  .record({
    siteCount: fc.integer({ min: 1, max: 2 }),
    horizonS: fc.integer({ min: 100, max: 50_000 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    runToHorizon: fc.option(fc.boolean(), { nil: undefined }),
  })
  .chain(({ siteCount, horizonS, seed, runToHorizon }) =>
    fc.tuple(...SITE_IDS.slice(0, siteCount).map(siteShape)).chain((sites) =>
      fc.record({
        siteDocs: fc.tuple(...sites.map(siteDoc)),
        workloads: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => workloadDoc(`w${i}`, sites, horizonS)))),
        failures: fc.array(fc.oneof({ weight: 3, arbitrary: randomFailureDoc(sites, horizonS) }, { weight: 1, arbitrary: outageDoc(sites, horizonS) }), { maxLength: 4 }),
        horizon: spellDuration(horizonS),
      }).map(({ siteDocs, workloads, failures, horizon }): GeneratedScenario => {
        const doc: Record<string, unknown> = {
          name: 'generated', seed, horizon,
          cluster: { sites: siteDocs },
          workloads, failures,
        };
        if (runToHorizon !== undefined) doc.runToHorizon = runToHorizon;
        return { doc, sites, horizonS };
      }),
    ),
  );
