/**
 * Training jobs with checkpoint/restart, on hand-checkable timelines: scheduled outages only
 * (no randomness), so every phase time and every GPU-second of the accounting is known.
 *
 * Unless a case says otherwise: H100 nodes of 2 GPUs, a training job of 2 GPUs needing 10 h
 * of work, checkpoints costing 10 min, restarts 30 min, and fixed-interval checkpoints every
 * 2 h of computation. Without failures the job would run
 *   compute 0–2h · checkpoint 2h–2h10 · compute 2h10–4h10 · checkpoint … · compute 8h40–10h40.
 */
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../../src/policies/backup/fixedInterval.ts';
import { none } from '../../../src/policies/backup/none.ts';
import { youngDaly } from '../../../src/policies/backup/youngDaly.ts';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import { PolicyError } from '../../../src/sim/model/PolicyError.ts';
import type { PolicySet } from '../../../src/sim/policy/PolicySet.ts';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import type { BackupPolicy } from '../../../src/sim/policy/BackupPolicy.ts';
import type { FailoverPolicy } from '../../../src/sim/policy/FailoverPolicy.ts';
import type { TrainingMetrics } from '../../../src/sim/metrics/computeMetrics.ts';
import type { Scenario } from '../../../src/sim/scenario/types.ts';
import { runScenario } from '../../../src/worker/runScenario.ts';
import { policySet } from '../../helpers/policies.ts';
import { batch, newLog, scenario, site, type Log } from './helpers.ts';

const MIN = 60;
const H = 3600;

type Phase = { task: number; phase: string; progressS: number; timeS: number };

/** Runs under FIFO with the given backup (default: fixed-interval 2 h), logging phases too. */
function trace(s: Scenario, policies: Partial<PolicySet> = {}): { result: RunResult; log: Log; phases: Phase[] } {
  const { log, observer } = newLog();
  const phases: Phase[] = [];
  const result = simulate(s, policySet({ scheduling: fifo.create({}), backup: fixedInterval.create({ interval: '2h' }), ...policies }), {
    observer: { ...observer, trainingPhase: (task, phase, progressS, timeS) => phases.push({ task, phase, progressS, timeS }) },
  });
  return { result, log, phases };
}

/** The job of the header: 2 GPUs, 10 h of work, checkpoint 10 min, restart 30 min. */
function job(extra: Record<string, unknown> = {}) {
  return { kind: 'training', id: 'job', gpus: 2, work: '10h', checkpoint: { cost: '10m', restart: '30m' }, ...extra };
}

/** A GPU outage of an hour (or `duration`) at `at`. */
function outage(id: string, at: string, duration = '1h', target = 'gpu') {
  return { target, id, at, duration };
}

/** Phases as compact [phase, progress h, time h] triples for readable expectations. */
const compact = (phases: Phase[]) => phases.map((p) => [p.phase, p.progressS / H, +(p.timeS / H).toFixed(9)]);

/** The accounting identity, and that each part is what the case says. */
function expectAccount(t: TrainingMetrics, parts: Partial<TrainingMetrics>): void {
  expect(t.usefulGpuS + t.lostGpuS + t.checkpointGpuS + t.restartGpuS + t.inProgressGpuS).toBe(t.allocatedGpuS);
  for (const [k, v] of Object.entries(parts)) expect(t[k as keyof TrainingMetrics], k).toBe(v);
}

