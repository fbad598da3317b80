import { describe, expect, it } from 'vitest';
import { ScenarioError } from '../../src/sim/scenario/formatIssue.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { resolveShard } from '../../src/worker/sweep/shard.ts';
import { describePoint, parseSweep, pointCount, pointDocument, pointValues, setPath, shardRuns, sweepSeeds, VaryError } from '../../src/worker/sweep/spec.ts';
import { parseTable, rowLine, headerLine, type SweepRow } from '../../src/worker/sweep/table.ts';

/** The messages of a sweep document's problems, "path: message". */
function problems(doc: unknown): string[] {
  try {
    parseSweep(doc, 'sweep.json');
  } catch (e) {
    if (e instanceof ScenarioError) return e.issues.map((i) => `${i.path}: ${i.message}`);
    throw e;
  }
  return [];
}

describe('sweep file validation', () => {
  it('accepts a scenario file, a seed count or list, and dotted paths with lists of values', () => {
    const s = parseSweep({ scenario: 'base.json', seeds: 3, vary: { 'policies.scheduling': ['fifo', { name: 'sjf' }], 'failures.0.mtbf': ['20000h', '50000h'] }, timeout: '2m' });
    expect(s.vary.map((v) => v.key)).toEqual(['policies.scheduling', 'failures.0.mtbf']);
    expect(s.timeoutS).toBe(120);
    expect(parseSweep({ scenario: 'x.json' }).seeds).toBe(1);
    expect(parseSweep({ scenario: 'x.json', seeds: [5, 9] }).seeds).toEqual([5, 9]);
  });

  it('names the field path of each problem, a varied value by its key and index', () => {
    expect(problems({ scenario: 'b.json', vary: { 'policies.scheduling': ['fifo', null] } })).toEqual([
      'vary.policies.scheduling[1]: expected a value for the field (a text, number, true/false, object or list), got null',
    ]);
    expect(problems({ scenario: 'b.json', vary: { 'policies.scheduling': ['fifo', 'sjf', 'fifo'] } })).toEqual([
      'vary.policies.scheduling[2]: the value "fifo" is listed twice (also at vary.policies.scheduling[0])',
    ]);
    expect(problems({ scenario: 'b.json', vary: { 'policies.scheduling': [] } })).toEqual(['vary.policies.scheduling: expected at least 1 item(s)']);
    expect(problems({ scenario: 'b.json', vary: { 'policies..x': [1] } })[0]).toMatch(/^vary\.policies\.\.x: expected a dotted path/);
    expect(problems({ scenario: 'b.json', vary: { seed: [1, 2] } })).toEqual(['vary.seed: vary the seed with "seeds" (a count or a list), not under "vary"']);
    expect(problems({ scenario: 'b.json', vary: { policies: ['x'], 'policies.backup': ['none'] } })).toEqual(['vary.policies.backup: lies inside "policies", which is varied too; vary one or the other']);
    expect(problems({ seeds: 0 })).toEqual([
      'scenario: is required (expected the scenario file (a path relative to the sweep file) or the scenario itself (an object))',
      'seeds: expected a number of seeds (1 to 100000) or a list of seeds (whole numbers from 0 to 4294967295)',
    ].map((m) => expect.stringMatching(new RegExp(`^${m.split(':')[0]}:`))));
    expect(problems({ scenario: 'b.json', seeds: [1, 2, 1] })).toEqual(['seeds[2]: seed 1 is listed twice (also at seeds[0])']);
    expect(problems({ scenario: 'b.json', sweeps: 3 })).toEqual(['sweeps: unknown field; a sweep has scenario, seeds, vary, policyModules, timeout, maxEvents']);
    expect(problems({ scenario: 'b.json', timeout: 'soon' })[0]).toMatch(/^timeout: expected a positive duration/);
  });

  it('counts a seed count from the scenario\'s seed', () => {
    expect(sweepSeeds(parseSweep({ scenario: 'b', seeds: 3 }), 10)).toEqual([10, 11, 12]);
    expect(() => sweepSeeds(parseSweep({ scenario: 'b', seeds: 3 }), 2 ** 32 - 2)).toThrow(RangeError);
  });
});

