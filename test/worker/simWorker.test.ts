import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/sim/model/RunResult.ts';
import { parseScenarioText, validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';
import { WorkerPool } from '../../src/worker/node/WorkerPool.ts';
import { runScenario } from '../../src/worker/runScenario.ts';
import { runOutcome } from '../../src/worker/simWorker.ts';

const fixture = (name: string) => new URL(`./fixtures/${name}`, import.meta.url);
const tiny = (): Scenario => parseScenarioText(readFileSync(fixture('tiny.json'), 'utf8'), 'json');
const FAULTY = { url: fixture('faulty-policies.js').href, source: 'faulty-policies.js' };

/** A scenario of about 200,000 events (100,000 short tasks): enough for a few progress events. */
const busy = (): Scenario => validateScenario({
  name: 'busy', seed: 3, horizon: '30d',
  cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: 4, node: { gpus: 1, gpu: 'H100' } }] },
  workloads: [{ kind: 'batch', id: 'w', count: 100_000, gpus: 1, arrival: { poisson: { rate: 1 } }, work: { exponential: { mean: 2 } } }],
});

/** A result as JSON, typed arrays as plain lists, so equality covers the series values. */
const asJson = (r: RunResult) => JSON.stringify(r, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Float64Array) : v));

const pools: WorkerPool[] = [];
const pool = (opts: ConstructorParameters<typeof WorkerPool>[0]) => {
  const p = new WorkerPool(opts);
  pools.push(p);
  return p;
};
afterAll(async () => { await Promise.all(pools.map((p) => p.close())); });

describe('a run in a worker', () => {
  it('gives the same result in a worker as on the main thread, series included (deep-equal JSON)', async () => {
    const s = tiny();
    const here = runScenario(s, { seed: 7, recordSeries: true });
    const p = pool({ workers: 1 });
    const o = await p.run({ scenario: s, seed: 7, recordSeries: true });
    expect(o.ok).toBe(true);
    if (!o.ok) return;
    expect(o.result.series!.timeS).toBeInstanceOf(Float64Array);
    expect(o.result.series!.timeS.length).toBeGreaterThan(10);
    expect(asJson(o.result)).toBe(asJson(here));
    expect(o.result).toEqual(here);
  });

  it('streams progress: fractions of the horizon that only increase and end at 1, all before the result', async () => {
    const s = busy();
    const here: number[] = [];
    const local = await runOutcome(s, {}, (f) => here.push(f));
    expect(local.ok).toBe(true);
    const seen: number[] = [];
    const o = await pool({ workers: 1 }).run({ scenario: s, onProgress: (f) => seen.push(f) });
    expect(o.ok).toBe(true);
    expect(seen).toEqual(here);
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(seen[seen.length - 1]).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1]);
    expect(seen.every((f) => f >= 0 && f <= 1)).toBe(true);
  });
});

describe('the worker pool', () => {
  it('returns outcomes in job order whatever order they finish in', async () => {
    const s = tiny();
    const seeds = [1, 2, 3, 4, 5, 6];
    const finished: number[] = [];
    const outs = await pool({ workers: 2 }).map(seeds.map((seed) => ({ scenario: s, seed })), (i) => finished.push(i));
    expect(outs.map((o) => (o.ok ? o.result.seed : null))).toEqual(seeds);
    expect([...finished].sort()).toEqual([0, 1, 2, 3, 4, 5]);
    for (const [i, o] of outs.entries()) expect(o.ok && asJson(o.result)).toBe(asJson(runScenario(s, { seed: seeds[i] })));
  });

  it('records a run whose policy throws and one past its time limit as failed with their errors; the others complete', async () => {
    const s = tiny();
    const p = pool({ workers: 2, timeoutS: 1, policyModules: [FAULTY] });
    const job = (scheduling: string, seed = 1) => ({ scenario: { ...s, policies: { ...s.policies, scheduling: { name: scheduling, params: {} } } }, seed });
    const outs = await p.map([job('fifo-copy'), job('thrower'), job('spinner'), job('fifo', 2), job('fifo-copy', 3)]);
    expect(outs.map((o) => (o.ok ? 'ok' : o.kind))).toEqual(['ok', 'failure', 'timeout', 'ok', 'ok']);
    expect(outs[1]).toMatchObject({ ok: false, error: 'policy "thrower": schedule threw: boom' });
    expect(outs[2]).toMatchObject({ ok: false, error: 'timed out after 1 s' });
    // The worker that was stopped was replaced: the pool still runs jobs.
    const after = await p.run(job('fifo-copy', 4));
    expect(after.ok).toBe(true);
  });

  it('records a run whose worker dies as failed and replaces the worker', async () => {
    const s = tiny();
    const p = pool({ workers: 1, policyModules: [FAULTY] });
    const job = (scheduling: string) => ({ scenario: { ...s, policies: { ...s.policies, scheduling: { name: scheduling, params: {} } } } });
    const outs = await p.map([job('quitter'), job('fifo-copy')]);
    expect(outs[0]).toMatchObject({ ok: false, kind: 'crash', error: 'the worker stopped: it exited with code 3' });
    expect(outs[1].ok).toBe(true);
  });

  it('loads policy modules inside the worker, where a scenario can name their policies', async () => {
    const s = tiny();
    const copy = { ...s, policies: { ...s.policies, scheduling: { name: 'fifo-copy', params: {} } } };
    const o = await pool({ workers: 1, policyModules: [FAULTY] }).run({ scenario: copy });
    const builtin = runScenario(s);
    expect(o.ok && o.result.metrics).toEqual(builtin.metrics);
    const without = await pool({ workers: 1 }).run({ scenario: copy });
    expect(without).toMatchObject({ ok: false, kind: 'bad-input' });
  });

  it('refuses jobs once closed', async () => {
    const p = new WorkerPool({ workers: 1 });
    await p.close();
    await expect(p.run({ scenario: tiny() })).rejects.toThrow(/closed/);
  });
});
