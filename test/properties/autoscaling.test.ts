import { rangesToList } from '../../src/sim/policy/GpuRanges.ts';
/**
 * Property-based test of autoscaling: a chaos policy answers random replica counts (within
 * each service's bounds) at random intervals, on small clusters with random failures,
 * detection delays, start-up times, retries, queue limits and a preempting scheduler or not.
 *
 * For every run:
 *  - no request is lost or counted twice: the observer's requestDone reports, per service,
 *    exactly the completed, failed and dropped counts, and those plus the requests still
 *    waiting or in service at the end are the arrivals;
 *  - no GPU is ever given twice: an oracle following taskStarted / taskCompleted /
 *    taskInterrupted / taskPreempted finds no placement on a GPU another task holds, and
 *    every replica on exactly its GPUs per replica;
 *  - a replica removed never starts again, and every figure stays in range;
 *  - the same seed gives the identical result.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fifo } from '../../src/policies/scheduling/fifo.ts';
import { schedulingPolicies } from '../../src/policies/scheduling/index.ts';
import type { AutoscalingPolicy } from '../../src/policies/types.ts';
import { simulate } from '../../src/sim/model/simulate.ts';
import type { SimObserver } from '../../src/sim/model/SimObserver.ts';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { policySet } from '../helpers/policies.ts';

const serviceArb = fc.record({
  replicas: fc.integer({ min: 1, max: 3 }),
  extraMax: fc.integer({ min: 0, max: 4 }),
  lowerMin: fc.integer({ min: 0, max: 2 }),
  gpusPerReplica: fc.integer({ min: 1, max: 2 }),
  startupS: fc.integer({ min: 0, max: 300 }),
  concurrency: fc.integer({ min: 1, max: 3 }),
  ratePerS: fc.double({ min: 0.01, max: 0.5, noNaN: true }),
  serviceS: fc.integer({ min: 1, max: 60 }),
  retries: fc.integer({ min: 0, max: 2 }),
  queueLimit: fc.option(fc.integer({ min: 0, max: 20 }), { nil: undefined }),
});

const caseArb = fc.record({
  nodes: fc.integer({ min: 3, max: 8 }),
  gpusPerNode: fc.integer({ min: 1, max: 2 }),
  services: fc.array(serviceArb, { minLength: 1, maxLength: 2 }),
  mtbfH: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  detectionS: fc.constantFrom(0, 0, 30),
  intervalS: fc.integer({ min: 10, max: 1200 }),
  answers: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 40 }),
  preempting: fc.boolean(),
  seed: fc.integer({ min: 1, max: 1000 }),
});

type Case = typeof caseArb extends fc.Arbitrary<infer T> ? T : never;

function scenarioOf(c: Case) {
  return validateScenario({
    name: 'autoscaling property', seed: c.seed, horizon: '6h',
    cluster: { sites: [{ id: 'dc', racks: 1, nodesPerRack: c.nodes, node: { gpus: c.gpusPerNode, gpu: 'H100' } }] },
    monitoring: { detection: `${c.detectionS}s` },
    workloads: c.services.map((s, i) => ({
      kind: 'inference', id: `svc${i}`, replicas: s.replicas, minReplicas: Math.max(1, s.replicas - s.lowerMin), maxReplicas: s.replicas + s.extraMax,
      gpusPerReplica: s.gpusPerReplica, startup: `${s.startupS}s`, concurrency: s.concurrency, retries: s.retries,
      ...(s.queueLimit === undefined ? {} : { queueLimit: s.queueLimit }),
      arrival: { poisson: { rate: s.ratePerS } }, service: { exponential: { mean: `${s.serviceS}s` } }, slo: '2m',
    })),
    failures: c.mtbfH === undefined ? [] : [{ target: 'node', mtbf: `${c.mtbfH}h`, repair: { exponential: { mean: '20m' } } }],
  });
}

/** Random answers in [min, max], cycling through the case's list. */
function chaos(c: Case): AutoscalingPolicy {
  let k = 0;
  return {
    name: 'chaos-autoscaling', evaluationIntervalS: c.intervalS,
    replicas: (s) => s.minReplicas + Math.floor(c.answers[k++ % c.answers.length] * (s.maxReplicas - s.minReplicas + 1 - 1e-9)),
  };
}

