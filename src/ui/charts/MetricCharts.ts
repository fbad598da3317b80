import type { MetricSeries } from '../../sim/metrics/metricSeries.ts';

/** A run as the charts show it. */
export interface ChartRun {
  readonly name: string;
  /** Its colour (from palette.ts `runColors`). */
  readonly color: string;
  readonly series: MetricSeries;
  /** When the run ended (seconds): its line stops there. */
  readonly endS: number;
}

/** C, S, T and R over time for some runs; see createMetricCharts.ts. */
export interface MetricCharts {
  /** Shows these runs (none shows a placeholder). Keeps the cursor. */
  setRuns(runs: readonly ChartRun[]): void;
  /** Puts the replay cursor at `timeS` (seconds), or hides it (null). */
  setCursor(timeS: number | null): void;
  /** Calls `cb` with the time (seconds) the user picked on the charts (click, drag, or Enter). */
  onScrub(cb: (timeS: number) => void): void;
  /** The charts as a standalone SVG document (inline styles, renders alone), without the hover marks. */
  toSvg(): string;
  /** The charts as a PNG (`scale` device pixels per CSS pixel, default 2). */
  toPng(scale?: number): Promise<Blob>;
  destroy(): void;
}

/** Options of `createMetricCharts`. */
export interface MetricChartsOptions {
  /** Show the title bar with "Definitions", "SVG" and "PNG" buttons (default true). */
  readonly toolbar?: boolean;
  /** File name (without extension) of the downloads (default `dcsim-metrics`). */
  readonly fileName?: string;
}