describe('the run list', () => {
  const spec = parseSweep({ scenario: 'b', seeds: 2, vary: { a: [1, 2], 'b.c': ['x', 'y', 'z'] } });

  it('crosses the keys in the order written, values in order, the last key fastest', () => {
    expect(pointCount(spec.vary)).toBe(6);
    expect(Array.from({ length: 6 }, (_, p) => pointValues(spec.vary, p))).toEqual([[1, 'x'], [1, 'y'], [1, 'z'], [2, 'x'], [2, 'y'], [2, 'z']]);
    expect(describePoint(spec.vary, 4)).toBe('point 4 (a=2, b.c=y)');
    expect(pointCount([])).toBe(1);
  });

  it('gives shard i of n the runs whose index % n == i, together every run once', () => {
    const all = [0, 1, 2].flatMap((i) => shardRuns(10, { index: i, count: 3 }));
    expect(shardRuns(10, { index: 1, count: 3 })).toEqual([1, 4, 7]);
    expect(all.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('varying a path of the scenario document', () => {
  const base = {
    name: 'b', horizon: '1d',
    cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: 2, node: { gpus: 1, gpu: 'H100' } }] },
    workloads: [
      { kind: 'batch', id: 'a', count: 5, gpus: 1, arrival: { poisson: { rate: 0.1 } }, work: { constant: '10s' } },
      { kind: 'batch', id: 'b', count: 5, gpus: 1, arrival: { poisson: { rate: 0.1 } }, work: { constant: '10s' } },
    ],
    failures: [{ target: 'node', mtbf: '24h', repair: { exponential: { mean: '1h' } } }],
  };

  it('sets deep paths before validation, so units and defaults apply', () => {
    const spec = parseSweep({
      scenario: 'b',
      vary: { 'failures.0.mtbf': ['50000h'], 'workloads.1.arrival.poisson.rate': [0.5], 'cluster.sites.0.racks': [3], 'policies.scheduling': [{ name: 'sjf' }], 'policies.backup': ['none'] },
    });
    const s = validateScenario(pointDocument(base, spec.vary, 0));
    expect(s.failures[0]).toMatchObject({ timeToFailure: { mean: 50000 * 3600 } });
    expect((s.workloads[1] as { arrivalRatePerS: number }).arrivalRatePerS).toBe(0.5);
    expect(s.cluster.sites[0].racks).toBe(3);
    expect(s.policies.scheduling.name).toBe('sjf');
    expect(s.policies.backup.name).toBe('none');
    expect(base.failures[0].mtbf).toBe('24h'); // the base document is left alone
  });

  it('fails with the varied key and what the scenario lacks', () => {
    const doc = structuredClone(base) as Record<string, unknown>;
    expect(() => setPath(doc, 'failures.3.mtbf', '1h')).toThrow(new VaryError('failures.3.mtbf', 'the scenario has no failures[3] (failures has 1 item)'));
    expect(() => setPath(doc, 'maintenance.0.at', '1h')).toThrow(/^vary\.maintenance\.0\.at: the scenario has no maintenance, so it has no maintenance\[0\]$/);
    expect(() => setPath(doc, 'name.x', 1)).toThrow(/^vary\.name\.x: name is "b", not an object or a list/);
    expect(() => setPath(doc, 'workloads.first', 1)).toThrow(/workloads is a list; expected an item number there, got "first"/);
  });
});

describe('shards from flags and the environment', () => {
  it('takes --shard i/n first', () => {
    expect(resolveShard('1/4', undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '8' })).toEqual({ index: 1, count: 4, from: '--shard' });
    expect(() => resolveShard('4/4', undefined, {})).toThrow(/index runs from 0 to 3/);
    expect(() => resolveShard('1-4', undefined, {})).toThrow(/--shard expects i\/n/);
    expect(() => resolveShard('1/4', 3, {})).toThrow(/disagree/);
  });

  it('honours SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT (counted from SLURM_ARRAY_TASK_MIN)', () => {
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3' })).toEqual({ index: 2, count: 3, from: 'Slurm' });
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1' })).toEqual({ index: 2, count: 3, from: 'Slurm' });
    expect(() => resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '2' })).toThrow(/SLURM_ARRAY_TASK_COUNT is not/);
    expect(() => resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_COUNT: '3' })).toThrow(/out of range/);
  });

  it('honours JOB_COMPLETION_INDEX with --shard-count or DCSIM_SHARD_COUNT', () => {
    expect(resolveShard(undefined, 4, { JOB_COMPLETION_INDEX: '3' })).toEqual({ index: 3, count: 4, from: 'Kubernetes' });
    expect(resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '0', DCSIM_SHARD_COUNT: '2' })).toEqual({ index: 0, count: 2, from: 'Kubernetes' });
    expect(() => resolveShard(undefined, undefined, { JOB_COMPLETION_INDEX: '0' })).toThrow(/--shard-count N .* or DCSIM_SHARD_COUNT/);
    expect(() => resolveShard(undefined, 2, {})).toThrow(/--shard-count needs the shard index/);
  });

  it('runs everything without any', () => {
    expect(resolveShard(undefined, undefined, { SLURM_ARRAY_TASK_ID: '' })).toEqual({ index: 0, count: 1, from: 'none' });
  });
});

describe('output rows', () => {
  const keys = ['policies.scheduling', 'x'];
  const row = (run: number, status: 'ok' | 'failed'): SweepRow => ({
    run, runs: 4, values: ['fifo', { a: 1 }], seed: 7, status,
    figures: status === 'ok' ? Object.fromEntries(['C', 'S', 'T', 'R'].map((f) => [f, 0.5])) as never : null,
    error: status === 'ok' ? '' : 'policy "p": bad, "very" bad,\nreally',
  });

  it.each(['csv', 'jsonl'] as const)('read back what they write (%s), quoting included, errors on one line', (format) => {
    const text = [headerLine(format, keys), rowLine(format, keys, row(0, 'ok')), rowLine(format, keys, row(1, 'failed'))].filter((l) => l !== null).join('\n') + '\n';
    const t = parseTable(text, format, 'f');
    expect(t.keys).toEqual(keys);
    expect(t.partial).toBe(false);
    expect(t.rows.map((r) => [r.run, r.status, r.point, r.figures.C, r.error])).toEqual([
      [0, 'ok', ['fifo', '{"a":1}'], 0.5, ''],
      [1, 'failed', ['fifo', '{"a":1}'], null, 'policy "p": bad, "very" bad, really'],
    ]);
    expect(parseTable(text.slice(0, -5), format, 'f').partial).toBe(true);
  });
});
