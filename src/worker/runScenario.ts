import type { PolicyTables } from '../policies/families.ts';
import { EventBudgetError } from '../sim/engine/Simulator.ts';
import { MetricRangeError } from '../sim/metrics/computeMetrics.ts';
import { simulate } from '../sim/model/simulate.ts';
import { PolicyError } from '../sim/model/PolicyError.ts';
import type { RunResult } from '../sim/model/RunResult.ts';
import type { SimulateOptions } from '../sim/model/SimulateOptions.ts';
import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { bothObservers } from '../sim/model/bothObservers.ts';
import { Topology } from '../sim/model/Topology.ts';
import type { Timeline } from '../sim/timeline/Timeline.ts';
import { TimelineRecorder } from '../sim/timeline/TimelineRecorder.ts';
import { checkPolicies, bindPolicies } from './bindPolicies.ts';

/** Options of {@link runScenario}. */
export interface RunOptions extends SimulateOptions {
  /** Replaces the scenario's seed. */
  readonly seed?: number;
  /** Record the run's timeline: spans of work on nodes, outages, and per-window tallies (see Timeline). */
  readonly recordTimeline?: boolean;
  /** The policies the scenario may name (the built-ins unless given; see userPolicies.ts). */
  readonly catalog?: PolicyTables;
}

/**
 * Binds a validated scenario to its policies and runs it. Throws {@link ScenarioError} when
 * a policy choice is invalid.
 */
export function runScenario(scenario: Scenario, options: RunOptions = {}): RunOutput {
  const s = options.seed === undefined ? scenario : { ...scenario, seed: options.seed };
  const issues = checkPolicies(s, options.catalog);
  if (issues.length > 0) throw new ScenarioError(issues);
  const recorder = options.recordTimeline ? new TimelineRecorder(s, new Topology(s.cluster)) : null;
  const observer = recorder ? bothObservers(recorder, options.observer) : options.observer;
  const result = simulate(s, bindPolicies(s, options.catalog), { ...options, observer });
  return recorder ? { ...result, timeline: recorder.finish(result.metrics.endS) } : result;
}

/** A run's result, with its timeline when it was recorded (`recordTimeline`). */
export type RunOutput = RunResult & { readonly timeline?: Timeline };

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