describe('training: checkpoints and interruptions', () => {
  it('runs compute → checkpoint → compute … with no checkpoint after the last segment when nothing fails', () => {
    const { result, phases, log } = trace(scenario({ cluster: { sites: [site('dc', 1, 2)] }, workloads: [job()] }));
    expect(compact(phases)).toEqual([
      ['compute', 0, 0], ['checkpoint', 0, 2], ['compute', 2, 2 + 1 / 6], ['checkpoint', 2, 4 + 1 / 6], ['compute', 4, 4 + 2 / 6],
      ['checkpoint', 4, 6 + 2 / 6], ['compute', 6, 6 + 3 / 6], ['checkpoint', 6, 8 + 3 / 6], ['compute', 8, 8 + 4 / 6],
    ].map(([p, a, b]) => [p, a, +(b as number).toFixed(9)]));
    expect(log.completed.get(0)).toBe(10 * H + 40 * MIN);
    const t = result.workloads.job.training!;
    expectAccount(t, { usefulGpuS: 10 * H * 2, lostGpuS: 0, checkpointGpuS: 4 * 10 * MIN * 2, restartGpuS: 0, inProgressGpuS: 0, checkpoints: 4, allocatedGpuS: (10 * H + 40 * MIN) * 2 });
    expect(t.progress).toBe(1);
    expect(t.goodput).toBe(600 / 640);
    expect(result.workloads.job.completed).toBe(1);
    expect(result.metrics.T).toBe(10 * H + 40 * MIN);
  });

  it('interrupted mid-compute, loses exactly the computation since the last checkpoint and pays the restart', () => {
    // The second segment starts at 2h10; the GPU fails at 2h40: 30 min of computation lost.
    const { result, phases, log } = trace(scenario({
      cluster: { sites: [site('dc', 2, 2)] }, workloads: [job()], failures: [outage('dc/r0/n0/g0', '160m')],
    }));
    expect(log.interrupted).toEqual([{ task: 0, cause: 'gpu', timeS: 2 * H + 40 * MIN }]);
    // Restarted at once on the spare node, from the checkpoint at 2 h of progress.
    expect(log.started.map((s) => [s.timeS, s.gpus])).toEqual([[0, [0, 1]], [2 * H + 40 * MIN, [2, 3]]]);
    expect(compact(phases).slice(2, 6)).toEqual([
      ['compute', 2, +(2 + 10 / 60).toFixed(9)], ['restart', 2, +(2 + 40 / 60).toFixed(9)], ['compute', 2, +(3 + 10 / 60).toFixed(9)], ['checkpoint', 2, +(5 + 10 / 60).toFixed(9)],
    ]);
    const end = 11 * H + 40 * MIN;
    expect(log.completed.get(0)).toBe(end);
    const t = result.workloads.job.training!;
    expectAccount(t, {
      usefulGpuS: 10 * H * 2, lostGpuS: 30 * MIN * 2, checkpointGpuS: 4 * 10 * MIN * 2, restartGpuS: 30 * MIN * 2,
      inProgressGpuS: 0, checkpoints: 4, allocatedGpuS: end * 2,
    });
    expect(result.workloads.job.lostGpuS).toBe(30 * MIN * 2);
    expect(result.workloads.job.interruptions).toBe(1);
    expect(result.metrics.lostGpuS).toBe(30 * MIN * 2);
    expect(result.metrics.checkpointGpuS).toBe(4 * 10 * MIN * 2);
    expect(result.metrics.restartGpuS).toBe(30 * MIN * 2);
  });

  it('interrupted during a checkpoint write, loses the segment being saved and the partial write', () => {
    // The first checkpoint is written 2h–2h10; the GPU fails at 2h05.
    const { result, phases, log } = trace(scenario({
      cluster: { sites: [site('dc', 2, 2)] }, workloads: [job()], failures: [outage('dc/r0/n0/g0', '125m')],
    }));
    expect(compact(phases).slice(0, 5)).toEqual([
      ['compute', 0, 0], ['checkpoint', 0, 2], ['restart', 0, +(2 + 5 / 60).toFixed(9)], ['compute', 0, +(2 + 35 / 60).toFixed(9)], ['checkpoint', 0, +(4 + 35 / 60).toFixed(9)],
    ]);
    const end = 2 * H + 5 * MIN + 30 * MIN + 10 * H + 4 * 10 * MIN; // 13h15
    expect(log.completed.get(0)).toBe(end);
    const t = result.workloads.job.training!;
    expectAccount(t, {
      usefulGpuS: 10 * H * 2, lostGpuS: 2 * H * 2, checkpointGpuS: (5 * MIN + 4 * 10 * MIN) * 2, restartGpuS: 30 * MIN * 2,
      inProgressGpuS: 0, checkpoints: 4, allocatedGpuS: end * 2,
    });
  });

  it('interrupted during a restart, pays the restart again (and loses nothing more)', () => {
    // 2 nodes: after n0/g0 fails at 2h40 the job moves to n1; n1/g0 fails at 2h50, mid-restart;
    // it restarts on the two healthy GPUs left (n0/g1, n1/g1).
    const { result, phases, log } = trace(scenario({
      cluster: { sites: [site('dc', 2, 2)] }, workloads: [job()],
      failures: [outage('dc/r0/n0/g0', '160m'), outage('dc/r0/n1/g0', '170m')],
    }));
    expect(log.started.map((s) => [s.timeS / MIN, s.gpus])).toEqual([[0, [0, 1]], [160, [2, 3]], [170, [1, 3]]]);
    expect(compact(phases).slice(3, 6)).toEqual([
      ['restart', 2, +(2 + 40 / 60).toFixed(9)], ['restart', 2, +(2 + 50 / 60).toFixed(9)], ['compute', 2, +(3 + 20 / 60).toFixed(9)],
    ]);
    const end = 11 * H + 50 * MIN;
    expect(log.completed.get(0)).toBe(end);
    const t = result.workloads.job.training!;
    expectAccount(t, {
      usefulGpuS: 10 * H * 2, lostGpuS: 30 * MIN * 2, checkpointGpuS: 4 * 10 * MIN * 2, restartGpuS: (10 * MIN + 30 * MIN) * 2,
      inProgressGpuS: 0, checkpoints: 4, allocatedGpuS: end * 2,
    });
    expect(result.workloads.job.interruptions).toBe(2);
  });

  it('with checkpoint.restart omitted (0), goes straight back to computing', () => {
    const { phases, log } = trace(scenario({
      cluster: { sites: [site('dc', 2, 2)] }, workloads: [job({ checkpoint: { cost: '10m' } })], failures: [outage('dc/r0/n0/g0', '160m')],
    }));
    expect(phases.some((p) => p.phase === 'restart')).toBe(false);
    expect(compact(phases)[3]).toEqual(['compute', 2, +(2 + 40 / 60).toFixed(9)]);
    expect(log.completed.get(0)).toBe(11 * H + 10 * MIN);
  });

  it('without a checkpoint block, never checkpoints (whatever the backup policy) and restarts from scratch', () => {
    for (const backup of [fixedInterval.create({ interval: '1h' }), youngDaly.create({}), none.create({})]) {
      const { result, phases, log } = trace(scenario({
        cluster: { sites: [site('dc', 2, 2)] },
        workloads: [{ kind: 'training', id: 'job', gpus: 2, work: '5h', restart: '20m' }],
        failures: [outage('dc/r0/n0/g0', '3h')],
      }), { backup });
      expect(compact(phases)).toEqual([['compute', 0, 0], ['restart', 0, 3], ['compute', 0, +(3 + 20 / 60).toFixed(9)]]);
      const end = 3 * H + 20 * MIN + 5 * H;
      expect(log.completed.get(0)).toBe(end);
      expectAccount(result.workloads.job.training!, {
        usefulGpuS: 5 * H * 2, lostGpuS: 3 * H * 2, checkpointGpuS: 0, restartGpuS: 20 * MIN * 2, inProgressGpuS: 0, checkpoints: 0, allocatedGpuS: end * 2,
      });
    }
  });

  it('under the none backup policy, a job with a checkpoint block never checkpoints and restarts from scratch', () => {
    const { result, phases } = trace(scenario({
      cluster: { sites: [site('dc', 2, 2)] }, workloads: [job({ work: '5h' })], failures: [outage('dc/r0/n0/g0', '3h')],
    }), { backup: none.create({}) });
    expect(compact(phases)).toEqual([['compute', 0, 0], ['restart', 0, 3], ['compute', 0, 3.5]]);
    expectAccount(result.workloads.job.training!, { usefulGpuS: 5 * H * 2, lostGpuS: 3 * H * 2, restartGpuS: 30 * MIN * 2, checkpoints: 0 });
  });
});

