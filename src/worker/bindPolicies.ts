import { backupPolicies } from '../policies/backup/index.ts';
import { failoverPolicies } from '../policies/failover/index.ts';
import { PolicyConfigError, resolvePolicy } from '../policies/registry.ts';
import { schedulingPolicies } from '../policies/scheduling/index.ts';
import type { PolicySet } from '../sim/model/simulate.ts';
import type { ScenarioIssue } from '../sim/scenario/formatIssue.ts';
import type { Scenario } from '../sim/scenario/types.ts';

/** Builds the policies a scenario names; throws {@link PolicyConfigError} for a bad choice. */
export function bindPolicies(scenario: Scenario): PolicySet {
  const p = scenario.policies;
  return {
    scheduling: resolvePolicy(schedulingPolicies, 'policies.scheduling', p.scheduling.name, p.scheduling.params),
    failover: resolvePolicy(failoverPolicies, 'policies.failover', p.failover.name, p.failover.params),
    backup: resolvePolicy(backupPolicies, 'policies.backup', p.backup.name, p.backup.params),
  };
}

/** The problems with a scenario's policy choices, as scenario issues (empty when fine). */
export function checkPolicies(scenario: Scenario): ScenarioIssue[] {
  try {
    bindPolicies(scenario);
    return [];
  } catch (e) {
    if (e instanceof PolicyConfigError) return [{ path: e.path, message: e.message.slice(e.path.length + 2) }];
    throw e;
  }
}
