/**
 * `npm run bench`: speed of the engine and of whole runs. Prints figures; asserts nothing.
 *   1. M/M/10 at ρ = 0.8 with 10⁶ tasks: the hand-written yardstick loop vs the engine.
 *   2. The same queue as a dcsim scenario through the whole model (FIFO policy, metrics).
 *   3. The seed example.
 * Each case runs a warm-up and then the best of a few repetitions.
 */
import { readFileSync } from 'node:fs';
import { parseScenarioText } from '../src/sim/scenario/parseScenario.ts';
import { validateScenario } from '../src/sim/scenario/parseScenario.ts';
import { runScenario } from '../src/worker/runScenario.ts';
import { engineMMc } from './engineMMc.ts';
import { yardstickMMc } from './yardstick.ts';

const TASKS = Number(process.env.BENCH_TASKS ?? 1_000_000);
const REPS = Number(process.env.BENCH_REPS ?? 3);
const c = 10, mu = 1, lambda = 0.8 * c * mu;

function best<T>(f: () => T): { ms: number; out: T } {
  f();
  let ms = Infinity, out!: T;
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    out = f();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, out };
}

const rate = (n: number, ms: number) => `${(n / ms / 1000).toFixed(2)} M/s`;
const mem = () => `${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB RSS`;

console.log(`dcsim bench — node ${process.version}, ${TASKS.toLocaleString('en')} tasks, best of ${REPS}\n`);

const y = best(() => yardstickMMc(lambda, mu, c, TASKS, 'bench'));
const e = best(() => engineMMc(lambda, mu, c, TASKS, 'bench'));
console.log('M/M/10, ρ = 0.8 (W theory 1.2052 s)');
console.log(`  yardstick loop   ${y.ms.toFixed(0).padStart(6)} ms  ${rate(y.out.events, y.ms)} events  ${rate(TASKS, y.ms)} tasks  W = ${y.out.meanResponseS.toFixed(4)} s`);
console.log(`  dcsim engine     ${e.ms.toFixed(0).padStart(6)} ms  ${rate(e.out.events, e.ms)} events  ${rate(TASKS, e.ms)} tasks  W = ${e.out.meanResponseS.toFixed(4)} s`);
console.log(`  engine / yardstick speed: ${(y.ms / e.ms).toFixed(2)} (goal ≥ 0.5)`);

const mmc = validateScenario({
  name: 'bench M/M/10', horizon: '1000d',
  cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: c, node: { gpus: 1, gpu: 'H100' } }] },
  workloads: [{ kind: 'batch', id: 'w', count: TASKS, arrival: { poisson: { rate: lambda } }, work: { exponential: { mean: 1 / mu } } }],
});
const full = best(() => runScenario(mmc));
console.log(`  whole model      ${full.ms.toFixed(0).padStart(6)} ms  ${rate(full.out.stats.events, full.ms)} events  ${rate(TASKS, full.ms)} tasks  W = ${full.out.metrics.T!.toFixed(4)} s  (FIFO policy, metrics, percentiles)`);

const seed = parseScenarioText(readFileSync(new URL('../scenarios/seed-example.json', import.meta.url), 'utf8'), 'json');
const s = best(() => runScenario(seed));
console.log(`\nseed example: ${s.ms.toFixed(1)} ms, ${s.out.stats.events} events`);
console.log(`\nmemory: ${mem()}`);
