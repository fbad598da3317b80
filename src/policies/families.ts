import type { PolicyInstances } from '../sim/policy/PolicySet.ts';
import { isPolicyFamilyName, POLICY_FAMILIES, POLICY_FAMILY_NAMES, type PolicyFamilyInfo, type PolicyFamilyName } from '../sim/scenario/policyFamilies.ts';
import { autoscalingPolicies } from './autoscaling/index.ts';
import { backupPolicies } from './backup/index.ts';
import { compressionPolicies } from './compression/index.ts';
import { failoverPolicies } from './failover/index.ts';
import type { PolicyFactory } from './registry.ts';
import { schedulingPolicies } from './scheduling/index.ts';

/**
 * A family of policies: its built-in table, with what the family is (POLICY_FAMILIES: what
 * it decides, its default, the methods an instance must have).
 */
export interface PolicyFamily<P> extends PolicyFamilyInfo {
  /** Every built-in policy of the family, by name. */
  readonly policies: readonly PolicyFactory<P>[];
  /** What the family decides (for `dcsim list policies`): its `decides`. */
  readonly description: string;
}

/** The policies a run may choose from, per family: the built-ins and any loaded from modules. */
export type PolicyTables = { readonly [F in FamilyName]: readonly PolicyFactory<PolicyInstances[F]>[] };

/**
 * The built-in policies of every family: the one line per family this layer adds to the
 * families of src/sim/scenario/policyFamilies.ts (a family missing here does not compile).
 */
export const builtinPolicies: PolicyTables = {
  scheduling: schedulingPolicies,
  failover: failoverPolicies,
  backup: backupPolicies,
  compression: compressionPolicies,
  autoscaling: autoscalingPolicies,
};

/**
 * Every policy family, by the key a scenario's `policies` uses for it: the family's entry in
 * POLICY_FAMILIES with its built-in table. The command line, `list policies`,
 * `--policy-module`, `compare -p` and the binding of a scenario's choices all go through it.
 */
export const policyFamilies: { readonly [F in FamilyName]: PolicyFamily<PolicyInstances[F]> } = Object.fromEntries(
  POLICY_FAMILY_NAMES.map((f) => [f, { ...POLICY_FAMILIES[f], description: POLICY_FAMILIES[f].decides, policies: builtinPolicies[f] }]),
) as unknown as { readonly [F in FamilyName]: PolicyFamily<PolicyInstances[F]> };

/** The name of a policy family: `scheduling`, `failover`, `backup`, ... */
export type FamilyName = PolicyFamilyName;

/** The family names, in table order. */
export const familyNames: readonly FamilyName[] = POLICY_FAMILY_NAMES;

/** True when `name` is a family. */
export const isFamilyName = (name: string): name is FamilyName => isPolicyFamilyName(name);
