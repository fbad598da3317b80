/**
 * Shared set-up of the theory tests: builds scenarios from plain documents (through the
 * public validator) and runs them under FIFO, optionally collecting every task's times.
 */
import { expect } from 'vitest';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import type { SimulateOptions } from '../../../src/sim/model/SimulateOptions.ts';
import { validateScenario } from '../../../src/sim/scenario/parseScenario.ts';
import { policySet } from '../../helpers/policies.ts';

/** A scenario document, as a user would write it in JSON. */
export type ScenarioDoc = Record<string, unknown>;

/** One site of `nodes` single-GPU H100 nodes (speed 1.0) in one rack. */
export function singleGpuCluster(nodes: number, racks = 1): ScenarioDoc {
  if (nodes % racks !== 0) throw new RangeError('nodes must divide into racks');
  return { sites: [{ id: 'dc', racks, nodesPerRack: nodes / racks, node: { gpus: 1, gpu: 'H100' } }] };
}

/** A batch workload of `count` one-GPU tasks, Poisson arrivals at `rate` per second. */
export function batchWorkload(id: string, count: number, rate: number, work: unknown): ScenarioDoc {
  return { kind: 'batch', id, count, gpus: 1, arrival: { poisson: { rate } }, work };
}

/** Runs a scenario document under FIFO. */
export function run(doc: ScenarioDoc, options: SimulateOptions = {}): RunResult {
  const scenario = validateScenario(doc, 'theory-test');
  return simulate(scenario, policySet({ scheduling: fifo.create({}) }), { maxEvents: 50_000_000, ...options });
}

/** A run with every task's arrival, start and completion time, by task id (arrival order). */
export interface TracedRun {
  readonly result: RunResult;
  readonly arrivalS: Float64Array;
  /** Time of the task's last start (after any interruption). */
  readonly startS: Float64Array;
  readonly completionS: Float64Array;
  /** Arrival-to-completion time of each task, by task id (NaN when not completed). */
  readonly responseS: Float64Array;
  /** Last start minus arrival (the waiting time when the task was never interrupted). */
  readonly waitS: Float64Array;
  /** Times each task was interrupted by a failure. */
  readonly interruptions: Int32Array;
}

/** Runs a scenario whose tasks number at most `maxTasks`, recording every task through the observer. */
export function runTraced(doc: ScenarioDoc, maxTasks: number, options: SimulateOptions = {}): TracedRun {
  const arrivalS = new Float64Array(maxTasks).fill(NaN);
  const startS = new Float64Array(maxTasks).fill(NaN);
  const completionS = new Float64Array(maxTasks).fill(NaN);
  const interruptions = new Int32Array(maxTasks);
  let count = 0;
  const result = run(doc, {
    ...options,
    observer: {
      taskArrived(task, _w, t) { arrivalS[task] = t; count = Math.max(count, task + 1); },
      taskStarted(task, _g, t) { startS[task] = t; },
      taskCompleted(task, t) { completionS[task] = t; },
      taskInterrupted(task) { interruptions[task]++; },
    },
  });
  const n = count;
  const responseS = new Float64Array(n), waitS = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    responseS[i] = completionS[i] - arrivalS[i];
    waitS[i] = startS[i] - arrivalS[i];
  }
  return { result, arrivalS: arrivalS.subarray(0, n), startS: startS.subarray(0, n), completionS: completionS.subarray(0, n), responseS, waitS, interruptions: interruptions.subarray(0, n) };
}

/** One comparison of a simulated estimate with theory. */
export interface Comparison {
  readonly label: string;
  readonly measured: number;
  /** Half-width of the confidence interval around `measured`. */
  readonly halfWidth: number;
  readonly theory: number;
}

/** Describes a comparison, for assertion messages and the optional report. */
export function describeComparison(c: Comparison): string {
  const rel = c.theory !== 0 ? ` (${((100 * c.halfWidth) / Math.abs(c.theory)).toPrecision(2)}% of theory)` : '';
  return `${c.label}: measured ${c.measured.toPrecision(7)} ± ${c.halfWidth.toPrecision(3)}${rel} vs theory ${c.theory.toPrecision(7)}, diff ${(c.measured - c.theory).toPrecision(3)}`;
}

/** Prints a comparison when THEORY_REPORT is set (`THEORY_REPORT=1 npx vitest run test/sim/theory`). */
export function report(c: Comparison): void {
  if (process.env.THEORY_REPORT) console.log(describeComparison(c));
}

/**
 * Asserts that theory lies within the interval, and that the interval is narrow enough
 * (half-width at most `maxRelHalfWidth` of the theoretical value) for the check to bite.
 */
export function expectAgreement(c: Comparison, maxRelHalfWidth: number): void {
  report(c);
  const text = describeComparison(c);
  expect(Number.isFinite(c.measured), text).toBe(true);
  expect(c.halfWidth, `${text}: interval too wide to test anything`).toBeLessThanOrEqual(maxRelHalfWidth * Math.abs(c.theory));
  expect(Math.abs(c.measured - c.theory), text).toBeLessThanOrEqual(c.halfWidth);
}