function check(c: Case): void {
  fc.pre(c.services.reduce((a, x) => a + x.replicas * x.gpusPerReplica, 0) <= c.nodes * c.gpusPerNode);
  const s = scenarioOf(c);
  const problems: string[] = [];
  const owner = new Map<number, number>();
  const held = new Map<number, readonly number[]>();
  const removed = new Set<number>();
  const ended = s.workloads.map(() => [0, 0, 0]);
  const need = new Map<string, number>(s.workloads.map((w) => [w.id, w.kind === 'inference' ? w.gpusPerReplica : 0]));
  const release = (task: number) => {
    for (const g of held.get(task) ?? []) if (owner.get(g) === task) owner.delete(g);
    held.delete(task);
  };
  const observer: SimObserver = {
    taskStarted: (task, ranges) => {
      const gpus = rangesToList(ranges);
      if (removed.has(task)) problems.push(`replica ${task} started after it was removed`);
      if (held.has(task)) problems.push(`task ${task} started while holding GPUs`);
      if (new Set(gpus).size !== gpus.length) problems.push(`task ${task} got a GPU twice`);
      for (const g of gpus) {
        if (owner.has(g)) problems.push(`task ${task} placed on GPU ${g}, held by task ${owner.get(g)}`);
        owner.set(g, task);
      }
      held.set(task, gpus.slice());
    },
    taskCompleted: (task) => { release(task); removed.add(task); },
    taskInterrupted: (task) => release(task),
    taskPreempted: (task) => release(task),
    requestDone: (w, arrivalS, timeS, outcome) => {
      if (!(timeS >= arrivalS)) problems.push(`request of workload ${w} ended at ${timeS} before it arrived at ${arrivalS}`);
      ended[w][outcome]++;
    },
  };
  const scheduling = c.preempting ? schedulingPolicies.find((p) => p.name === 'priority')!.create({ preempt: true }) : fifo.create({});
  const run = () => simulate(s, policySet({ scheduling, autoscaling: chaos(c) }), { observer, maxEvents: 400_000 });
  const r = run();
  expect(problems.slice(0, 5)).toEqual([]);
  s.workloads.forEach((spec, i) => {
    const w = r.workloads[spec.id], inf = w.inference!;
    expect([ended[i][0], ended[i][1], ended[i][2]]).toEqual([w.completed, inf.failed, inf.dropped]);
    expect(ended[i][0] + ended[i][1] + ended[i][2] + w.queued + w.running).toBe(w.arrived);
    expect(inf.availability).toBeGreaterThanOrEqual(0);
    expect(inf.availability).toBeLessThanOrEqual(1);
    expect(inf.utilisation).toBeLessThanOrEqual(1);
    if (spec.kind === 'inference') expect(inf.meanReadyReplicas).toBeLessThanOrEqual(2 * spec.maxReplicas + 1e-9);
  });
  for (const [task, gpus] of held) {
    const w = s.workloads.find((x) => x.kind === 'inference' && r.workloads[x.id] !== undefined);
    if (w && gpus.length !== 0 && need.size > 0 && ![...need.values()].includes(gpus.length)) problems.push(`task ${task} holds ${gpus.length} GPUs`);
  }
  expect(problems.slice(0, 5)).toEqual([]);
  // Deterministic (fresh policies: the chaos answers start again).
  const again = simulate(s, policySet({ scheduling: c.preempting ? schedulingPolicies.find((p) => p.name === 'priority')!.create({ preempt: true }) : fifo.create({}), autoscaling: chaos(c) }), { maxEvents: 400_000 });
  expect(JSON.stringify(again)).toBe(JSON.stringify(r));
}

describe('autoscaling: random decisions', () => {
  it('never lose or double-count a request, never give a GPU twice, and are deterministic', () => {
    fc.assert(fc.property(caseArb, check), { numRuns: 60 });
  });
});
