/**
 * The backup (checkpointing) and failover policies: Daly's interval against hand-computed
 * values, parameter checking of fixed-interval, and how scenarios name these policies.
 */
import { describe, expect, it } from 'vitest';
import { backupPolicies } from '../../src/policies/backup/index.ts';
import { fixedInterval } from '../../src/policies/backup/fixedInterval.ts';
import { none } from '../../src/policies/backup/none.ts';
import { dalyIntervalS, youngDaly } from '../../src/policies/backup/youngDaly.ts';
import { failoverPolicies } from '../../src/policies/failover/index.ts';
import { restartFromCheckpoint } from '../../src/policies/failover/restartFromCheckpoint.ts';
import { PolicyConfigError } from '../../src/policies/registry.ts';
import type { TrainingJobView } from '../../src/sim/policy/BackupPolicy.ts';
import { ScenarioError } from '../../src/sim/scenario/formatIssue.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { bindPolicies, checkPolicies } from '../../src/worker/bindPolicies.ts';
import { runScenario } from '../../src/worker/runScenario.ts';

const view = (checkpointCostS: number, mtbfS: number): TrainingJobView => ({
  id: 'job', gpus: 8, workS: 86400, checkpointedS: 0, speed: 1, checkpointCostS, restartS: 600, mtbfS, interruptions: 0, fullGpus: 8, runS: 0,
});

const catchConfig = (f: () => unknown): PolicyConfigError => {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(PolicyConfigError); return e as PolicyConfigError; }
  throw new Error('expected a PolicyConfigError');
};

describe('dalyIntervalS: τ = √(2δM)·[1 + ⅓√(δ/2M) + ⅑(δ/2M)] − δ for δ < 2M', () => {
  // Chosen so that δ/2M is a perfect square: every term is a simple fraction.
  it.each([
    // δ, M, τ by hand
    [100, 5000, 8410 / 9], // √(1e6) = 1000, δ/2M = 1/100: 1000·(1 + 1/30 + 1/900) − 100
    [1, 50, 841 / 90], // √100 = 10, δ/2M = 1/100: 10·(1 + 1/30 + 1/900) − 1
    [2, 4, 25 / 9], // √16 = 4, δ/2M = 1/4: 4·(1 + 1/6 + 1/36) − 2
    [300, 14_400, 2742.789760427013], // 5 min, 4 h: √(8.64e6)·(1 + √(1/96)/3 + 1/864) − 300
    [18, 3600, 348.1], // √129600 = 360, δ/2M = 1/400: 360 + 6 + 0.1 − 18
  ])('δ = %s s, M = %s s gives %s s', (delta, M, tau) => {
    expect(dalyIntervalS(delta, M)).toBeCloseTo(tau, 9);
  });

  it('is Young\'s √(2δM) to first order for cheap checkpoints', () => {
    for (const [d, m] of [[1, 1e6], [10, 1e7], [60, 1e8]]) {
      expect(dalyIntervalS(d, m) / Math.sqrt(2 * d * m)).toBeCloseTo(1, 2);
    }
  });

  it('gives M when δ ≥ 2M', () => {
    expect(dalyIntervalS(2 * 3600, 3600)).toBe(3600);
    expect(dalyIntervalS(10 * 3600, 3600)).toBe(3600);
    expect(dalyIntervalS(1e9, 1)).toBe(1);
  });

  it('gives Infinity (never checkpoint) when nothing can fail, M = Infinity', () => {
    expect(dalyIntervalS(300, Infinity)).toBe(Infinity);
    expect(dalyIntervalS(0, Infinity)).toBe(Infinity);
  });

  it('gives M/1000 for free checkpoints (δ = 0), a positive interval', () => {
    expect(dalyIntervalS(0, 3600)).toBe(3.6);
  });

  it('grows with M and with δ (below 2M)', () => {
    expect(dalyIntervalS(300, 7200)).toBeGreaterThan(dalyIntervalS(300, 3600));
    expect(dalyIntervalS(600, 36_000)).toBeGreaterThan(dalyIntervalS(300, 36_000));
  });
});

describe('backup policies', () => {
  it('young-daly uses the job\'s checkpoint cost and M', () => {
    const p = youngDaly.create({});
    expect(p.name).toBe('young-daly');
    expect(p.checkpointIntervalS(view(100, 5000), 0)).toBeCloseTo(8410 / 9, 9);
    expect(p.checkpointIntervalS(view(300, Infinity), 0)).toBe(Infinity);
  });

  it('none never checkpoints', () => {
    const p = none.create({});
    expect(p.name).toBe('none');
    expect(p.checkpointIntervalS(view(300, 3600), 0)).toBe(Infinity);
  });

  it.each([
    ['30m', 1800], ['2h', 7200], [90, 90], ['1.5h', 5400], ['250ms', 0.25],
  ])('fixed-interval reads interval %j as %s s, whatever the job', (interval, s) => {
    const p = fixedInterval.create({ interval });
    expect(p.name).toBe('fixed-interval');
    expect(p.checkpointIntervalS(view(300, 3600), 0)).toBe(s);
    expect(p.checkpointIntervalS(view(10, Infinity), 1e6)).toBe(s);
  });

  it('fixed-interval defaults to 1 h', () => {
    expect(fixedInterval.create({}).checkpointIntervalS(view(300, 3600), 0)).toBe(3600);
  });

  it.each([
    ['zero', 0], ['"0s"', '0s'], ['negative', -5], ['"-1h"', '-1h'], ['NaN', NaN], ['Infinity', Infinity], ['not a duration', 'soon'],
    ['an unknown unit', '3 parsecs'], ['a boolean', true], ['an object', { h: 1 }], ['a list', ['1h']], ['empty', ''],
  ])('fixed-interval rejects %s at policies.backup.interval', (_label, interval) => {
    const e = catchConfig(() => fixedInterval.create({ interval }));
    expect(e.path).toBe('policies.backup.interval');
    expect(e.message).toMatch(/^policies\.backup\.interval: expected a duration > 0/);
  });

  it('the registries list every built-in backup and failover policy', () => {
    expect(backupPolicies.map((p) => p.name)).toEqual(['none', 'fixed-interval', 'young-daly', 'tiered', 'replicate']);
    expect(failoverPolicies.map((p) => p.name)).toEqual(['restart-from-checkpoint', 'wait-for-repair', 'hot-spare', 'cross-site', 'elastic']);
  });
});

