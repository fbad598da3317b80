import { rangesToList } from '../../../src/sim/policy/GpuRanges.ts';
/**
 * Preemption by the scheduling policy: what the engine does with a `{ preempt }` decision,
 * what it refuses, the running work it shows policies, and a property that a policy making
 * random decisions can never corrupt the model.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedInterval } from '../../../src/policies/backup/fixedInterval.ts';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import type { ClusterView, QueuedWork, RunningWork, ScheduleDecision, SchedulingPolicy } from '../../../src/policies/types.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import { PolicyError } from '../../../src/sim/model/PolicyError.ts';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import type { SimObserver } from '../../../src/sim/model/SimObserver.ts';
import type { Scenario } from '../../../src/sim/scenario/types.ts';
import { policySet } from '../../helpers/policies.ts';
import { batch, scenario, site } from './helpers.ts';
import { prng } from '../../helpers/prng.ts';

/** A training workload (one job) submitted at `start`. */
const job = (id: string, gpus: number, work: string, start: string, extra: Record<string, unknown> = {}) => ({ kind: 'training', id, gpus, work, start, ...extra });

interface Seen {
  started: { task: number; gpus: number[]; t: number }[];
  preempted: { task: number; t: number }[];
  completed: Map<number, number>;
  workloadOf: Map<number, string>;
}

function watch(): { seen: Seen; observer: SimObserver } {
  const seen: Seen = { started: [], preempted: [], completed: new Map(), workloadOf: new Map() };
  return {
    seen,
    observer: {
      taskArrived: (task, w) => { seen.workloadOf.set(task, w); },
      taskStarted: (task, gpus, t) => { seen.started.push({ task, gpus: rangesToList(gpus), t }); },
      taskPreempted: (task, t) => { seen.preempted.push({ task, t }); },
      taskCompleted: (task, t) => {
        if (seen.completed.has(task)) throw new Error(`task ${task} completed twice`);
        seen.completed.set(task, t);
      },
    },
  };
}

/**
 * fifo, except that when the head of the queue (not a replica) does not fit, it returns what
 * `pick` chooses; by default it preempts the most recently started work that may be and
 * starts the head on its GPUs.
 */
function preemptingFifo(pick?: (running: readonly RunningWork[], queue: readonly QueuedWork[], nowS: number) => ScheduleDecision[]): SchedulingPolicy {
  const base = fifo.create({});
  return {
    name: 'preempting',
    preempts: true,
    schedule(queue, cluster, nowS) {
      const d = base.schedule(queue, cluster, nowS);
      if (d.length > 0 || queue.every((w) => w.kind === 'replica')) return d;
      const running = cluster.runningWork();
      if (pick) return pick(running, queue, nowS);
      const head = queue.find((w) => w.kind !== 'replica')!;
      const victim = running.filter((r) => r.startS < nowS && r.gpus.length >= head.gpus).sort((a, b) => b.startS - a.startS)[0];
      return victim ? [{ preempt: victim.id }, { workId: head.id, gpus: victim.gpus.slice(0, head.gpus) }] : [];
    },
  };
}

function runWith(s: Scenario, scheduling: SchedulingPolicy, extra: Partial<Parameters<typeof policySet>[0]> = {}): { result: RunResult; seen: Seen } {
  const { seen, observer } = watch();
  const result = simulate(s, policySet({ scheduling, ...extra }), { observer, maxEvents: 100_000 });
  return { result, seen };
}

function policyError(f: () => unknown): PolicyError {
  try { f(); } catch (e) { expect(e).toBeInstanceOf(PolicyError); return e as PolicyError; }
  throw new Error('expected a PolicyError');
}

