import { simulate, type RunResult, type SimulateOptions } from '../sim/model/simulate.ts';
import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { checkPolicies, bindPolicies } from './bindPolicies.ts';

/** Options of {@link runScenario}. */
export interface RunOptions extends SimulateOptions {
  /** Replaces the scenario's seed. */
  readonly seed?: number;
}

/**
 * Binds a validated scenario to its policies and runs it. Throws {@link ScenarioError} when
 * a policy choice is invalid.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const s = options.seed === undefined ? scenario : { ...scenario, seed: options.seed };
  const issues = checkPolicies(s);
  if (issues.length > 0) throw new ScenarioError(issues);
  return simulate(s, bindPolicies(s), options);
}
