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
/** Failure targets: the levels, a rack's uplink (named as its rack) and a WAN link (by its id). */
const TARGETS = [...LEVELS, 'uplink', 'wan'] as const;
type Level = (typeof TARGETS)[number];

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

/**
 * Every component id of a level, e.g. "east/r0/n1" for 'node'; an uplink is named as its rack,
 * a WAN link by its id (`wan`: the links, with the sites they join).
 */
export function componentIds(sites: readonly SiteShape[], level: Level, wan: readonly WanShape[] = []): string[] {
  if (level === 'wan') return wan.filter((l) => l.between.some((x) => sites.some((s) => s.id === x))).map((l) => l.id);
  if (level === 'uplink') return componentIds(sites, 'rack');
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

/** A WAN link of the generated cluster. */
export interface WanShape {
  readonly id: string;
  readonly between: readonly [string, string];
}

export interface GeneratedScenario {
  readonly doc: Record<string, unknown>;
  readonly sites: readonly SiteShape[];
  readonly wan: readonly WanShape[];
  readonly horizonS: number;
}

/** A bandwidth in bytes per second, in one of the accepted spellings (exact enough to round-trip). */
function spellBandwidth(bps: number): fc.Arbitrary<number | string> {
  return fc.constantFrom<number | string>(bps, `${bps}B/s`, `${bps / 1e9}GB/s`, `${(bps * 8) / 1e9}Gb/s`, `${bps / 1e6}MBps`);
}

/** A size in bytes, in one of the accepted spellings. */
function spellSize(bytes: number): fc.Arbitrary<number | string> {
  return fc.constantFrom<number | string>(bytes, `${bytes}B`, `${bytes / 1e9}GB`, `${bytes / 1e6}MB`);
}

/** Bandwidths from 100 MB/s to 100 GB/s, round enough to spell exactly. */
const bandwidthArb = fc.integer({ min: 1, max: 1000 }).map((x) => x * 1e8);

/** A rack uplink: a bandwidth and, sometimes, a latency. */
const uplinkDoc: fc.Arbitrary<Record<string, unknown>> = fc.record({
  bps: bandwidthArb,
  latencyMs: fc.option(fc.integer({ min: 0, max: 50 }), { nil: undefined }),
}).chain(({ bps, latencyMs }) => spellBandwidth(bps).map((bandwidth) => (latencyMs === undefined ? { bandwidth } : { bandwidth, latency: `${latencyMs}ms` })));

/** The WAN link between the two sites, when there are two: its id given or the default "a-b". */
function wanDocs(sites: readonly SiteShape[]): fc.Arbitrary<{ docs: Record<string, unknown>[]; shapes: WanShape[]; bps: number }> {
  const none = { docs: [], shapes: [], bps: 0 };
  if (sites.length < 2) return fc.constant(none);
  return fc.option(fc.record({
    id: fc.option(fc.constantFrom('link', 'ew.1'), { nil: undefined }),
    reversed: fc.boolean(),
    bps: bandwidthArb,
    latencyMs: fc.option(fc.integer({ min: 0, max: 200 }), { nil: undefined }),
  }), { nil: undefined, freq: 2 }).chain((l) => {
    if (l === undefined) return fc.constant(none);
    const between: [string, string] = l.reversed ? [sites[1].id, sites[0].id] : [sites[0].id, sites[1].id];
    const id = l.id ?? `${between[0]}-${between[1]}`;
    return spellBandwidth(l.bps).map((bandwidth) => {
      const doc: Record<string, unknown> = { between, bandwidth };
      if (l.id !== undefined) doc.id = l.id;
      if (l.latencyMs !== undefined) doc.latency = `${l.latencyMs}ms`;
      return { docs: [doc], shapes: [{ id, between }], bps: l.bps };
    });
  });
}

/**
 * A site's storage, sometimes: its data (replicated or erasure coded over its racks, a few
 * stripes), its bandwidth and, with two sites, copies to the other one every `every`, given
 * by duration or (over a WAN link) by size. Sized so that a copy takes from a tenth to twice
 * its interval alone on the link (some are skipped), with at most ~40 copies per horizon.
 */
function storageDoc(site: SiteShape, sites: readonly SiteShape[], wan: { shapes: WanShape[]; bps: number }, horizonS: number): fc.Arbitrary<Record<string, unknown> | undefined> {
  const other = sites.find((x) => x.id !== site.id);
  return fc.option(fc.record({
    data: fc.option(fc.record({
      erasure: fc.boolean(),
      k: fc.integer({ min: 1, max: site.racks }),
      m: fc.integer({ min: 0, max: site.racks - 1 }),
      stripes: fc.option(fc.integer({ min: 1, max: 300 }), { nil: undefined }),
    }), { nil: undefined }),
    bps: fc.option(bandwidthArb, { nil: undefined }),
    copy: other === undefined ? fc.constant(undefined) : fc.option(fc.record({
      everyFrac: fc.double({ min: 0.025, max: 0.6, noNaN: true }),
      sized: wan.shapes.length > 0 ? fc.boolean() : fc.constant(false),
      lengthFrac: fc.double({ min: 0.1, max: 2, noNaN: true }),
    }), { nil: undefined }),
  }), { nil: undefined }).chain((st) => {
    if (st === undefined || (st.bps === undefined && st.copy === undefined && st.data === undefined)) return fc.constant(undefined);
    const c = st.copy;
    const everyS = c === undefined ? 0 : Math.max(1, Math.round(c.everyFrac * horizonS));
    // A copy by duration may not last longer than its interval.
    // (Below it by a margin: the two may be spelled in different units.)
    const durationS = c === undefined ? 0 : Math.max(0.001, +(everyS * Math.min(0.999, c.lengthFrac)).toFixed(3));
    const bytes = c === undefined ? 0 : Math.max(1e6, Math.round((everyS * c.lengthFrac * Math.min(wan.bps, st.bps ?? Infinity)) / 1e6) * 1e6);
    return fc.tuple(
      st.bps === undefined ? fc.constant(undefined) : spellBandwidth(st.bps),
      c === undefined ? fc.constant(undefined) : c.sized ? spellSize(bytes) : spellDuration(durationS),
      spellDuration(everyS),
    ).map(([bandwidth, amount, every]) => {
      const doc: Record<string, unknown> = {};
      const d = st.data;
      // Pieces on different racks: k + m (erasure) or k replicas, at most the site's racks.
      if (d !== undefined && d.erasure) doc.erasure = { k: d.k, m: Math.min(d.m, site.racks - d.k) };
      else if (d !== undefined) doc.replicas = d.k;
      if (d?.stripes !== undefined) doc.stripes = d.stripes;
      if (bandwidth !== undefined) doc.bandwidth = bandwidth;
      if (c !== undefined) doc.copy = { to: other!.id, every, [c.sized ? 'size' : 'duration']: amount };
      return doc;
    });
  });
}

const siteShape = (id: string) => fc.record({
  id: fc.constant(id),
  racks: fc.integer({ min: 1, max: 3 }),
  nodesPerRack: fc.integer({ min: 1, max: 4 }),
  gpus: fc.integer({ min: 1, max: 8 }),
});

const siteDoc = (s: SiteShape, storage: fc.Arbitrary<Record<string, unknown> | undefined>) => fc.record({
  gpu: fc.constantFrom(...GPU_MODELS),
  speed: fc.option(fc.double({ min: 0.1, max: 3, noNaN: true }), { nil: undefined }),
  uplink: fc.option(uplinkDoc, { nil: undefined }),
  storage,
}).map(({ gpu, speed, uplink, storage }) => {
  const doc: Record<string, unknown> = {
    id: s.id, racks: s.racks, nodesPerRack: s.nodesPerRack,
    node: speed === undefined ? { gpus: s.gpus, gpu } : { gpus: s.gpus, gpu, speed },
  };
  if (uplink !== undefined) doc.uplink = uplink;
  if (storage !== undefined) doc.storage = storage;
  return doc;
});

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

/** A failure target the cluster has components for: a WAN link (often) only when it has one. */
const targetArb = (wan: readonly WanShape[]): fc.Arbitrary<Level> => (wan.length === 0
  ? fc.constantFrom(...TARGETS.filter((t) => t !== 'wan'))
  : fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...TARGETS.filter((t) => t !== 'wan')) }, { weight: 3, arbitrary: fc.constant('wan' as const) }));

