import { z } from 'zod';
import { meanOf, type Distribution } from '../random/distributions.ts';
import { byFamily, POLICY_FAMILIES } from './policyFamilies.ts';
import { componentCount, FAILURE_TARGETS } from './failureTargets.ts';
import { formatIssue } from './formatIssue.ts';
import { GPU_TYPE_NAMES, GPU_TYPES } from './gpuTypes.ts';
import { parseDistribution } from './parseDistribution.ts';
import type { FailureSpec, PolicyRef, PolicySelection, Scenario } from './types.ts';
import { BANDWIDTH_EXPECTED, DURATION_EXPECTED, parseBandwidth, parseDuration, parseSize, SIZE_EXPECTED } from './units.ts';
import { describeValue } from './formatIssue.ts';

/** Largest number of GPUs a scenario may declare (keeps a mistyped size from exhausting memory). */
export const MAX_GPUS = 1_048_576;

/**
 * Largest number of components under random failure rules, all rules together (a component
 * under two rules counts twice). Each is one failure process: 16 bytes of random-stream
 * state (src/sim/random/streamBank.ts) and one pending event (40 bytes in the event queue's
 * typed arrays, which grow by doubling); measured 80–105 bytes of peak RSS per process with
 * 1.0–1.4 M of them, so this bounds their memory to about 0.4 GB. It admits the Llama 3
 * preset's rules (GPU, 2 × node, uplink) on 1,048,576 GPUs: 1,376,256 processes.
 */
export const MAX_FAILURE_PROCESSES = 4_194_304;

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
const id = z.string().regex(ID, { error: 'expected an id: letters, digits, "_", "." or "-", starting with a letter or digit' });

/** A positive quantity with units (a size or a bandwidth): `parse` gives base units or undefined. */
function positiveQuantity(parse: (v: unknown) => number | undefined, expected: string) {
  return z.unknown().transform((v, ctx): number => {
    const x = parse(v);
    if (x === undefined || !(x > 0)) {
      ctx.addIssue({ code: 'custom', message: `expected ${expected.replace(/^a /, 'a positive ')}, got ${describeValue(v)}`, input: v });
      return z.NEVER;
    }
    return x;
  });
}

const size = () => positiveQuantity(parseSize, SIZE_EXPECTED);
const bandwidth = () => positiveQuantity(parseBandwidth, BANDWIDTH_EXPECTED);

function duration(opts: { positive?: boolean } = {}) {
  return z.unknown().transform((v, ctx): number => {
    const d = parseDuration(v);
    if (d === undefined || d < 0 || (opts.positive && d === 0)) {
      const what = `${opts.positive ? 'a positive ' : 'a '}${DURATION_EXPECTED.replace(/^a /, '')}`;
      ctx.addIssue({ code: 'custom', message: v === undefined ? `is required (${what})` : `expected ${what}, got ${describeValue(v)}`, input: v });
      return z.NEVER;
    }
    return d;
  });
}

const distribution = z.unknown().transform((v, ctx): Distribution => {
  const issues: { path: (string | number)[]; message: string }[] = [];
  const d = parseDistribution(v, issues);
  for (const i of issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path, input: v });
  return d ?? (z.NEVER as never);
});

/** A mean time between failures: a duration (mean of an exponential) or any distribution. */
const timeToFailure = z.unknown().transform((v, ctx): Distribution => {
  const mean = parseDuration(v);
  if (mean !== undefined) {
    if (mean > 0) return { kind: 'exponential', mean };
    ctx.addIssue({ code: 'custom', message: `expected a positive duration, got ${describeValue(v)}`, input: v });
    return z.NEVER;
  }
  const issues: { path: (string | number)[]; message: string }[] = [];
  const d = parseDistribution(v, issues);
  for (const i of issues) ctx.addIssue({ code: 'custom', message: i.message, path: i.path, input: v });
  if (d && !(meanOf(d) > 0)) {
    ctx.addIssue({ code: 'custom', message: 'expected a distribution with a mean > 0 (components cannot fail again at once)', input: v });
    return z.NEVER;
  }
  return d ?? (z.NEVER as never);
});

const node = z.strictObject({
  gpus: z.number().int().min(1).max(1024),
  gpu: z.enum(GPU_TYPE_NAMES as [string, ...string[]]),
  speed: z.number().positive().max(1000).optional(),
}).transform((n) => ({ gpus: n.gpus, gpu: n.gpu, speed: n.speed ?? GPU_TYPES[n.gpu].speed }));

