import type { Rng } from './streams.ts';

/** 2^-53: a 53-bit integer times this is a double in [0, 1). */
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/**
 * Many small, independent random streams in one typed array: four 32-bit words of
 * xoshiro128** state per stream (16 bytes; period 2^128 − 1), with no object, closure or
 * string per stream. For the streams of a large cluster's components, one per component
 * and failure rule ("failure/<rule>/<component id>"), where an xor4096 generator each
 * (about 2 KB and a slow seeding) would cost gigabytes.
 *
 * Seeding. Each stream is seeded from a 128-bit key (see {@link RandomStreams.key}: the
 * scenario seed and the name of a family of streams, e.g. "failure/0/east") and up to four
 * integers that place it in the family (a component's rack, node and GPU numbers, as its id
 * spells them): they are xored into the key, and the result goes through a bijective mixer
 * (rounds of the murmur3 finalizer on each word and a ChaCha quarter round across them).
 * Because the mixer is a bijection, two streams of one family with different numbers start
 * from different states — never the same sequence — and a stream's start depends only on
 * the seed, its family's name and its own numbers: not on how many other streams there are,
 * nor on where it sits in the bank. Streams of different families start from unrelated
 * states (their keys are independent 128-bit draws).
 *
 * Drawing. {@link rng} is one shared {@link Rng} that draws from the stream last chosen by
 * {@link select}: each draw advances that stream only, so a stream's sequence depends on
 * nothing but its own draws. Samplers used with it must keep nothing between draws (see
 * the `stateless` option of `sampler`), or a value would pass from one stream to another.
 * A draw is a 53-bit uniform in [0, 1) made of two 32-bit outputs.
 */
export class StreamBank {
  private readonly state: Uint32Array;
  /** Offset of the chosen stream's first word in {@link state}. */
  private at = 0;
  /** Draws a uniform in [0, 1) from the stream chosen by {@link select}. */
  readonly rng: Rng;

  constructor(readonly count: number) {
    this.state = new Uint32Array(4 * count);
    const s = this.state;
    this.rng = () => {
      const o = this.at;
      let s0 = s[o], s1 = s[o + 1], s2 = s[o + 2], s3 = s[o + 3];
      // xoshiro128** (Blackman & Vigna, 2018), two steps.
      const hi = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 5;
      let t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
      const lo = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 6;
      t = s1 << 9;
      s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11);
      s[o] = s0; s[o + 1] = s1; s[o + 2] = s2; s[o + 3] = s3;
      return (hi * 67108864 + lo) * TWO_POW_MINUS_53;
    };
  }

  /**
   * Seeds stream `i` from a family key (four 32-bit words) and the numbers that place the
   * stream in its family (0 for those it has not). Same key and numbers, same sequence.
   */
  seed(i: number, key: ArrayLike<number>, x: number, y = 0, z = 0, w = 0): void {
    let a = (key[0] ^ x) >>> 0, b = (key[1] ^ y) >>> 0, c = (key[2] ^ z) >>> 0, d = (key[3] ^ w) >>> 0;
    for (let round = 0; round < 3; round++) {
      a = fmix32(a); b = fmix32(b); c = fmix32(c); d = fmix32(d);
      // ChaCha quarter round: a permutation of (a, b, c, d).
      a = (a + b) | 0; d = rotl(d ^ a, 16);
      c = (c + d) | 0; b = rotl(b ^ c, 12);
      a = (a + b) | 0; d = rotl(d ^ a, 8);
      c = (c + d) | 0; b = rotl(b ^ c, 7);
    }
    // xoshiro's one forbidden state (all zero) comes from one input in 2^128: move it.
    if ((a | b | c | d) === 0) a = 0x9e3779b9;
    const o = 4 * i;
    this.state[o] = a; this.state[o + 1] = b; this.state[o + 2] = c; this.state[o + 3] = d;
  }

  /** Chooses the stream that {@link rng} draws from, and returns {@link rng}. */
  select(i: number): Rng {
    this.at = 4 * i;
    return this.rng;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The murmur3 32-bit finalizer: a bijection of 32-bit words with full avalanche. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h;
}
