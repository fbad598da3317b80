/**
 * The policy families: what the model asks a policy to decide. One entry per family; the
 * scenario's `policies` and `policySets` (schema and types), the per-family policies a run
 * holds ({@link PolicyInstances}), the built-in registries (src/policies/families.ts), the
 * worker's binding, catalog and module checks, the command line (`list policies`, `-p`) and
 * the UI's policy-set editor read this table.
 *
 * A leaf: it imports nothing. Each family's interface (declared where the model calls it,
 * in src/sim/policy/) is tied to its entry by src/sim/policy/PolicySet.ts, which checks at
 * compile time that the two list the same families and that `methods` are the interface's.
 */

/** What a policy family is: one entry of {@link POLICY_FAMILIES}. */
export interface PolicyFamilyInfo {
  /** Its name in the UI ("Scheduling"). */
  readonly label: string;
  /** What the family decides (docs, `dcsim list policies`, the UI). */
  readonly decides: string;
  /** The built-in policy a scenario gets when it names none for the family. */
  readonly defaultPolicy: string;
  /** The methods the model always calls on an instance (checked on policies loaded from a module). */
  readonly methods: readonly string[];
  /** Methods the model calls when an instance has them (checked to be functions when present). */
  readonly optionalMethods: readonly string[];
}

/**
 * Every policy family, in the order they are listed and applied. A family's key is its name
 * everywhere: the scenario's `policies.<key>`, `-p <key>=<policy>`, a policy module's
 * `family`. Adding a family is one entry here, its interface (src/sim/policy/) and its
 * built-in registry (src/policies/<key>/, one line in src/policies/families.ts) — and the
 * model calling it.
 */
export const POLICY_FAMILIES = {
  scheduling: {
    label: 'Scheduling', decides: 'which waiting work starts now, and on which GPUs', defaultPolicy: 'fifo',
    methods: ['schedule'], optionalMethods: [],
  },
  failover: {
    label: 'Failover', decides: 'what happens to work hit by a failure', defaultPolicy: 'restart-from-checkpoint',
    methods: ['onInterrupted'], optionalMethods: ['onReplicaFailed'],
  },
  backup: {
    label: 'Backup', decides: 'when training jobs checkpoint, and how each checkpoint is kept', defaultPolicy: 'young-daly',
    methods: ['checkpointIntervalS'], optionalMethods: ['nextCheckpoint'],
  },
  compression: {
    label: 'Compression', decides: 'which model variant inference services serve', defaultPolicy: 'none',
    methods: ['variant'], optionalMethods: [],
  },
  autoscaling: {
    label: 'Autoscaling', decides: 'how many replicas inference services run, over time', defaultPolicy: 'none',
    methods: ['replicas'], optionalMethods: [],
  },
} as const satisfies Readonly<Record<string, PolicyFamilyInfo>>;

/** The table's type. */
export type PolicyFamilyTable = typeof POLICY_FAMILIES;

/** The name of a policy family: `scheduling`, `failover`, `backup`, ... (a key of the table). */
export type PolicyFamilyName = keyof PolicyFamilyTable;

/** The family names, in table order. */
export const POLICY_FAMILY_NAMES = Object.keys(POLICY_FAMILIES) as PolicyFamilyName[] as readonly PolicyFamilyName[];

/** True when `name` is a family. */
export const isPolicyFamilyName = (name: string): name is PolicyFamilyName => Object.hasOwn(POLICY_FAMILIES, name);

/** A value per family, in table order (`byFamily((f) => POLICY_FAMILIES[f].defaultPolicy)`). */
export function byFamily<T>(value: (family: PolicyFamilyName) => T): { [F in PolicyFamilyName]: T } {
  return Object.fromEntries(POLICY_FAMILY_NAMES.map((f) => [f, value(f)])) as { [F in PolicyFamilyName]: T };
}
