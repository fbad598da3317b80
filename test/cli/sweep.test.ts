import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { smallScenario, tempDir } from './support.ts';

const FAULTY = fileURLToPath(new URL('../worker/fixtures/faulty-policies.js', import.meta.url));
const tmp = tempDir('dcsim-sweep-');

/** Runs the command line in-process with the given environment (no shard variables unless given). */
async function dcsim(argv: string[], env: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
  let out = '', err = '';
  const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; }, env });
  return { code, out, err };
}

const read = (f: string) => readFileSync(f, 'utf8');

/** A sweep of 12 runs of a small scenario: 2 policies × 2 failure rates × 3 seeds. */
function sweepFile(name: string, extra: Record<string, unknown> = {}): string {
  tmp.file('small.json', smallScenario());
  return tmp.file(name, {
    scenario: 'small.json',
    seeds: 3,
    vary: { 'policies.scheduling': ['fifo', 'sjf'], 'failures.0.mtbf': ['12h', '2d'] },
    ...extra,
  });
}

describe('dcsim sweep: the same file whatever the workers or shards', () => {
  it('--workers 1, --workers 2 and two merged shards give byte-identical files', async () => {
    const sweep = sweepFile('same.json');
    const one = tmp.file('one.csv', ''), two = tmp.file('two.csv', ''), merged = tmp.file('merged.csv', '');
    const a = tmp.file('shard-a.csv', ''), b = tmp.file('shard-b.csv', '');
    const r1 = await dcsim(['sweep', sweep, '--workers', '1', '--out', one]);
    expect(r1.err).toMatch(/^sweep: 12 runs \(4 points × 3 seeds\); running 12 on 1 worker\n/);
    expect(r1.code).toBe(0);
    expect((await dcsim(['sweep', sweep, '--workers', '2', '--out', two])).code).toBe(0);
    const s0 = await dcsim(['sweep', sweep, '--workers', '2', '--shard', '0/2', '--out', a]);
    expect(s0.err).toMatch(/shard 0\/2: 6; running 6 on 2 workers/);
    expect((await dcsim(['sweep', sweep, '--workers', '1', '--shard', '1/2', '--out', b])).code).toBe(0);
    const m = await dcsim(['merge', b, a, '--out', merged]);
    expect(m.code).toBe(0);
    expect(read(two)).toBe(read(one));
    expect(read(merged)).toBe(read(one));

    const lines = read(one).trimEnd().split('\n');
    expect(lines).toHaveLength(13);
    expect(lines[0]).toMatch(/^run,runs,policies\.scheduling,failures\.0\.mtbf,seed,status,C,S,T,R,.*,error$/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 6).join(','))).toEqual([
      '0,12,fifo,12h,1,ok', '1,12,fifo,12h,2,ok', '2,12,fifo,12h,3,ok',
      '3,12,fifo,2d,1,ok', '4,12,fifo,2d,2,ok', '5,12,fifo,2d,3,ok',
      '6,12,sjf,12h,1,ok', '7,12,sjf,12h,2,ok', '8,12,sjf,12h,3,ok',
      '9,12,sjf,2d,1,ok', '10,12,sjf,2d,2,ok', '11,12,sjf,2d,3,ok',
    ]);
    // The summary per point goes to stdout, not into the file.
    expect(r1.out).toMatch(/^summary: mean ± half-width of the 95% confidence interval/);
    expect(r1.out.split('\n').filter((l) => /^\s+(fifo|sjf)\s+(12h|2d)\s+3\s/.test(l))).toHaveLength(4);
  });

  it('writes JSON Lines for .jsonl, the same for merged shards', async () => {
    const sweep = sweepFile('jsonl.json', { seeds: [4, 9] });
    const all = tmp.file('all.jsonl', ''), a = tmp.file('a.jsonl', ''), b = tmp.file('b.jsonl', ''), merged = tmp.file('m.jsonl', '');
    expect((await dcsim(['sweep', sweep, '--out', all])).code).toBe(0);
    expect((await dcsim(['sweep', sweep, '--out', a], { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '2' })).code).toBe(0);
    expect((await dcsim(['sweep', sweep, '--out', b], { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' })).code).toBe(0);
    expect((await dcsim(['merge', a, b, '--out', merged])).code).toBe(0);
    expect(read(merged)).toBe(read(all));
    const rows = read(all).trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(8);
    expect(Object.keys(rows[0]).slice(0, 6)).toEqual(['run', 'runs', 'policies.scheduling', 'failures.0.mtbf', 'seed', 'status']);
    expect(rows.map((r) => r.seed)).toEqual([4, 9, 4, 9, 4, 9, 4, 9]);
    expect(rows[0].error).toBeNull();
    expect(typeof rows[0].C).toBe('number');
  });
});

describe('dcsim sweep: shards from the environment', () => {
  it('honours SLURM_ARRAY_TASK_ID/COUNT and JOB_COMPLETION_INDEX with --shard-count', async () => {
    const sweep = sweepFile('env.json');
    const runsIn = (f: string) => read(f).trimEnd().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    const slurm = tmp.file('slurm.csv', '');
    const s = await dcsim(['sweep', sweep, '--out', slurm, '--workers', '1'], { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '5' });
    expect(s.code).toBe(0);
    expect(s.err).toMatch(/shard 2\/5 \(from Slurm\): 2; /);
    expect(runsIn(slurm)).toEqual([2, 7]);
    const k8s = tmp.file('k8s.csv', '');
    const k = await dcsim(['sweep', sweep, '--out', k8s, '--workers', '1', '--shard-count', '4'], { JOB_COMPLETION_INDEX: '3' });
    expect(k.code).toBe(0);
    expect(k.err).toMatch(/shard 3\/4 \(from Kubernetes\): 3; /);
    expect(runsIn(k8s)).toEqual([3, 7, 11]);
    const d = await dcsim(['sweep', sweep, '--out', k8s, '--workers', '1'], { JOB_COMPLETION_INDEX: '1', DCSIM_SHARD_COUNT: '6' });
    expect(runsIn(k8s)).toEqual([1, 7]);
    expect(d.code).toBe(0);
    const bad = await dcsim(['sweep', sweep, '--out', k8s], { JOB_COMPLETION_INDEX: '1' });
    expect(bad).toMatchObject({ code: 2, err: expect.stringMatching(/^error: JOB_COMPLETION_INDEX is set but not the number of shards/) });
  });
});

describe('dcsim sweep: fault isolation', () => {
  it('marks a run whose policy throws and one that loops forever (--timeout 2) failed, completes the rest, exit 1', async () => {
    const sweep = tmp.file('faulty.json', {
      scenario: tmp.file('faulty-base.json', smallScenario()),
      policyModules: [FAULTY],
      seeds: 2,
      vary: { 'policies.scheduling': ['fifo-copy', 'thrower', 'spinner', 'fifo'] },
    });
    const out = tmp.file('faulty.csv', '');
    const r = await dcsim(['sweep', sweep, '--workers', '2', '--timeout', '2', '--out', out]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/error: 4 runs failed \(status "failed" in .*faulty\.csv, with the error in the "error" column\)\n$/);
    const rows = read(out).trimEnd().split('\n').slice(1).map((l) => l.split(','));
    expect(rows.map((c) => `${c[2]} ${c[4]}`)).toEqual(['fifo-copy ok', 'fifo-copy ok', 'thrower failed', 'thrower failed', 'spinner failed', 'spinner failed', 'fifo ok', 'fifo ok']);
    const thrown = '"policy ""thrower"": schedule threw: boom"'; // CSV quoting
    expect(rows.map((c) => c[c.length - 1])).toEqual(['', '', thrown, thrown, 'timed out after 2 s', 'timed out after 2 s', '', '']);
    // A failed run has no figures; the completed ones do, fifo-copy the same as fifo.
    expect(rows[2].slice(5, -1).every((c) => c === '')).toBe(true);
    expect(rows[0].slice(5, -1)).toEqual(rows[6].slice(5, -1));
    expect(r.out).toMatch(/thrower\s+0 \(\+2 failed\)/);
  });
});

describe('dcsim sweep --resume', () => {
  it('skips the runs already in the file: a truncated or thinned file is completed to the same bytes', async () => {
    const sweep = sweepFile('resume.json');
    const full = tmp.file('full.csv', '');
    expect((await dcsim(['sweep', sweep, '--out', full])).code).toBe(0);
    const whole = read(full);
    const lines = whole.split('\n');

    // Stopped while writing: the header, four rows and half of the fifth.
    const cut = tmp.file('cut.csv', lines.slice(0, 5).join('\n') + '\n' + lines[5].slice(0, 20));
    const r = await dcsim(['sweep', sweep, '--out', cut, '--resume']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/4 already in .*cut\.csv; running 8 on/);
    expect(r.err).toMatch(/ends in an incomplete row/);
    expect(read(cut)).toBe(whole);

    // Rows taken out here and there.
    const thin = tmp.file('thin.csv', lines.filter((_, i) => ![2, 7, 8, 12].includes(i)).join('\n'));
    const t = await dcsim(['sweep', sweep, '--out', thin, '--resume']);
    expect(t.err).toMatch(/8 already in .*; running 4 on/);
    expect(read(thin)).toBe(whole);

    // Everything there: nothing to run, the file unchanged.
    const again = await dcsim(['sweep', sweep, '--out', thin, '--resume']);
    expect(again.err).toMatch(/12 already in .*; nothing to run/);
    expect(read(thin)).toBe(whole);

    // A missing file: resume runs everything.
    const fresh = tmp.file('fresh-dir-marker', '').replace(/fresh-dir-marker$/, 'fresh.csv');
    expect((await dcsim(['sweep', sweep, '--out', fresh, '--resume'])).code).toBe(0);
    expect(read(fresh)).toBe(whole);
  });

  it('refuses to resume from the output of another sweep (exit 2)', async () => {
    const sweep = sweepFile('resume-other.json');
    const other = tmp.file('other.csv', '');
    expect((await dcsim(['sweep', sweepFile('other-sweep.json', { seeds: 2 }), '--out', other])).code).toBe(0);
    const r = await dcsim(['sweep', sweep, '--out', other, '--resume']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/^error: .*other\.csv: line 2: from a sweep of 8 runs, not this one of 12; --resume cannot go on from it\n$/);
    expect((await dcsim(['sweep', sweep, '--resume'])).err).toMatch(/--resume needs --out FILE/);
  });
});

describe('dcsim sweep: bad input is found before anything runs (exit 2)', () => {
  it('names the field path in the sweep file', async () => {
    tmp.file('small.json', smallScenario());
    const sweep = tmp.file('bad-field.json', { scenario: 'small.json', vary: { 'policies.scheduling': ['fifo', 7, 'fifo'] } });
    const r = await dcsim(['sweep', sweep]);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`error: ${sweep}: vary.policies.scheduling[2]: the value "fifo" is listed twice (also at vary.policies.scheduling[0])\n`);
  });

  it('validates every point up front, naming the point and the field', async () => {
    tmp.file('small.json', smallScenario());
    const sweep = tmp.file('bad-point.json', { scenario: 'small.json', seeds: 2, vary: { 'policies.scheduling': ['fifo', 'bogus'], 'failures.0.mtbf': ['12h', '-1h'] } });
    const out = tmp.file('never.csv', 'untouched');
    const r = await dcsim(['sweep', sweep, '--out', out]);
    expect(r.code).toBe(2);
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^error: .*bad-point\.json: point 1 \(policies\.scheduling=fifo, failures\.0\.mtbf=-1h\): failures\[0\]\.mtbf: /);
    expect(lines.some((l) => /point 2 \(policies\.scheduling=bogus, failures\.0\.mtbf=12h\): policies\.scheduling: unknown policy "bogus"/.test(l))).toBe(true);
    expect(read(out)).toBe('untouched');
  });

  it('names a varied path the scenario does not have', async () => {
    tmp.file('small.json', smallScenario());
    const sweep = tmp.file('bad-path.json', { scenario: 'small.json', vary: { 'workloads.3.count': [10] } });
    const r = await dcsim(['sweep', sweep]);
    expect(r).toMatchObject({ code: 2, err: `error: ${sweep}: point 0 (workloads.3.count=10): vary.workloads.3.count: the scenario has no workloads[3] (workloads has 1 item)\n` });
  });

  it('reports a missing scenario file and bad shards', async () => {
    const sweep = tmp.file('missing.json', { scenario: 'nowhere.json' });
    expect(await dcsim(['sweep', sweep])).toMatchObject({ code: 2, err: expect.stringMatching(/^error: cannot read scenario .*nowhere\.json: no such file\n$/) });
    expect(await dcsim(['sweep', sweepFile('shard.json'), '--shard', '2/2'])).toMatchObject({ code: 2, err: expect.stringMatching(/shard index 2 is out of range/) });
    expect(existsSync(sweep)).toBe(true);
  });
});

