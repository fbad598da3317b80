/**
 * Autoscaling of inference services (policies.autoscaling): target-utilization against fixed
 * peak provisioning under a strong daily cycle; the bounds, the checks of a policy's answers,
 * and the validation of the scenario fields and policy parameters.
 */
import { describe, expect, it } from 'vitest';
import { autoscalingPolicies } from '../../../src/policies/autoscaling/index.ts';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import type { AutoscalingPolicy } from '../../../src/policies/types.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import { PolicyError } from '../../../src/sim/model/PolicyError.ts';
import type { SimObserver } from '../../../src/sim/model/SimObserver.ts';
import { ScenarioError } from '../../../src/sim/scenario/formatIssue.ts';
import { validateScenario } from '../../../src/sim/scenario/parseScenario.ts';
import { runScenario } from '../../../src/worker/runScenario.ts';
import { policySet } from '../../helpers/policies.ts';
import { scenario, site } from './helpers.ts';

const H = 3600;
const targetUtilization = (params: Record<string, unknown> = {}) => autoscalingPolicies.find((p) => p.name === 'target-utilization')!.create(params);

/**
 * A forecast service with a strong daily cycle (period 6 h, amplitude 0.9: from 0.5 to 9.5
 * requests/s), 1 s exponential service, 4 slots a replica, on 16 one-GPU nodes. At the peak
 * 9.5 slots are busy: 4 replicas at 60 % utilization.
 */
function cycle(extra: Record<string, unknown>) {
  return scenario({
    horizon: '12h',
    cluster: { sites: [site('dc', 16, 1)] },
    workloads: [{
      kind: 'inference', id: 'forecast', concurrency: 4, startup: '30s', slo: '5s',
      arrival: { poisson: { rate: 5 }, diurnal: { amplitude: 0.9, period: '6h', peak: '3h' } },
      service: { exponential: { mean: '1s' } }, ...extra,
    }],
  });
}

/** Replicas placed over time, from the observer (started minus stopped). */
function placedOverTime() {
  const events: { timeS: number; delta: number }[] = [];
  const running = new Set<number>();
  const observer: SimObserver = {
    taskStarted: (task, _g, timeS) => { running.add(task); events.push({ timeS, delta: 1 }); },
    taskCompleted: (task, timeS) => { if (running.delete(task)) events.push({ timeS, delta: -1 }); },
    taskInterrupted: (task, _c, timeS) => { if (running.delete(task)) events.push({ timeS, delta: -1 }); },
  };
  const at = (tS: number) => events.filter((e) => e.timeS <= tS).reduce((a, e) => a + e.delta, 0);
  return { observer, at, events };
}

describe('autoscaling: target-utilization under a daily cycle', () => {
  const fixed = simulate(cycle({ replicas: 7 }), policySet({ scheduling: fifo.create({}) }));
  const log = placedOverTime();
  const scaled = simulate(cycle({ replicas: 2, minReplicas: 1, maxReplicas: 12 }), policySet({ scheduling: fifo.create({}), autoscaling: targetUtilization() }), { observer: log.observer });

  it('uses far fewer GPU-hours than fixed peak provisioning, and keeps SLO attainment high', () => {
    const f = fixed.workloads.forecast, a = scaled.workloads.forecast;
    expect(f.sloAttainment!).toBeGreaterThan(0.99);
    expect(a.sloAttainment!).toBeGreaterThan(0.98);
    expect(a.arrived).toBe(f.arrived);
    // GPU-time held by replicas: the only work on the cluster.
    expect(scaled.metrics.busyGpuS).toBeLessThan(0.75 * fixed.metrics.busyGpuS);
    expect(a.inference!.meanReadyReplicas).toBeLessThan(0.75 * 7);
    expect(a.inference!.failed + a.inference!.dropped).toBe(0);
  });

  it('scales up as the load rises to its peak and down as it falls', () => {
    // Troughs at 0 h, 6 h, 12 h; peaks at 3 h and 9 h.
    expect(log.at(3 * H)).toBeGreaterThanOrEqual(4);
    expect(log.at(9 * H)).toBeGreaterThanOrEqual(4);
    expect(log.at(6 * H)).toBeLessThan(log.at(3 * H));
    expect(log.at(6 * H)).toBeLessThanOrEqual(2);
    // Rising from the trough at 6 h to the peak at 9 h, it adds replicas (never more than 12).
    const added = log.events.filter((e) => e.timeS > 6 * H && e.timeS <= 9 * H && e.delta > 0).length;
    expect(added).toBeGreaterThanOrEqual(2);
    let n = 0, most = 0;
    for (const e of log.events) { n += e.delta; most = Math.max(most, n); }
    expect(most).toBeLessThanOrEqual(12);
  });

  it('is deterministic, and `none` keeps the declared replicas (the result of a run without the field)', () => {
    const again = simulate(cycle({ replicas: 2, minReplicas: 1, maxReplicas: 12 }), policySet({ scheduling: fifo.create({}), autoscaling: targetUtilization() }));
    expect(JSON.stringify(again)).toBe(JSON.stringify(scaled));
    const bounded = simulate(cycle({ replicas: 3, minReplicas: 1, maxReplicas: 12 }), policySet({ scheduling: fifo.create({}) }));
    const plain = simulate(cycle({ replicas: 3 }), policySet({ scheduling: fifo.create({}) }));
    expect(JSON.stringify(bounded)).toBe(JSON.stringify(plain));
  });

  it('runs from a scenario that names it', () => {
    const doc = {
      name: 'autoscaled', horizon: '2h', cluster: { sites: [site('dc', 4, 1)] },
      workloads: [{ kind: 'inference', id: 'api', replicas: 1, minReplicas: 1, maxReplicas: 4, concurrency: 2, arrival: { poisson: { rate: 4 } }, service: { exponential: { mean: '1s' } } }],
      policies: { autoscaling: { name: 'target-utilization', target: 0.5, interval: '30s', scaleDownDelay: '2m' } },
    };
    const r = runScenario(validateScenario(doc));
    expect(r.workloads.api.inference!.meanReadyReplicas).toBeGreaterThan(1.5);
  });
});

