/**
 * Fuzzing of scenario validation: random mutations of valid documents must either validate or
 * be rejected with a ScenarioError whose issues all carry a message and point at a real place
 * in the document. Whatever validates must run (within an event budget) without a crash.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify as toYaml } from 'yaml';
import { MetricRangeError } from '../../src/sim/metrics/computeMetrics.ts';
import { EventBudgetError } from '../../src/sim/engine/Simulator.ts';
import { PolicyError } from '../../src/sim/model/PolicyError.ts';
import { formatPath, ScenarioError } from '../../src/sim/scenario/formatIssue.ts';
import { parseScenarioText, validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';
import { runScenario } from '../../src/worker/runScenario.ts';
import { scenarioDoc } from './support/scenarioArb.ts';

type Json = unknown;
type Seg = string | number;

const seedExample = JSON.parse(readFileSync(new URL('../../scenarios/seed-example.json', import.meta.url), 'utf8')) as Json;

/**
 * A richer valid document: two sites with rack uplinks joined by a WAN link, copies each way
 * (by duration, and by size over the link), every workload kind and distribution family,
 * failures of every target (uplinks and the link included), outages, maintenance, formulas.
 */
const richDoc: Json = {
  $schema: './schema.json',
  name: 'Two sites, three workloads',
  description: 'fuzz base',
  seed: 42,
  horizon: '2h',
  runToHorizon: true,
  cluster: {
    sites: [
      {
        id: 'east', racks: 2, nodesPerRack: 2, node: { gpus: 4, gpu: 'H100' },
        storage: { erasure: { k: 1, m: 1 }, stripes: 50, copy: { to: 'west', every: '30m', duration: '5m' }, bandwidth: '20GB/s' },
        uplink: { bandwidth: '50GB/s', latency: '2ms' },
      },
      {
        id: 'west', racks: 1, nodesPerRack: 3, node: { gpus: 2, gpu: 'A100', speed: 0.5 },
        storage: { bandwidth: '100Gb/s', copy: { to: 'east', every: '45m', size: '2TB' } },
        uplink: { bandwidth: '25Gb/s' },
      },
    ],
    wan: [{ id: 'ew', between: ['east', 'west'], bandwidth: '10Gb/s', latency: '40ms' }],
  },
  workloads: [
    { kind: 'batch', id: 'etl', count: 60, gpus: 1, arrival: { poisson: { rate: 0.02 } }, work: { exponential: { mean: '2m' } }, slo: '10m', weight: 2 },
    { kind: 'batch', id: 'train', count: 10, gpus: 6, arrival: { poisson: { rate: 0.002 } }, work: { lognormal: { median: '10m', sigma: 0.5 } }, slo: '1h' },
    { kind: 'batch', id: 'misc', count: 40, arrival: { poisson: { rate: 0.01 } }, work: { empirical: ['30s', 60, '2m'] }, weight: 0.5 },
    { kind: 'batch', id: 'tail', count: 20, arrival: { poisson: { rate: 0.005 } }, work: { weibull: { shape: 0.8, scale: '3m' } } },
    { kind: 'batch', id: 'flat', count: 20, arrival: { poisson: { rate: 0.005 } }, work: { uniform: { min: '1m', max: '2m' } } },
    { kind: 'batch', id: 'fixed', count: 5, arrival: { poisson: { rate: 0.001 } }, work: { constant: '90s' } },
    { kind: 'batch', id: 'shared', count: 20, gpus: 0.25, arrival: { poisson: { rate: 0.01 } }, work: '1m' },
    { kind: 'training', id: 'pretrain', gpus: 4, work: '1h', start: '5m', checkpoint: { cost: '1m', restart: '2m' }, weight: 2 },
    { kind: 'training', id: 'finetune', gpus: 2, work: '40m', checkpoint: { size: '500GB', restart: '1m' } },
    {
      kind: 'inference', id: 'api', replicas: 2, gpusPerReplica: 2, site: 'east', startup: '1m', concurrency: 3,
      arrival: { poisson: { rate: 0.5 }, diurnal: { amplitude: 0.3, period: '1h' }, bursts: [{ at: '20m', duration: '5m', factor: 3 }] },
      tokens: { prompt: { lognormal: { median: 300, sigma: 0.5 } }, output: { uniform: { min: 10, max: 200 } }, prefillPerToken: '0.1ms', decodePerToken: '10ms' },
      slo: '5s', retries: 2, queueLimit: 100,
    },
  ],
  maintenance: [
    { target: 'node', site: 'west', at: '1h', duration: '10m', fraction: 0.5 },
    { target: 'uplink', site: 'east', at: '1h30m', duration: '5m', perWave: 1 },
  ],
  monitoring: { heartbeat: '10s', missedBeats: 2 },
  failures: [
    { target: 'node', mtbf: '1h', repair: { exponential: { mean: '5m' } } },
    { target: 'gpu', mtbf: { weibull: { shape: 0.7, scale: '3h' } }, repair: '10m', site: 'west' },
    { target: 'rack', mtbf: { exponential: { rate: 0.0001 } }, repair: { uniform: { min: '1m', max: '5m' } } },
    { target: 'site', id: 'west', at: '30m', duration: '10m' },
    { target: 'node', id: 'east/r1/n0', at: 0, duration: 600 },
    { target: 'uplink', mtbf: '3h', repair: { exponential: { mean: '5m' } }, site: 'east' },
    { target: 'wan', mtbf: { weibull: { shape: 1.5, scale: '2h' } }, repair: '3m' },
    { target: 'uplink', id: 'west/r0', at: '70m', duration: '5m' },
    { target: 'wan', id: 'ew', at: '50m', duration: '5m' },
  ],
  policies: { scheduling: { name: 'fifo' }, failover: 'restart-from-checkpoint', backup: { name: 'fixed-interval', interval: '20m' } },
  metrics: { C: '0.7 * sloAttainment + 0.3 * goodput', S: null, T: 'Tp95 > 0 ? T : 0' },
};

