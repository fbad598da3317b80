import { autoscalingPolicies } from './autoscaling/index.ts';
import { backupPolicies } from './backup/index.ts';
import { compressionPolicies } from './compression/index.ts';
import { failoverPolicies } from './failover/index.ts';
import type { PolicyFactory } from './registry.ts';
import { schedulingPolicies } from './scheduling/index.ts';
import type { PolicySet } from '../sim/policy/PolicySet.ts';

/** A family of policies: the built-in table and what an instance of the family must have. */
export interface PolicyFamily<P> {
  /** Every built-in policy of the family, by name. */
  readonly policies: readonly PolicyFactory<P>[];
  /** What the family decides (for `dcsim list policies`). */
  readonly description: string;
  /** The methods the model calls on an instance (checked on policies loaded from a module). */
  readonly methods: readonly (keyof P & string)[];
}

/**
 * Every policy family, by the key a scenario's `policies` uses for it. Adding a family is one
 * line here (once the model's PolicySet and the scenario's `policies` know it): the command
 * line, `list policies`, `--policy-module`, `compare -p` and the binding of a scenario's
 * choices all go through this table.
 */
export const policyFamilies: { readonly [F in keyof PolicySet]: PolicyFamily<PolicySet[F]> } = {
  scheduling: { policies: schedulingPolicies, methods: ['schedule'], description: 'which waiting work starts now, and on which GPUs' },
  failover: { policies: failoverPolicies, methods: ['onInterrupted'], description: 'what happens to work hit by a failure' },
  backup: { policies: backupPolicies, methods: ['checkpointIntervalS'], description: 'when training jobs checkpoint, and how each checkpoint is kept' },
  compression: { policies: compressionPolicies, methods: ['variant'], description: 'which model variant inference services serve' },
  autoscaling: { policies: autoscalingPolicies, methods: ['replicas'], description: 'how many replicas inference services run, over time' },
};

/** The name of a policy family: `scheduling`, `failover`, `backup`, ... */
export type FamilyName = keyof typeof policyFamilies;

/** The family names, in table order. */
export const familyNames: readonly FamilyName[] = Object.keys(policyFamilies) as FamilyName[];

/** True when `name` is a family. */
export const isFamilyName = (name: string): name is FamilyName => Object.hasOwn(policyFamilies, name);

/** The policies a run may choose from, per family: the built-ins and any loaded from modules. */
export type PolicyTables = { readonly [F in FamilyName]: readonly PolicyFactory<PolicySet[F]>[] };

/** The built-in policies of every family. */
export const builtinPolicies: PolicyTables = Object.fromEntries(
  familyNames.map((f) => [f, policyFamilies[f].policies]),
) as unknown as PolicyTables;
