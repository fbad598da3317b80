import type { PolicyFactory } from '../registry.ts';
import type { BackupPolicy } from '../types.ts';
import { fixedInterval } from './fixedInterval.ts';
import { none } from './none.ts';
import { youngDaly } from './youngDaly.ts';

/** Every built-in backup (checkpointing) policy, by name. */
export const backupPolicies: readonly PolicyFactory<BackupPolicy>[] = [none, fixedInterval, youngDaly];
