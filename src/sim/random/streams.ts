import seedrandom from 'seedrandom';

/** A source of uniform random numbers in [0, 1). */
export type Rng = () => number;

/**
 * Named random streams derived from one scenario seed (xor4096 generators). Each source of
 * randomness asks for its own stream by a stable name ("arrival/etl", "failure/0/east/r1"),
 * so adding a failure process never shifts a workload's arrivals, and two policy sets run on
 * one seed see the same arrivals and the same failures (common random numbers).
 */
export class RandomStreams {
  constructor(readonly seed: number) {}

  /** A fresh generator for the stream called `name`; the same name always gives the same sequence. */
  stream(name: string): Rng {
    // The generator itself (its extra methods unused): no wrapper call on the hot path.
    return seedrandom.xor4096(`dcsim/${this.seed}/${name}`) as Rng;
  }
}