describe('preemption: what the engine does', () => {
  it('sends a preempted batch task back to the queue at its arrival position; it loses the GPU-time of its attempt and completes once', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 1)] }, workloads: [batch('a', 1, '100s'), job('k', 1, '10s', '50s')] });
    const queued: QueuedWork[] = [];
    const inner = preemptingFifo();
    const spy: SchedulingPolicy = { ...inner, schedule: (q, c, now) => { queued.push(...q.filter((w) => w.workloadId === 'a' && w.attempts > 0)); return inner.schedule(q, c, now); } };
    const { result, seen } = runWith(s, spy);
    expect(result.preemptions).toBe(1);
    expect(seen.preempted.map((p) => [p.task, p.t])).toEqual([[0, 50]]);
    expect(result.workloads.a.lostGpuS).toBeCloseTo(50, 4);
    expect(result.workloads.a.interruptions).toBe(0);
    expect(result.interruptions.count).toBe(0);
    // The job takes the GPU at 50 s and ends at 60 s; the task starts over and ends at 160 s.
    expect(seen.started.map((x) => [x.task, x.t])).toEqual([[0, expect.closeTo(0, 4)], [1, 50], [0, 60]]);
    expect(seen.completed.get(0)).toBeCloseTo(160, 4);
    expect(result.metrics.completed).toBe(2);
    // Back in the queue it shows one attempt and the service it received (≈ 50 GPU-s).
    expect(queued[0].attempts).toBe(1);
    expect(queued[0].attainedGpuS).toBeCloseTo(50, 4);
    expect(result.workloads.a.recovery?.count ?? 0).toBe(0);
  });

  it('makes a preempted training job lose its computation since its last checkpoint and restart from it, paying its restart time', () => {
    // Checkpoints every 100 s of computation (10 s each): saved at 110 s and 220 s; preempted at 250 s.
    const s = scenario({
      cluster: { sites: [site('a', 1, 1)] },
      workloads: [job('j', 1, '1000s', '0s', { checkpoint: { cost: '10s', restart: '20s' } }), job('k', 1, '10s', '250s', { weight: 5 })],
    });
    const { result, seen } = runWith(s, preemptingFifo(), { backup: fixedInterval.create({ interval: '100s' }) });
    expect(result.preemptions).toBe(1);
    expect(seen.preempted).toEqual([{ task: 0, t: 250 }]);
    const tr = result.workloads.j.training!;
    expect(tr.lostGpuS).toBeCloseTo(30, 6);
    expect(tr.restartGpuS).toBeCloseTo(20, 6);
    expect(tr.usefulGpuS).toBeCloseTo(1000, 6);
    // 250 s, then k (10 s), restart (20 s), the 800 s left and 7 more checkpoints (70 s).
    expect(seen.completed.get(0)).toBeCloseTo(260 + 20 + 800 + 70, 6);
    expect(result.workloads.j.recovery?.count ?? 0).toBe(0);
  });

  it('stops a preempted inference replica (its request in service is retried) and places it again when GPUs free up', () => {
    const s = scenario({
      cluster: { sites: [site('a', 1, 1)] },
      workloads: [
        { kind: 'inference', id: 'svc', replicas: 1, arrival: { poisson: { rate: 1 } }, service: '30s', count: 3 },
        job('k', 1, '10s', '50s', { weight: 5 }),
      ],
    });
    const { result, seen } = runWith(s, preemptingFifo());
    expect(result.preemptions).toBe(1);
    expect(seen.preempted).toEqual([{ task: 0, t: 50 }]);
    expect(seen.started.filter((x) => x.task === 0).map((x) => x.t)).toEqual([0, 60]);
    const inf = result.workloads.svc.inference!;
    expect(inf.retried).toBe(1);
    expect(inf.failed).toBe(0);
    expect(result.workloads.svc.completed).toBe(3);
    expect(inf.availability).toBeLessThan(1);
  });

  it('asks a policy that preempts even when no GPU is free, and never asks one that does not', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 1)] }, workloads: [batch('a', 5, '100s')] });
    const count = (preempts: boolean): number => {
      const full: number[] = [];
      const base = fifo.create({});
      runWith(s, { name: 'count', preempts, schedule: (q, c, now) => { if (c.freeGpuCount === 0) full.push(now); return base.schedule(q, c, now); } });
      return full.length;
    };
    expect(count(false)).toBe(0);
    expect(count(true)).toBeGreaterThan(0);
  });

  it('counts no preemptions under fifo', () => {
    const s = scenario({ cluster: { sites: [site('a', 1, 2)] }, workloads: [batch('a', 20, { exponential: { mean: '10s' } })] });
    expect(runWith(s, fifo.create({})).result.preemptions).toBe(0);
  });
});

