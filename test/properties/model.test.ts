/**
 * Property-based tests of the batch model on random small scenarios (rack uplinks, WAN links,
 * storage and copies between sites included, with failures of every target): conservation of
 * tasks, exclusive and healthy GPU use, interruptions by exactly the failures under the work
 * (a WAN link: work spanning its sites), time order, metric ranges, storage and copy books,
 * determinism and common random numbers. The oracle (support/oracle.ts) keeps its own account
 * of the run from the observer callbacks and from what the scheduling policy is shown.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fifo } from '../../src/policies/scheduling/fifo.ts';
import type { ClusterView, Placement, QueuedWork, SchedulingPolicy } from '../../src/sim/policy/SchedulingPolicy.ts';
import { simulate } from '../../src/sim/model/simulate.ts';
import { PolicyError } from '../../src/sim/model/PolicyError.ts';
import type { RunResult } from '../../src/sim/model/RunResult.ts';
import { ScenarioError } from '../../src/sim/scenario/formatIssue.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';
import { runScenario } from '../../src/worker/runScenario.ts';
import { RunOracle } from './support/oracle.ts';
import { scenarioDoc, type GeneratedScenario } from './support/scenarioArb.ts';
import { policySet } from '../helpers/policies.ts';
import { prng } from '../helpers/prng.ts';

const MAX_EVENTS = 20_000;

/** Validates a generated document; a generated document is valid by construction. */
function scenarioOf(g: GeneratedScenario): Scenario {
  return validateScenario(structuredClone(g.doc));
}

/** Runs a scenario under FIFO with the oracle watching; returns the oracle and the result. */
function watchedRun(s: Scenario): { oracle: RunOracle; result: RunResult } {
  const oracle = new RunOracle(s);
  const result = simulate(s, policySet({ scheduling: oracle.wrap(fifo.create({})) }), { observer: oracle, maxEvents: MAX_EVENTS });
  oracle.finish(result);
  return { oracle, result };
}


/**
 * A legal but erratic policy: starts a random subset of the waiting tasks (not only the head,
 * several per call) on random free GPUs. Exercises the model's bookkeeping beyond FIFO.
 */
function randomPolicy(seed: number): SchedulingPolicy {
  const rnd = prng(seed);
  return {
    name: 'random',
    schedule(queue, cluster) {
      const free: number[] = [];
      for (let g = 0; g < cluster.gpuCount; g++) if (cluster.isGpuFree(g)) free.push(g);
      for (let i = free.length - 1; i > 0; i--) {
        const j = Math.floor(rnd() * (i + 1));
        [free[i], free[j]] = [free[j], free[i]];
      }
      const out: Placement[] = [];
      const siteOf = (g: number) => cluster.siteOfRack(cluster.rackOfGpu(g));
      for (const q of queue) {
        if (rnd() < 0.3 || q.gpus > free.length) continue;
        // Random GPUs, but not across a WAN link that is down (the engine rejects that).
        const gpus = free.slice(0, q.gpus);
        const sites = [...new Set(gpus.map(siteOf))];
        if (sites.some((a) => sites.some((b) => !cluster.sitesJoined(a, b)))) continue;
        free.splice(0, q.gpus);
        out.push({ workId: q.id, gpus });
      }
      return out;
    },
  };
}

const withoutSeries = (r: RunResult): string => JSON.stringify({ ...r, series: undefined });

