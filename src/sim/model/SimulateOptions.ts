import type { SimObserver } from './SimObserver.ts';

/** Options of one run. */
export interface SimulateOptions {
  /** Stop with an error after this many events (guards against runaway scenarios). */
  readonly maxEvents?: number;
  /** Receives what happens as it happens (the worker attaches the timeline recorder this way). */
  readonly observer?: SimObserver;
  /** Record the capacity series (GPUs up and busy, items queued) after every event. */
  readonly recordSeries?: boolean;
  /**
   * Called with the fraction of the horizon simulated so far (sim time / horizon), at most
   * once every 65,536 events, and with 1 when the run ends.
   */
  readonly onProgress?: (fraction: number) => void;
}