describe('preemption: what the engine refuses (the run fails with a PolicyError naming the policy and the decision)', () => {
  const s = scenario({ cluster: { sites: [site('a', 1, 1)] }, workloads: [batch('a', 1, '100s'), job('k', 1, '10s', '50s')] });
  const fails = (pick: Parameters<typeof preemptingFifo>[0], message: RegExp) => {
    const e = policyError(() => runWith(s, preemptingFifo(pick)));
    expect(e.policy).toBe('preempting');
    expect(e.message).toMatch(message);
  };

  it('a task that does not exist', () => fails(() => [{ preempt: 999 }], /preemption \{"preempt":999\} names no task/));
  it('an id that is not a whole number', () => fails(() => [{ preempt: 0.5 }], /names no task/));
  it('a task waiting in the queue', () => fails(() => [{ preempt: 1 }], /task 1 is not running \(it is waiting in the queue\)/));
  it('the same task twice', () => fails(() => [{ preempt: 0 }, { preempt: 0 }], /task 0 is not running/));
  it('a decision that is both a placement and a preemption', () => fails(() => [{ preempt: 0, workId: 1, gpus: [0] } as never], /is both a placement and a preemption/));
  it('a placement on a GPU another task holds', () => fails(() => [{ workId: 1, gpus: [0] }], /placement of task 1: GPU a\/r0\/n0\/g0 is already running task 0/));

  it('work started at this instant: a policy cannot preempt and place the same work forever', () => {
    // Preempts the task, places it again at once on the freed GPU, then wants to preempt it again.
    const e = policyError(() => runWith(s, preemptingFifo((running, _q, nowS) => {
      const r = running[0];
      return r.startS < nowS ? [{ preempt: r.id }, { workId: r.id, gpus: r.gpus }] : [{ preempt: r.id }];
    })));
    expect(e.message).toMatch(/task 0 started at this instant \(50 s\); work may not be preempted in the instant it started/);
  });

  it('a task hung on a failure not yet detected', () => {
    const hung = scenario({
      cluster: { sites: [site('a', 2, 1)] },
      workloads: [batch('a', 1, '100s'), job('k', 2, '10s', '50s')],
      failures: [{ target: 'gpu', id: 'a/r0/n0/g0', at: '20s', duration: '1h' }],
      monitoring: { detection: '60s' },
    });
    const e = policyError(() => runWith(hung, preemptingFifo(() => [{ preempt: 0 }])));
    expect(e.message).toMatch(/task 0 is not running \(it is stopped by a failure\)/);
  });

  it('a task that is done', () => {
    const done = scenario({ cluster: { sites: [site('a', 1, 1)] }, workloads: [batch('a', 1, '10s'), job('k', 1, '10s', '50s'), job('m', 1, '10s', '55s')] });
    const e = policyError(() => runWith(done, preemptingFifo(() => [{ preempt: 0 }])));
    expect(e.message).toMatch(/task 0 is not running \(it is done\)/);
  });
});