const storage = z.strictObject({
  replicas: z.number().int().min(1).max(64).optional(),
  erasure: z.strictObject({ k: z.number().int().min(1).max(64), m: z.number().int().min(0).max(64) }).optional(),
  stripes: z.number().int().min(1).max(10_000_000).default(1000),
  copy: z.strictObject({ to: id, every: duration({ positive: true }), duration: duration().optional(), size: size().optional() }).optional(),
  bandwidth: bandwidth().optional(),
}).superRefine((x, ctx) => {
  if (x.replicas !== undefined && x.erasure !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['replicas'], message: 'give "replicas" (a replication factor) or "erasure" ({ k, m }), not both' });
  }
  if (x.copy && (x.copy.duration === undefined) === (x.copy.size === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['copy', 'duration'], message: 'give "duration" (the time one copy takes) or "size" (bytes sent over the WAN link to the other site), one of the two' });
  }
  if (x.copy && x.copy.duration !== undefined && x.copy.duration > x.copy.every) {
    ctx.addIssue({ code: 'custom', path: ['copy', 'duration'], message: `a copy must finish before the next starts: expected at most "every" (${x.copy.every} s), got ${x.copy.duration} s` });
  }
}).transform((x) => ({
  // Without replicas or erasure, the data itself is not modelled (pieces 0): only bandwidth or copies.
  ...(x.erasure ? { pieces: x.erasure.k + x.erasure.m, needed: x.erasure.k } : { pieces: x.replicas ?? 0, needed: x.replicas === undefined ? 0 : 1 }),
  stripes: x.stripes,
  bandwidthBps: x.bandwidth ?? Infinity,
  ...(x.copy ? {
    copy: { to: x.copy.to, everyS: x.copy.every, ...(x.copy.duration === undefined ? {} : { durationS: x.copy.duration }), ...(x.copy.size === undefined ? {} : { sizeBytes: x.copy.size }) },
  } : {}),
}));

const site = z.strictObject({
  id,
  racks: z.number().int().min(1).max(100_000),
  nodesPerRack: z.number().int().min(1).max(100_000),
  node,
  storage: storage.optional(),
  uplink: z.strictObject({ bandwidth: bandwidth(), latency: duration().default(0) })
    .transform((l) => ({ bandwidthBps: l.bandwidth, latencyS: l.latency })).optional(),
}).superRefine((x, ctx) => {
  if (x.storage && x.storage.pieces > x.racks) {
    ctx.addIssue({ code: 'custom', path: ['storage'], message: `each stripe needs ${x.storage.pieces} pieces on different racks, but the site has ${x.racks} rack(s)` });
  }
});

const wanLink = z.strictObject({
  id: id.optional(),
  between: z.tuple([id, id]),
  bandwidth: bandwidth(),
  latency: duration().default(0),
}).transform((l) => ({ id: l.id ?? `${l.between[0]}-${l.between[1]}`, sites: l.between, bandwidthBps: l.bandwidth, latencyS: l.latency }));

function traceRef<F extends string>(format: F) {
  return z.strictObject({
    format: z.literal(format),
    path: z.string().min(1),
    timeScale: z.number().positive().max(1e6).default(1),
    limit: z.number().int().min(1).optional(),
  });
}

