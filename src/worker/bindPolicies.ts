import { builtinPolicies, familyNames, type PolicyTables } from '../policies/families.ts';
import { PolicyConfigError, resolvePolicy } from '../policies/registry.ts';
import type { PolicySet } from '../sim/policy/PolicySet.ts';
import type { ScenarioIssue } from '../sim/scenario/formatIssue.ts';
import type { PolicyRef, Scenario } from '../sim/scenario/types.ts';

/**
 * Builds the policies a scenario names, one per family, from `tables` (the built-ins unless
 * given: pass tables extended with policies loaded from modules); throws
 * {@link PolicyConfigError} for a bad choice.
 */
export function bindPolicies(scenario: Scenario, tables: PolicyTables = builtinPolicies): PolicySet {
  const chosen = scenario.policies as unknown as Readonly<Record<string, PolicyRef | undefined>>;
  const set: Record<string, unknown> = {};
  for (const family of familyNames) {
    const ref = chosen[family];
    if (!ref) throw new PolicyConfigError(`policies.${family}`, 'no policy chosen for this family');
    set[family] = resolvePolicy<unknown>(tables[family], `policies.${family}`, ref.name, ref.params);
  }
  return set as unknown as PolicySet;
}

/**
 * The problems with a scenario's policy choices and with each of its named policy sets
 * (each checked on top of the scenario's choices), as scenario issues (empty when fine).
 */
export function checkPolicies(scenario: Scenario, tables: PolicyTables = builtinPolicies): ScenarioIssue[] {
  const issues = bindIssues(scenario, tables);
  (scenario.policySets ?? []).forEach((set, i) => {
    for (const issue of bindIssues({ ...scenario, policies: { ...scenario.policies, ...set.policies } }, tables)) {
      // A family the set does not name is the scenario's choice: its problem is reported once, there.
      const family = /^policies\.(\w+)/.exec(issue.path)?.[1];
      if (family && !(family in set.policies)) continue;
      issues.push({ path: issue.path.replace(/^policies\./, `policySets[${i}].policies.`), message: issue.message });
    }
  });
  return issues;
}

function bindIssues(scenario: Scenario, tables: PolicyTables): ScenarioIssue[] {
  try {
    bindPolicies(scenario, tables);
    return [];
  } catch (e) {
    if (e instanceof PolicyConfigError) return [{ path: e.path, message: e.message.slice(e.path.length + 2) }];
    throw e;
  }
}
