/**
 * What every built-in scheduling policy shares: it is registered and documented (in its
 * factory and in docs/scenario-format.md), rejects bad parameters, places inference replicas
 * whenever they fit and fractions of a GPU on shared GPUs, and runs a mixed scenario with
 * failures (noticed after a delay, so work hangs meanwhile) to the end with every task
 * completed once.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyConfigError } from '../../../src/policies/registry.ts';
import { schedulingPolicies } from '../../../src/policies/scheduling/index.ts';
import { batch, run, scenario } from '../../sim/model/helpers.ts';
import { cluster, work, listed } from './support.ts';

const docs = readFileSync(new URL('../../../docs/scenario-format.md', import.meta.url), 'utf8');
const byName = (name: string) => schedulingPolicies.find((f) => f.name === name)!;

describe('the built-in scheduling policies', () => {
  it('are fifo, priority, sjf, easy-backfill, las and pack, each documented in its factory and in the scenario format', () => {
    expect(schedulingPolicies.map((f) => f.name)).toEqual(['fifo', 'priority', 'sjf', 'easy-backfill', 'las', 'pack']);
    for (const f of schedulingPolicies) {
      expect(f.description.length, f.name).toBeGreaterThan(150);
      expect(f.create({}).name).toBe(f.name);
      const row = docs.split('\n').find((l) => l.startsWith(`| \`scheduling\` | \`${f.name}\``));
      expect(row, `docs row for ${f.name}`).toBeDefined();
      for (const p of f.params) {
        expect(p.description.length, `${f.name}.${p.name}`).toBeGreaterThan(10);
        expect(p.default, `${f.name}.${p.name} default`).toBeDefined();
        expect(row, `${f.name}.${p.name} in the docs`).toContain(`\`${p.name}\``);
      }
    }
    // Where each comes from.
    expect(byName('easy-backfill').description).toMatch(/Lifka.*1995.*Mu'alem & Feitelson/);
    expect(byName('las').description).toMatch(/Tiresias.*NSDI 2019/);
    expect(byName('sjf').description).toMatch(/shortest job first/i);
  });

  it.each([
    ['priority', { reserve: 1 }, 'policies.scheduling.reserve'],
    ['priority', { reserve: -0.1 }, 'policies.scheduling.reserve'],
    ['priority', { critical: '2' }, 'policies.scheduling.critical'],
    ['priority', { preempt: 'yes' }, 'policies.scheduling.preempt'],
    ['las', { thresholds: [100, 50] }, 'policies.scheduling.thresholds'],
    ['las', { thresholds: 100 }, 'policies.scheduling.thresholds'],
    ['las', { thresholds: [0] }, 'policies.scheduling.thresholds'],
    ['las', { thresholds: ['1 fortnight'] }, 'policies.scheduling.thresholds'],
    ['las', { preempt: 1 }, 'policies.scheduling.preempt'],
  ])('%s rejects the parameters %j at %s', (name, params, path) => {
    let err: unknown;
    try { byName(name).create(params); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(PolicyConfigError);
    expect((err as PolicyConfigError).path).toBe(path);
  });

  it('las takes thresholds in GPU-seconds or as durations of GPU-time', () => {
    expect(() => byName('las').create({ thresholds: ['1h', 36000, '100h'] })).not.toThrow();
  });

  // Replicas are queued when the run starts, so they come first in the queue (ids in arrival order).
  it.each(schedulingPolicies.map((f) => [f.name]))('%s places an inference replica whenever it fits, and one that does not fit never blocks the queue', (name) => {
    const c = cluster(1, 1, 4);
    const policy = byName(name).create({});
    const replica = (id: number, gpus: number) => work(id, gpus, { kind: 'replica', arrivalS: 0, workS: Infinity });
    expect(listed(policy.schedule([replica(0, 8), replica(1, 2), work(2, 8), work(3, 1)], c, 0))).toEqual([{ workId: 1, gpus: [0, 1] }]);
    expect(listed(policy.schedule([replica(0, 8), work(1, 2)], c, 0))).toEqual([{ workId: 1, gpus: [0, 1] }]);
  });

  it.each(schedulingPolicies.map((f) => [f.name]))('%s places a fraction of a GPU on the fullest shared GPU with room', (name) => {
    const c = cluster(1, 1, 4);
    c.allocateShare(90, 2, 600);
    c.allocateShare(91, 3, 300);
    expect(listed(byName(name).create({}).schedule([work(0, 0.4)], c, 0))).toEqual([{ workId: 0, gpus: [2] }]);
  });

  it.each(schedulingPolicies.map((f) => [f.name]))('%s runs a mixed scenario with failures to the end, every task completed once', (name) => {
    const s = scenario({
      seed: 7, horizon: '30d',
      cluster: { sites: [{ id: 'a', racks: 2, nodesPerRack: 2, node: { gpus: 4, gpu: 'H100' } }] },
      workloads: [
        batch('small', 60, { exponential: { mean: '100s' } }, { gpus: 1, arrival: { poisson: { rate: 0.05 } } }),
        batch('half', 30, { exponential: { mean: '50s' } }, { gpus: 0.5, arrival: { poisson: { rate: 0.02 } } }),
        batch('big', 10, { exponential: { mean: '300s' } }, { gpus: 6, weight: 3, arrival: { poisson: { rate: 0.005 } }, slo: '30m' }),
        { kind: 'training', id: 'train', gpus: 4, work: '2h', start: '10m', checkpoint: { cost: '1m', restart: '2m' }, weight: 2 },
        { kind: 'inference', id: 'svc', replicas: 2, arrival: { poisson: { rate: 0.5 } }, service: '2s', count: 1000 },
      ],
      failures: [{ target: 'node', mtbf: '3h', repair: { exponential: { mean: '10m' } } }],
      monitoring: { detection: '30s' },
    });
    const { result, log } = run(s, byName(name).create({}));
    expect(result.metrics.endS).toBeLessThan(s.horizonS);
    expect(log.completed.size).toBe(60 + 30 + 10 + 1);
    expect(result.workloads.svc.completed).toBe(1000);
    const starts = new Map<number, number>();
    for (const x of log.started) starts.set(x.task, (starts.get(x.task) ?? 0) + 1);
    expect([...log.completed.keys()].every((t) => starts.has(t))).toBe(true);
  });
});
