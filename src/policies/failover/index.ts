import type { PolicyFactory } from '../registry.ts';
import type { FailoverPolicy } from '../types.ts';
import { crossSite } from './crossSite.ts';
import { elastic } from './elastic.ts';
import { hotSpare } from './hotSpare.ts';
import { restartFromCheckpoint } from './restartFromCheckpoint.ts';
import { waitForRepair } from './waitForRepair.ts';

/** Every built-in failover policy, by name. */
export const failoverPolicies: readonly PolicyFactory<FailoverPolicy>[] = [restartFromCheckpoint, waitForRepair, hotSpare, crossSite, elastic];
