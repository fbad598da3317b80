/**
 * A fixed-size set of small integers as a two-level bitset: one bit per member in 32-bit
 * words, and one summary bit per word that has any member. Finding the next member costs
 * O(1 + words / 32) at worst; setting or clearing a range costs O(its words). Used for the
 * nodes with a given number of free GPUs, so that a whole-node job of any size changes them
 * in a handful of word operations.
 */
export class Bitset {
  private readonly words: Uint32Array;
  private readonly summary: Uint32Array;

  constructor(readonly size: number) {
    this.words = new Uint32Array(Math.ceil(size / 32));
    this.summary = new Uint32Array(Math.ceil(this.words.length / 32));
  }

  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }

  /** True when the set has no member. O(words / 32). */
  isEmpty(): boolean {
    for (let s = 0; s < this.summary.length; s++) if (this.summary[s] !== 0) return false;
    return true;
  }

  add(i: number): void {
    const w = i >>> 5;
    this.words[w] |= 1 << (i & 31);
    this.summary[w >>> 5] |= 1 << (w & 31);
  }

  delete(i: number): void {
    const w = i >>> 5;
    const v = this.words[w] & ~(1 << (i & 31));
    this.words[w] = v;
    if (v === 0) this.summary[w >>> 5] &= ~(1 << (w & 31));
  }

  /** Adds every member of [first, end). */
  addRange(first: number, end: number): void {
    this.changeRange(first, end, true);
  }

  /** Removes every member of [first, end). */
  deleteRange(first: number, end: number): void {
    this.changeRange(first, end, false);
  }

  private changeRange(first: number, end: number, on: boolean): void {
    if (end <= first) return;
    const last = end - 1;
    const w0 = first >>> 5, w1 = last >>> 5;
    if (w0 === w1) { this.changeWord(w0, rangeMask(first & 31, last & 31), on); return; }
    this.changeWord(w0, rangeMask(first & 31, 31), on);
    this.changeWord(w1, rangeMask(0, last & 31), on);
    // Whole words between: filled at once, their summary bits set or cleared in whole runs.
    if (w1 > w0 + 1) {
      this.words.fill(on ? ~0 : 0, w0 + 1, w1);
      this.changeSummary(w0 + 1, w1, on);
    }
  }

  private changeWord(w: number, mask: number, on: boolean): void {
    const v = on ? this.words[w] | mask : this.words[w] & ~mask;
    this.words[w] = v;
    if (v === 0) this.summary[w >>> 5] &= ~(1 << (w & 31));
    else this.summary[w >>> 5] |= 1 << (w & 31);
  }

  /** Sets (or clears) the summary bits of words [first, end). */
  private changeSummary(first: number, end: number, on: boolean): void {
    const last = end - 1;
    const s0 = first >>> 5, s1 = last >>> 5;
    for (let s = s0; s <= s1; s++) {
      const mask = rangeMask(s === s0 ? first & 31 : 0, s === s1 ? last & 31 : 31);
      this.summary[s] = on ? this.summary[s] | mask : this.summary[s] & ~mask;
    }
  }

  /** True when every integer of [first, end) is a member. O(its words). */
  hasRange(first: number, end: number): boolean {
    if (end <= first) return true;
    const last = end - 1;
    const w0 = first >>> 5, w1 = last >>> 5;
    if (w0 === w1) { const m = rangeMask(first & 31, last & 31); return (this.words[w0] & m) === m; }
    const m0 = rangeMask(first & 31, 31), m1 = rangeMask(0, last & 31);
    if ((this.words[w0] & m0) !== m0 || (this.words[w1] & m1) !== m1) return false;
    for (let w = w0 + 1; w < w1; w++) if (this.words[w] !== 0xffffffff) return false;
    return true;
  }

  /** The lowest member ≥ `from`, or -1. */
  next(from: number): number {
    if (from >= this.size) return -1;
    let w = from >>> 5;
    const v = this.words[w] & (~0 << (from & 31));
    if (v !== 0) return (w << 5) + lowestBit(v);
    w++;
    let s = w >>> 5;
    if (s >= this.summary.length) return -1;
    let sv = this.summary[s] & (w & 31 ? ~0 << (w & 31) : ~0);
    while (sv === 0) {
      if (++s >= this.summary.length) return -1;
      sv = this.summary[s];
    }
    w = (s << 5) + lowestBit(sv);
    return (w << 5) + lowestBit(this.words[w]);
  }

  /** The lowest integer ≥ `from` that is not a member (`size` when there is none below it). */
  nextAbsent(from: number): number {
    let w = from >>> 5;
    if (from >= this.size) return this.size;
    let v = ~this.words[w] & (~0 << (from & 31));
    while (v === 0) {
      if (++w >= this.words.length) return this.size;
      v = ~this.words[w];
    }
    return Math.min(this.size, (w << 5) + lowestBit(v));
  }
}

/** The bits lo..hi (inclusive, 0 ≤ lo ≤ hi ≤ 31) of a 32-bit word. */
function rangeMask(lo: number, hi: number): number {
  return (hi === 31 ? ~0 : (1 << (hi + 1)) - 1) & (~0 << lo);
}

/** Index of the lowest set bit of a non-zero 32-bit value. */
function lowestBit(v: number): number {
  return 31 - Math.clz32(v & -v);
}
