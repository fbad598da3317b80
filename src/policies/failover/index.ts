import type { PolicyFactory } from '../registry.ts';
import type { FailoverPolicy } from '../types.ts';
import { restartFromCheckpoint } from './restartFromCheckpoint.ts';

/** Every built-in failover policy, by name. */
export const failoverPolicies: readonly PolicyFactory<FailoverPolicy>[] = [restartFromCheckpoint];