describe('preemption: the running work a policy sees', () => {
  it('lists each running item with its GPUs, start, service so far and expected end', () => {
    const s = scenario({
      cluster: { sites: [site('a', 2, 2), site('b', 1, 2)] },
      workloads: [
        batch('t', 1, '100s', { gpus: 2 }),
        { kind: 'inference', id: 'svc', replicas: 1, arrival: { poisson: { rate: 1 } }, service: '1s', count: 1, site: 'b' },
        job('j', 1, '400s', '0s'),
        job('probe', 4, '1s', '40s'),
      ],
    });
    let seen: readonly RunningWork[] = [];
    let at = -1;
    const base = fifo.create({});
    runWith(s, {
      name: 'probe', preempts: true,
      schedule(q, c, now) {
        if (now === 40 && at < 0) { at = now; seen = c.runningWork(); }
        return base.schedule(q, c, now);
      },
    });
    expect(at).toBe(40);
    const byKind = Object.fromEntries(seen.map((r) => [r.kind, r]));
    expect(seen).toHaveLength(3);
    expect(byKind.replica.gpus).toHaveLength(1);
    expect(byKind.replica.expectedEndS).toBe(Infinity);
    expect(byKind.replica.site).toBe('b');
    expect(byKind.task.need).toBe(2);
    expect(byKind.task.gpus).toHaveLength(2);
    expect(byKind.task.expectedEndS).toBeCloseTo(byKind.task.startS + 100, 6);
    expect(byKind.task.attainedGpuS).toBeCloseTo((40 - byKind.task.startS) * 2, 6);
    expect(byKind.job.startS).toBe(0);
    expect(byKind.job.expectedEndS).toBeCloseTo(400, 6);
    expect(byKind.job.attainedGpuS).toBeCloseTo(40, 6);
  });
});

// ---------------------------------------------------------------------------------------
// A policy making random decisions
// ---------------------------------------------------------------------------------------


/** Checks the view against itself: free counts per rack and in all, running work on distinct GPUs held by it. */
function checkView(cluster: ClusterView, queue: readonly QueuedWork[]): void {
  let free = 0;
  const perRack = new Array<number>(cluster.rackCount).fill(0);
  for (let g = 0; g < cluster.gpuCount; g++) if (cluster.isGpuFree(g)) { free++; perRack[cluster.rackOfGpu(g)]++; }
  if (free !== cluster.freeGpuCount) throw new Error(`freeGpuCount ${cluster.freeGpuCount}, counted ${free}`);
  perRack.forEach((n, r) => { if (n !== cluster.freeGpusOnRack(r)) throw new Error(`rack ${r}: freeGpusOnRack ${cluster.freeGpusOnRack(r)}, counted ${n}`); });
  const held = new Map<number, number>();
  const queued = new Set(queue.map((w) => w.id));
  for (const r of cluster.runningWork()) {
    if (queued.has(r.id)) throw new Error(`task ${r.id} both queued and running`);
    for (const g of r.gpus) {
      if (cluster.isGpuFree(g)) throw new Error(`GPU ${g} of running task ${r.id} is free`);
      if (r.need >= 1 && held.has(g)) throw new Error(`GPU ${g} held by tasks ${held.get(g)} and ${r.id}`);
      held.set(g, r.id);
    }
  }
}

/**
 * A policy that decides at random: mostly plausible decisions (queued work on free GPUs,
 * preemption of running work started earlier), and — when `bad` — now and then one that is
 * certainly invalid. Records whether it made one.
 */
