import type { PolicyFactory } from '../registry.ts';
import type { AutoscalingPolicy } from '../types.ts';

/** No autoscaling: every service keeps the `replicas` it declares (never evaluated). */
export const none: PolicyFactory<AutoscalingPolicy> = {
  name: 'none',
  description: 'No autoscaling: every inference service keeps the `replicas` it declares.',
  params: [],
  create: () => ({ name: 'none', evaluationIntervalS: Infinity, replicas: (s) => s.replicas }),
};
