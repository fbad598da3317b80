/**
 * A sweep: one scenario, run on a list of seeds at every point of a cross product of
 * varied values. The sweep document names the scenario, `seeds` (a count or a list) and
 * `vary` — dotted paths into the scenario document, each with a list of values:
 *
 *   { "scenario": "base.json", "seeds": 5,
 *     "vary": { "policies.scheduling": ["fifo", "sjf"], "failures.0.mtbf": ["20000h", "50000h"] } }
 *
 * The run list is deterministic: the points of the cross product in the order of the
 * `vary` keys as written, each key's values in order, the last key varying fastest; every
 * seed at each point; run index = point index × seeds + seed index. Plain data and
 * computation: no Node API (the browser can plan a sweep too).
 */
import { z } from 'zod';
import { formatIssue, ScenarioError, type RawIssue, type ScenarioIssue } from '../../sim/scenario/formatIssue.ts';
import { parseDuration } from '../../sim/scenario/units.ts';

/** The output columns besides the varied values (kept here so a varied path cannot shadow one). */
export const FIXED_COLUMNS = ['run', 'runs', 'seed', 'status', 'error'] as const;

/** A varied path and its values, in the order the sweep document gives them. */
export interface Variation {
  readonly key: string;
  readonly values: readonly unknown[];
}

/** A validated sweep document. */
export interface SweepSpec {
  /** The scenario: a file (relative to the sweep file) or the scenario document itself. */
  readonly scenario: string | Readonly<Record<string, unknown>>;
  /** A count (seeds: the scenario's seed, seed + 1, …) or the seeds themselves. */
  readonly seeds: number | readonly number[];
  readonly vary: readonly Variation[];
  /** Policy modules (files relative to the sweep file) whose policies the scenario and `vary` may name. */
  readonly policyModules: readonly string[];
  /** Per-run time limit in seconds. */
  readonly timeoutS?: number;
  /** Event budget per run. */
  readonly maxEvents?: number;
}

const MAX_SEED = 2 ** 32 - 1;
const MAX_RUNS = 10_000_000;
const PATH = /^[A-Za-z_$][\w$-]*(\.([A-Za-z_$][\w$-]*|\d+))*$/;

const varyValue = z.unknown().superRefine((v, ctx) => {
  const ok = typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'object' && v !== null);
  if (!ok) ctx.addIssue({ code: 'custom', message: `expected a value for the field (a text, number, true/false, object or list), got ${v === null ? 'null' : String(v)}` });
});

const sweepSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  scenario: z.union([z.string().min(1), z.record(z.string(), z.unknown())], { error: 'expected the scenario file (a path relative to the sweep file) or the scenario itself (an object)' }),
  seeds: z.union([
    z.number().int().min(1).max(100_000),
    z.array(z.number().int().min(0).max(MAX_SEED)).min(1).max(100_000),
  ], { error: 'expected a number of seeds (1 to 100000) or a list of seeds (whole numbers from 0 to 4294967295)' }).default(1),
  vary: z.record(z.string(), z.array(varyValue).min(1).max(100_000)).default({}),
  policyModules: z.array(z.string().min(1)).max(100).default([]),
  timeout: z.unknown().optional(),
  maxEvents: z.number().int().min(1).optional(),
}).superRefine((s, ctx) => {
  if (Array.isArray(s.seeds)) {
    const seen = new Map<number, number>();
    s.seeds.forEach((x, i) => {
      if (seen.has(x)) ctx.addIssue({ code: 'custom', path: ['seeds', i], message: `seed ${x} is listed twice (also at seeds[${seen.get(x)}])` });
      else seen.set(x, i);
    });
  }
  const keys = Object.keys(s.vary);
  for (const key of keys) {
    const at = ['vary', key];
    if (!PATH.test(key)) {
      ctx.addIssue({ code: 'custom', path: at, message: 'expected a dotted path into the scenario, such as "policies.scheduling" or "failures.0.mtbf" (field names, and list indexes as numbers)' });
      continue;
    }
    if (key === 'seed') ctx.addIssue({ code: 'custom', path: at, message: 'vary the seed with "seeds" (a count or a list), not under "vary"' });
    else if ((FIXED_COLUMNS as readonly string[]).includes(key)) ctx.addIssue({ code: 'custom', path: at, message: `"${key}" is an output column; it cannot be varied` });
    const over = keys.find((k) => k !== key && key.startsWith(`${k}.`));
    if (over !== undefined) ctx.addIssue({ code: 'custom', path: at, message: `lies inside "${over}", which is varied too; vary one or the other` });
    const seen = new Map<string, number>();
    s.vary[key].forEach((v, i) => {
      const text = JSON.stringify(v);
      if (seen.has(text)) ctx.addIssue({ code: 'custom', path: [...at, i], message: `the value ${text} is listed twice (also at vary.${key}[${seen.get(text)}])` });
      else seen.set(text, i);
    });
  }
  if (s.timeout !== undefined) {
    const t = parseDuration(s.timeout);
    if (t === undefined || t <= 0) ctx.addIssue({ code: 'custom', path: ['timeout'], message: `expected a positive duration such as "30s" or "5m" (a number is seconds), got ${JSON.stringify(s.timeout)}` });
  }
  const points = keys.reduce((n, k) => n * s.vary[k].length, 1);
  const seeds = Array.isArray(s.seeds) ? s.seeds.length : s.seeds;
  if (points * seeds > MAX_RUNS) ctx.addIssue({ code: 'custom', path: ['vary'], message: `${points} points × ${seeds} seeds = ${points * seeds} runs; at most ${MAX_RUNS} are supported` });
});

/** Joins a path as the sweep document reads: `vary.policies.scheduling[1]` (a varied path keeps its dots). */
export function sweepPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s;
}

