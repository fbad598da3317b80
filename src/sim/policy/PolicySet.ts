import type { PolicyFamilyName, POLICY_FAMILIES } from '../scenario/policyFamilies.ts';
import type { AutoscalingPolicy } from './AutoscalingPolicy.ts';
import type { BackupPolicy } from './BackupPolicy.ts';
import type { CompressionPolicy } from './CompressionPolicy.ts';
import type { FailoverPolicy } from './FailoverPolicy.ts';
import type { SchedulingPolicy } from './SchedulingPolicy.ts';

/**
 * The policies a run uses, one per family, each of its family's interface: the one line
 * per family that ties an entry of the family table (src/sim/scenario/policyFamilies.ts) to
 * the interface the model calls. The checks below fail to compile when the two list
 * different families, or when a family's `methods` are not methods of its interface.
 */
export interface PolicySet {
  readonly scheduling: SchedulingPolicy;
  readonly failover: FailoverPolicy;
  readonly backup: BackupPolicy;
  readonly compression: CompressionPolicy;
  readonly autoscaling: AutoscalingPolicy;
}

/** One policy instance per family (the same as {@link PolicySet}). */
export type PolicyInstances = PolicySet;

/** Names of the function-valued members of an interface. */
export type MethodName<P> = { [K in keyof P]-?: NonNullable<P[K]> extends (...args: never[]) => unknown ? K : never }[keyof P] & string;

type Table = typeof POLICY_FAMILIES;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type MethodsOkPerFamily = { [F in PolicyFamilyName]: [...Table[F]['methods'], ...Table[F]['optionalMethods']][number] extends MethodName<PolicySet[F]> ? true : false };
type MethodsOk = false extends MethodsOkPerFamily[PolicyFamilyName] ? false : true;

/** Compile-time checks: the same families here and in the table, and real method names. */
export const POLICY_SET_MATCHES_TABLE: Same<keyof PolicySet, PolicyFamilyName> & MethodsOk = true;
