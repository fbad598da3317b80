import type { PolicyFactory } from '../registry.ts';
import type { SchedulingPolicy } from '../types.ts';
import { fifo } from './fifo.ts';

/** Every built-in scheduling policy, by name. */
export const schedulingPolicies: readonly PolicyFactory<SchedulingPolicy>[] = [fifo];