const batch = z.strictObject({
  kind: z.literal('batch'),
  id,
  trace: traceRef('alibaba-gpu-2023').extend({ speed: z.number().positive().max(1000).default(1) }).optional(),
  count: z.number().int().min(0).max(1e9).optional(),
  gpus: z.number().positive().refine((g) => (g >= 1 ? Number.isInteger(g) : Math.round(g * 1000) === g * 1000), {
    error: 'expected a whole number of GPUs, or a fraction of one GPU in thousandths (such as 0.25)',
  }).default(1),
  arrival: z.strictObject({ poisson: z.strictObject({ rate: z.number().positive().max(1e9) }) }).optional(),
  work: distribution.optional(),
  slo: duration({ positive: true }).optional(),
  weight: z.number().min(0).max(1e6).default(1),
}).superRefine((w, ctx) => {
  if (w.trace) {
    for (const k of ['arrival', 'work', 'count'] as const) {
      if (w[k] !== undefined) ctx.addIssue({ code: 'custom', path: [k], message: `comes from the trace; remove "${k}" or the trace` });
    }
  } else {
    if (w.arrival === undefined) ctx.addIssue({ code: 'custom', path: ['arrival'], message: 'is required (an arrival process such as { "poisson": { "rate": 0.5 } }), or give a "trace"' });
    if (w.work === undefined) ctx.addIssue({ code: 'custom', path: ['work'], message: 'is required (a distribution of service times), or give a "trace"' });
  }
}).transform((w) => ({
  kind: 'batch' as const, id: w.id, count: w.count ?? Infinity, gpus: w.gpus,
  arrivalRatePerS: w.arrival?.poisson.rate ?? 0, work: w.work ?? { kind: 'constant' as const, value: 0 }, sloS: w.slo ?? Infinity, weight: w.weight,
  ...(w.trace ? { trace: { format: w.trace.format, path: w.trace.path, timeScale: w.trace.timeScale, limit: w.trace.limit ?? Infinity, traceSpeed: w.trace.speed } } : {}),
}));

const training = z.strictObject({
  kind: z.literal('training'),
  id,
  gpus: z.number().int().min(1),
  work: duration({ positive: true }),
  start: duration().default(0),
  checkpoint: z.strictObject({ cost: duration().optional(), size: size().optional(), restart: duration().default(0) }).superRefine((c, ctx) => {
    if ((c.cost === undefined) === (c.size === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['cost'], message: 'give "cost" (the time one write takes) or "size" (written over the site\'s storage bandwidth), one of the two' });
    }
  }).optional(),
  restart: duration().optional(),
  slo: duration({ positive: true }).optional(),
  weight: z.number().min(0).max(1e6).default(1),
}).superRefine((w, ctx) => {
  if (w.checkpoint !== undefined && w.restart !== undefined) {
    ctx.addIssue({ code: 'custom', path: ['restart'], message: 'with a "checkpoint" block, give the restart time as checkpoint.restart' });
  }
}).transform((w) => ({
  kind: 'training' as const, id: w.id, gpus: w.gpus, workS: w.work, startS: w.start,
  checkpointCostS: w.checkpoint?.cost ?? 0, restartS: w.checkpoint?.restart ?? w.restart ?? 0,
  ...(w.checkpoint?.size === undefined ? {} : { checkpointSizeBytes: w.checkpoint.size }),
  checkpoints: w.checkpoint !== undefined, sloS: w.slo ?? Infinity, weight: w.weight,
}));

const arrivalShape = z.strictObject({
  poisson: z.strictObject({ rate: z.number().positive().max(1e9) }),
  diurnal: z.strictObject({
    amplitude: z.number().min(0).max(1),
    period: duration({ positive: true }).default(86400),
    peak: duration().default(14 * 3600),
  }).optional(),
  bursts: z.array(z.strictObject({ at: duration(), duration: duration({ positive: true }), factor: z.number().min(0).max(1e4) })).max(10_000).default([]),
});

const tokens = z.strictObject({
  prompt: distribution.optional(),
  output: distribution.optional(),
  prefillPerToken: duration(),
  decodePerToken: duration(),
});

