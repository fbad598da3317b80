import seedrandom from 'seedrandom';

/** A source of uniform random numbers in [0, 1). */
export type Rng = () => number;

/**
 * Named random streams derived from one scenario seed (xor4096 generators). Each source of
 * randomness asks for its own stream by a stable name ("arrival/etl", "failure/0/east/r1"),
 * so adding a failure process never shifts a workload's arrivals, and two policy sets run on
 * one seed see the same arrivals and the same failures (common random numbers).
 *
 * An xor4096 generator holds about 4,096 bits of state and is slow to seed: right for the
 * few streams of workloads. Many small streams, one per component of a large cluster, live
 * in a {@link StreamBank} instead, keyed by {@link RandomStreams.key}.
 */
export class RandomStreams {
  constructor(readonly seed: number) {}

  /** A fresh generator for the stream called `name`; the same name always gives the same sequence. */
  stream(name: string): Rng {
    // The generator itself (its extra methods unused): no wrapper call on the hot path.
    return seedrandom.xor4096(this.fullName(name)) as Rng;
  }

  /**
   * A 128-bit key (four 32-bit words) for the family of streams called `name`: the first
   * four 32-bit outputs of an xor4096 generator seeded with the seed and the name (in a
   * namespace of its own, so a key never repeats the start of {@link stream} of that name).
   * Same seed and name, same key.
   */
  key(name: string): Uint32Array {
    const g = seedrandom.xor4096(`key/${this.fullName(name)}`);
    const k = new Uint32Array(4);
    for (let j = 0; j < 4; j++) k[j] = g.int32();
    return k;
  }

  private fullName(name: string): string {
    return `dcsim/${this.seed}/${name}`;
  }
}