// ---------------------------------------------------------------------------------------
// Document locations and mutations
// ---------------------------------------------------------------------------------------

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Every location in a document (the root is []), depth first. */
function locations(doc: Json, at: Seg[] = [], out: Seg[][] = []): Seg[][] {
  out.push(at);
  if (Array.isArray(doc)) doc.forEach((v, i) => locations(v, [...at, i], out));
  else if (isObject(doc)) for (const k of Object.keys(doc)) locations(doc[k], [...at, k], out);
  return out;
}

function getAt(doc: Json, path: readonly Seg[]): Json {
  let v = doc;
  for (const s of path) v = (v as Record<Seg, unknown>)[s];
  return v;
}

/** Sets an own property (even "__proto__", as JSON.parse would). */
function setOwn(o: Record<string, unknown> | unknown[], key: Seg, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Formats a path as the validator documents it: `a.b[0].c`. */
type Mutation =
  | { kind: 'replace'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'addKey'; at: number; key: string; value: Json }
  | { kind: 'retype'; at: number; how: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'perturb'; at: number; x: number; unit: string };

const tricky: Json[] = [
  '10s', '-1h', 'abc', '', ' ', '0', '0s', '1e400', '1e-400s', 'NaN', 'Infinity', '-0', '1 h', '5x', '3.5.1s', '1µs', '2w',
  '10constructor', '1toString', 'fifo', 'H100', 'batch', 'node', 'site', 'east', 'dc', 'dc/r0', 'dc/r0/n0', 'dc/r0/n0/g0',
  'east/r9/n0', 'east/r0/n0/g99', '__proto__', 'constructor', 'T', 'C + S', '1/0', 'T > 1 ? 2 : 0', 'a = 1', 'import("x")',
  '('.repeat(300) + '1' + ')'.repeat(300), 'x'.repeat(3000),
  -1, 0, -0, 0.5, 1, 2, 7, 1e9, 1e10, 2 ** 32, 2 ** 53, 1e308, -1e308, Number.MIN_VALUE, NaN, Infinity, -Infinity,
  true, false, null, [], {}, [1], { exponential: {} }, { exponential: { mean: '1s', rate: 1 } }, { lognormal: { median: '1h', mu: 1, sigma: 1 } },
  { uniform: { min: '5s', max: '1s' } }, { empirical: [] }, { weibull: { shape: 1e-320, scale: '1h' } }, { exponential: { rate: 1e-320 } },
  { lognormal: { mu: 1e308, sigma: 1e308 } }, { poisson: { rate: 1 } },
];

const valueArb: fc.Arbitrary<Json> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...tricky) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 2 }) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.integer({ min: -5, max: 20 }) },
);

const keyArb = fc.oneof(
  fc.constantFrom('bogus', 'id', 'at', 'name', 'kind', 'gpus', 'mtbf', 'site', 'rate', 'mean', '__proto__', 'constructor', 'toString', 'hasOwnProperty', '', 'a.b', '[0]', 'C'),
  fc.string({ maxLength: 8 }),
);

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), value: valueArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('addKey' as const), at: fc.nat(), key: keyArb, value: valueArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('retype' as const), at: fc.nat(), how: fc.nat({ max: 6 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }) },
  // Keep the type, change the magnitude: reaches the model with extreme but valid numbers.
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('perturb' as const),
      at: fc.nat(),
      x: fc.oneof(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.constantFrom(0, 1, 2, 1e-300, 5e-324, 1e-9, 1e9, 1e12, 1e300, 1.7e308),
        fc.integer({ min: 0, max: 64 }),
      ),
      unit: fc.constantFrom('', 'ns', 'ms', 's', 'm', 'h', 'd', 'w', 'y'),
    }),
  },
);