const inference = z.strictObject({
  kind: z.literal('inference'),
  id,
  replicas: z.number().int().min(1).max(1_000_000),
  minReplicas: z.number().int().min(1).max(1_000_000).optional(),
  maxReplicas: z.number().int().min(1).max(1_000_000).optional(),
  gpusPerReplica: z.number().int().min(1).default(1),
  site: id.optional(),
  startup: duration().default(0),
  concurrency: z.number().int().min(1).max(100_000).default(1),
  arrival: arrivalShape.optional(),
  trace: traceRef('azure-llm-2023').optional(),
  count: z.number().int().min(0).max(1e10).optional(),
  service: distribution.optional(),
  tokens: tokens.optional(),
  slo: duration({ positive: true }).optional(),
  retries: z.number().int().min(0).max(100).default(1),
  queueLimit: z.number().int().min(0).optional(),
  weight: z.number().min(0).max(1e6).default(1),
}).superRefine((w, ctx) => {
  if ((w.service === undefined) === (w.tokens === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['service'], message: 'give either "service" (a distribution of service times) or "tokens" (prompt and output token counts with per-token times), not both or neither' });
  }
  if ((w.arrival === undefined) === (w.trace === undefined)) {
    ctx.addIssue({ code: 'custom', path: ['arrival'], message: 'give either "arrival" (a Poisson process) or "trace" (requests read from a file), not both or neither' });
  }
  if (w.trace && w.count !== undefined) ctx.addIssue({ code: 'custom', path: ['count'], message: 'comes from the trace; use trace.limit' });
  if (w.minReplicas !== undefined && w.minReplicas > w.replicas) {
    ctx.addIssue({ code: 'custom', path: ['minReplicas'], message: `must be at most replicas (${w.replicas}), the count the service starts with` });
  }
  if (w.maxReplicas !== undefined && w.maxReplicas < w.replicas) {
    ctx.addIssue({ code: 'custom', path: ['maxReplicas'], message: `must be at least replicas (${w.replicas}), the count the service starts with` });
  }
  for (const k of ['prompt', 'output'] as const) {
    if (w.tokens && w.trace && w.tokens[k] !== undefined) ctx.addIssue({ code: 'custom', path: ['tokens', k], message: 'comes from the trace; remove it' });
    if (w.tokens && !w.trace && w.tokens[k] === undefined) ctx.addIssue({ code: 'custom', path: ['tokens', k], message: 'is required (a distribution of token counts) without a trace' });
  }
}).transform((w) => ({
  kind: 'inference' as const, id: w.id, replicas: w.replicas, minReplicas: w.minReplicas ?? w.replicas, maxReplicas: w.maxReplicas ?? w.replicas,
  gpusPerReplica: w.gpusPerReplica,
  ...(w.site === undefined ? {} : { site: w.site }),
  startupS: w.startup, concurrency: w.concurrency, arrivalRatePerS: w.arrival?.poisson.rate ?? 0,
  rateShape: {
    ...(w.arrival?.diurnal ? { diurnal: { amplitude: w.arrival.diurnal.amplitude, periodS: w.arrival.diurnal.period, peakS: w.arrival.diurnal.peak } } : {}),
    bursts: (w.arrival?.bursts ?? []).map((b) => ({ atS: b.at, durationS: b.duration, factor: b.factor })),
  },
  count: w.count ?? Infinity,
  ...(w.trace ? { trace: { format: w.trace.format, path: w.trace.path, timeScale: w.trace.timeScale, limit: w.trace.limit ?? Infinity } } : {}),
  service: w.tokens
    ? {
      kind: 'tokens' as const, prompt: w.tokens.prompt ?? { kind: 'constant' as const, value: 0 }, output: w.tokens.output ?? { kind: 'constant' as const, value: 0 },
      prefillPerTokenS: w.tokens.prefillPerToken, decodePerTokenS: w.tokens.decodePerToken,
    }
    : { kind: 'distribution' as const, distribution: w.service! },
  sloS: w.slo ?? Infinity, retries: w.retries, queueLimit: w.queueLimit ?? Infinity, weight: w.weight,
}));

const workload = z.discriminatedUnion('kind', [batch, training, inference]);

const target = z.enum(FAILURE_TARGETS);

const randomFailure = z.strictObject({
  target,
  mtbf: timeToFailure,
  repair: distribution,
  site: id.optional(),
}).transform((f): FailureSpec => ({ kind: 'random', target: f.target, timeToFailure: f.mtbf, repair: f.repair, ...(f.site ? { site: f.site } : {}) }));

const scheduledOutage = z.strictObject({
  target,
  id: z.string().min(1),
  at: duration(),
  duration: duration({ positive: true }),
}).transform((f): FailureSpec => ({ kind: 'scheduled', target: f.target, id: f.id, atS: f.at, durationS: f.duration }));

const failureTrace = z.strictObject({
  trace: z.strictObject({ format: z.literal('failures-csv'), path: z.string().min(1) }),
}).transform((f): FailureSpec => ({ kind: 'trace', path: f.trace.path }));

/**
 * A failure entry is a scheduled outage when it has `at`, a trace of failures when it has
 * `trace`, else a random failure process.
 */
