/**
 * Planned maintenance and rolling deployments: components of one level go down in waves of
 * `perWave` (or a fraction of them), one wave after another; work on them is interrupted
 * without a detection delay, and all of it is reported apart from failures.
 */
import { describe, expect, it } from 'vitest';
import { batch, run, scenario, site } from './helpers.ts';

describe('planned maintenance', () => {
  it('takes nodes down a wave at a time: S and the counts are exact', () => {
    // 4 single-GPU nodes over 10 h; from 1 h, waves of 2 nodes for 30 min: nodes 0–1 in
    // 1h–1h30, nodes 2–3 in 1h30–2h. Down GPU-time: 4 × 0.5 h = 2 GPU-h of 40.
    const s = scenario({
      horizon: '10h', runToHorizon: true,
      cluster: { sites: [site('dc', 4, 1)] },
      maintenance: [{ target: 'node', at: '1h', duration: '30m', perWave: 2 }],
    });
    const { result, log } = run(s);
    expect(result.metrics.S).toBeCloseTo(1 - 2 / 40, 12);
    expect(result.maintenance).toEqual({ count: 4, byTarget: { gpu: 0, node: 4, rack: 0, site: 0, uplink: 0, wan: 0 } });
    expect(result.failures.count).toBe(0);
    expect(log.changes.filter((c) => c.down).map((c) => [c.id, c.timeS])).toEqual([
      ['dc/r0/n0', 3600], ['dc/r0/n1', 3600], ['dc/r0/n2', 5400], ['dc/r0/n3', 5400],
    ]);
  });

  it('takes a whole wave down at once: a job on several of its nodes is interrupted once, not once per node', () => {
    // 8 nodes × 8 GPUs; a 32-GPU job fills nodes 0–3. Waves of 4 nodes for 1 h from 1 h: the
    // first wave stops the job once and it moves to nodes 4–7; the second (at 2 h, before
    // the first is back) stops it again and it returns to nodes 0–3. Two planned
    // interruptions; re-placing the job between the nodes of one wave would give more.
    const s = scenario({
      horizon: '2d', runToHorizon: true,
      cluster: { sites: [site('dc', 8, 8)] },
      workloads: [{ kind: 'training', id: 'job', gpus: 32, work: '6h', checkpoint: { cost: '1m', restart: '2m' } }],
      maintenance: [{ target: 'node', at: '1h', duration: '1h', perWave: 4 }],
      policies: { backup: { name: 'fixed-interval', interval: '30m' } },
    });
    const { result } = run(s);
    expect(result.maintenance.count).toBe(8);
    expect(result.interruptions).toMatchObject({ count: 2, planned: 2 });
    expect(result.workloads.job.completed).toBe(1);
  });

  it('sizes waves from a fraction of the components (rounded up), within one site', () => {
    const s = scenario({
      cluster: { sites: [site('a', 10, 1), site('b', 3, 1)] },
      maintenance: [{ target: 'node', site: 'a', at: 0, duration: '1m', fraction: 0.25 }],
    });
    expect(s.maintenance[0].perWave).toBe(3);
    const { log } = run({ ...s, horizonS: 3600, runToHorizon: true });
    expect(log.changes.filter((c) => c.down).every((c) => c.id.startsWith('a/'))).toBe(true);
    expect(log.changes.filter((c) => c.down).map((c) => c.timeS)).toEqual([0, 0, 0, 60, 60, 60, 120, 120, 120, 180]);
  });

  it('interrupts the work on a drained node as planned, with no detection delay, and it recovers', () => {
    const s = scenario({
      monitoring: { detection: '5m' },
      cluster: { sites: [site('dc', 2, 1)] },
      workloads: [batch('w', 1, '1h')],
      maintenance: [{ target: 'node', at: '10m', duration: '20m', perWave: 1 }],
    });
    // Node 0 is drained at 10 min: the task moves to node 1, which the next wave drains at
    // 30 min — rolling maintenance can hit the same work twice; it then runs on node 0.
    const { result, log } = run(s);
    expect(result.interruptions).toEqual({ count: 2, byCause: { gpu: 0, node: 0, rack: 0, site: 0, uplink: 0, wan: 0 }, planned: 2 });
    expect(log.started.map((x) => [x.gpus[0], x.timeS])).toEqual([[0, expect.any(Number)], [1, 600], [0, 1800]]);
    expect(result.workloads.w.recovery!.meanDetectionS).toBe(0);
    expect(result.metrics.completed).toBe(1);
  });

  it('refuses a maintenance entry without its wave size, or with an unknown site', () => {
    const base = { cluster: { sites: [site('dc', 2, 1)] } };
    expect(() => scenario({ ...base, maintenance: [{ target: 'node', at: 0, duration: '1m' }] })).toThrow(/maintenance\[0\]\.fraction: give "fraction" .* or "perWave"/);
    expect(() => scenario({ ...base, maintenance: [{ target: 'node', site: 'zz', at: 0, duration: '1m', perWave: 1 }] })).toThrow(/maintenance\[0\]\.site: no site "zz"/);
  });
});
