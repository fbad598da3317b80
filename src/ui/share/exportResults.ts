import { metricSeries } from '../../sim/metrics/metricSeries.ts';
import type { RunOutput } from '../../worker/runScenario.ts';
import type { PolicySelection } from '../../sim/scenario/types.ts';

/** A finished run of a comparison. */
export interface ComparedRun {
  readonly name: string;
  readonly policies: PolicySelection;
  readonly result: RunOutput;
}

/**
 * The comparison as one JSON-ready document: per run its policy set, every figure it
 * reported, and C, S, T and R over time (the timeline's spans are left out: they are the
 * run's raw record, not a result, and can be millions).
 */
export function resultsDocument(scenarioName: string, runs: readonly ComparedRun[]): unknown {
  return {
    scenario: scenarioName,
    runs: runs.map(({ name, policies, result }) => {
      const { timeline, series: _series, ...figures } = result;
      const over = timeline ? metricSeries(timeline) : null;
      return {
        name, policies, ...figures,
        overTime: over ? { widthS: over.widthS, timeS: [...over.timeS], C: [...over.C].map(num), S: [...over.S].map(num), T: [...over.T].map(num), R: [...over.R].map(num) } : null,
      };
    }),
  };
}

/** JSON has no NaN: an undefined value in a window is null. */
const num = (v: number): number | null => (Number.isFinite(v) ? v : null);