/** Applies mutations in turn (each picks its location among those of the current document). */
function mutate(base: Json, ms: readonly Mutation[]): Json {
  let doc: Json = structuredClone(base);
  for (const m of ms) {
    const locs = locations(doc);
    const path = locs[m.at % locs.length];
    const parent = path.length > 0 ? getAt(doc, path.slice(0, -1)) as Record<string, unknown> | unknown[] : undefined;
    const last = path[path.length - 1];
    const current = getAt(doc, path);
    const put = (v: Json) => { if (parent === undefined) doc = v; else setOwn(parent, last, v); };
    switch (m.kind) {
      case 'replace':
        put(structuredClone(m.value));
        break;
      case 'delete':
        if (parent === undefined) doc = undefined;
        else if (Array.isArray(parent)) parent.splice(last as number, 1);
        else delete parent[last as string];
        break;
      case 'addKey': {
        const target = isObject(current) ? current : isObject(parent) ? parent : isObject(doc) ? doc : undefined;
        if (target) setOwn(target, m.key, structuredClone(m.value));
        break;
      }
      case 'retype': {
        // String()/Number() of an object whose own "toString" is not a function throw: that
        // is the mutation's problem, not the validator's, so fall back to a plain text.
        const safe = <T,>(f: () => T, fallback: T): T => { try { return f(); } catch { return fallback; } };
        const retyped: Json[] = [[current], { value: current }, safe(() => String(current), '[object]'), safe(() => Number(current), NaN), JSON.stringify(current) ?? 'undefined', current === null ? 0 : null, typeof current === 'number' ? `${current}` : typeof current === 'string' ? Number.parseFloat(current) : true];
        put(retyped[m.how % retyped.length]);
        break;
      }
      case 'perturb':
        if (typeof current === 'number') put(Number.isInteger(current) ? Math.round(m.x) : m.x);
        else if (typeof current === 'string' && /^\s*[+-]?[\d.]/.test(current)) put(`${m.x}${m.unit}`);
        break;
      case 'duplicate':
        if (Array.isArray(parent)) parent.push(structuredClone(current));
        else if (Array.isArray(current)) current.push(structuredClone(current[0]));
        break;
    }
  }
  return doc;
}

// ---------------------------------------------------------------------------------------
// Checks
// ---------------------------------------------------------------------------------------

/**
 * True when `path` names a location of `doc`, or a missing field of an object that exists
 * (a required field the document left out).
 */
function namesRealLocation(doc: Json, path: string): boolean {
  const locs = locations(doc);
  const existing = new Set(locs.map(formatPath));
  if (existing.has(path)) return true;
  for (const l of locs) {
    if (!isObject(getAt(doc, l))) continue;
    const prefix = l.length === 0 ? '' : `${formatPath(l)}.`;
    if (path.startsWith(prefix) && /^[A-Za-z$][A-Za-z0-9_$]*$/.test(path.slice(prefix.length))) return true;
  }
  return false;
}