describe('training: gang scheduling and waiting for GPUs', () => {
  it('starts all its GPUs at once, only when that many are free', () => {
    // A 1-GPU batch task holds one GPU for 1 h; the 4-GPU job (submitted at 1 min) waits for it.
    const { log, phases } = trace(scenario({
      cluster: { sites: [site('dc', 2, 2)] },
      workloads: [batch('b', 1, '1h'), job({ gpus: 4, start: '1m', work: '1h' })],
    }));
    const bDone = log.completed.get(0)!;
    const starts = log.started.filter((s) => s.task === 1);
    expect(starts.map((s) => s.timeS)).toEqual([bDone]);
    expect([...starts[0].gpus].sort()).toEqual([0, 1, 2, 3]);
    expect(phases[0]).toEqual({ task: 1, phase: 'compute', progressS: 0, timeS: bDone });
    expect(log.completed.get(1)).toBe(bDone + H);
  });

  it('waits, queued, while fewer GPUs are up than it needs, and holds none meanwhile', () => {
    // 4 GPUs, the job needs all 4, fixed-interval 1 h. Node n1 is down 1h30–3h30: interrupted at
    // 1h30 (20 min into its second segment), it waits 2 h for the repair, then restarts.
    const doc = {
      cluster: { sites: [site('dc', 2, 2)] },
      workloads: [job({ gpus: 4, work: '4h' })],
      failures: [outage('dc/r0/n1', '90m', '2h', 'node')],
    };
    const policies = { backup: fixedInterval.create({ interval: '1h' }) };
    const { result, log, phases } = trace(scenario(doc), policies);
    expect(log.started.map((s) => s.timeS)).toEqual([0, 3.5 * H]);
    expect(compact(phases).slice(2, 5)).toEqual([['compute', 1, +(1 + 10 / 60).toFixed(9)], ['restart', 1, 3.5], ['compute', 1, 4]]);
    const end = 4 * H + 3 * H + 2 * 10 * MIN; // restart ends at 4h; 3 h of work and 2 checkpoints left
    expect(log.completed.get(0)).toBe(end);
    const t = result.workloads.job.training!;
    expectAccount(t, {
      usefulGpuS: 4 * H * 4, lostGpuS: 20 * MIN * 4, checkpointGpuS: 3 * 10 * MIN * 4, restartGpuS: 30 * MIN * 4, inProgressGpuS: 0, checkpoints: 3,
      allocatedGpuS: (end - 2 * H) * 4,
    });
    // Cut at 2h30, mid-wait: queued, not running, nothing in progress.
    const cut = trace(scenario({ ...doc, horizon: '150m' }), policies).result.workloads.job;
    expect([cut.queued, cut.running, cut.completed]).toEqual([1, 0, 0]);
    expectAccount(cut.training!, { allocatedGpuS: 1.5 * H * 4, inProgressGpuS: 0, usefulGpuS: H * 4, lostGpuS: 20 * MIN * 4, progress: 0.25 });
  });

  it('waits at submission when the cluster has too few GPUs up, and starts when they come back', () => {
    const { log } = trace(scenario({
      cluster: { sites: [site('dc', 2, 2)] },
      workloads: [job({ gpus: 4, work: '1h', start: '1h' })],
      failures: [outage('dc/r0/n1/g1', '0s', '3h')],
    }));
    expect(log.started).toEqual([{ task: 0, gpus: [0, 1, 2, 3], timeS: 3 * H }]);
    expect(log.completed.get(0)).toBe(4 * H);
  });
});

