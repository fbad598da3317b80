import type { ServiceTally } from './ServiceTally.ts';

/** How a request ended, for {@link InferenceOptions.requestDone}: completed, failed (unserved after a failure), dropped (queue full). */
export const COMPLETED = 0, FAILED = 1, DROPPED = 2;

/** Options of `InferenceServices`. */
export interface InferenceOptions {
  /** Called when a replica becomes ready to serve (with its scheduler task). */
  readonly onReady?: (task: number) => void;
  /**
   * Run request arrivals and completions without the engine's per-event hooks: the services
   * integrate their own counts (see {@link ServiceTally}), so the model need not look at
   * every request's events. The model then learns that requests have all ended from
   * {@link onIdle}.
   */
  readonly withoutHooks?: boolean;
  /** Called (without hooks) when every service's arrivals are over and no request is waiting or in service. */
  readonly onIdle?: () => void;
  /** Called (maybe without hooks) when a draining replica's last request ends: it no longer serves (see `InferenceServices.drain`). */
  readonly onDrained?: (task: number) => void;
  /**
   * Called when a request ends: the index of its workload in the scenario, its arrival time,
   * now, and how it ended (0 completed, 1 failed, 2 dropped).
   */
  readonly requestDone?: ((workload: number, arrivalS: number, timeS: number, outcome: 0 | 1 | 2) => void) | null;
}
