import type { PolicyFactory } from '../registry.ts';
import type { AutoscalingPolicy } from '../types.ts';
import { none } from './none.ts';
import { targetUtilization } from './targetUtilization.ts';

/** Every built-in autoscaling policy, by name. */
export const autoscalingPolicies: readonly PolicyFactory<AutoscalingPolicy>[] = [none, targetUtilization];