describe('training: figures', () => {
  it('reports C = the goodput of its only training job (useful / allocated GPU time)', () => {
    const { result } = trace(scenario({
      cluster: { sites: [site('dc', 2, 2)] }, workloads: [job()], failures: [outage('dc/r0/n0/g0', '160m')],
    }));
    const t = result.workloads.job.training!;
    expect(t.goodput).toBe((10 * H * 2) / ((11 * H + 40 * MIN) * 2));
    expect(result.metrics.C).toBe(t.goodput);
    // The cluster-wide goodput: 1 − (lost + checkpoint + restart) / busy GPU time.
    expect(result.metrics.busyGpuS).toBe(t.allocatedGpuS);
    expect(result.metrics.goodput).toBeCloseTo(t.goodput!, 12);
  });

  it('cut by the horizon mid-compute: progress is the last checkpoint and the rest is in progress', () => {
    const { result } = trace(scenario({ horizon: '5h', cluster: { sites: [site('dc', 1, 2)] }, workloads: [job()] }));
    const w = result.workloads.job, t = w.training!;
    expect([w.completed, w.running]).toEqual([0, 1]);
    expect(result.metrics.endS).toBe(5 * H);
    // compute 0–2h, checkpoint, compute 2h10–4h10, checkpoint, compute 4h20–5h (40 min).
    expectAccount(t, { usefulGpuS: 4 * H * 2, checkpointGpuS: 2 * 10 * MIN * 2, inProgressGpuS: 40 * MIN * 2, lostGpuS: 0, restartGpuS: 0, allocatedGpuS: 5 * H * 2, checkpoints: 2, progress: 0.4 });
    expect(t.goodput).toBe(0.8);
    expect(result.metrics.C).toBe(0.8);
  });

  it('cut by the horizon mid-checkpoint: the segment being saved is in progress, the partial write counted', () => {
    const { result } = trace(scenario({ horizon: '255m', cluster: { sites: [site('dc', 1, 2)] }, workloads: [job()] }));
    expectAccount(result.workloads.job.training!, {
      usefulGpuS: 2 * H * 2, checkpointGpuS: (10 * MIN + 5 * MIN) * 2, inProgressGpuS: 2 * H * 2, lostGpuS: 0, allocatedGpuS: (4 * H + 15 * MIN) * 2, checkpoints: 1, progress: 0.2,
    });
  });

  it('cut by the horizon mid-restart: the partial restart is counted', () => {
    const { result } = trace(scenario({
      horizon: '170m', cluster: { sites: [site('dc', 2, 2)] }, workloads: [job()], failures: [outage('dc/r0/n0/g0', '160m')],
    }));
    expectAccount(result.workloads.job.training!, {
      usefulGpuS: 2 * H * 2, lostGpuS: 30 * MIN * 2, checkpointGpuS: 10 * MIN * 2, restartGpuS: 10 * MIN * 2, inProgressGpuS: 0, allocatedGpuS: (2 * H + 50 * MIN) * 2, progress: 0.2,
    });
  });

  it('reports a job that never ran (no GPUs ever up for it) with zero GPU time and a null goodput', () => {
    const { result } = trace(scenario({
      horizon: '2h', cluster: { sites: [site('dc', 1, 2)] }, workloads: [job()], failures: [outage('dc', '0s', '3h', 'site')],
    }));
    const t = result.workloads.job.training!;
    expect(t.allocatedGpuS).toBe(0);
    expect(t.goodput).toBeNull();
    expect(t.progress).toBe(0);
    expect(result.workloads.job.queued).toBe(1);
  });

  it('on A100s (speed 0.32) computes work / 0.32, and checkpoints every interval of wall time', () => {
    // 3.2 h of work at speed 1.0 = 10 h on A100s; checkpoints every 4 h of wall-clock computation.
    const { result, phases, log } = trace(scenario({
      cluster: { sites: [site('dc', 1, 2, 'A100')] }, workloads: [job({ work: '3.2h', checkpoint: { cost: '10m' } })],
    }), { backup: fixedInterval.create({ interval: '4h' }) });
    expect(phases.map((p) => p.phase)).toEqual(['compute', 'checkpoint', 'compute', 'checkpoint', 'compute']);
    expect(phases[2].progressS).toBeCloseTo(4 * H * 0.32, 6);
    expect(phases[4].progressS).toBeCloseTo(8 * H * 0.32, 6);
    expect(log.completed.get(0)!).toBeCloseTo(10 * H + 20 * MIN, 6);
    const t = result.workloads.job.training!;
    expect(t.usefulGpuS).toBeCloseTo(10 * H * 2, 6);
    expect(t.progress).toBe(1);
    // Without checkpoints: exactly work / speed.
    const plain = trace(scenario({ cluster: { sites: [site('dc', 1, 2, 'A100')] }, workloads: [{ kind: 'training', id: 'job', gpus: 2, work: '3.2h' }] }));
    expect(plain.log.completed.get(0)!).toBeCloseTo((3.2 * H) / 0.32, 6);
  });

  it('binds the scenario\'s own policies through runScenario (fixed-interval from the document)', () => {
    const r = runScenario(scenario({
      cluster: { sites: [site('dc', 1, 2)] }, workloads: [job()], policies: { backup: { name: 'fixed-interval', interval: '5h' } },
    }));
    // Checkpoint at 5 h, then the last 5 h: end at 10h10.
    expect(r.workloads.job.training!.checkpoints).toBe(1);
    expect(r.metrics.endS).toBe(10 * H + 10 * MIN);
  });
});

