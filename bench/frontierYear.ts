/**
 * `npx tsx bench/frontierYear.ts [year|job|tasks|million|ratio] [--json]`: the frontier-scale
 * cases of `npm run bench` (which runs each in a fresh process, with `--json` for a line it
 * parses), alone, for iteration and profiling (`node --cpu-prof --import tsx ...`).
 * BENCH_DAYS shortens the horizon of year, job, tasks and million.
 *
 *   year     The Llama 3 preset's failures and maintenance on 8× its cluster (8,320 racks × 2
 *            nodes × 8 H100s = 16,640 nodes, 133,120 GPUs) for 365 days: one 131,072-GPU
 *            training job (300 d of work, 6.5 TB checkpoints, 10-minute restarts) and
 *            200,000 batch tasks of 8 GPUs. Goal: < 5 s, peak RSS < 1 GiB.
 *   job      The year with the training job alone; tasks: with the batch tasks alone.
 *   million  One full-cluster job on 1,048,576 GPUs (131,072 nodes) for 30 days with the
 *            preset's failure rates, failing over elastically (see millionGpuScenario).
 *            Goal: < 30 s, < 4 GiB.
 *   ratio    Cost of an event at 131k GPUs over its cost at 10 GPUs, on the same batch
 *            workload (8-GPU tasks at the same load; BENCH_RATIO_TASKS tasks, default
 *            200,000, best of BENCH_REPS rounds, default 2). Goal: ≤ 10.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { validateScenario } from '../src/sim/scenario/parseScenario.ts';
import type { Scenario } from '../src/sim/scenario/types.ts';
import { runScenario } from '../src/worker/runScenario.ts';

type Doc = Record<string, unknown> & { failures: unknown[]; maintenance: unknown[] };

/** The Llama 3 preset, as its file says. */
function llamaPreset(): Doc {
  return JSON.parse(readFileSync(new URL('../scenarios/llama3-pretraining.json', import.meta.url), 'utf8')) as Doc;
}

/** The preset's 47 planned stops of 15 minutes in 54 days, repeated for `days` days. */
function maintenanceFor(preset: Doc, days: number): unknown[] {
  const out: unknown[] = [];
  const periodH = 54 * 24;
  for (let k = 0; k * periodH < days * 24; k++) {
    for (const m of preset.maintenance as { at: string }[]) {
      const atH = Number.parseFloat(m.at) + k * periodH;
      if (atH < days * 24) out.push({ ...m, at: `${atH.toFixed(1)}h` });
    }
  }
  return out;
}

/** The 131,072-GPU year (see the file comment). */
export function frontierYearScenario(options: { training?: boolean; tasks?: number; days?: number } = {}): Scenario {
  const preset = llamaPreset();
  const days = options.days ?? 365;
  const tasks = options.tasks ?? 200_000;
  const workloads: unknown[] = [];
  if (options.training ?? true) {
    workloads.push({ kind: 'training', id: 'frontier', gpus: 131_072, work: '300d', checkpoint: { size: '6.5TB', restart: '10m' } });
  }
  if (tasks > 0) {
    // 200,000 tasks over the year, 8 GPUs each, about 1 h of work: a light load on the spares.
    workloads.push({ kind: 'batch', id: 'batch', count: tasks, gpus: 8, arrival: { poisson: { rate: tasks / (days * 86400) } }, work: { exponential: { mean: '1h' } } });
  }
  return validateScenario({
    ...preset, name: 'bench frontier year', horizon: `${days}d`,
    cluster: { sites: [{ id: 'rsc', racks: 8320, nodesPerRack: 2, node: { gpus: 8, gpu: 'H100' }, storage: { bandwidth: '16TB/s' } }] },
    workloads, maintenance: maintenanceFor(preset, days), policySets: undefined,
  });
}

/**
 * One full-cluster job on 1,048,576 GPUs for 30 days with the preset's failure rates (GPU,
 * two node rules and uplink: 1,376,256 failure processes). The job fails over with the
 * `elastic` policy: under restart-from-checkpoint a job on every GPU could not restart while
 * any GPU is down, so it would sit waiting and the case would time nothing. Elastic shrinks
 * it to its healthy GPUs at each failure and goes on, so every failure costs a real
 * interruption, detection and restart of a 1M-GPU job (it never grows back). At these rates
 * a component of so large a job fails every few minutes, sooner than its 10-minute restart,
 * so it makes little progress (C about 0.02): the case measures the simulator, not a job one
 * would run so.
 */
export function millionGpuScenario(days = 30): Scenario {
  const preset = llamaPreset();
  return validateScenario({
    ...preset, name: 'bench million GPUs', horizon: `${days}d`, maintenance: [], policySets: undefined,
    policies: { ...(preset.policies as object), failover: 'elastic' },
    cluster: { sites: [{ id: 'big', racks: 65_536, nodesPerRack: 2, node: { gpus: 8, gpu: 'H100' }, storage: { bandwidth: '128TB/s' } }] },
    workloads: [{ kind: 'training', id: 'full', gpus: 1_048_576, work: `${days}d`, checkpoint: { size: '6.5TB', restart: '10m' } }],
  });
}

/** 8-GPU tasks at 80 % load on a cluster of `gpus` GPUs (nodes of 8; 10 GPUs: 10 nodes of 1). */
export function batchLoadScenario(gpus: number, tasks: number): Scenario {
  const small = gpus < 64;
  const perTask = small ? 1 : 8;
  const nodes = small ? gpus : gpus / 8;
  const rate = (0.8 * gpus) / perTask / 3600;
  return validateScenario({
    name: `bench batch load ${gpus} GPUs`, horizon: '10000d',
    cluster: { sites: [{ id: 'dc', racks: small ? 1 : nodes / 2, nodesPerRack: small ? nodes : 2, node: { gpus: small ? 1 : 8, gpu: 'H100' } }] },
    workloads: [{ kind: 'batch', id: 'b', count: tasks, gpus: perTask, arrival: { poisson: { rate } }, work: { exponential: { mean: '1h' } } }],
    failures: [{ target: 'node', mtbf: '50000h', repair: { exponential: { mean: '4h' } } }],
  });
}