describe('autoscaling: checks', () => {
  const doc = (extra: Record<string, unknown>) => ({
    name: 't', horizon: '1h', cluster: { sites: [site('dc', 2, 1)] },
    workloads: [{ kind: 'inference', id: 'api', replicas: 1, arrival: { poisson: { rate: 1 } }, service: '1s', ...extra }],
  });
  const issues = (d: Record<string, unknown>): string[] => {
    try { validateScenario(d); return []; } catch (e) { if (e instanceof ScenarioError) return e.issues.map((i) => `${i.path}: ${i.message}`); throw e; }
  };

  it('rejects bounds that do not hold replicas, with the field path', () => {
    expect(issues(doc({ replicas: 2, minReplicas: 3, maxReplicas: 4 }))[0]).toMatch(/^workloads\[0\]\.minReplicas: must be at most replicas \(2\)/);
    expect(issues(doc({ replicas: 2, maxReplicas: 1 }))[0]).toMatch(/^workloads\[0\]\.maxReplicas: must be at least replicas \(2\)/);
    expect(issues(doc({ minReplicas: 0 }))[0]).toMatch(/^workloads\[0\]\.minReplicas: /);
    expect(issues(doc({ maxReplicas: 2.5 }))[0]).toMatch(/^workloads\[0\]\.maxReplicas: /);
    expect(issues(doc({ minReplicas: 1, maxReplicas: 2 }))).toEqual([]);
  });

  it('rejects bad policy parameters with their path', () => {
    for (const [params, path] of [[{ target: 0 }, 'target'], [{ target: 1.5 }, 'target'], [{ interval: '0s' }, 'interval'], [{ tolerance: 1 }, 'tolerance'], [{ scaleDownDelay: 'soon' }, 'scaleDownDelay']] as const) {
      expect(() => targetUtilization(params)).toThrow(new RegExp(`^policies\\.autoscaling\\.${path}: `));
    }
    expect(() => runScenario(validateScenario({ ...doc({}), policies: { autoscaling: { name: 'target-utilization', cooldown: '1m' } } }))).toThrow(/policies\.autoscaling\.cooldown/);
  });

  it('fails the run when a policy answers outside the bounds, naming the policy', () => {
    const bad: AutoscalingPolicy = { name: 'bad-scaler', evaluationIntervalS: 60, replicas: () => 5 };
    const s = scenario(doc({ minReplicas: 1, maxReplicas: 2 }));
    expect(() => simulate(s, policySet({ autoscaling: bad }))).toThrow(PolicyError);
    expect(() => simulate(s, policySet({ autoscaling: bad }))).toThrow(/^policy "bad-scaler": replicas returned 5 for service "api"; expected a whole number from 1 to 2/);
    const noInterval = { name: 'no-interval', evaluationIntervalS: 0, replicas: () => 1 } as AutoscalingPolicy;
    expect(() => simulate(s, policySet({ autoscaling: noInterval }))).toThrow(/^policy "no-interval": evaluationIntervalS/);
  });
});
