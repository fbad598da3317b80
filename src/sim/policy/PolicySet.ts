import type { AutoscalingPolicy } from './AutoscalingPolicy.ts';
import type { BackupPolicy } from './BackupPolicy.ts';
import type { CompressionPolicy } from './CompressionPolicy.ts';
import type { FailoverPolicy } from './FailoverPolicy.ts';
import type { SchedulingPolicy } from './SchedulingPolicy.ts';

/** The policies a run uses, one per family. */
export interface PolicySet {
  readonly scheduling: SchedulingPolicy;
  readonly failover: FailoverPolicy;
  readonly backup: BackupPolicy;
  readonly compression: CompressionPolicy;
  readonly autoscaling: AutoscalingPolicy;
}
