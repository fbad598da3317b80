/**
 * Replica states. HUNG: failed but not yet detected — still routed to, serving nothing.
 * DRAINING: removed by autoscaling — no new requests; it stops when those it serves end.
 * RETIRED: removed for good.
 */
export const DOWN = 0, STARTING = 1, READY = 2, HUNG = 3, DRAINING = 4, RETIRED = 5;

/** One replica of an inference service: where it stands, how fast it serves, what it serves. */
export interface Replica {
  readonly service: number;
  /** One of {@link DOWN}, {@link STARTING}, {@link READY}, {@link HUNG}, {@link DRAINING}, {@link RETIRED}. */
  state: number;
  speed: number;
  active: number;
  /** In-flight request slots. */
  readonly slots: number[];
  readyTimer: number;
  /** The scheduler task that stands for it. */
  readonly task: number;
  /** Position in its service's ready list, or -1. */
  readyPos: number;
  /** Quality of the model variant it serves (1 for the full model). */
  quality: number;
}

/** A new replica of service `service`, standing for scheduler task `task`: down, not yet placed. */
export function newReplica(service: number, task: number): Replica {
  return { service, task, state: DOWN, speed: 1, active: 0, slots: [], readyTimer: -1, readyPos: -1, quality: 1 };
}
