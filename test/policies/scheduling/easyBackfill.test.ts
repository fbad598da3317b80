import { describe, expect, it } from 'vitest';
import { easyBackfill } from '../../../src/policies/scheduling/easyBackfill.ts';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import type { SchedulingPolicy } from '../../../src/policies/types.ts';
import { run, scenario, site } from '../../sim/model/helpers.ts';
import { cluster, withRunning, work, listed } from './support.ts';

/** A training workload (one job, no checkpoints) submitted at `start`: work with a known arrival order. */
const job = (id: string, gpus: number, work: string, start: string) => ({ kind: 'training', id, gpus, work, start });

describe('easy-backfill', () => {
  // One node of 4 GPUs. A (3 GPUs, 100 s) runs; B (4 GPUs) must wait for it until 100 s: its
  // shadow time. C (1 GPU, 50 s) fits in the gap and ends before then; D (1 GPU, 200 s) would not.
  const s = scenario({
    cluster: { sites: [site('a', 1, 4)] },
    workloads: [job('A', 3, '100s', '0s'), job('B', 4, '100s', '1s'), job('C', 1, '50s', '2s'), job('D', 1, '200s', '3s')],
  });
  const startOf = (policy: SchedulingPolicy) => {
    const { log } = run(s, policy);
    return Object.fromEntries(log.started.map((x) => ['ABCD'[x.task], x.timeS]));
  };

  it('starts a small job in a gap without delaying the head of the queue, where fifo does not start it', () => {
    const easy = startOf(easyBackfill.create({}));
    const plain = startOf(fifo.create({}));
    expect(easy).toEqual({ A: 0, C: 2, B: 100, D: 200 });
    expect(plain).toEqual({ A: 0, B: 100, C: 200, D: 200 });
    expect(easy.B).toBe(plain.B);
  });

  it('gives the backfilled job a far shorter response time than fifo, and no job a longer one', () => {
    const r = (p: SchedulingPolicy) => run(s, p).result.workloads;
    const easy = r(easyBackfill.create({})), plain = r(fifo.create({}));
    expect(easy.C.T.mean).toBe(50);
    expect(plain.C.T.mean).toBe(248);
    for (const w of ['A', 'B', 'D']) expect(easy[w].T.mean).toBeLessThanOrEqual(plain[w].T.mean!);
  });

  it('lets later work take the extra GPUs the head will not need, however long it runs', () => {
    // 8 GPUs on two nodes; 6 held until 100 s, 2 free. The head needs 7: at 100 s 8 are free,
    // one extra. A 1-GPU job of 1000 s may start now; a 2-GPU one may not.
    const c = withRunning(cluster(1, 2, 4), [[50, [0, 1, 2, 3, 4, 5], { expectedEndS: 100 }]]);
    const policy = easyBackfill.create({});
    expect(listed(policy.schedule([work(0, 7), work(1, 2, { workS: 1000 }), work(2, 1, { workS: 1000 })], c, 10))).toEqual([{ workId: 2, gpus: [6] }]);
    // Ending by the shadow time, it may take both free GPUs.
    expect(listed(policy.schedule([work(0, 7), work(1, 2, { workS: 90 })], c, 10))).toEqual([{ workId: 1, gpus: [6, 7] }]);
  });

  it('reserves from the expected ends in order: the shadow time is when enough GPUs are free', () => {
    // 4 GPUs: 1 free; tasks on 1 GPU end at 50 s and on 2 GPUs at 200 s. A head of 2 has its
    // shadow time at 50 s (0 extra); of 4, at 200 s.
    const c = () => withRunning(cluster(1, 1, 4), [[60, [0], { expectedEndS: 50 }], [61, [1, 2], { expectedEndS: 200 }]]);
    const policy = easyBackfill.create({});
    expect(listed(policy.schedule([work(0, 2), work(1, 1, { workS: 45 })], c(), 0))).toEqual([{ workId: 1, gpus: [3] }]);
    expect(listed(policy.schedule([work(0, 2), work(1, 1, { workS: 55 })], c(), 0))).toEqual([]);
    expect(listed(policy.schedule([work(0, 4), work(1, 1, { workS: 150 })], c(), 0))).toEqual([{ workId: 1, gpus: [3] }]);
  });

  it('holds no reservation for a head that cannot fit even when all running work ends (GPUs down)', () => {
    const c = cluster(1, 1, 4);
    c.changeDown(0, 2, 1, () => {});
    expect(listed(easyBackfill.create({}).schedule([work(0, 4), work(1, 1, { workS: 1e6 })], c, 0))).toEqual([{ workId: 1, gpus: [2] }]);
  });
});
