/**
 * The interfaces policies implement and the read-only views they receive. They are declared
 * where the model calls them (src/sim/policy/) and re-exported here for policy authors.
 */
export type { ClusterView, Placement, Preemption, QueuedWork, RunningWork, ScheduleDecision, SchedulingPolicy } from '../sim/policy/SchedulingPolicy.ts';
export type { BackupPolicy, CheckpointPlan, TrainingJobView } from '../sim/policy/BackupPolicy.ts';
export type { FailoverDecision, FailoverPolicy, FailoverView, ReplicaDecision, ReplicaView, SiteView } from '../sim/policy/FailoverPolicy.ts';
export type { CompressionPolicy, ModelVariant, ServiceView } from '../sim/policy/CompressionPolicy.ts';
export type { AutoscaleView, AutoscalingPolicy } from '../sim/policy/AutoscalingPolicy.ts';