describe('dcsim sweep: YAML and the examples', () => {
  it('reads a YAML sweep file, and the example sweeps run (a shard of each)', async () => {
    tmp.file('small.json', smallScenario());
    const yaml = tmp.file('s.yaml', 'scenario: small.json\nseeds: [3]\nvary:\n  workloads.0.arrival.poisson.rate: [0.01, 0.02]\n');
    const r = await dcsim(['sweep', yaml, '--workers', '1']);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe('run,runs,workloads.0.arrival.poisson.rate,seed,status,C,S,T,R,Tp50,Tp95,Tp99,sloAttainment,goodput,availability,lostGpuS,checkpointGpuS,restartGpuS,busyGpuS,upGpuS,provisionedGpuS,meanInSystem,meanQueued,throughputPerS,arrived,completed,interruptions,failures,preemptions,endS,events,error');
    expect(r.out.split('\n')[1]).toMatch(/^0,2,0\.01,3,ok,/);
    expect(r.err).toMatch(/^summary: /m);
    for (const example of ['examples/sweeps/scheduling.json', 'examples/sweeps/load.yaml']) {
      const e = await dcsim(['sweep', example, '--shard', '0/12', '--workers', '1', '--out', tmp.file('example.csv', '')]);
      expect({ example, code: e.code }).toEqual({ example, code: 0 });
    }
  });
});
