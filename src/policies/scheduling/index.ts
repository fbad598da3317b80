import type { PolicyFactory } from '../registry.ts';
import type { SchedulingPolicy } from '../types.ts';
import { easyBackfill } from './easyBackfill.ts';
import { fifo } from './fifo.ts';
import { las } from './las.ts';
import { pack } from './pack.ts';
import { priority } from './priority.ts';
import { sjf } from './sjf.ts';

/** Every built-in scheduling policy, by name. */
export const schedulingPolicies: readonly PolicyFactory<SchedulingPolicy>[] = [fifo, priority, sjf, easyBackfill, las, pack];