function randomPolicy(seed: number, bad: boolean): SchedulingPolicy & { invalid: string | null } {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const p = {
    name: 'random',
    preempts: true,
    invalid: null as string | null,
    schedule(queue: readonly QueuedWork[], cluster: ClusterView, nowS: number): ScheduleDecision[] {
      checkView(cluster, queue);
      if (rnd() < 0.15) return [];
      const running = cluster.runningWork();
      const out: ScheduleDecision[] = [];
      if (bad && rnd() < 0.08) {
        const kind = Math.floor(rnd() * 7);
        const w = pick(queue);
        const need = Math.max(1, Math.ceil(w.gpus));
        const freeGpus = [...Array(cluster.gpuCount).keys()].filter((g) => cluster.isGpuFree(g));
        switch (kind) {
          case 0: out.push({ preempt: 10_000 + Math.floor(rnd() * 100) }); p.invalid = 'unknown task'; break;
          case 1: out.push({ preempt: w.id }); p.invalid = 'queued task'; break;
          case 2: out.push({ workId: w.id, gpus: [cluster.gpuCount + Math.floor(rnd() * 3)] }); p.invalid = 'GPU out of range'; break;
          case 3: out.push({ workId: w.id, gpus: [-1] }); p.invalid = 'negative GPU'; break;
          case 4: if (w.gpus >= 1 && freeGpus.length > 0) { out.push({ workId: w.id, gpus: Array(need).fill(freeGpus[0]) }); p.invalid = need > 1 ? 'duplicate GPU' : null; } break;
          case 5: {
            const taken = running.find((r) => r.need >= 1);
            if (taken && w.gpus >= 1) { out.push({ workId: w.id, gpus: [...taken.gpus, ...freeGpus].slice(0, need) }); p.invalid = 'GPU taken'; }
            break;
          }
          default: {
            const down = [...Array(cluster.gpuCount).keys()].find((g) => !cluster.isGpuUp(g));
            if (down !== undefined && w.gpus >= 1) { out.push({ workId: w.id, gpus: [down, ...freeGpus].slice(0, need) }); p.invalid = 'GPU down'; }
            else { out.push({ workId: 10_000, gpus: [0] }); p.invalid = 'unknown task'; }
          }
        }
        if (out.length > 0) return out;
      }
      // Plausible decisions: a few preemptions, then placements on free GPUs not yet given.
      const victims = new Set<number>();
      for (const r of running) if (r.startS < nowS && rnd() < 0.2) victims.add(r.id);
      for (const id of victims) out.push({ preempt: id });
      const given = new Set<number>();
      let shared = false;
      for (const w of queue) {
        if (victims.has(w.id) || rnd() < 0.4) continue;
        if (w.gpus < 1) {
          if (shared) continue;
          const g = cluster.findSharedGpu(w.gpus);
          if (g !== null && !given.has(g)) { out.push({ workId: w.id, gpus: [g] }); given.add(g); shared = true; }
          continue;
        }
        const free = [...Array(cluster.gpuCount).keys()].filter((g) => cluster.isGpuFree(g) && !given.has(g) && (w.site === undefined || cluster.siteOfRack(cluster.rackOfGpu(g)) === w.site));
        if (free.length < w.gpus) continue;
        for (let i = free.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [free[i], free[j]] = [free[j], free[i]]; }
        const gpus = free.slice(0, w.gpus);
        gpus.forEach((g) => given.add(g));
        out.push({ workId: w.id, gpus });
      }
      return out;
    },
  };
  return p;
}

/** A small random scenario: batch tasks of 1–3 GPUs or half a GPU, maybe a training job and a service, failures. */
const smallScenario = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  racks: fc.integer({ min: 1, max: 2 }),
  nodes: fc.integer({ min: 1, max: 2 }),
  gpus: fc.integer({ min: 2, max: 4 }),
  tasks: fc.array(fc.record({ count: fc.integer({ min: 1, max: 12 }), gpus: fc.constantFrom(0.5, 1, 2, 3), meanS: fc.integer({ min: 5, max: 200 }) }), { minLength: 1, maxLength: 3 }),
  training: fc.boolean(),
  service: fc.boolean(),
  nodeMtbfH: fc.constantFrom(0, 1, 5),
  detectionS: fc.constantFrom(0, 30),
});

type Generated = typeof smallScenario extends fc.Arbitrary<infer T> ? T : never;

