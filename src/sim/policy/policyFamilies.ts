import type { AutoscalingPolicy } from './AutoscalingPolicy.ts';
import type { BackupPolicy } from './BackupPolicy.ts';
import type { CompressionPolicy } from './CompressionPolicy.ts';
import type { FailoverPolicy } from './FailoverPolicy.ts';
import type { SchedulingPolicy } from './SchedulingPolicy.ts';

/**
 * The policy families: what the model asks a policy to decide. One entry per family; the
 * scenario's `policies` and `policySets` (schema and types), the per-family policies a run
 * holds ({@link PolicyInstances}), the built-in registries (src/policies/families.ts), the
 * worker's binding, catalog and module checks, the command line (`list policies`, `-p`) and
 * the UI's policy-set editor read this table.
 *
 * Imports types only (each family's interface, declared where the model calls it).
 */

/** Names of the function-valued members of an interface. */
export type MethodName<P> = { [K in keyof P]-?: NonNullable<P[K]> extends (...args: never[]) => unknown ? K : never }[keyof P] & string;

/** What a policy family is: one entry of {@link POLICY_FAMILIES}, for instances of interface `P`. */
export interface PolicyFamilyInfo<P> {
  /** Its name in the UI ("Scheduling"). */
  readonly label: string;
  /** What the family decides (docs, `dcsim list policies`, the UI). */
  readonly decides: string;
  /** The built-in policy a scenario gets when it names none for the family. */
  readonly defaultPolicy: string;
  /** The methods the model always calls on an instance (checked on policies loaded from a module). */
  readonly methods: readonly MethodName<P>[];
  /** Methods the model calls when an instance has them (checked to be functions when present). */
  readonly optionalMethods: readonly MethodName<P>[];
  /** Never set: carries `P`, the interface an instance implements, for {@link PolicyInstances}. */
  readonly instance?: P;
}

/** An entry whose instances implement `P` (the type argument is the entry's interface). */
const family = <P>(info: Omit<PolicyFamilyInfo<P>, 'instance'>): PolicyFamilyInfo<P> => info;

/**
 * Every policy family, in the order they are listed and applied. A family's key is its name
 * everywhere: the scenario's `policies.<key>`, `-p <key>=<policy>`, a policy module's
 * `family`. Adding a family is one entry here, its interface (src/sim/policy/) and its
 * built-in registry (src/policies/<key>/, one line in src/policies/families.ts) — and the
 * model calling it.
 */
export const POLICY_FAMILIES = {
  scheduling: family<SchedulingPolicy>({
    label: 'Scheduling', decides: 'which waiting work starts now, and on which GPUs', defaultPolicy: 'fifo',
    methods: ['schedule'], optionalMethods: [],
  }),
  failover: family<FailoverPolicy>({
    label: 'Failover', decides: 'what happens to work hit by a failure', defaultPolicy: 'restart-from-checkpoint',
    methods: ['onInterrupted'], optionalMethods: ['onReplicaFailed'],
  }),
  backup: family<BackupPolicy>({
    label: 'Backup', decides: 'when training jobs checkpoint, and how each checkpoint is kept', defaultPolicy: 'young-daly',
    methods: ['checkpointIntervalS'], optionalMethods: ['nextCheckpoint'],
  }),
  compression: family<CompressionPolicy>({
    label: 'Compression', decides: 'which model variant inference services serve', defaultPolicy: 'none',
    methods: ['variant'], optionalMethods: [],
  }),
  autoscaling: family<AutoscalingPolicy>({
    label: 'Autoscaling', decides: 'how many replicas inference services run, over time', defaultPolicy: 'none',
    methods: ['replicas'], optionalMethods: [],
  }),
};

/** The table's type. */
export type PolicyFamilyTable = typeof POLICY_FAMILIES;

/** The name of a policy family: `scheduling`, `failover`, `backup`, ... (a key of the table). */
export type PolicyFamilyName = keyof PolicyFamilyTable;

/** The family names, in table order. */
export const POLICY_FAMILY_NAMES = Object.keys(POLICY_FAMILIES) as PolicyFamilyName[] as readonly PolicyFamilyName[];

/** True when `name` is a family. */
export const isPolicyFamilyName = (name: string): name is PolicyFamilyName => Object.hasOwn(POLICY_FAMILIES, name);

/**
 * One policy instance per family of a table, of the family's interface: what a run holds
 * (the model's PolicySet is `PolicyInstances`).
 */
export type PolicyInstances<Table = PolicyFamilyTable> = {
  readonly [F in keyof Table]: Table[F] extends { readonly instance?: infer P } ? P : never;
};

/** A value per family, in table order (`byFamily((f) => POLICY_FAMILIES[f].defaultPolicy)`). */
export function byFamily<T>(value: (family: PolicyFamilyName) => T): { [F in PolicyFamilyName]: T } {
  return Object.fromEntries(POLICY_FAMILY_NAMES.map((f) => [f, value(f)])) as { [F in PolicyFamilyName]: T };
}