function randomFailureDoc(sites: readonly SiteShape[], wan: readonly WanShape[], horizonS: number): fc.Arbitrary<Record<string, unknown>> {
  return fc.record({
    target: targetArb(wan),
    site: fc.option(fc.constantFrom(...sites.map((s) => s.id)), { nil: undefined }),
    // Failures per component over the horizon (before the cap below).
    perComponent: fc.double({ min: 0.5, max: 40, noNaN: true }),
    repairFrac: fc.double({ min: 0.002, max: 0.2, noNaN: true }),
    mtbfForm: fc.constantFrom('duration', 'exponential', 'weibull', 'uniform'),
  }).chain((f) => {
    const comps = componentIds(sites.filter((s) => f.site === undefined || s.id === f.site), f.target, wan).length;
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

function outageDoc(sites: readonly SiteShape[], wan: readonly WanShape[], horizonS: number): fc.Arbitrary<Record<string, unknown>> {
  return targetArb(wan).chain((target) => fc.record({
    target: fc.constant(target),
    id: fc.constantFrom(...componentIds(sites, target, wan)),
    // Round fractions make outages start and end at the same instants (and at the horizon).
    at: fc.oneof(fc.double({ min: 0, max: 1.2, noNaN: true }), fc.constantFrom(0, 0.25, 0.5, 1)).map((f) => +(f * horizonS).toFixed(3)),
    duration: fc.oneof(fc.double({ min: 0.001, max: 0.5, noNaN: true }), fc.constantFrom(0.25, 0.5)).map((f) => `${+(f * horizonS).toFixed(3)}s`),
  }));
}

/**
 * A valid scenario document with 1–2 sites (sometimes with rack uplinks, storage and, between
 * two sites, a WAN link and copies), 1–3 batch workloads and 0–4 failure entries (at every
 * level, uplinks and the WAN link included).
 */
export const scenarioDoc: fc.Arbitrary<GeneratedScenario> = fc
  .record({
    siteCount: fc.integer({ min: 1, max: 2 }),
    horizonS: fc.integer({ min: 100, max: 50_000 }),
    seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
    runToHorizon: fc.option(fc.boolean(), { nil: undefined }),
  })
  .chain(({ siteCount, horizonS, seed, runToHorizon }) =>
    fc.tuple(...SITE_IDS.slice(0, siteCount).map(siteShape)).chain((sites) => wanDocs(sites).chain((wan) =>
      fc.record({
        siteDocs: fc.tuple(...sites.map((x) => siteDoc(x, storageDoc(x, sites, wan, horizonS)))),
        workloads: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => workloadDoc(`w${i}`, sites, horizonS)))),
        failures: fc.array(fc.oneof({ weight: 3, arbitrary: randomFailureDoc(sites, wan.shapes, horizonS) }, { weight: 1, arbitrary: outageDoc(sites, wan.shapes, horizonS) }), { maxLength: 4 }),
        horizon: spellDuration(horizonS),
      }).map(({ siteDocs, workloads, failures, horizon }): GeneratedScenario => {
        const cluster: Record<string, unknown> = { sites: siteDocs };
        if (wan.docs.length > 0) cluster.wan = wan.docs;
        const doc: Record<string, unknown> = {
          name: 'generated', seed, horizon,
          cluster,
          workloads, failures,
        };
        if (runToHorizon !== undefined) doc.runToHorizon = runToHorizon;
        return { doc, sites, wan: wan.shapes, horizonS };
      }),
    )),
  );
