/** What a service counted, for the metrics. */
export interface ServiceTally {
  readonly arrived: number;
  readonly completed: number;
  readonly met: number;
  /** Requests whose retries ran out after replica failures. */
  readonly failed: number;
  /** Requests turned away by a full queue. */
  readonly dropped: number;
  /** Retries after replica failures. */
  readonly retried: number;
  /** Waiting at the end, and of those, already past their deadline. */
  readonly queued: number;
  readonly queuedMissed: number;
  /** Being served at the end, and of those, already past their deadline. */
  readonly inFlight: number;
  readonly inFlightMissed: number;
  readonly responseTimesS: ArrayLike<number>;
  /** Time with at least one replica ready, seconds. */
  readonly availableS: number;
  /** ∫ ready replicas dt (draining ones too: removed by autoscaling, still serving), replica-seconds. */
  readonly readyReplicaS: number;
  /** ∫ requests being served dt, request-seconds. */
  readonly servingS: number;
  /** ∫ requests waiting dt, request-seconds. */
  readonly queuedS: number;
  /** Σ over completed requests of the quality of the model variant that served each. */
  readonly qualitySum: number;
}