describe('training: policy errors', () => {
  const doc = { cluster: { sites: [site('dc', 2, 2)] }, workloads: [job()], failures: [outage('dc/r0/n0/g0', '160m')] };
  const runWith = (policies: Partial<PolicySet>) => () => simulate(scenario(doc), policySet({ scheduling: fifo.create({}), backup: fixedInterval.create({ interval: '2h' }), ...policies }));
  const caught = (f: () => unknown): unknown => {
    try { f(); } catch (e) { return e; }
    return undefined;
  };

  const badFailover: Record<string, () => unknown> = {
    'a different action': () => ({ action: 'migrate' }),
    undefined: () => undefined,
    null: () => null,
    'a string': () => 'restart',
    'throws an Error': () => { throw new Error('boom'); },
    'throws a string': () => { throw 'boom'; },
  };
  it.each(Object.keys(badFailover))('a failover policy whose onInterrupted returns/does %s fails the run with a PolicyError naming it', (which) => {
    const failover = { name: 'my-failover', onInterrupted: badFailover[which] } as unknown as FailoverPolicy;
    const e = caught(runWith({ failover }));
    expect(e).toBeInstanceOf(PolicyError);
    expect((e as PolicyError).policy).toBe('my-failover');
    expect((e as Error).message).toMatch(/^policy "my-failover": onInterrupted/);
  });

  it('a failover policy is asked only on interruptions, with the job\'s view', () => {
    const seen: unknown[] = [];
    const failover: FailoverPolicy = { name: 'spy', onInterrupted: (job, cause, now) => { seen.push([job.id, job.checkpointedS, job.interruptions, cause, now]); return { action: 'restart' }; } };
    runWith({ failover })();
    expect(seen).toEqual([['job', 2 * H, 1, 'gpu', 2 * H + 40 * MIN]]);
  });

  const badIntervals: [string, number][] = [['0', 0], ['a negative time', -5], ['NaN', NaN]];
  it.each(badIntervals)('a backup policy giving %s fails the run with a clear error naming it', (_label, v) => {
    const backup: BackupPolicy = { name: 'my-backup', checkpointIntervalS: () => v };
    const e = caught(runWith({ backup }));
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/"my-backup"/);
    expect((e as Error).message).toContain(String(v));
    expect((e as Error).message).toMatch(/expected a time > 0/);
  });

  // Like the scheduling and failover policies, a bad backup decision should be a PolicyError
  // (documented: "Thrown when a policy throws or returns an invalid decision").
  it.each(badIntervals)('a backup policy giving %s fails the run with a PolicyError', (_label, v) => {
    const backup: BackupPolicy = { name: 'my-backup', checkpointIntervalS: () => v };
    const e = caught(runWith({ backup }));
    expect(e).toBeInstanceOf(PolicyError);
    expect((e as PolicyError).policy).toBe('my-backup');
  });

  it('a backup policy that throws fails the run with a PolicyError naming it', () => {
    const backup: BackupPolicy = { name: 'my-backup', checkpointIntervalS: () => { throw new Error('boom'); } };
    const e = caught(runWith({ backup }));
    expect(e).toBeInstanceOf(PolicyError);
    expect((e as PolicyError).policy).toBe('my-backup');
    expect((e as Error).message).toMatch(/boom/);
  });

  it('a backup policy returning Infinity means no checkpoints (not an error)', () => {
    const backup: BackupPolicy = { name: 'never', checkpointIntervalS: () => Infinity };
    const r = runWith({ backup })();
    expect(r.workloads.job.training!.checkpoints).toBe(0);
    expect(r.workloads.job.completed).toBe(1);
  });
});