/** Validation outcome: a scenario, or the issues; anything else thrown is a failure. */
function validate(doc: Json): Scenario | ScenarioError {
  try {
    return validateScenario(doc);
  } catch (e) {
    if (e instanceof ScenarioError) return e;
    throw new Error(`validateScenario threw ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
  }
}

function checkIssues(doc: Json, err: ScenarioError): void {
  expect(err.issues.length).toBeGreaterThan(0);
  for (const i of err.issues) {
    expect(typeof i.message).toBe('string');
    expect(i.message.trim().length, `empty message at ${i.path}`).toBeGreaterThan(0);
    expect(typeof i.path).toBe('string');
    if (i.path === '') {
      // Only whole-document problems: the document is not an object, or lists several unknown
      // fields.
      expect(!isObject(doc) || /^unknown fields /.test(i.message), `issue with an empty path: ${i.message}`).toBe(true);
    } else {
      expect(namesRealLocation(doc, i.path), `issue path "${i.path}" (${i.message}) names no place in the document`).toBe(true);
    }
  }
}

const ALLOWED_RUN_ERRORS = [EventBudgetError, PolicyError, ScenarioError, MetricRangeError];

/**
 * Sizes above which a run is skipped to keep the property fast: set-up (a random stream per
 * failing component) is bounded by validation (MAX_FAILURE_PROCESSES), not by maxEvents.
 */
function tooBigToRun(s: Scenario): boolean {
  const gpus = s.cluster.sites.reduce((n, x) => n + x.racks * x.nodesPerRack * x.node.gpus, 0);
  return gpus > 2000;
}

function checkRun(s: Scenario): void {
  if (tooBigToRun(s)) return;
  let r;
  try {
    r = runScenario(s, { maxEvents: 50_000 });
  } catch (e) {
    if (ALLOWED_RUN_ERRORS.some((E) => e instanceof E)) return;
    throw new Error(`runScenario threw ${(e as Error)?.name}: ${(e as Error)?.message}`, { cause: e });
  }
  const m = r.metrics;
  for (const k of ['C', 'S', 'R', 'goodput'] as const) {
    expect(m[k], k).toBeGreaterThanOrEqual(0);
    expect(m[k], k).toBeLessThanOrEqual(1);
  }
  expect(m.T === null || m.T >= 0).toBe(true);
  for (const [k, v] of Object.entries(m)) expect(v === null || Number.isFinite(v), `metrics.${k} = ${v}`).toBe(true);
  for (const w of Object.values(r.workloads)) {
    const unserved = w.inference ? w.inference.failed + w.inference.dropped : 0;
    expect(w.arrived).toBe(w.completed + w.queued + w.running + unserved);
  }
  // Failures, interruptions and maintenance by every target, uplinks and WAN links included.
  const targets = ['gpu', 'node', 'rack', 'site', 'uplink', 'wan'];
  for (const by of [r.failures.byTarget, r.interruptions.byCause, r.maintenance.byTarget]) expect(Object.keys(by).sort()).toEqual([...targets].sort());
  expect(r.failures.count).toBe(targets.reduce((a, k) => a + r.failures.byTarget[k as keyof typeof r.failures.byTarget], 0));
  // Copies: whole counts, an RPO exactly when the site had an outage.
  for (const [site, st] of Object.entries(r.storage)) {
    const c = st.copies;
    if (!c) continue;
    for (const k of ['made', 'skipped', 'cut', 'outages'] as const) expect(Number.isInteger(c[k]) && c[k] >= 0, `storage.${site}.copies.${k} = ${c[k]}`).toBe(true);
    expect(c.meanRpoS === null, `storage.${site}.copies`).toBe(c.outages === 0);
    if (c.meanRpoS !== null) expect(c.meanRpoS >= 0 && c.meanRpoS <= c.maxRpoS! && c.maxRpoS! <= m.endS, `storage.${site}.copies ${JSON.stringify(c)}`).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------

describe('scenario validation under random mutations', () => {
  it('the base documents validate and run', () => {
    for (const d of [seedExample, richDoc]) {
      const s = validate(structuredClone(d));
      expect(s).not.toBeInstanceOf(ScenarioError);
      checkRun(s as Scenario);
    }
  });

  for (const [name, base] of [['seed-example.json', seedExample], ['a richer two-site document', richDoc]] as const) {
    it(`never crashes on a mutated ${name}: it validates (and then runs) or fails with issues that name real places`, () => {
      fc.assert(
        fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (ms) => {
          const doc = mutate(base, ms);
          const snapshot = JSON.stringify(doc);
          const out = validate(doc);
          // Validation does not modify the document it is given.
          expect(JSON.stringify(doc)).toBe(snapshot);
          if (out instanceof ScenarioError) checkIssues(doc, out);
          else checkRun(out);
        }),
        { numRuns: 250 },
      );
    });
  }

  it('reports an unknown field added to any object at its own path (e.g. "failures[0].bogus")', () => {
    const bases = [seedExample, richDoc];
    fc.assert(
      fc.property(fc.nat({ max: 1 }), fc.nat(), fc.constantFrom('bogus', 'colour', 'mtbff'), (b, at, key) => {
        const doc = structuredClone(bases[b]);
        // Objects whose fields the schema fixes: not a distribution's one-key wrapper (a second key
        // there is reported on the wrapper), nor the policy object (it takes parameters).
        const wrapper = (l: Seg[]) => ['work', 'repair', 'mtbf'].includes(String(l[l.length - 1]));
        const objects = locations(doc).filter((l) => isObject(getAt(doc, l)) && !wrapper(l) && !l.includes('policies'));
        const path = objects[at % objects.length];
        setOwn(getAt(doc, path) as Record<string, unknown>, key, 1);
        const out = validate(doc);
        expect(out).toBeInstanceOf(ScenarioError);
        const paths = (out as ScenarioError).issues.map((i) => i.path);
        expect(paths).toContain(formatPath([...path, key]));
      }),
      { numRuns: 100 },
    );
  });

  it('reports a field named "" at a path that cannot be mistaken for the whole document', () => {
    const doc = structuredClone(seedExample) as Record<string, unknown>;
    doc[''] = 1;
    const out = validate(doc);
    expect(out).toBeInstanceOf(ScenarioError);
    const issues = (out as ScenarioError).issues;
    expect(issues).toHaveLength(1);
    expect(issues[0].path).not.toBe('');
  });

  it('describes the offending value itself when a workload kind is wrong (not "got an object")', () => {
    fc.assert(
      fc.property(fc.constantFrom<Json>('stream', 'inference-ish', 7, null, true), (kind) => {
        const doc = structuredClone(seedExample) as { workloads: Record<string, unknown>[] };
        doc.workloads[0].kind = kind;
        const out = validate(doc);
        expect(out).toBeInstanceOf(ScenarioError);
        const issue = (out as ScenarioError).issues.find((i) => i.path === 'workloads[0].kind');
        expect(issue).toBeDefined();
        expect(issue!.message).toContain(`got ${typeof kind === 'string' ? JSON.stringify(kind) : String(kind)}`);
      }),
      { numRuns: 5 },
    );
  });
});

describe('scenario text under random edits', () => {
  type Edit = { at: number; del: number; ins: string };
  const editArb: fc.Arbitrary<Edit> = fc.record({
    at: fc.nat(),
    del: fc.nat({ max: 3 }),
    ins: fc.oneof(
      fc.constantFrom('', '{', '}', '[', ']', ',', ':', '"', "'", '\\', '\n', ' ', '-', '#', '&a', '*a', '!!', '|', '>', '\t', '\u0000', '\uFEFF', 'true', 'null', '1e999', '0x1F'),
      fc.string({ maxLength: 4 }),
    ),
  });
  const applyEdits = (text: string, edits: readonly Edit[]) => {
    let t = text;
    for (const e of edits) {
      const at = e.at % (t.length + 1);
      t = t.slice(0, at) + e.ins + t.slice(at + e.del);
    }
    return t;
  };
  const texts: [string, 'json' | 'yaml'][] = [
    [JSON.stringify(seedExample, null, 2), 'json'],
    [JSON.stringify(richDoc, null, 2), 'json'],
    [toYaml(seedExample), 'yaml'],
    [toYaml(richDoc), 'yaml'],
  ];

  it('parseScenarioText never crashes on edited JSON or YAML text; a syntax error gives a line and column inside the text', () => {
    fc.assert(
      fc.property(fc.nat({ max: texts.length - 1 }), fc.array(editArb, { minLength: 1, maxLength: 4 }), (which, edits) => {
        const [base, format] = texts[which];
        const text = applyEdits(base, edits);
        let err: unknown;
        try {
          parseScenarioText(text, format, 'file');
          return;
        } catch (e) {
          err = e;
        }
        if (!(err instanceof ScenarioError)) throw new Error(`parseScenarioText threw ${(err as Error)?.name}: ${(err as Error)?.message}`, { cause: err });
        for (const i of err.issues) expect(i.message.trim().length).toBeGreaterThan(0);
        const syntax = err.issues.find((i) => /^not valid (JSON|YAML)/.test(i.message));
        if (!syntax) return;
        expect(err.issues).toHaveLength(1);
        expect(syntax.path).toBe('');
        const m = /at line (\d+), column (\d+)/.exec(syntax.message);
        if (format === 'json') expect(m, syntax.message).not.toBeNull();
        if (m) {
          const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
          const line = Number(m[1]), col = Number(m[2]);
          expect(line, syntax.message).toBeGreaterThanOrEqual(1);
          expect(line, syntax.message).toBeLessThanOrEqual(lines.length);
          expect(col, syntax.message).toBeGreaterThanOrEqual(1);
          expect(col, syntax.message).toBeLessThanOrEqual(lines[line - 1].length + 1);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reads the same scenario from a document, its JSON text and its YAML text', () => {
    fc.assert(
      fc.property(scenarioDoc, ({ doc }) => {
        const direct = validateScenario(structuredClone(doc));
        expect(parseScenarioText(JSON.stringify(doc), 'json')).toEqual(direct);
        expect(parseScenarioText(toYaml(doc), 'yaml')).toEqual(direct);
        expect(parseScenarioText('\uFEFF' + JSON.stringify(doc, null, 1), 'json')).toEqual(direct);
      }),
      { numRuns: 100 },
    );
  });
});
