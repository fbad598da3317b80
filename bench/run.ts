/**
 * `npm run bench`: speed of the engine and of whole runs. Prints figures; asserts nothing.
 *   1. M/M/10 at ρ = 0.8 with 10⁶ tasks: the hand-written yardstick loop vs the engine.
 *   2. The same queue as a dcsim scenario through the whole model (FIFO policy, metrics).
 *   3. The seed example.
 *   4. A Llama-3-scale pre-training run: 16,384 GPUs for 54 days of work with GPU, node and
 *      rack failures calibrated to about 419 interruptions (goal: under 2 s).
 *   5. One day of an LLM inference service at 200 requests/s, about 17 M requests
 *      (goal: under 10 s; bench/inferenceDay.ts runs it alone).
 *   6. Parsing the real traces, when ../shared/traces is there.
 *   7. Frontier scale (bench/frontierYear.ts, each case in a fresh process so that the cases
 *      before it do not inflate its peak RSS; one run each, no warm-up):
 *      a. a year of a 131,072-GPU job and 200,000 batch tasks on 133,120 GPUs with the Llama 3
 *         preset's failures and maintenance (goal: under 5 s and 1 GiB peak RSS);
 *      b. one job on all 1,048,576 GPUs for 30 days with the preset's failure rates, 1.4 M
 *         failure processes. It fails over with `elastic`: under restart-from-checkpoint a job
 *         on every GPU cannot restart while any GPU is down, so it would wait and the case
 *         would measure nothing; elastic shrinks it to the healthy GPUs at each failure and goes
 *         on, so each failure costs a real interruption and restart of a 1M-GPU job (goal:
 *         under 30 s and 4 GiB);
 *      c. the cost of an event at 131,072 GPUs over its cost at 10 GPUs, on the same batch
 *         workload shape with 200,000 tasks (goal: ratio ≤ 10; CPU time, least of 2 rounds).
 *   8. Sweep throughput: 32 runs through `dcsim sweep` with 1 and 2 workers (bench/sweep.ts;
 *      goal on 2 cores: 2 workers ≥ 1.7× as fast).
 *   9. What each speed-up is worth (bench/ablation.ts).
 * Each in-process case runs a warm-up and then the best of a few repetitions. Timings on a
 * shared machine are noisy: the load average is printed beside the frontier cases, and CPU
 * time is given beside wall time where other processes can take the cores.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseAlibabaGpuTrace } from '../src/sim/trace/parseAlibabaGpu.ts';
import { parseAzureLlmTrace } from '../src/sim/trace/parseAzureLlm.ts';
import { parseScenarioText } from '../src/sim/scenario/parseScenario.ts';
import { validateScenario } from '../src/sim/scenario/parseScenario.ts';
import { runScenario } from '../src/worker/runScenario.ts';
import { engineMMc } from './engineMMc.ts';
import type { CaseReport, RatioReport } from './frontierYear.ts';
import { inferenceDayScenario } from './inferenceDay.ts';
import { yardstickMMc } from './yardstick.ts';
import { benchSweepApart } from './sweep.ts';
import { benchAblation } from './ablation.ts';

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
console.log(`  whole model / yardstick speed: ${(y.ms / full.ms).toFixed(2)} (goal ≥ 0.5)`);

const seed = parseScenarioText(readFileSync(new URL('../scenarios/seed-example.json', import.meta.url), 'utf8'), 'json');
const s = best(() => runScenario(seed));
console.log(`\nseed example: ${s.ms.toFixed(1)} ms, ${s.out.stats.events} events`);

// Llama 3 405B pre-training: 16,384 H100s, 54 days, 419 unexpected interruptions (Dubey et
// al., "The Llama 3 Herd of Models", 2024, section 3.3.4). Job MTBF M = 54 d / 419 ≈ 3.1 h,
// split here 60 % GPU, 30 % node, 10 % rack; 1,024 spare GPUs so restarts need not wait.
const jobMtbfH = (54 * 24) / 419;
const llama = validateScenario({
  name: 'bench llama-3 scale', horizon: '120d',
  cluster: { sites: [{ id: 'dc', racks: 136, nodesPerRack: 16, node: { gpus: 8, gpu: 'H100' } }] },
  workloads: [{ kind: 'training', id: 'llama', gpus: 16384, work: '54d', checkpoint: { cost: '2m', restart: '10m' } }],
  failures: [
    { target: 'gpu', mtbf: `${(16384 * jobMtbfH) / 0.6}h`, repair: { lognormal: { median: '6h', sigma: 1 } } },
    { target: 'node', mtbf: `${(2048 * jobMtbfH) / 0.3}h`, repair: { exponential: { mean: '4h' } } },
    { target: 'rack', mtbf: `${(128 * jobMtbfH) / 0.1}h`, repair: { exponential: { mean: '2h' } } },
  ],
});
const l = best(() => runScenario(llama));
const lt = l.out.workloads.llama.training!;
console.log(`\nLlama-3 scale, 16,384 GPUs, 54 d of work: ${l.ms.toFixed(0)} ms (goal < 2000), ${l.out.stats.events} events, ${rate(l.out.stats.events, l.ms)} events`);
console.log(`  ${l.out.interruptions.count} interruptions, wall ${(l.out.metrics.endS / 86400).toFixed(1)} d, goodput ${lt.goodput!.toFixed(3)}, ${lt.checkpoints} checkpoints`);

const chat = inferenceDayScenario();
const c0 = performance.now();
const ci = runScenario(chat);
const cms = performance.now() - c0;
const cw = ci.workloads.chat;
console.log(`\ninference, 1 day at 200 req/s: ${cms.toFixed(0)} ms (goal < 10000; one run), ${cw.arrived.toLocaleString('en')} requests, ${ci.stats.events.toLocaleString('en')} events, ${rate(ci.stats.events, cms)} events`);
console.log(`  T ${ci.metrics.T!.toFixed(3)} s, p99 ${cw.T.p99!.toFixed(3)} s, SLO ${(100 * cw.sloAttainment!).toFixed(2)} %, availability ${cw.inference!.availability.toFixed(4)}, retried ${cw.inference!.retried}, failed ${cw.inference!.failed}`);

const traces = new URL('../../shared/traces/', import.meta.url);
if (existsSync(new URL('azure-llm-2023-conv.csv', traces))) {
  const conv = readFileSync(new URL('azure-llm-2023-conv.csv', traces), 'utf8');
  const pods = readFileSync(new URL('alibaba-gpu-2023-pods.csv', traces), 'utf8');
  const a = best(() => parseAzureLlmTrace(conv, 'conv'));
  const p = best(() => parseAlibabaGpuTrace(pods, 'pods'));
  console.log(`\ntrace parsing: Azure conversation (${(conv.length / 1024).toFixed(0)} KB, ${a.out.arrivalS.length} rows) ${a.ms.toFixed(1)} ms; Alibaba pods (${(pods.length / 1024).toFixed(0)} KB) ${p.ms.toFixed(1)} ms`);
}
console.log(`\nmemory: ${mem()}`);

// 7. Frontier scale (bench/frontierYear.ts), each case in a fresh process.
/** Runs `bench/frontierYear.ts <which> --json` in a fresh process; returns the JSON of its last line. */
function frontierCase<T>(which: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const file = fileURLToPath(new URL('./frontierYear.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', file, which, '--json'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.on('data', (d: Buffer) => { text += d.toString(); });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`bench/frontierYear.ts ${which} exited with code ${code}`));
      else resolve(JSON.parse(text.trim().split('\n').pop()!) as T);
    });
  });
}
const load = () => `load average ${loadavg()[0].toFixed(1)}`;
const frontierLines = (r: CaseReport, goalMs: number, goalMiB: number) => [
  `  ${(r.ms / 1000).toFixed(2)} s wall (goal < ${goalMs / 1000} s; one run), ${(r.cpuMs / 1000).toFixed(2)} s CPU, ${r.events.toLocaleString('en')} events, ${Math.round((1000 * r.events) / r.ms).toLocaleString('en')} events/s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB (goal < ${goalMiB.toLocaleString('en')} MiB)`,
  `  ${r.interruptions.toLocaleString('en')} interruptions, ${r.failures.toLocaleString('en')} failures, C ${r.C?.toFixed(4)}, S ${r.S.toFixed(5)}; ${r.workloads}`,
];
console.log(`\nfrontier year: a 131,072-GPU job and 200,000 tasks on 133,120 GPUs for 365 d (fresh process, ${load()})`);
for (const line of frontierLines(await frontierCase<CaseReport>('year'), 5000, 1024)) console.log(line);
console.log(`\nmillion GPUs: one elastic job on 1,048,576 GPUs for 30 d, 1,376,256 failure processes (fresh process, ${load()})`);
for (const line of frontierLines(await frontierCase<CaseReport>('million'), 30_000, 4096)) console.log(line);
console.log(`\nevent cost at 131,072 GPUs vs 10 GPUs, batch load of 200,000 tasks (fresh process, ${load()})`);
const ratio = await frontierCase<RatioReport>('ratio');
console.log(`  10 GPUs        ${ratio.cpuUs.small.toFixed(2).padStart(6)} µs/event CPU  ${ratio.wallUs.small.toFixed(2).padStart(6)} µs/event wall  (${ratio.events.small.toLocaleString('en')} events)`);
console.log(`  131,072 GPUs   ${ratio.cpuUs.large.toFixed(2).padStart(6)} µs/event CPU  ${ratio.wallUs.large.toFixed(2).padStart(6)} µs/event wall  (${ratio.events.large.toLocaleString('en')} events)`);
console.log(`  ratio: ${(ratio.cpuUs.large / ratio.cpuUs.small).toFixed(2)} CPU, ${(ratio.wallUs.large / ratio.wallUs.small).toFixed(2)} wall (goal ≤ 10)`);

// 8. Sweep throughput with 1 and 2 workers (bench/sweep.ts, in a fresh process).
await benchSweepApart();

// 9. What each speed-up is worth: each switched off alone (bench/ablation.ts, fresh processes).
await benchAblation();
