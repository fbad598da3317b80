/**
 * Failure detection (monitoring.detection, or heartbeat × missedBeats) and the recovery time
 * it feeds: work hit by a failure hangs, holding its GPUs, until the failure is detected;
 * then it is requeued. RTO = detection + decision (waiting to be placed) + recovery (restart).
 */
import { describe, expect, it } from 'vitest';
import { batch, run, scenario, site } from './helpers.ts';

const outage = (id: string, at: string, duration: string, target = 'node') => ({ target, id, at, duration });

describe('failure detection and RTO', () => {
  it('keeps a task hanging on its GPUs until detection, then restarts it on a spare node', () => {
    const s = scenario({
      monitoring: { detection: '30s' },
      cluster: { sites: [site('dc', 2, 1)] },
      workloads: [batch('w', 1, '200s')],
      failures: [outage('dc/r0/n0', '100s', '1h')],
    });
    const { result, log } = run(s);
    expect(log.started.map((x) => [x.gpus, +x.timeS.toFixed(6)])).toEqual([[[0], 0], [[1], 130]]);
    expect(result.metrics.endS).toBeCloseTo(330, 6);
    expect(result.workloads.w.lostGpuS).toBeCloseTo(130, 6);
    expect(result.workloads.w.recovery).toEqual({ count: 1, meanRtoS: 30, meanDetectionS: 30, meanDecisionS: 0, meanRecoveryS: 0, maxRtoS: 30 });
  });

  it('counts the wait for a repaired node as decision time', () => {
    const s = scenario({
      monitoring: { heartbeat: '10s', missedBeats: 3 },
      cluster: { sites: [site('dc', 1, 1)] },
      workloads: [batch('w', 1, '200s')],
      failures: [outage('dc/r0/n0', '100s', '300s')],
    });
    const r = run(s).result.workloads.w.recovery!;
    expect(r.meanDetectionS).toBeCloseTo(30, 6);
    expect(r.meanDecisionS).toBeCloseTo(270, 6);
    expect(r.meanRtoS).toBeCloseTo(300, 6);
  });

  it('keeps a hung task\'s healthy GPUs held (busy) until detection', () => {
    // One 2-GPU node; the task holds both; GPU 0 fails at 100 s for an hour; detection 50 s:
    // GPU 1 stays held until 150 s, then the task gives both back and waits for 2 GPUs.
    const s = scenario({
      monitoring: { detection: '50s' },
      cluster: { sites: [site('dc', 1, 2)] },
      workloads: [batch('big', 1, '200s', { gpus: 2 })],
      failures: [outage('dc/r0/n0/g0', '100s', '1h', 'gpu')],
    });
    const series = run(s, undefined, { recordSeries: true }).result.series!;
    const at = (t: number) => { let i = 0; while (i + 1 < series.timeS.length && series.timeS[i + 1] <= t) i++; return [series.upGpus[i], series.busyGpus[i]]; };
    expect(at(50)).toEqual([2, 2]);
    expect(at(120)).toEqual([1, 1]);
    expect(at(200)).toEqual([1, 0]);
  });

  it('adds a training job\'s restart to its recovery, and an interruption during the restart to its RTO', () => {
    const doc = {
      monitoring: { detection: '20s' },
      cluster: { sites: [site('dc', 3, 1)] },
      workloads: [{ kind: 'training', id: 'job', gpus: 1, work: '1h', checkpoint: { cost: '0s', restart: '60s' } }],
    };
    const once = run(scenario({ ...doc, failures: [outage('dc/r0/n0', '10m', '1h')] })).result.workloads.job.recovery!;
    expect(once).toEqual({ count: 1, meanRtoS: 80, meanDetectionS: 20, meanDecisionS: 0, meanRecoveryS: 60, maxRtoS: 80 });
    // Restarted at 620 s on node 1 or 2, both of which go down 650–750 s: the restart is cut
    // (recovery +30 s), detected at 670 s (detection +20 s), placed again at 750 s when they
    // are repaired (decision 80 s), running at 810 s (recovery +60 s): RTO 210 s.
    const twice = run(scenario({
      ...doc,
      failures: [outage('dc/r0/n0', '10m', '1h'), outage('dc/r0/n1', '650s', '100s'), outage('dc/r0/n2', '650s', '100s')],
    })).result.workloads.job.recovery!;
    expect(twice.count).toBe(1);
    expect(twice.meanDetectionS).toBeCloseTo(40, 6);
    expect(twice.meanDecisionS).toBeCloseTo(80, 6);
    expect(twice.meanRecoveryS).toBeCloseTo(90, 6);
    expect(twice.meanRtoS).toBeCloseTo(210, 6);
  });

  it('has no detection delay by default, and refuses both detection and heartbeat', () => {
    expect(scenario({ cluster: { sites: [site('dc', 1, 1)] } }).monitoring.detectionS).toBe(0);
    expect(scenario({ cluster: { sites: [site('dc', 1, 1)] }, monitoring: { heartbeat: '5s' } }).monitoring.detectionS).toBe(15);
    expect(() => scenario({ cluster: { sites: [site('dc', 1, 1)] }, monitoring: { detection: '1s', heartbeat: '5s' } })).toThrow(/monitoring\.detection: give "detection" or "heartbeat"/);
  });

  it('lets an inference replica hang until detection, then retries its requests on a replacement', () => {
    // Two 1-GPU nodes; one replica (concurrency 4, start-up 30 s); two 100 s requests at ≈0.
    // Node 0 fails at 50 s; detected at 110 s: both requests are retried; the replica is
    // re-placed on node 1 at 110 s, ready at 140 s, serves them 140–240 s.
    const s = scenario({
      monitoring: { detection: '60s' },
      cluster: { sites: [site('dc', 2, 1)] },
      workloads: [{ kind: 'inference', id: 'api', replicas: 1, concurrency: 4, startup: '30s', count: 2, arrival: { poisson: { rate: 1e6 } }, service: '100s' }],
      failures: [outage('dc/r0/n0', '50s', '1h')],
    });
    const w = run(s).result.workloads.api;
    expect(w.inference!.retried).toBe(2);
    expect(w.T.mean!).toBeCloseTo(240, 3);
    expect(w.inference!.availability * 240).toBeCloseTo(150, 3);
    expect(w.recovery).toEqual({ count: 1, meanRtoS: 90, meanDetectionS: 60, meanDecisionS: 0, meanRecoveryS: 30, maxRtoS: 90 });
  });

  it('sends requests that arrive while a replica hangs to it, where they wait for the detection', () => {
    // Requests from a (hand-made, already read) trace at 0 s and 80 s, 100 s of work each;
    // the second arrives during the hang (50–110 s), goes to the hung replica, is retried at
    // 110 s and served 140–240 s beside the first.
    const doc = scenario({
      monitoring: { detection: '60s' },
      cluster: { sites: [site('dc', 2, 1)] },
      workloads: [{
        kind: 'inference', id: 'api', replicas: 1, concurrency: 4, startup: '30s', retries: 1,
        trace: { format: 'azure-llm-2023', path: 'hand-made.csv' }, tokens: { prefillPerToken: '0s', decodePerToken: '1s' },
      }],
      failures: [outage('dc/r0/n0', '50s', '1h')],
    });
    const w = doc.workloads[0];
    if (w.kind !== 'inference' || !w.trace) throw new Error('expected a traced service');
    const data = { arrivalS: Float64Array.of(0, 80), promptTokens: Float64Array.of(0, 0), outputTokens: Float64Array.of(100, 100) };
    const s = { ...doc, workloads: [{ ...w, trace: { ...w.trace, data } }] };
    const r = run(s).result.workloads.api;
    expect(r.inference!.retried).toBe(2);
    expect(r.inference!.failed).toBe(0);
    // Latencies 240 s and 160 s.
    expect(r.T.mean!).toBeCloseTo(200, 6);
  });
});
