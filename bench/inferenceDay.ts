/**
 * `npx tsx bench/inferenceDay.ts`: bench case 5 alone (one day of an LLM inference service
 * at 200 requests/s, about 17 M requests), for quick iteration and profiling
 * (`node --cpu-prof --import tsx bench/inferenceDay.ts`). Prints the wall and CPU time and a
 * digest of the whole result, to check that a change meant to leave results alone does.
 * BENCH_HORIZON shortens the run (e.g. `BENCH_HORIZON=4h`).
 */
import { createHash } from 'node:crypto';
import { validateScenario } from '../src/sim/scenario/parseScenario.ts';
import type { Scenario } from '../src/sim/scenario/types.ts';
import { runScenario } from '../src/worker/runScenario.ts';

/** The inference-day scenario of `npm run bench`: 48 replicas × 4 H100s, concurrency 8, diurnal arrivals. */
export function inferenceDayScenario(ratePerS = 200, horizon = '1d'): Scenario {
  return validateScenario({
    name: 'bench inference day', horizon,
    cluster: { sites: [{ id: 'dc', racks: 4, nodesPerRack: 8, node: { gpus: 8, gpu: 'H100' } }] },
    workloads: [{
      kind: 'inference', id: 'chat', replicas: 48, gpusPerReplica: 4, concurrency: 8,
      arrival: { poisson: { rate: ratePerS }, diurnal: { amplitude: 0.4 } },
      tokens: { prompt: { lognormal: { median: 1000, sigma: 1 } }, output: { lognormal: { median: 200, sigma: 0.8 } }, prefillPerToken: '0.1ms', decodePerToken: '4ms' },
      slo: '5s',
    }],
    failures: [
      { target: 'gpu', mtbf: '50000h', repair: { exponential: { mean: '4h' } } },
      { target: 'node', mtbf: '20000h', repair: { exponential: { mean: '2h' } } },
    ],
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const horizon = process.env.BENCH_HORIZON ?? '1d';
  const scenario = inferenceDayScenario(200, horizon);
  const t0 = performance.now(), cpu0 = process.cpuUsage();
  const r = runScenario(scenario);
  const ms = performance.now() - t0, cpu = process.cpuUsage(cpu0);
  const w = r.workloads.chat;
  const digest = createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16);
  console.log(`inference ${horizon} at 200 req/s: ${ms.toFixed(0)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms), ${w.arrived.toLocaleString('en')} requests, ${r.stats.events.toLocaleString('en')} events`);
  console.log(`  T ${r.metrics.T!.toFixed(3)} s, p99 ${w.T.p99!.toFixed(3)} s, SLO ${(100 * w.sloAttainment!).toFixed(2)} %, retried ${w.inference!.retried}, failed ${w.inference!.failed}, result digest ${digest}`);
}
