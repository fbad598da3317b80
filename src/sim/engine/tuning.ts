/**
 * Switches for the speed-ups of the engine and the model, for the ablation bench only
 * (bench/ablation.ts): each one, set to false, makes the code take its plain path, so that
 * the bench can measure what the speed-up is worth. All are on by default, and nothing but
 * that bench should ever turn one off. Results stay correct with any of them off: the first
 * two change no result at all (the order of events is the same), the third draws token
 * counts from the same distribution by another method (so the same seed gives other counts).
 *
 * Each flag is read when the structure it concerns is made (a timer set, a run, a sampler):
 * set it before building the run it should apply to.
 */
export const tuning = {
  /**
   * Timer sets ({@link Simulator.timers}; inference request completions) keep their timers
   * in a calendar queue beside the event heap. Off: each timer is an ordinary heap event.
   */
  calendarTimers: true,
  /**
   * Each run splits the event heap at its end ({@link EventQueue.setHorizon}), keeping
   * timers set beyond it (failures years away) out of the heap every event goes through.
   * Off: one heap.
   */
  horizonSplit: true,
  /**
   * Lognormal token counts are drawn through an alias table of the rounded distribution
   * (src/sim/model/tokenCounts.ts). Off: drawn exactly, as round(exp(mu + sigma·Z)).
   */
  tokenTables: true,
};