describe('batch model on random scenarios', () => {
  it('every generated scenario document validates', () => {
    fc.assert(
      fc.property(scenarioDoc, (g) => {
        const s = scenarioOf(g);
        expect(s.cluster.sites.length).toBe(g.sites.length);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps time in order, loses no task, never shares or uses a failed GPU, and reports figures that match its own events', () => {
    let replays = 0, byNetwork = 0;
    fc.assert(
      fc.property(scenarioDoc, (g) => {
        const s = scenarioOf(g);
        const { oracle, result } = watchedRun(s);
        expect(oracle.errors).toEqual([]);
        expect(result.stats.events).toBeLessThanOrEqual(MAX_EVENTS);
        replays += oracle.copyReplays;
        if (result.interruptions.byCause.uplink + result.interruptions.byCause.wan > 0) byNetwork++;
      }),
      { numRuns: 120 },
    );
    if (process.env.PROPERTY_REPORT) console.log({ replays, byNetwork });
    // Not vacuous: some copy schedules were replayed exactly, and uplink or WAN failures struck work.
    expect(replays).toBeGreaterThan(5);
    expect(byNetwork).toBeGreaterThan(5);
  });

  it('interrupts exactly the work spanning two sites when the WAN link between them fails', () => {
    let struck = 0;
    fc.assert(
      fc.property(scenarioDoc.filter((g) => g.sites.length === 2), fc.double({ min: 0.02, max: 0.3, noNaN: true }), (g, f) => {
        // Add a WAN link (unless there is one), a rule failing it, and tasks wider than either site.
        const doc = structuredClone(g.doc) as { cluster: { wan?: Record<string, unknown>[] }; workloads: unknown[]; failures: unknown[] };
        doc.cluster.wan ??= [{ between: ['west', 'east'], bandwidth: '1GB/s' }];
        const wide = Math.max(...g.sites.map((x) => x.racks * x.nodesPerRack * x.gpus)) + 1;
        const t = +(g.horizonS * f).toPrecision(6);
        doc.workloads.push({ kind: 'batch', id: 'wide', count: 5, gpus: wide, arrival: { poisson: { rate: 5 / g.horizonS } }, work: `${t}s` });
        doc.failures.push({ target: 'wan', mtbf: `${t}s`, repair: `${t / 5}s` });
        const { oracle, result } = watchedRun(validateScenario(doc));
        expect(oracle.errors).toEqual([]);
        if (result.interruptions.byCause.wan > 0) struck++;
      }),
      { numRuns: 30 },
    );
    if (process.env.PROPERTY_REPORT) console.log({ struck });
    // Not vacuous: WAN failures struck work in many runs.
    expect(struck).toBeGreaterThan(8);
  });

  it('keeps its bookkeeping under a policy that starts random waiting tasks (not only the head) on random free GPUs', () => {
    fc.assert(
      fc.property(scenarioDoc, fc.integer(), (g, seed) => {
        const s = scenarioOf(g);
        const oracle = new RunOracle(s);
        const result = simulate(s, policySet({ scheduling: oracle.wrap(randomPolicy(seed)) }), { observer: oracle, maxEvents: MAX_EVENTS });
        oracle.finish(result);
        expect(oracle.errors).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it('turns every kind of bad policy decision into a PolicyError (never a TypeError or a corrupt run)', () => {
    type Bad = (queue: readonly QueuedWork[], cluster: ClusterView) => unknown;
    const firstFree = (c: ClusterView, n: number) => {
      const out: number[] = [];
      for (let g = 0; g < c.gpuCount && out.length < n; g++) if (c.isGpuFree(g)) out.push(g);
      return out;
    };
    const bad: Record<string, Bad> = {
      throws: () => { throw new Error('boom'); },
      throwsString: () => { throw 'boom'; },
      throwsUndefined: () => { throw undefined; },
      returnsNull: () => null,
      returnsObject: () => ({ workId: 0, gpus: [0] }),
      nullPlacement: () => [null],
      unknownTask: (q, c) => [{ workId: 1e9, gpus: firstFree(c, q[0].gpus) }],
      negativeTask: (q, c) => [{ workId: -1, gpus: firstFree(c, q[0].gpus) }],
      fractionalTask: (q, c) => [{ workId: q[0].id + 0.5, gpus: firstFree(c, q[0].gpus) }],
      nanTask: (q, c) => [{ workId: NaN, gpus: firstFree(c, q[0].gpus) }],
      sameTaskTwice: (q, c) => [{ workId: q[0].id, gpus: firstFree(c, q[0].gpus) }, { workId: q[0].id, gpus: firstFree(c, 2 * q[0].gpus).slice(q[0].gpus) }],
      tooFewGpus: (q, c) => [{ workId: q[0].id, gpus: firstFree(c, q[0].gpus).slice(1) }],
      tooManyGpus: (q) => [{ workId: q[0].id, gpus: Array.from({ length: q[0].gpus + 1 }, (_, i) => i) }],
      gpusNotAList: (q) => [{ workId: q[0].id, gpus: null }],
      gpuOutOfRange: (q, c) => [{ workId: q[0].id, gpus: [...firstFree(c, q[0].gpus - 1), c.gpuCount] }],
      gpuNotInteger: (q, c) => [{ workId: q[0].id, gpus: [...firstFree(c, q[0].gpus - 1), 0.5] }],
      gpuAsString: (q, c) => [{ workId: q[0].id, gpus: [...firstFree(c, q[0].gpus - 1), '0'] }],
      duplicateGpu: (q, c) => { const f = firstFree(c, 1); return [{ workId: q[0].id, gpus: Array.from({ length: q[0].gpus }, () => f[0]) }]; },
      busyOrDownGpu: (q, c) => {
        const taken: number[] = [];
        for (let g = 0; g < c.gpuCount; g++) if (!c.isGpuFree(g)) taken.push(g);
        return [{ workId: q[0].id, gpus: [...taken.slice(0, 1), ...firstFree(c, q[0].gpus - 1)] }];
      },
    };
    let runs = 0, tested = 0;
    fc.assert(
      fc.property(scenarioDoc, fc.constantFrom(...Object.keys(bad)), fc.integer({ min: 0, max: 30 }), (g, which, legalCalls) => {
        runs++;
        const s = scenarioOf(g);
        // Behave like FIFO for a while, then make the bad decision once the situation allows it.
        const inner = fifo.create({});
        let calls = 0;
        let misbehaved = false;
        const policy: SchedulingPolicy = {
          name: 'bad',
          schedule(queue, cluster, now) {
            const need = queue[0].gpus;
            const ready = cluster.freeGpuCount >= (which === 'sameTaskTwice' ? 2 : 1) * need
              && (which !== 'busyOrDownGpu' || cluster.freeGpuCount < cluster.gpuCount) // some GPU is taken
              && (which !== 'duplicateGpu' || need > 1); // one GPU "twice" needs a task of two
            if (calls++ >= legalCalls && ready) {
              misbehaved = true;
              return bad[which](queue, cluster) as readonly Placement[];
            }
            return inner.schedule(queue, cluster, now);
          },
        };
        let err: unknown;
        try {
          simulate(s, policySet({ scheduling: policy }), { maxEvents: MAX_EVENTS });
        } catch (e) {
          err = e;
        }
        if (!misbehaved) {
          expect(err).toBeUndefined();
          return; // the run never gave the policy the chance
        }
        tested++;
        expect(err, which).toBeInstanceOf(PolicyError);
        expect((err as PolicyError).policy).toBe('bad');
        expect((err as Error).message.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
    // Not vacuous: most runs reached the bad decision.
    expect(tested).toBeGreaterThan(runs / 2);
  });

  it('reports C, S, R, goodput and sloAttainment inside [0, 1] exactly (no rounding overshoot) and T >= 0 or null', () => {
    fc.assert(
      fc.property(scenarioDoc, (g) => {
        const { metrics: m, workloads } = runScenario(scenarioOf(g), { maxEvents: MAX_EVENTS });
        for (const k of ['C', 'S', 'R', 'goodput'] as const) {
          expect(m[k], k).toBeGreaterThanOrEqual(0);
          expect(m[k], k).toBeLessThanOrEqual(1);
        }
        if (m.sloAttainment !== null) expect(m.sloAttainment).toBeLessThanOrEqual(1);
        for (const w of Object.values(workloads)) if (w.sloAttainment !== null) expect(w.sloAttainment).toBeLessThanOrEqual(1);
        expect(m.T === null || m.T >= 0).toBe(true);
      }),
      { numRuns: 100 },
    );
  });

  it('C is exactly 1 when every task meets its deadline, whatever the weights (regression: 0.1 * 3 / 3 / 0.1 > 1)', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 1e-6, max: 100, noNaN: true }), { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 20 }), (weights, count) => {
        const s = validateScenario({
          name: 'all met', horizon: '10d',
          cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: 2, node: { gpus: 2, gpu: 'H100' } }] },
          workloads: weights.map((weight, i) => ({ kind: 'batch', id: `w${i}`, count, weight, arrival: { poisson: { rate: 0.01 } }, work: '1s' })),
        });
        const r = runScenario(s, { maxEvents: MAX_EVENTS });
        expect(r.metrics.sloAttainment).toBe(1);
        expect(r.metrics.C).toBe(1);
      }),
      { numRuns: 100 },
    );
  });

  it('is deterministic: the same scenario and seed give identical JSON, with or without an observer, a recorded series or the worker entry point', () => {
    fc.assert(
      fc.property(scenarioDoc, (g) => {
        const s = scenarioOf(g);
        const a = simulate(s, policySet({ scheduling: fifo.create({}) }), { maxEvents: MAX_EVENTS });
        const b = runScenario(s, { maxEvents: MAX_EVENTS });
        const c = simulate(s, policySet({ scheduling: fifo.create({}) }), { maxEvents: MAX_EVENTS, recordSeries: true, observer: {} });
        expect(JSON.stringify(b)).toBe(JSON.stringify(a));
        expect(withoutSeries(c)).toBe(JSON.stringify(a));
        // The recorded series is consistent: time ordered, busy <= up <= provisioned.
        const ser = c.series!;
        const gpus = s.cluster.sites.reduce((n, x) => n + x.racks * x.nodesPerRack * x.node.gpus, 0);
        for (let i = 0; i < ser.timeS.length; i++) {
          if (i > 0) expect(ser.timeS[i]).toBeGreaterThanOrEqual(ser.timeS[i - 1]);
          expect(ser.upGpus[i]).toBeLessThanOrEqual(gpus);
          expect(ser.busyGpus[i]).toBeLessThanOrEqual(ser.upGpus[i]);
          expect(ser.busyGpus[i]).toBeGreaterThanOrEqual(0);
          expect(ser.queued[i]).toBeGreaterThanOrEqual(0);
        }
        // A seed override changes nothing but the seed when it is the scenario's own.
        expect(JSON.stringify(runScenario(s, { seed: s.seed, maxEvents: MAX_EVENTS }))).toBe(JSON.stringify(a));
      }),
      { numRuns: 60 },
    );
  });

  it('uses common random numbers: failure rules and outages change neither the arrival times nor the work of tasks', () => {
    fc.assert(
      fc.property(scenarioDoc, fc.nat(), (g, pick) => {
        const s = scenarioOf(g);
        const calm: Scenario = { ...s, failures: [] };
        // Also: a copy with one failure entry dropped (the others keep their streams only if
        // they come before it, so only compare arrivals and work here).
        const fewer: Scenario = { ...s, failures: s.failures.filter((_, i) => s.failures.length === 0 || i !== pick % s.failures.length) };
        const runs = [s, calm, fewer].map(watchedRun);
        for (const r of runs) expect(r.oracle.errors).toEqual([]);
        const [base, ...others] = runs;
        for (const other of others) {
          for (const w of s.workloads) {
            expect(other.oracle.arrivals.get(w.id)).toEqual(base.oracle.arrivals.get(w.id));
          }
          // Work of every task both runs showed to the policy is the same.
          for (const [key, work] of other.oracle.workSeen) {
            const mine = base.oracle.workSeen.get(key);
            if (mine !== undefined) expect(work).toBe(mine);
          }
        }
        // Without failures, nothing is interrupted and every GPU stays up.
        const calmResult = runs[1].result;
        expect(calmResult.failures.count).toBe(0);
        expect(calmResult.interruptions.count).toBe(0);
        expect(calmResult.metrics.S).toBeCloseTo(1, 12); // (a sum of GPU-seconds over the run, not exactly 1)
        expect(calmResult.metrics.goodput).toBe(1);
      }),
      { numRuns: 50 },
    );
  });

  it('reports a component under its canonical id only, even when an outage writes the id with leading zeros (or rejects such ids)', () => {
    fc.assert(
      fc.property(fc.nat({ max: 2 }), fc.nat({ max: 2 }), fc.nat({ max: 1 }), fc.nat({ max: 3 }), (zr, zn, r, n) => {
        const pad = (i: number, z: number) => '0'.repeat(z) + String(i);
        let s: Scenario;
        try {
          s = validateScenario({
            name: 'ids', horizon: '1h', runToHorizon: true,
            cluster: { sites: [{ id: 'dc', racks: 2, nodesPerRack: 4, node: { gpus: 2, gpu: 'H100' } }] },
            failures: [{ target: 'node', id: `dc/r${pad(r, zr)}/n${pad(n, zn)}`, at: 10, duration: 10 }],
          });
        } catch (e) {
          // Rejecting a non-canonical id is fine too.
          expect(e).toBeInstanceOf(ScenarioError);
          expect((e as ScenarioError).issues.map((i) => i.path)).toEqual(['failures[0].id']);
          expect(zr + zn).toBeGreaterThan(0);
          return;
        }
        const ids = new Set<string>();
        runScenario(s, { observer: { componentChanged: (_t, id) => { ids.add(id); } } });
        expect([...ids]).toEqual([`dc/r${r}/n${n}`]);
      }),
      { numRuns: 30 },
    );
  });

  it('scheduled outages take GPUs down for exactly their duration (clipped at the horizon), whatever the seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 32 - 1 }), fc.integer({ min: 0, max: 2 ** 32 - 1 }), (seedA, seedB) => {
        // Scheduled outages only: the GPUs up over time do not depend on the seed.
        const s = validateScenario({
          name: 'det', horizon: '10h', runToHorizon: true,
          cluster: { sites: [{ id: 'east', racks: 2, nodesPerRack: 2, node: { gpus: 4, gpu: 'H100' } }] },
          workloads: [{ kind: 'batch', id: 'w', count: 20, arrival: { poisson: { rate: 0.01 } }, work: '10m' }],
          failures: [
            { target: 'rack', id: 'east/r1', at: '1h', duration: '2h' },
            { target: 'gpu', id: 'east/r0/n0/g3', at: '2h', duration: '3h' },
            { target: 'site', id: 'east', at: '9h', duration: '5h' },
            { target: 'uplink', id: 'east/r0', at: '4h', duration: '1h' },
            { target: 'uplink', id: 'east/r1', at: '2h', duration: '30m' },
          ],
        });
        const a = runScenario(s, { seed: seedA, maxEvents: MAX_EVENTS });
        const b = runScenario(s, { seed: seedB, maxEvents: MAX_EVENTS });
        // Up GPU-hours: 16 GPUs for 10 h, minus rack r1 (8 GPUs) for 2 h, minus one GPU of
        // rack r0 for 3 h, minus the whole site for the last hour before the horizon; minus
        // the 7 other GPUs of r0 while its uplink is cut (4h–5h). The cut of r1's uplink falls
        // within the rack's own outage.
        const expected = (16 * 10 - 8 * 2 - 1 * 3 - 16 * 1 - 7 * 1) * 3600;
        expect(a.metrics.upGpuS).toBeCloseTo(expected, 6);
        expect(b.metrics.upGpuS).toBeCloseTo(expected, 6);
        expect(a.failures).toEqual(b.failures);
      }),
      { numRuns: 10 },
    );
  });
});