/** Runs one scenario, timing it; returns wall and CPU ms, events and a digest of the result. */
export function timeRun(s: Scenario): { ms: number; cpuMs: number; events: number; digest: string; result: ReturnType<typeof runScenario> } {
  const t0 = performance.now(), c0 = process.cpuUsage();
  const result = runScenario(s);
  const ms = performance.now() - t0, c = process.cpuUsage(c0);
  const digest = createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 16);
  return { ms, cpuMs: (c.user + c.system) / 1000, events: result.stats.events, digest, result };
}

/** What `frontierYear.ts <case> --json` prints as its last line: one run of a case. */
export interface CaseReport {
  readonly name: string;
  readonly ms: number;
  /** CPU time of the process over the run (every thread: the collector's too). */
  readonly cpuMs: number;
  readonly events: number;
  /** Peak resident set of the whole process (Node, tsx, scenario and run), MiB. */
  readonly peakRssMiB: number;
  readonly digest: string;
  readonly interruptions: number;
  readonly failures: number;
  readonly C: number | null;
  readonly S: number;
  /** Per workload: "id completed/arrived". */
  readonly workloads: string;
}

/** What `frontierYear.ts ratio --json` prints as its last line (µs per event: least over the repetitions). */
export interface RatioReport {
  readonly tasks: number;
  readonly events: Record<'small' | 'large', number>;
  readonly cpuUs: Record<'small' | 'large', number>;
  readonly wallUs: Record<'small' | 'large', number>;
}

const SMALL_GPUS = 10, LARGE_GPUS = 131_072;

/**
 * The cost of an event on `batchLoadScenario` at 10 and at 131,072 GPUs, `tasks` tasks each:
 * a warm-up of each at a tenth of the tasks, then `reps` rounds taking turns; the least
 * CPU and wall µs per event of each.
 */
export function eventCost(tasks: number, reps: number): RatioReport {
  const scenarios = { small: batchLoadScenario(SMALL_GPUS, tasks), large: batchLoadScenario(LARGE_GPUS, tasks) };
  for (const gpus of [SMALL_GPUS, LARGE_GPUS]) runScenario(batchLoadScenario(gpus, Math.ceil(tasks / 10)));
  const events = { small: 0, large: 0 }, cpuUs = { small: Infinity, large: Infinity }, wallUs = { small: Infinity, large: Infinity };
  for (let i = 0; i < reps; i++) {
    for (const k of ['small', 'large'] as const) {
      const r = timeRun(scenarios[k]);
      events[k] = r.events;
      cpuUs[k] = Math.min(cpuUs[k], (1000 * r.cpuMs) / r.events);
      wallUs[k] = Math.min(wallUs[k], (1000 * r.ms) / r.events);
    }
  }
  return { tasks, events, cpuUs, wallUs };
}

const peakRssMiB = () => process.resourceUsage().maxRSS / 1024;

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.argv[2] ?? 'year';
  const json = process.argv.includes('--json');
  const days = process.env.BENCH_DAYS ? Number(process.env.BENCH_DAYS) : undefined;
  if (which === 'ratio') {
    const r = eventCost(Number(process.env.BENCH_RATIO_TASKS ?? 200_000), Number(process.env.BENCH_REPS ?? 2));
    console.log(`event cost, ${r.tasks.toLocaleString('en')} batch tasks at 80 % load (1 GPU each on 10 GPUs, 8 on 131,072): ${SMALL_GPUS} GPUs ${r.cpuUs.small.toFixed(2)} µs CPU (${r.wallUs.small.toFixed(2)} wall), ${LARGE_GPUS.toLocaleString('en')} GPUs ${r.cpuUs.large.toFixed(2)} µs CPU (${r.wallUs.large.toFixed(2)} wall) per event; ratio ${(r.cpuUs.large / r.cpuUs.small).toFixed(2)} CPU, ${(r.wallUs.large / r.wallUs.small).toFixed(2)} wall (goal ≤ 10)`);
    if (json) console.log(JSON.stringify(r));
  } else {
    const s = which === 'million' ? millionGpuScenario(days)
      : which === 'job' ? frontierYearScenario({ tasks: 0, days })
        : which === 'tasks' ? frontierYearScenario({ training: false, days })
          : frontierYearScenario({ days });
    const r = timeRun(s);
    const m = r.result.metrics;
    const report: CaseReport = {
      name: s.name, ms: r.ms, cpuMs: r.cpuMs, events: r.events, peakRssMiB: peakRssMiB(), digest: r.digest,
      interruptions: r.result.interruptions.count, failures: r.result.failures.count, C: m.C, S: m.S,
      workloads: Object.entries(r.result.workloads).map(([id, x]) => `${id} ${x.completed}/${x.arrived}`).join(', '),
    };
    console.log(`${s.name} (${which}): ${r.ms.toFixed(0)} ms (${r.cpuMs.toFixed(0)} ms CPU), ${r.events.toLocaleString('en')} events, ${(r.events / r.ms / 1000).toFixed(3)} M events/s, ${report.peakRssMiB.toFixed(0)} MiB peak RSS, digest ${r.digest}`);
    console.log(`  interruptions ${report.interruptions}, failures ${report.failures}, C ${m.C?.toFixed(4)}, S ${m.S.toFixed(5)}; ${report.workloads}`);
    if (json) console.log(JSON.stringify(report));
  }
}
