/**
 * What a scenario's metric formulas may name: the headline figures a formula may replace and
 * the figures it may use. It imports only the type of the figures, so the scenario's types
 * and validation read it without importing the metric functions.
 */
import type { Metrics } from './Metrics.ts';

/** Names of the headline figures. */
export type HeadlineName = 'C' | 'S' | 'T' | 'R';

/** Formula text per headline figure, for those a scenario overrides. */
export type MetricFormulas = Readonly<Partial<Record<HeadlineName, string>>>;

/** Names a metric formula may use. */
export const FORMULA_NAMES: readonly string[] = [
  'C', 'S', 'T', 'R', 'Tp50', 'Tp95', 'Tp99', 'sloAttainment', 'goodput', 'lostGpuS', 'checkpointGpuS', 'restartGpuS', 'busyGpuS',
  'upGpuS', 'provisionedGpuS', 'meanInSystem', 'meanQueued', 'throughputPerS', 'arrived',
  'completed', 'interruptions', 'failures', 'endS',
] satisfies readonly (keyof Metrics)[];
