import { builtinPolicies, familyNames, type FamilyName, type PolicyTables } from '../policies/families.ts';
import { POLICY_FAMILIES } from '../sim/scenario/policyFamilies.ts';
import type { ParamSpec } from '../policies/registry.ts';

export { builtinPolicies, familyNames, type FamilyName, type PolicyTables };

/** A policy as `dcsim list policies --json` shows it. */
export interface PolicyInfo {
  readonly name: string;
  readonly description: string;
  readonly params: readonly ParamSpec[];
  /** The module it was loaded from; absent for built-ins. */
  readonly source?: string;
}

/** Every policy in the tables by family — every family, an empty one included — as plain data. */
export function describePolicies(tables: PolicyTables = builtinPolicies): Record<FamilyName, PolicyInfo[]> {
  return Object.fromEntries(familyNames.map((f) => [f, tables[f].map((p): PolicyInfo => ({
    name: p.name,
    description: p.description,
    params: p.params.map((q) => ({ name: q.name, type: q.type, description: q.description, ...(q.default === undefined ? {} : { default: q.default }) })),
    ...(p.source === undefined ? {} : { source: p.source }),
  }))])) as Record<FamilyName, PolicyInfo[]>;
}

/** What each family decides, for the listing. */
export function familyDescription(family: FamilyName): string {
  return POLICY_FAMILIES[family].decides;
}

/** A family's name in the UI ("Scheduling"). */
export function familyLabel(family: FamilyName): string {
  return POLICY_FAMILIES[family].label;
}
