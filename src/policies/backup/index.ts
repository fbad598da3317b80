import type { PolicyFactory } from '../registry.ts';
import type { BackupPolicy } from '../types.ts';
import { fixedInterval } from './fixedInterval.ts';
import { none } from './none.ts';
import { replicate } from './replicate.ts';
import { tiered } from './tiered.ts';
import { youngDaly } from './youngDaly.ts';

/** Every built-in backup policy, by name. */
export const backupPolicies: readonly PolicyFactory<BackupPolicy>[] = [none, fixedInterval, youngDaly, tiered, replicate];
