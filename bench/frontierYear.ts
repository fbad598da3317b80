/**
 * `npx tsx bench/frontierYear.ts [year|job|tasks|million|small]`: the frontier-scale cases of
 * `npm run bench`, alone, for iteration and profiling (`node --cpu-prof --import tsx ...`).
 *
 *   year     The Llama 3 preset's failures and maintenance on 8× its cluster (8,320 racks × 2
 *            nodes × 8 H100s = 16,640 nodes, 133,120 GPUs) for 365 days: one 131,072-GPU
 *            training job (300 d of work, 6.5 TB checkpoints, 10-minute restarts) and
 *            200,000 batch tasks of 8 GPUs. Goal: < 5 s, peak RSS < 1 GiB.
 *   million  One full-cluster job on 1,048,576 GPUs (131,072 nodes) for 30 days with the
 *            preset's failure rates. Goal: < 30 s, < 4 GiB.
 *   ratio    Cost of an event at 131k GPUs over its cost at 10 GPUs, on the same batch
 *            workload (8-GPU tasks at the same load). Goal: ≤ 10.
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

/** One full-cluster job on 1,048,576 GPUs for 30 days with the preset's failure rates. */
export function millionGpuScenario(days = 30): Scenario {
  const preset = llamaPreset();
  return validateScenario({
    ...preset, name: 'bench million GPUs', horizon: `${days}d`, maintenance: [], policySets: undefined,
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

/** Runs one scenario, timing it; returns wall ms, events and a digest of the result. */
export function timeRun(s: Scenario): { ms: number; events: number; digest: string; result: ReturnType<typeof runScenario> } {
  const t0 = performance.now();
  const result = runScenario(s);
  const ms = performance.now() - t0;
  const digest = createHash('sha256').update(JSON.stringify(result)).digest('hex').slice(0, 16);
  return { ms, events: result.stats.events, digest, result };
}

const peakRss = () => `${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB peak RSS`;

if (import.meta.url === `file://${process.argv[1]}`) {
  const which = process.argv[2] ?? 'year';
  const days = process.env.BENCH_DAYS ? Number(process.env.BENCH_DAYS) : undefined;
  const s = which === 'million' ? millionGpuScenario(days)
    : which === 'job' ? frontierYearScenario({ tasks: 0, days })
      : which === 'tasks' ? frontierYearScenario({ training: false, days })
        : frontierYearScenario({ days });
  const r = timeRun(s);
  console.log(`${s.name} (${which}): ${r.ms.toFixed(0)} ms, ${r.events.toLocaleString('en')} events, ${(r.events / r.ms / 1000).toFixed(3)} M events/s, ${peakRss()}, digest ${r.digest}`);
  console.log(`  interruptions ${r.result.interruptions.count}, failures ${r.result.failures.count}, C ${r.result.metrics.C?.toFixed(4)}, S ${r.result.metrics.S.toFixed(5)}; ${Object.entries(r.result.workloads).map(([id, x]) => `${id}: ${x.completed}/${x.arrived}`).join(', ')}`);
}
