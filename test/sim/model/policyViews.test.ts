import { describe, expect, it } from 'vitest';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import type { FailoverPolicy, SchedulingPolicy } from '../../../src/policies/types.ts';
import { PolicyError } from '../../../src/sim/model/PolicyError.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import { policySet } from '../../helpers/policies.ts';
import { batch, scenario, site } from './helpers.ts';

/** Ten 16-GPU tasks of 1 h on two 16-GPU nodes: one policy at a time mutates what it is shown. */
const tenTasks = scenario({
  cluster: { sites: [site('a', 2, 16)] },
  workloads: [batch('w', 10, '1h', { gpus: 16 })],
});

/** Runs `tenTasks` under a scheduling policy that does `meddle`, then places as fifo would. */
function runMeddling(meddle: Parameters<SchedulingPolicy['schedule']>[0] extends infer Q ? (queue: Q, cluster: Parameters<SchedulingPolicy['schedule']>[1]) => void : never) {
  const inner = fifo.create({});
  const policy: SchedulingPolicy = {
    name: 'meddler',
    schedule(queue, cluster, nowS) {
      meddle(queue, cluster);
      return inner.schedule(queue, cluster, nowS);
    },
  };
  return () => simulate(tenTasks, policySet({ scheduling: policy }));
}

describe('policies see read-only views, and a policy that changes one fails its own run', () => {
  it('runs all ten tasks under a policy that only reads (the baseline the others are compared with)', () => {
    const r = runMeddling(() => {})();
    expect(r.workloads.w.completed).toBe(10);
    expect(r.metrics.R).toBeCloseTo(1, 6);
  });

  it('fails, naming the policy, when a policy empties the queue it was shown (queue.shift)', () => {
    const run = runMeddling((queue) => { (queue as unknown[]).shift(); });
    expect(run).toThrow(PolicyError);
    expect(run).toThrow(/policy "meddler": schedule tried to change what the model showed it/);
  });

  it('fails when a policy changes the GPUs a task needs (w.gpus = 1)', () => {
    const run = runMeddling((queue) => { if (queue.length > 0) (queue[0] as { gpus: number }).gpus = 1; });
    expect(run).toThrow(/policy "meddler": schedule tried to change/);
  });

  it('fails when a policy changes the work of a queued task (w.workS = 1)', () => {
    const run = runMeddling((queue) => { for (const w of queue) (w as { workS: number }).workS = 1; });
    expect(run).toThrow(/policy "meddler": schedule tried to change/);
  });

  it('gives a policy no way to the cluster state: the view has no allocate and no typed arrays', () => {
    let seen: string[] = [];
    runMeddling((_q, cluster) => { seen = Object.keys(cluster); })();
    expect(seen).toContain('findFreeGpuRanges');
    expect(seen).not.toContain('allocate');
    expect(seen).not.toContain('owner');
    expect(seen).not.toContain('downCount');
    const run = runMeddling((_q, cluster) => { (cluster as { freeGpuCount: number }).freeGpuCount = 1e9; });
    expect(run).toThrow(/policy "meddler": schedule tried to change/);
  });

  it('fails when a policy changes the running work it was shown', () => {
    const run = runMeddling((_q, cluster) => {
      const r = cluster.runningWork();
      if (r.length > 0) (r[0] as { expectedEndS: number }).expectedEndS = 0;
    });
    expect(run).toThrow(/policy "meddler": schedule tried to change/);
  });

  it('fails when a failover policy changes the job or the cluster view it was shown', () => {
    const s = scenario({
      cluster: { sites: [site('a', 4, 8)] },
      workloads: [{ kind: 'training', id: 'j', gpus: 16, work: '10h', checkpoint: { cost: '1m', restart: '5m' } }],
      failures: [{ target: 'node', id: 'a/r0/n0', at: '1h', duration: '1h' }],
    });
    const meddling: FailoverPolicy = {
      name: 'meddling-failover',
      onInterrupted(job, _cause, _now, view) {
        (view.sites[0] as { freeGpus: number }).freeGpus = 999;
        return { action: 'restart' };
      },
    };
    expect(() => simulate(s, policySet({ failover: meddling }))).toThrow(/policy "meddling-failover": onInterrupted tried to change/);
    const meddlingJob: FailoverPolicy = { name: 'job-meddler', onInterrupted(job) { (job as { gpus: number }).gpus = 1; return { action: 'restart' }; } };
    expect(() => simulate(s, policySet({ failover: meddlingJob }))).toThrow(/policy "job-meddler": onInterrupted tried to change/);
  });

  it('still names a policy that throws on its own, with its message', () => {
    const throwing: SchedulingPolicy = { name: 'thrower', schedule() { throw new Error('boom'); } };
    expect(() => simulate(tenTasks, policySet({ scheduling: throwing }))).toThrow('policy "thrower": schedule threw: boom');
  });
});
