import { beforeAll, describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import type { FailureTarget } from '../../src/sim/scenario/types.ts';
import { runScenario } from '../../src/worker/runScenario.ts';
import { cli, smallScenario, tempDir } from './support.ts';

const tmp = tempDir('dcsim-compare-');
const FIGURES = ['C', 'S', 'T', 'R', 'availability', 'goodput', 'lostGpuS', 'interruptions'];

/** A small scenario with a training job (so backup policies matter) and batch tasks, to the horizon. */
const trainingDoc = () => smallScenario({
  horizon: '2d',
  runToHorizon: true,
  workloads: [
    { kind: 'training', id: 'job', gpus: 4, work: '1d', checkpoint: { cost: '2m', restart: '5m' } },
    { kind: 'batch', id: 'tasks', count: 100, gpus: 1, arrival: { poisson: { rate: 0.002 } }, work: { exponential: { mean: '20m' } }, slo: '1h' },
  ],
  failures: [{ target: 'node', mtbf: '8h', repair: { exponential: { mean: '1h' } } }],
});

describe('dcsim compare', () => {
  let scenario = '';
  beforeAll(() => { scenario = tmp.file('training.json', trainingDoc()); });

  it('--json: one entry per set with its policies and every figure as { mean, ci95 }, and the paired deltas to the first', async () => {
    const r = await cli('compare', scenario, '-p', 'backup=none', '-p', 'backup=fixed-interval,backup.interval=2h', '--reps', '3', '--seed', '5', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    expect(d.seeds).toEqual([5, 6, 7]);
    expect(d.figures).toEqual(FIGURES);
    expect(d.sets).toHaveLength(2);
    expect(d.sets[0]).toMatchObject({ label: 'backup=none', runs: 3, failed: [], policies: { scheduling: { name: 'fifo', params: {} }, backup: { name: 'none', params: {} } } });
    expect(d.sets[1].policies.backup).toEqual({ name: 'fixed-interval', params: { interval: '2h' } });
    for (const set of d.sets) {
      expect(Object.keys(set.metrics)).toEqual(FIGURES);
      for (const f of FIGURES.filter((x) => x !== 'availability')) {
        expect(set.metrics[f]).toEqual({ mean: expect.any(Number), ci95: expect.any(Number), n: 3, nulls: 0 });
      }
      expect(set.metrics.availability).toEqual({ mean: null, ci95: null, n: 0, nulls: 3 });
    }
    expect(d.deltas).toHaveLength(1);
    expect(d.deltas[0]).toMatchObject({ label: 'backup=fixed-interval,backup.interval=2h', vs: 'backup=none', set: 1 });
    expect(Object.keys(d.deltas[0].metrics)).toEqual(FIGURES);
    // Checkpointing loses less work than not checkpointing.
    expect(d.deltas[0].metrics.lostGpuS.mean).toBeLessThan(0);
  });

  it('computes mean ± t(0.975, n−1)·s/√n from the runs, as by hand', async () => {
    const r = await cli('compare', scenario, '-p', 'backup=young-daly', '--reps', '3', '--json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.out);
    const runs = await Promise.all([1, 2, 3].map(async (seed) => JSON.parse((await cli('run', scenario, '--seed', String(seed), '--json')).out).metrics));
    const t975df2 = 0.95 * Math.sqrt(2 / (4 * 0.975 * 0.025)); // df = 2 in closed form: 4.3027
    // Equal up to float rounding, relative to the size of the figure (lostGpuS is in the tens
    // of thousands, C below 1): the CLI finds t by bisection on atan(t/√2) to the last bit and
    // takes its tangent, and sums in its own order, so the two differ by a few ulps (about
    // 1e-15 relative). 1e-12 leaves a margin of 1,000 for that, while a wrong formula (z = 1.96
    // for t, n for n − 1, a missing √n, another quantile) is off by percent or more.
    const close = (actual: number, expected: number, what: string) =>
      expect(Math.abs(actual - expected), `${what}: ${actual} vs ${expected}`).toBeLessThanOrEqual(1e-12 * Math.abs(expected));
    for (const f of ['C', 'S', 'R', 'goodput', 'lostGpuS', 'interruptions'] as const) {
      const xs = runs.map((m) => m[f] as number);
      const mean = (xs[0] + xs[1] + xs[2]) / 3;
      const s = Math.sqrt(xs.reduce((a, x) => a + (x - mean) ** 2, 0) / 2);
      close(d.sets[0].metrics[f].mean, mean, `${f} mean`);
      close(d.sets[0].metrics[f].ci95, t975df2 * s / Math.sqrt(3), `${f} ci95`);
    }
    // The intervals are not all zero: the check above compares something.
    expect(d.sets[0].metrics.lostGpuS.ci95).toBeGreaterThan(0);
  });

  it('a set compared with itself differs by exactly 0 with a 0 interval on every figure', async () => {
    const r = await cli('compare', scenario, '-p', 'backup=young-daly', '-p', 'backup=young-daly', '--reps', '4', '--json');
    const d = JSON.parse(r.out);
    expect(d.sets[1].metrics).toEqual(d.sets[0].metrics);
    for (const f of FIGURES.filter((x) => x !== 'availability')) expect(d.deltas[0].metrics[f]).toEqual({ mean: 0, ci95: 0, n: 4, nulls: 0 });
  });

  it('with one run per set there is a mean but no interval', async () => {
    const d = JSON.parse((await cli('compare', scenario, '-p', '', '-p', 'backup=none', '--reps', '1', '--json')).out);
    expect(d.sets[0].metrics.C).toEqual({ mean: expect.any(Number), ci95: null, n: 1, nulls: 0 });
    expect(d.deltas[0].metrics.C).toEqual({ mean: expect.any(Number), ci95: null, n: 1, nulls: 0 });
    expect(d.sets[0].label).toBe('');
    expect(d.sets[0].policies.backup.name).toBe('young-daly');
  });

  it('prints a table of figures by set (mean ± half-width) and a table of differences to the first', async () => {
    const r = await cli('compare', scenario, '-p', 'backup=none', '-p', 'backup=young-daly', '--reps', '3');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^2 policy sets on 3 seeds \(1 … 3\); every set sees the same arrivals and failures on a seed$/m);
    expect(r.out).toMatch(/^  \[1\]\s+-p backup=none\s+→ scheduling=fifo,failover=restart-from-checkpoint,backup=none,compression=none,autoscaling=none$/m);
    expect(r.out).toMatch(/^  figure\s+\[1\]\s+\[2\]$/m);
    expect(r.out).toMatch(/^  C  business continuity\s+\d\.\d{3} ± \d\.\d{3}\s+\d\.\d{3} ± \d\.\d{3}$/m);
    expect(r.out).toMatch(/^  figure\s+\[2\] − \[1\]$/m);
    expect(r.out).toMatch(/^  lost GPU-h\s+[−+]?\d+\.\d{2} ± \d+\.\d{2}( \*)?$/m);
    expect(r.out).toMatch(/^availability is for inference services; the scenario has none\.$/m);
  });

  it('a run that fails is reported with its error and left out; the others are still compared (exit 1)', async () => {
    const mod = tmp.file('sometimes.js', `export default { family: 'backup', name: 'fails-late', create: () => ({
      checkpointIntervalS(job, now) { if (job.interruptions > 0) throw new Error('cannot cope'); return 3600; } }) };`);
    const r = await cli('compare', scenario, '--policy-module', mod, '-p', 'backup=none', '-p', 'backup=fails-late', '--reps', '3', '--json');
    expect(r.code).toBe(1);
    expect(r.err).toBe('error: 3 of 6 runs failed; they are left out of the figures (see "failed" in each set)\n');
    const d = JSON.parse(r.out);
    expect(d.sets[0]).toMatchObject({ runs: 3, failed: [] });
    expect(d.sets[1]).toMatchObject({ runs: 0, failed: [1, 2, 3].map((seed) => ({ seed, error: 'policy "fails-late": checkpointIntervalS threw: cannot cope' })) });
    expect(d.sets[1].metrics.C).toEqual({ mean: null, ci95: null, n: 0, nulls: 0 });
    expect(d.deltas[0].metrics.C).toEqual({ mean: null, ci95: null, n: 0, nulls: 0 });
    const human = await cli('compare', scenario, '--policy-module', mod, '-p', 'backup=none', '-p', 'backup=fails-late', '--reps', '3');
    expect(human.out).toMatch(/^\[2\]: 3 of 3 runs failed and are left out of the figures:\n  seeds 1, 2, 3: policy "fails-late": checkpointIntervalS threw: cannot cope$/m);
  });

  it.each([
    [['-p', 'scheduling'], `-p 'scheduling': expected items "family=name" or "family.param=value" separated by commas, got "scheduling"`],
    [['-p', 'sched=fifo'], `-p 'sched=fifo': unknown policy family "sched"; valid: scheduling, failover, backup`],
    [['-p', 'backup=fifo'], `-p 'backup=fifo': policies.backup: unknown policy "fifo"; valid: `],
    [['-p', 'backup=none', '-p', 'backup.interval=2h'], `-p 'backup.interval=2h': policies.backup.interval: policy "young-daly" takes no parameter "interval"`],
    [['-p', 'backup=none,backup=young-daly'], `-p 'backup=none,backup=young-daly': "backup" is chosen twice`],
    [['-p', 'backup=fixed-interval,backup.interval=-3'], `-p 'backup=fixed-interval,backup.interval=-3': policies.backup.interval: expected a duration > 0`],
    [[], 'compare needs at least one policy set'],
    [['-p', '', '--reps', '0'], '--reps must be a whole number from 1 to 100000'],
    [['-p', '', '--seed', '4294967295', '--reps', '2'], 'goes past the largest seed'],
  ])('bad input %j: exit 2 with a message naming the argument', async (args, message) => {
    const r = await cli('compare', scenario, ...args);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain(message);
    expect(r.err.trim().split('\n')[0]).toMatch(/^error: /);
  });
});

describe('common random numbers', () => {
  it('two policy sets on one seed see identical arrival and failure times, while their results differ', () => {
    const base = validateScenario(trainingDoc());
    const record = (backup: string, params: Record<string, unknown>) => {
      const arrivals: [string, number][] = [];
      const failures: [FailureTarget, string, boolean, number][] = [];
      const result = runScenario({ ...base, policies: { ...base.policies, backup: { name: backup, params } } }, {
        seed: 3,
        observer: {
          taskArrived: (_task, workload, t) => { arrivals.push([workload, t]); },
          componentChanged: (target, id, down, t) => { failures.push([target, id, down, t]); },
        },
      });
      return { arrivals, failures, result };
    };
    const a = record('fixed-interval', { interval: '1h' });
    const b = record('none', {});
    expect(a.arrivals.length).toBeGreaterThan(50);
    expect(a.failures.filter((f) => f[2]).length).toBeGreaterThan(3);
    expect(b.arrivals).toEqual(a.arrivals);
    expect(b.failures).toEqual(a.failures);
    expect(b.result.metrics.lostGpuS).not.toBe(a.result.metrics.lostGpuS);
    expect(b.result.workloads.job.training!.checkpoints).toBe(0);
    expect(a.result.workloads.job.training!.checkpoints).toBeGreaterThan(0);
  });
});
