import { parseDuration } from '../../sim/scenario/units.ts';
import { PolicyConfigError, type PolicyFactory } from '../registry.ts';
import type { AutoscaleView, AutoscalingPolicy } from '../types.ts';

/**
 * Keeps each service's request slots near a target utilization, as the Kubernetes Horizontal
 * Pod Autoscaler does for CPU (kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale):
 *   desired = ⌈ready replicas × utilization / target⌉,
 * where utilization counts waiting requests as demand, left as it is while within
 * `tolerance` of the target, and bounded by the service's minReplicas and maxReplicas.
 * Scaling up is immediate; scaling down takes the highest recommendation of the last
 * `scaleDownDelay` (the HPA's downscale stabilization window), so that a dip does not
 * remove replicas that the next minute needs again.
 */
export const targetUtilization: PolicyFactory<AutoscalingPolicy> = {
  name: 'target-utilization',
  description: 'Sizes each service (within its minReplicas..maxReplicas) so that its request slots run near a target utilization, as the Kubernetes HPA does: ⌈ready × utilization / target⌉; scale-down waits for the highest recommendation of the last `scaleDownDelay`.',
  params: [
    { name: 'target', type: 'number in (0, 1]', description: 'target busy share of the ready request slots (waiting requests count as demand)', default: 0.6 },
    { name: 'interval', type: 'duration > 0', description: 'time between evaluations', default: '1m' },
    { name: 'tolerance', type: 'number in [0, 1)', description: 'no change while utilization / target is within 1 ± tolerance', default: 0.1 },
    { name: 'scaleDownDelay', type: 'duration >= 0', description: 'scale down only to the highest recommendation of this last stretch of time', default: '5m' },
  ],
  create: (params) => {
    const path = 'policies.autoscaling';
    const target = params.target ?? 0.6;
    if (typeof target !== 'number' || !(target > 0 && target <= 1)) throw new PolicyConfigError(`${path}.target`, `expected a number in (0, 1], got ${JSON.stringify(params.target)}`);
    const tolerance = params.tolerance ?? 0.1;
    if (typeof tolerance !== 'number' || !(tolerance >= 0 && tolerance < 1)) throw new PolicyConfigError(`${path}.tolerance`, `expected a number in [0, 1), got ${JSON.stringify(params.tolerance)}`);
    const interval = parseDuration(params.interval ?? '1m');
    if (interval === undefined || !(interval > 0) || interval === Infinity) throw new PolicyConfigError(`${path}.interval`, `expected a duration > 0 such as "30s" or "2m", got ${JSON.stringify(params.interval)}`);
    const delay = parseDuration(params.scaleDownDelay ?? '5m');
    if (delay === undefined || !(delay >= 0) || delay === Infinity) throw new PolicyConfigError(`${path}.scaleDownDelay`, `expected a duration >= 0 such as "0s" or "10m", got ${JSON.stringify(params.scaleDownDelay)}`);
    // Per service: recent recommendations (time, replicas), oldest first.
    const history = new Map<string, { timeS: number; replicas: number }[]>();
    const recommend = (s: AutoscaleView): number => {
      // Nothing ready: nothing measured; keep the target (replicas on their way count).
      if (s.readyReplicas === 0 || !(s.windowS > 0)) return s.replicas;
      const ratio = s.utilization / target;
      if (Math.abs(ratio - 1) <= tolerance) return s.replicas;
      return Math.ceil(s.readyReplicas * ratio - 1e-9);
    };
    return {
      name: 'target-utilization',
      evaluationIntervalS: interval,
      replicas(s, nowS) {
        const want = Math.min(s.maxReplicas, Math.max(s.minReplicas, recommend(s)));
        const h = history.get(s.id) ?? [];
        history.set(s.id, h);
        h.push({ timeS: nowS, replicas: want });
        while (h.length > 0 && h[0].timeS < nowS - delay) h.shift();
        if (want >= s.replicas) return want;
        // Scaling down: no lower than any recommendation of the window.
        let highest = want;
        for (const x of h) highest = Math.max(highest, x.replicas);
        return Math.min(s.replicas, highest);
      },
    };
  },
};
