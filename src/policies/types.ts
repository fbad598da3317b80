/**
 * The interfaces policies implement and the read-only views they receive. They are declared
 * where the model calls them (src/sim/policy/) and re-exported here for policy authors.
 */
export type { ClusterView, Placement, QueuedWork, SchedulingPolicy } from '../sim/policy/SchedulingPolicy.ts';
export type { BackupPolicy, TrainingJobView } from '../sim/policy/BackupPolicy.ts';
export type { FailoverDecision, FailoverPolicy } from '../sim/policy/FailoverPolicy.ts';
