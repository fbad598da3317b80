/**
 * Real traces from a scenario file, end to end through the command line: the Azure LLM
 * conversation trace drives an inference service, the Alibaba GPU trace batch work. Also
 * what a user sees when a trace is missing or malformed.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { loadScenario } from '../../src/cli/loadScenario.ts';
import { runScenario } from '../../src/worker/runScenario.ts';
import { parseScenarioText } from '../../src/sim/scenario/parseScenario.ts';

const scenarioPath = (name: string) => fileURLToPath(new URL(`../../scenarios/${name}`, import.meta.url));
const AZURE = scenarioPath('azure-llm-conv.json');
const ALIBABA = scenarioPath('alibaba-gpu-2023.json');
const TRACES = fileURLToPath(new URL('../../../shared/traces/', import.meta.url));
const haveTraces = existsSync(join(TRACES, 'azure-llm-2023-conv.csv'));
if (!haveTraces) console.warn(`skipping the real-trace runs: ${TRACES} is absent (CI always has it)`);

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'dcsim-traces-')); });
afterAll(() => { rmSync(dir, { recursive: true, force: true }); });

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

/** A copy of a scenario in the temp dir, its trace path replaced (absolute) and other edits applied. */
function variant(from: string, tracePath: string, edit: (d: any) => void = () => {}): string {
  const d = JSON.parse(readFileSync(from, 'utf8'));
  d.workloads[0].trace.path = tracePath;
  edit(d);
  const p = join(dir, `v${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(p, JSON.stringify(d));
  return p;
}

describe.skipIf(!haveTraces)('real traces from scenario files', () => {
  it('runs the Azure conversation trace: every traced request arrives, in the trace\'s hour', async () => {
    const r = await cli('run', AZURE, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    const w = doc.workloads.conversation;
    expect(w.arrived).toBe(19366);
    expect(w.completed + w.queued + w.running + w.inference.failed + w.inference.dropped).toBe(19366);
    expect(w.inference.retried).toBeGreaterThan(0);
    expect(doc.metrics.C).toBeGreaterThan(0);
    expect(doc.metrics.C).toBeLessThanOrEqual(1);
  });

  it('serves each traced request in prompt × prefill + output × decode when nothing waits', () => {
    const s = loadScenario(AZURE);
    const w = s.workloads[0];
    if (w.kind !== 'inference' || !w.trace?.data) throw new Error('expected a loaded inference trace');
    const d = w.trace.data;
    let sum = 0;
    for (let k = 0; k < d.arrivalS.length; k++) sum += d.promptTokens[k] * 0.2e-3 + d.outputTokens[k] * 20e-3;
    // Ample capacity, no failures: latency = service time exactly, so T = mean service time.
    const roomy = { ...s, cluster: { sites: [{ ...s.cluster.sites[0], nodesPerRack: 40 }] }, failures: [], workloads: [{ ...w, replicas: 40, concurrency: 64, startupS: 0 }] };
    const r = runScenario(roomy);
    expect(r.metrics.T!).toBeCloseTo(sum / d.arrivalS.length, 9);
    expect(r.metrics.endS).toBeGreaterThan(d.arrivalS[d.arrivalS.length - 1]);
  });

  it('replays arrivals at trace time × timeScale, and stops at trace.limit', () => {
    const s = loadScenario(variant(AZURE, join(TRACES, 'azure-llm-2023-conv.csv'), (d) => { d.workloads[0].trace.timeScale = 0.5; d.workloads[0].trace.limit = 1000; d.failures = []; }));
    const w = s.workloads[0];
    if (w.kind !== 'inference') throw new Error('expected inference');
    const r = runScenario(s);
    expect(r.workloads.conversation.arrived).toBe(1000);
    expect(r.metrics.endS).toBeGreaterThanOrEqual(w.trace!.data!.arrivalS[999] * 0.5);
    expect(r.metrics.endS).toBeLessThan(w.trace!.data!.arrivalS[999] * 0.5 + 600);
  });

  it('runs the Alibaba GPU trace: every GPU pod arrives, shares of a GPU included', async () => {
    const r = await cli('run', ALIBABA, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.workloads.pods.arrived).toBe(6203);
    const w = doc.workloads.pods;
    expect(w.completed + w.queued + w.running).toBe(6203);
    expect(doc.metrics.R).toBeGreaterThan(0);
  });

  it('gives the same result for the same seed, and the trace itself is not random', () => {
    const a = runScenario(loadScenario(ALIBABA));
    const b = runScenario(loadScenario(ALIBABA));
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});

describe('trace errors a user sees', () => {
  it('a missing trace file: exit 2, naming the file and the field', async () => {
    const r = await cli('run', variant(AZURE, join(dir, 'nope.csv')));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: cannot read trace .*nope\.csv \(workloads\[0\]\.trace\.path\): no such file\n$/);
  });

  it('a malformed row: exit 2 with file:line:column and what was expected', async () => {
    const csv = join(dir, 'bad.csv');
    writeFileSync(csv, 'TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:15:46.6805900,374,44\n2023-11-16 18:15:47.0,abc,3\n');
    const r = await cli('validate', variant(AZURE, csv));
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${csv}:3:23: ContextTokens: expected a non-negative integer, got "abc"\n`);
  });

  it('an empty trace: exit 2 with a clear message', async () => {
    const csv = join(dir, 'empty.csv');
    writeFileSync(csv, '');
    const r = await cli('run', variant(ALIBABA, csv));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*empty\.csv:1:1: .*\n$/);
  });

  it('a trace task larger than the cluster is refused before the run', async () => {
    const csv = join(dir, 'big.csv');
    writeFileSync(csv, 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\np,1,1,8,1000,,LS,Running,0,100,0\n');
    const r = await cli('run', variant(ALIBABA, csv, (d) => { d.cluster.sites[0].nodesPerRack = 1; d.cluster.sites[0].node.gpus = 4; }));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/workloads\[0\]\.trace: the trace has tasks needing 8 GPUs at once but the cluster has only 4/);
  });

  it('a trace beside the fields it replaces is a validation error at each field', () => {
    const batchDoc = JSON.parse(readFileSync(ALIBABA, 'utf8'));
    batchDoc.workloads[0].arrival = { poisson: { rate: 1 } };
    expect(() => parseScenarioText(JSON.stringify(batchDoc), 'json')).toThrow(/workloads\[0\]\.arrival: comes from the trace/);
    const inf = JSON.parse(readFileSync(AZURE, 'utf8'));
    inf.workloads[0].arrival = { poisson: { rate: 1 } };
    expect(() => parseScenarioText(JSON.stringify(inf), 'json')).toThrow(/workloads\[0\]\.arrival: give either "arrival" .* or "trace"/);
    delete inf.workloads[0].arrival;
    inf.workloads[0].tokens.prompt = 100;
    expect(() => parseScenarioText(JSON.stringify(inf), 'json')).toThrow(/workloads\[0\]\.tokens\.prompt: comes from the trace/);
  });

  it('simulating a scenario whose trace was never read fails with a message saying so', () => {
    const s = parseScenarioText(readFileSync(ALIBABA, 'utf8'), 'json');
    expect(() => runScenario(s)).toThrow(/workloads\[0\]\.trace: the trace ".*" was not read/);
  });
});