describe('failover policies', () => {
  it('restart-from-checkpoint always restarts, in its own site when the site can hold it', () => {
    const p = restartFromCheckpoint.create({});
    expect(p.name).toBe('restart-from-checkpoint');
    const cluster = (gpus: number) => ({ sites: [{ id: 'dc', up: true, gpus, upGpus: gpus, freeGpus: 0 }], site: 'dc', failedGpus: 1, spareGpusReady: 0 });
    for (const cause of ['gpu', 'node', 'rack', 'site'] as const) expect(p.onInterrupted(view(300, 3600), cause, 10, cluster(8))).toEqual({ action: 'restart', site: 'dc' });
    expect(p.onInterrupted(view(300, 3600), 'gpu', 10, cluster(4))).toEqual({ action: 'restart' });
  });
});

describe('naming backup and failover policies in a scenario', () => {
  const doc = (policies: Record<string, unknown>) => ({
    name: 't', horizon: '1d',
    cluster: { sites: [{ id: 'a', racks: 1, nodesPerRack: 1, node: { gpus: 2, gpu: 'H100' } }] },
    workloads: [{ kind: 'training', id: 'job', gpus: 2, work: '3h', checkpoint: { cost: '5m' } }],
    policies,
  });

  it('defaults to restart-from-checkpoint and young-daly', () => {
    const p = bindPolicies(validateScenario(doc({})));
    expect([p.scheduling.name, p.failover.name, p.backup.name]).toEqual(['fifo', 'restart-from-checkpoint', 'young-daly']);
  });

  it('binds fixed-interval with its interval, by object', () => {
    const s = validateScenario(doc({ backup: { name: 'fixed-interval', interval: '30m' } }));
    expect(checkPolicies(s)).toEqual([]);
    expect(bindPolicies(s).backup.checkpointIntervalS(view(1, 1), 0)).toBe(1800);
    // 3 h of work with a checkpoint every 30 min: 5 checkpoints (none after the last segment).
    expect(runScenario(s).workloads.job.training!.checkpoints).toBe(5);
  });

  it('reports a bad interval as a scenario issue at policies.backup.interval', () => {
    const s = validateScenario(doc({ backup: { name: 'fixed-interval', interval: '0s' } }));
    const issues = checkPolicies(s);
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('policies.backup.interval');
    expect(issues[0].message).toMatch(/^expected a duration > 0/);
    expect(() => runScenario(s)).toThrow(ScenarioError);
    expect(() => runScenario(s)).toThrow(/policies\.backup\.interval/);
  });

  it('reports a parameter a backup policy does not take', () => {
    expect(checkPolicies(validateScenario(doc({ backup: { name: 'young-daly', interval: '1h' } })))).toEqual([
      { path: 'policies.backup.interval', message: 'policy "young-daly" takes no parameter "interval"; valid: adapt, priorWeight' },
    ]);
    expect(checkPolicies(validateScenario(doc({ backup: { name: 'fixed-interval', every: '1h' } })))).toEqual([
      { path: 'policies.backup.every', message: 'policy "fixed-interval" takes no parameter "every"; valid: interval' },
    ]);
  });

  it('rejects an unknown backup policy, listing the valid names', () => {
    const s = validateScenario(doc({ backup: 'hourly' }));
    expect(checkPolicies(s)).toEqual([{ path: 'policies.backup', message: 'unknown policy "hourly"; valid: none, fixed-interval, young-daly, tiered, replicate' }]);
    expect(() => runScenario(s)).toThrow(ScenarioError);
    expect(() => runScenario(s)).toThrow(/unknown policy "hourly"; valid: none, fixed-interval, young-daly, tiered, replicate/);
  });

  it('rejects an unknown failover policy, listing the valid names', () => {
    const s = validateScenario(doc({ failover: { name: 'migrate' } }));
    expect(checkPolicies(s)).toEqual([{ path: 'policies.failover', message: 'unknown policy "migrate"; valid: restart-from-checkpoint, wait-for-repair, hot-spare, cross-site, elastic' }]);
    expect(() => runScenario(s)).toThrow(/policies\.failover: unknown policy "migrate"; valid: restart-from-checkpoint, wait-for-repair/);
  });
});
