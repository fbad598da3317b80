/**
 * An inference service as an autoscaling policy sees it at an evaluation: its replica
 * bounds, its replicas now, and what it served since the previous evaluation.
 */
export interface AutoscaleView {
  readonly id: string;
  /** Replicas it has now (the last target: placed, starting, waiting for GPUs or hung; not those draining). */
  readonly replicas: number;
  /** Bounds of the replica count (the service's `minReplicas`, `maxReplicas`). */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Replicas ready to serve now, and placed on GPUs (starting or ready). */
  readonly readyReplicas: number;
  readonly placedReplicas: number;
  /** Requests one replica serves at once. */
  readonly concurrency: number;
  /** Requests waiting now, and in service now. */
  readonly queued: number;
  readonly inFlight: number;
  /** Length of the window the figures below cover (since the previous evaluation), seconds. */
  readonly windowS: number;
  /** Requests that arrived per second over the window. */
  readonly arrivalRatePerS: number;
  /**
   * Busy request slots / ready request slots, time-averaged over the window (0 when no
   * replica was ready); can exceed 1 by the requests that waited: (∫ in service + ∫ waiting) / ∫ ready slots.
   */
  readonly utilization: number;
  /** Mean service time of the requests completed in the window (seconds; null when none completed). */
  readonly meanServiceS: number | null;
}

/**
 * Sets the replica count of inference services over time. Asked every
 * {@link evaluationIntervalS} of simulated time for each service whose `minReplicas` is below
 * its `maxReplicas`; it answers the number of replicas the service should have, a whole
 * number within [minReplicas, maxReplicas] (anything else fails the run). The engine applies
 * the answer: new replicas queue for GPUs like any replica (and start up before serving);
 * replicas removed stop taking requests and stop once the requests they serve have
 * finished (draining), or at once when they were still waiting for GPUs or starting up.
 */
export interface AutoscalingPolicy {
  readonly name: string;
  /** Simulated time between evaluations, seconds (Infinity: never evaluated). */
  readonly evaluationIntervalS: number;
  replicas(service: AutoscaleView, nowS: number): number;
}
