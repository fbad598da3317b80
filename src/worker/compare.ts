import type { PolicyTables } from '../policies/families.ts';
import type { RunResult } from '../sim/model/RunResult.ts';
import type { PolicySelection, Scenario } from '../sim/scenario/types.ts';
import { isRunFailure, runScenario } from './runScenario.ts';
import { estimateMean, type Estimate } from './stats.ts';

/** The figures `compare` reports: the headline four, then those behind them that tell policies apart. */
export const COMPARED_FIGURES = ['C', 'S', 'T', 'R', 'availability', 'goodput', 'lostGpuS', 'interruptions'] as const;
export type ComparedFigure = (typeof COMPARED_FIGURES)[number];

/**
 * The compared figures of one run. `availability` is the mean, over the scenario's inference
 * services, of the share of the run with at least one replica ready (null without services);
 * `T` is null when nothing completed.
 */
export function comparedFigures(r: RunResult): Record<ComparedFigure, number | null> {
  const services = Object.values(r.workloads).flatMap((w) => (w.inference ? [w.inference.availability] : []));
  const m = r.metrics;
  return {
    C: m.C, S: m.S, T: m.T, R: m.R,
    availability: services.length ? services.reduce((a, b) => a + b, 0) / services.length : null,
    goodput: m.goodput, lostGpuS: m.lostGpuS, interruptions: m.interruptions,
  };
}

/** One run to do: a scenario with a policy set's choices in place, on one seed. */
export interface RunJob {
  readonly scenario: Scenario;
  readonly seed: number;
  /** Index of the policy set (for progress reports). */
  readonly set: number;
}

/**
 * Runs one job. The comparison calls it once per (set, seed), in order, without waiting
 * for one to finish before asking for the next — a pool of workers (node/runners.ts) runs
 * them side by side. It throws what the run throws ({@link isRunFailure} for a run that failed).
 */
export type Runner = (job: RunJob) => Promise<RunResult>;

/** A runner that runs each job here, one after the other. */
export function inProcessRunner(catalog?: PolicyTables, maxEvents?: number): Runner {
  return async (job) => runScenario(job.scenario, { seed: job.seed, catalog, maxEvents });
}

/** A policy set to compare: its label (the `-p` text, or the name of a scenario's set) and the choices it makes. */
export interface PolicySetSpec {
  readonly label: string;
  /** True for one of the scenario's own `policySets` (labelled by its name). */
  readonly named?: boolean;
  readonly policies: PolicySelection;
}

/** A run that failed (a policy error, the event budget, a metric out of range): left out of the statistics. */
export interface FailedRun {
  readonly seed: number;
  readonly error: string;
}

export interface SetSummary {
  readonly label: string;
  /** True for one of the scenario's own `policySets`. */
  readonly named?: boolean;
  readonly policies: PolicySelection;
  /** Runs that completed (and count in the statistics). */
  readonly runs: number;
  readonly failed: readonly FailedRun[];
  readonly metrics: Record<ComparedFigure, Estimate>;
}

export interface DeltaSummary {
  readonly label: string;
  /** Label of the set it is compared with (the first). */
  readonly vs: string;
  /** Index of the set in {@link Comparison.sets}. */
  readonly set: number;
  /** Per figure, the paired difference (this set − the first) over the seeds where both have a value. */
  readonly metrics: Record<ComparedFigure, Estimate>;
}

export interface Comparison {
  readonly scenario: string;
  readonly seeds: readonly number[];
  readonly figures: readonly ComparedFigure[];
  readonly sets: readonly SetSummary[];
  readonly deltas: readonly DeltaSummary[];
}

/**
 * Runs the scenario under each policy set on the same seeds — common random numbers: every
 * set sees the same arrivals and the same failures on a seed — and summarises each figure
 * by its mean and 95% confidence interval, and each set after the first by its paired
 * difference to the first. A run that fails is recorded with its error and left out; any
 * other error (bad input, a bug) ends the comparison.
 */
export async function comparePolicies(scenario: Scenario, sets: readonly PolicySetSpec[], seeds: readonly number[], runner: Runner): Promise<Comparison> {
  if (sets.length === 0) throw new RangeError('compare needs at least one policy set');
  const values: (Record<ComparedFigure, number | null> | null)[][] = [];
  const failed: FailedRun[][] = [];
  // Every run is asked for at once (in order), then the answers are taken in that order.
  const runs = sets.map((set, i) => {
    const s: Scenario = { ...scenario, policies: set.policies };
    return seeds.map((seed) => {
      const r = runner({ scenario: s, seed, set: i });
      r.catch(() => {}); // handled below, in order; this only keeps an early rejection from going unhandled
      return r;
    });
  });
  for (let i = 0; i < sets.length; i++) {
    values.push([]);
    failed.push([]);
    for (let k = 0; k < seeds.length; k++) {
      try {
        values[i].push(comparedFigures(await runs[i][k]));
      } catch (e) {
        if (!isRunFailure(e)) throw e;
        values[i].push(null);
        failed[i].push({ seed: seeds[k], error: e.message });
      }
    }
  }
  const per = (pick: (f: ComparedFigure, seedIndex: number) => number | null | undefined) =>
    Object.fromEntries(COMPARED_FIGURES.map((f) => {
      const xs: (number | null)[] = [];
      for (let k = 0; k < seeds.length; k++) {
        const v = pick(f, k);
        if (v !== undefined) xs.push(v);
      }
      return [f, estimateMean(xs)];
    })) as Record<ComparedFigure, Estimate>;
  const summaries = sets.map((set, i): SetSummary => ({
    label: set.label,
    ...(set.named ? { named: true } : {}),
    policies: set.policies,
    runs: seeds.length - failed[i].length,
    failed: failed[i],
    // A failed run is left out entirely (undefined), not counted as a null value.
    metrics: per((f, k) => (values[i][k] === null ? undefined : values[i][k]![f])),
  }));
  const deltas = sets.slice(1).map((set, j): DeltaSummary => {
    const i = j + 1;
    return {
      label: set.label,
      vs: sets[0].label,
      set: i,
      metrics: per((f, k) => {
        const a = values[0][k], b = values[i][k];
        if (a === null || b === null) return undefined;
        const x = a[f], y = b[f];
        return x === null || y === null ? null : y - x;
      }),
    };
  });
  return { scenario: scenario.name, seeds, figures: COMPARED_FIGURES, sets: summaries, deltas };
}