function build(g: Generated): Scenario {
  const workloads: unknown[] = g.tasks.map((t, i) =>
    batch(`w${i}`, t.count, { exponential: { mean: `${t.meanS}s` } }, { gpus: Math.min(t.gpus, g.racks * g.nodes * g.gpus), arrival: { poisson: { rate: 0.05 } } }));
  if (g.training) workloads.push(job('train', 2, '600s', '30s', { checkpoint: { cost: '5s', restart: '10s' } }));
  if (g.service) workloads.push({ kind: 'inference', id: 'svc', replicas: 1, arrival: { poisson: { rate: 0.2 } }, service: '3s', count: 40 });
  return scenario({
    seed: g.seed, horizon: '3d',
    cluster: { sites: [{ id: 'a', racks: g.racks, nodesPerRack: g.nodes, node: { gpus: g.gpus, gpu: 'H100' } }] },
    workloads,
    failures: g.nodeMtbfH > 0 ? [{ target: 'node', mtbf: `${g.nodeMtbfH}h`, repair: { exponential: { mean: '10m' } } }] : [],
    monitoring: { detection: `${g.detectionS}s` },
  });
}

describe('preemption: a policy deciding at random cannot corrupt the model', () => {
  it('rejects every invalid decision with a PolicyError that names the decision; runs whose decisions are all valid keep the invariants', () => {
    fc.assert(
      fc.property(smallScenario, fc.integer({ min: 1, max: 1 << 30 }), fc.boolean(), (g, policySeed, bad) => {
        const s = build(g);
        const policy = randomPolicy(policySeed, bad);
        const { seen, observer } = watch();
        const gpuOwner = new Map<number, number>();
        const shares = new Map<number, number>();
        const needOf = (task: number): number => {
          const w = s.workloads.find((x) => x.id === seen.workloadOf.get(task));
          return !w ? 1 : w.kind === 'inference' ? w.gpusPerReplica : (w as { gpus: number }).gpus;
        };
        const release = (task: number) => {
          for (const [gpu, owner] of gpuOwner) if (owner === task) gpuOwner.delete(gpu);
          const last = [...seen.started].reverse().find((x) => x.task === task);
          if (last && needOf(task) < 1) shares.set(last.gpus[0], (shares.get(last.gpus[0]) ?? 0) - needOf(task));
        };
        const checked: SimObserver = {
          ...observer,
          taskStarted: (task, gpus, t) => {
            const need = needOf(task);
            if (need < 1) {
              const used = (shares.get(gpus[0]) ?? 0) + need;
              if (used > 1 + 1e-9 || gpuOwner.has(gpus[0])) throw new Error(`GPU ${gpus[0]} over-shared`);
              shares.set(gpus[0], used);
            } else {
              for (const gpu of rangesToList(gpus)) {
                if (gpuOwner.has(gpu) || (shares.get(gpu) ?? 0) > 1e-9) throw new Error(`GPU ${gpu} given to ${task} while held by ${gpuOwner.get(gpu)}`);
                gpuOwner.set(gpu, task);
              }
            }
            observer.taskStarted!(task, gpus, t);
          },
          taskCompleted: (task, t) => { release(task); observer.taskCompleted!(task, t); },
          taskPreempted: (task, t) => { release(task); observer.taskPreempted!(task, t); },
          taskInterrupted: (task) => { release(task); },
        };
        let result: RunResult | undefined;
        try {
          result = simulate(s, policySet({ scheduling: policy }), { observer: checked, maxEvents: 50_000 });
        } catch (e) {
          if (!(e instanceof PolicyError)) throw e;
          expect(e.policy).toBe('random');
          expect(e.message).toMatch(/(placement|preemption|decision) .*(names no|GPU|not running|needs|started at this instant|both)/);
          expect(policy.invalid, `a valid run failed: ${e.message}`).not.toBeNull();
          return;
        }
        expect(policy.invalid).toBeNull();
        const m = result.metrics;
        for (const x of [m.S, m.R, m.C]) expect(x).toBeGreaterThanOrEqual(0);
        for (const x of [m.S, m.R, m.C]) expect(x).toBeLessThanOrEqual(1 + 1e-9);
        const items = [...seen.workloadOf.keys()];
        expect(seen.completed.size).toBe(m.completed - (result.workloads.svc?.completed ?? 0));
        if (m.endS < s.horizonS) expect(seen.completed.size).toBe(items.length);
        expect(result.preemptions).toBe(seen.preempted.length);
      }),
      { numRuns: 150 },
    );
  });
});