describe('training: figures and validation at the edges', () => {
  it('counts a job submitted but never run as 0 in C (it delivered nothing)', () => {
    const s = scenario({
      horizon: '2h', cluster: { sites: [site('dc', 1, 2)] }, workloads: [job()],
      failures: [{ target: 'site', id: 'dc', at: 0, duration: '3h' }],
    });
    const { result } = trace(s);
    expect(result.workloads.job.queued).toBe(1);
    expect(result.workloads.job.training!.goodput).toBeNull();
    expect(result.metrics.C).toBe(0);
  });

  it('rejects a top-level restart beside a checkpoint block, naming the field to use', () => {
    expect(() => scenario({ cluster: { sites: [site('dc', 1, 2)] }, workloads: [job({ restart: '20m' })] }))
      .toThrow(/workloads\[0\]\.restart: .*checkpoint\.restart/);
  });

  it('rejects fixed-interval with interval null instead of falling back to the default', () => {
    expect(() => fixedInterval.create({ interval: null })).toThrow(/policies\.backup\.interval/);
  });
});

describe('training: recovery point (RPO)', () => {
  it('reports the age of the last completed checkpoint when a failure strikes', () => {
    // Checkpoints complete at 2h10 (and 4h20, …); a GPU fails at 3h: RPO 50 min. The job
    // restarts at 4h, and a second failure at 4h45 finds the 2h10 checkpoint still the newest
    // (its restart ends 4h30, the next checkpoint would complete after 6h): RPO 2h35.
    const { result } = trace(scenario({
      cluster: { sites: [site('dc', 1, 2)] }, workloads: [job()],
      failures: [outage('dc/r0/n0/g0', '3h', '1h'), outage('dc/r0/n0/g1', '4h45m', '10m')],
    }));
    const t = result.workloads.job.training!;
    expect(t.meanRpoS!).toBeCloseTo((50 * MIN + (2 * H + 35 * MIN)) / 2, 6);
    expect(t.maxRpoS!).toBeCloseTo(2 * H + 35 * MIN, 6);
  });

  it('counts from the job\'s start when it never checkpointed, and is null without interruptions', () => {
    const { result } = trace(scenario({
      cluster: { sites: [site('dc', 1, 2)] }, workloads: [{ kind: 'training', id: 'job', gpus: 2, work: '10h', start: '1h' }],
      failures: [outage('dc/r0/n0/g0', '4h', '1h')],
    }));
    expect(result.workloads.job.training!.maxRpoS!).toBeCloseTo(3 * H, 6);
    const calm = trace(scenario({ cluster: { sites: [site('dc', 1, 2)] }, workloads: [job()] })).result.workloads.job.training!;
    expect(calm.meanRpoS).toBeNull();
    expect(calm.maxRpoS).toBeNull();
  });
});
