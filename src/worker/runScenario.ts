import type { PolicyTables } from '../policies/families.ts';
import { EventBudgetError } from '../sim/engine/Simulator.ts';
import { MetricRangeError } from '../sim/metrics/computeMetrics.ts';
import { PolicyError, simulate, type RunResult, type SimulateOptions } from '../sim/model/simulate.ts';
import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { checkPolicies, bindPolicies } from './bindPolicies.ts';

/** Options of {@link runScenario}. */
export interface RunOptions extends SimulateOptions {
  /** Replaces the scenario's seed. */
  readonly seed?: number;
  /** The policies the scenario may name (the built-ins unless given; see userPolicies.ts). */
  readonly catalog?: PolicyTables;
}

/**
 * Binds a validated scenario to its policies and runs it. Throws {@link ScenarioError} when
 * a policy choice is invalid.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunResult {
  const s = options.seed === undefined ? scenario : { ...scenario, seed: options.seed };
  const issues = checkPolicies(s, options.catalog);
  if (issues.length > 0) throw new ScenarioError(issues);
  return simulate(s, bindPolicies(s, options.catalog), options);
}

/**
 * True for the errors that mean a run failed on its own terms — a policy threw or decided
 * something invalid, the event budget ran out, a metric formula left its range — as opposed
 * to bad input or a bug.
 */
export function isRunFailure(e: unknown): e is Error {
  return e instanceof PolicyError || e instanceof EventBudgetError || e instanceof MetricRangeError || e instanceof RunFailure;
}

/**
 * A run that failed in a worker, known by its message: it failed on its own terms there,
 * passed its time limit, or its worker died.
 */
export class RunFailure extends Error {
  constructor(message: string, readonly kind: 'failure' | 'timeout' | 'crash' = 'failure') {
    super(message);
    this.name = 'RunFailure';
  }
}