const failure = z.unknown().transform((v, ctx): FailureSpec => {
  const isObject = typeof v === 'object' && v !== null;
  const schema = isObject && 'at' in v ? scheduledOutage : isObject && 'trace' in v ? failureTrace : randomFailure;
  const r = schema.safeParse(v, { reportInput: true });
  if (r.success) return r.data;
  for (const i of r.error.issues) {
    const f = formatIssue({ ...i, path: [] } as never);
    const key = i.code === 'unrecognized_keys' && i.keys.length === 1 ? [i.keys[0]] : [];
    ctx.addIssue({ code: 'custom', message: f.message, path: [...i.path, ...key] as (string | number)[], input: v });
  }
  return z.NEVER;
});

const policyRef = z.union([
  z.string().min(1).transform((name): PolicyRef => ({ name, params: {} })),
  z.looseObject({ name: z.string().min(1) }).transform(({ name, ...params }): PolicyRef => ({ name, params })),
], { error: 'expected a policy name, or an object { "name": ..., parameters... }' });

/** The policies a scenario gets for the families it does not name: each family's default (POLICY_FAMILIES). */
export const DEFAULT_POLICIES: PolicySelection = byFamily((f): PolicyRef => ({ name: POLICY_FAMILIES[f].defaultPolicy, params: {} }));

const formula = z.string().min(1).max(2000).nullable().optional();

/** The schema of a scenario document; parsing resolves units and fills defaults. */
export const scenarioSchema = z.strictObject({
  $schema: z.string().optional(),
  name: z.string().min(1).max(200),
  description: z.string().max(20_000).default(''),
  seed: z.number().int().min(0).max(2 ** 32 - 1).default(1),
  horizon: duration({ positive: true }),
  runToHorizon: z.boolean().default(false),
  cluster: z.strictObject({ sites: z.array(site).min(1).max(1000), wan: z.array(wanLink).max(100_000).default([]) }),
  workloads: z.array(workload).max(10_000).default([]),
  failures: z.array(failure).max(10_000).default([]),
  policies: z.strictObject(byFamily((f) => policyRef.default(DEFAULT_POLICIES[f]))).default(DEFAULT_POLICIES),
  policySets: z.array(z.strictObject({
    name: z.string().min(1).max(200),
    policies: z.strictObject(byFamily(() => policyRef.optional())),
  })).max(16).default([]).superRefine((sets, ctx) => {
    sets.forEach((x, i) => {
      if (sets.findIndex((y) => y.name === x.name) !== i) ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `policy set "${x.name}" is named twice` });
    });
  }),
  metrics: z.strictObject({ C: formula, S: formula, T: formula, R: formula }).default({}),
  maintenance: z.array(z.strictObject({
    target,
    site: id.optional(),
    at: duration(),
    duration: duration({ positive: true }),
    fraction: z.number().positive().max(1).optional(),
    perWave: z.number().int().min(1).optional(),
  }).superRefine((m, ctx) => {
    if ((m.fraction === undefined) === (m.perWave === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['fraction'], message: 'give "fraction" (of the components, per wave) or "perWave" (components per wave), one of the two' });
    }
  })).max(1000).default([]),
  monitoring: z.strictObject({
    detection: duration().optional(),
    heartbeat: duration({ positive: true }).optional(),
    missedBeats: z.number().int().min(1).max(1000).default(3),
  }).superRefine((m, ctx) => {
    if (m.detection !== undefined && m.heartbeat !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['detection'], message: 'give "detection" or "heartbeat" (with "missedBeats"), not both' });
    }
  }).default({ missedBeats: 3 }),
}).transform((s): Scenario => ({
  name: s.name,
  description: s.description,
  seed: s.seed,
  horizonS: s.horizon,
  runToHorizon: s.runToHorizon,
  cluster: s.cluster,
  workloads: s.workloads,
  failures: s.failures,
  policies: s.policies,
  policySets: s.policySets.map((x) => ({ name: x.name, policies: x.policies as Partial<PolicySelection> })),
  maintenance: s.maintenance.map((m) => ({
    target: m.target, ...(m.site === undefined ? {} : { site: m.site }), atS: m.at, durationS: m.duration,
    perWave: m.perWave ?? Math.max(1, Math.ceil(m.fraction! * componentCount(s.cluster, m.target, m.site))),
  })),
  monitoring: { detectionS: s.monitoring.detection ?? (s.monitoring.heartbeat === undefined ? 0 : s.monitoring.heartbeat * s.monitoring.missedBeats) },
  metrics: Object.fromEntries(Object.entries(s.metrics).filter(([, v]) => typeof v === 'string')),
}));