/**
 * Validates a parsed sweep document. Throws {@link ScenarioError} listing every problem
 * with its path in the sweep document (such as `vary.policies.scheduling[1]`); `source`
 * (the file) prefixes the messages.
 */
export function parseSweep(doc: unknown, source = 'sweep'): SweepSpec {
  const r = sweepSchema.safeParse(doc, { reportInput: true });
  if (!r.success) {
    throw new ScenarioError(r.error.issues.map((i): ScenarioIssue => {
      const raw = i as unknown as RawIssue;
      const keys = raw.code === 'unrecognized_keys' ? raw.keys ?? [] : [];
      const path = keys.length === 1 ? [...raw.path, keys[0]] : raw.path;
      const message = raw.code === 'unrecognized_keys' && keys.length === 1
        ? 'unknown field; a sweep has scenario, seeds, vary, policyModules, timeout, maxEvents'
        : formatIssue(raw).message;
      return { path: sweepPath(path), message };
    }), source);
  }
  const s = r.data;
  return {
    scenario: s.scenario,
    seeds: s.seeds,
    vary: Object.keys(s.vary).map((key) => ({ key, values: s.vary[key] })),
    policyModules: s.policyModules,
    ...(s.timeout === undefined ? {} : { timeoutS: parseDuration(s.timeout)! }),
    ...(s.maxEvents === undefined ? {} : { maxEvents: s.maxEvents }),
  };
}

/** The seeds of a sweep: a count starts at `firstSeed` (the scenario's). Throws RangeError past the largest seed. */
export function sweepSeeds(spec: SweepSpec, firstSeed: number): number[] {
  if (typeof spec.seeds !== 'number') return [...spec.seeds];
  if (firstSeed + spec.seeds - 1 > MAX_SEED) throw new RangeError(`seeds: ${spec.seeds} seeds from the scenario's seed ${firstSeed} go past the largest seed, ${MAX_SEED}`);
  return Array.from({ length: spec.seeds }, (_, k) => firstSeed + k);
}

/** Number of points of the cross product (1 when nothing is varied). */
export function pointCount(vary: readonly Variation[]): number {
  return vary.reduce((n, v) => n * v.values.length, 1);
}

/** The varied values of point `p`: the cross product in key order, the last key varying fastest. */
export function pointValues(vary: readonly Variation[], p: number): unknown[] {
  const out = new Array<unknown>(vary.length);
  for (let k = vary.length - 1; k >= 0; k--) {
    const n = vary[k].values.length;
    out[k] = vary[k].values[p % n];
    p = Math.floor(p / n);
  }
  return out;
}

/** A value as an output cell and in messages: text as it is, anything else as JSON. */
export function cellText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** A point for messages: `point 3 (policies.scheduling=sjf, failures.0.mtbf=50000h)`. */
export function describePoint(vary: readonly Variation[], p: number): string {
  if (vary.length === 0) return `point ${p}`;
  const values = pointValues(vary, p);
  return `point ${p} (${vary.map((v, k) => `${v.key}=${cellText(values[k])}`).join(', ')})`;
}

/** A problem applying a varied value to the scenario document. */
export class VaryError extends Error {
  constructor(readonly key: string, message: string) {
    super(`vary.${key}: ${message}`);
    this.name = 'VaryError';
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Scenario-style path of the first `n` segments: `failures[0].mtbf`. */
function docPath(segments: readonly string[], n: number): string {
  return sweepPath(segments.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s)));
}

/**
 * Sets the field at a dotted path of a parsed scenario document (in place), before
 * validation, so units and defaults work as in a scenario file. Missing objects on the way
 * are created (`policies.backup` in a scenario without `policies`); list items must exist.
 * Throws {@link VaryError} when the path does not fit the document.
 */
export function setPath(doc: Record<string, unknown>, key: string, value: unknown): void {
  const segs = key.split('.');
  let cur: unknown = doc;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i], last = i === segs.length - 1;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg)) throw new VaryError(key, `${docPath(segs, i)} is a list; expected an item number there, got "${seg}"`);
      const k = Number(seg);
      if (k >= cur.length) throw new VaryError(key, `the scenario has no ${docPath(segs, i + 1)} (${docPath(segs, i)} has ${cur.length} item${cur.length === 1 ? '' : 's'})`);
      if (last) cur[k] = value; else cur = cur[k];
    } else if (isRecord(cur)) {
      if (last) {
        cur[seg] = value;
      } else {
        if (cur[seg] === undefined) {
          if (/^\d+$/.test(segs[i + 1])) throw new VaryError(key, `the scenario has no ${docPath(segs, i + 1)}, so it has no ${docPath(segs, i + 2)}`);
          cur[seg] = {};
        }
        cur = cur[seg];
      }
    } else {
      throw new VaryError(key, `${docPath(segs, i)} is ${JSON.stringify(cur)}, not an object or a list, so it has no field "${seg}"`);
    }
  }
}

/** The scenario document of point `p`: a copy of `base` with the point's values set. Throws {@link VaryError}. */
export function pointDocument(base: Readonly<Record<string, unknown>>, vary: readonly Variation[], p: number): Record<string, unknown> {
  const doc = structuredClone(base) as Record<string, unknown>;
  const values = pointValues(vary, p);
  vary.forEach((v, k) => setPath(doc, v.key, structuredClone(values[k])));
  return doc;
}

/** A shard of the run list: the runs whose index % count === index. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The run indices of a shard, in order, out of `runs`. */
export function shardRuns(runs: number, shard: Shard): number[] {
  const out: number[] = [];
  for (let r = shard.index; r < runs; r += shard.count) out.push(r);
  return out;
}
