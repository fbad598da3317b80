import { growF64, growI32 } from './grow.ts';

/**
 * A calendar queue (Brown, "Calendar queues", CACM 1988): a priority queue of small integer
 * ids, each with a time in seconds and a sequence number, ordered by (time, sequence). Time
 * is cut into buckets of equal width, laid round a ring like days in a year; finding the
 * earliest entry walks the ring from the bucket of the last one found. Each bucket's list is
 * kept in (time, sequence) order, so the walk looks at one entry per bucket — its first —
 * and a bucket's first entry of the current year is the earliest of all. When the width suits
 * the entries (a few per bucket near the front) insert, remove and find-earliest take O(1)
 * expected time, whatever the number of entries, where a heap takes O(log n).
 *
 * It suits timers that are set a while ahead of a clock that moves forward (requests in
 * service, each finishing a service time after it started). The ring doubles or halves as
 * the count grows or shrinks, and the width is re-estimated then, and whenever finding the
 * earliest entry has become costly. Storage is typed arrays indexed by id; no object is
 * allocated per entry.
 */

/** Fewest buckets in the ring. */
const MIN_BUCKETS = 16;
/** Bucket numbers are capped at ± this (times this many widths away share the end bucket). */
const MAX_BUCKET = 2 ** 52;
/** Entries whose gaps set the bucket width: the earliest this many. */
const WIDTH_SAMPLE = 64;

/** Priority queue of integer ids ordered by (time, sequence number), O(1) expected per operation. */
export class CalendarQueue {
  // Per id.
  private idTimeS: Float64Array;
  private idSeq: Float64Array;
  /** Bucket number: floor(time / width), not wrapped round the ring. */
  private idBucketNo: Float64Array;
  /** Ring index of its bucket, or -1 when the id is not in the queue. */
  private idRing: Int32Array;
  private idNext: Int32Array;
  private idPrev: Int32Array;
  // Per ring bucket: the first id of its list, or -1.
  private head: Int32Array;
  private ringSize = MIN_BUCKETS;
  private invRingSize = 1 / MIN_BUCKETS;
  private invWidthS = 1;
  /** No entry has a bucket number below this. */
  private cursorNo = 0;
  /** The earliest id when known, else -1. */
  private minId = -1;
  private count = 0;
  // Cost of finding the earliest entry since the width was last set.
  private searches = 0;
  private searchWork = 0;

  constructor(idCapacity = 64) {
    const c = Math.max(1, idCapacity);
    this.idTimeS = new Float64Array(c);
    this.idSeq = new Float64Array(c);
    this.idBucketNo = new Float64Array(c);
    this.idRing = new Int32Array(c).fill(-1);
    this.idNext = new Int32Array(c);
    this.idPrev = new Int32Array(c);
    this.head = new Int32Array(MIN_BUCKETS).fill(-1);
  }

  /** Number of entries. */
  get size(): number {
    return this.count;
  }

  /** True when `id` is in the queue. */
  has(id: number): boolean {
    return id >= 0 && id < this.idRing.length && this.idRing[id] >= 0;
  }

  /** Time in seconds of entry `id` (meaningful while it is in the queue). */
  timeOf(id: number): number {
    return this.idTimeS[id];
  }

  /** Sequence number of entry `id` (meaningful while it is in the queue). */
  seqOf(id: number): number {
    return this.idSeq[id];
  }

  /**
   * Adds entry `id` (a non-negative integer not in the queue: RangeError otherwise) at time
   * `timeS` (not NaN) with sequence number `seq`, which breaks ties in time (keep it unique).
   */
  insert(id: number, timeS: number, seq: number): void {
    if (id >= this.idRing.length) this.growIds(id + 1);
    else if (this.idRing[id] >= 0) throw new RangeError(`id ${id} is already in the calendar queue`);
    this.idTimeS[id] = timeS;
    this.idSeq[id] = seq;
    const no = this.bucketNo(timeS);
    this.searchWork += this.linkSorted(id, no);
    if (this.count++ === 0) {
      this.cursorNo = no;
      this.minId = id;
    } else {
      if (no < this.cursorNo) this.cursorNo = no;
      const min = this.minId;
      if (min >= 0) {
        const t = this.idTimeS[min];
        if (timeS < t || (timeS === t && seq < this.idSeq[min])) this.minId = id;
      }
    }
    if (this.count > 2 * this.ringSize) this.rebuild(2 * this.ringSize);
  }

  /** Removes entry `id`; returns false (and does nothing) when it is not in the queue. */
  remove(id: number): boolean {
    if (!this.has(id)) return false;
    this.unlink(id);
    this.count--;
    if (id === this.minId) this.minId = -1;
    if (this.ringSize > MIN_BUCKETS && 2 * this.count < this.ringSize) this.rebuild(this.ringSize / 2);
    return true;
  }

  /**
   * Removes entry `id`, which {@link peek} just returned (the run loop's case: no checks).
   */
  removeMin(id: number): void {
    this.unlink(id);
    this.count--;
    this.minId = -1;
    if (this.ringSize > MIN_BUCKETS && 2 * this.count < this.ringSize) this.rebuild(this.ringSize / 2);
  }

  /** The id of the earliest entry (least time, then least sequence number), or -1 when empty. */
  peek(): number {
    const min = this.minId;
    return min >= 0 || this.count === 0 ? min : this.search();
  }

  /**
   * Finds the earliest entry (the queue is not empty and it is not known): the first entry of
   * the first bucket, from the cursor on, whose first entry is of that bucket's number (lists
   * are sorted, and no entry lies below the cursor, so none of an earlier number is in it).
   */
  private search(): number {
    const head = this.head, bucketNo = this.idBucketNo;
    let no = this.cursorNo, found = -1, k = 0;
    for (; k < this.ringSize; k++, no++) {
      const first = head[this.ringIndex(no)];
      if (first >= 0 && bucketNo[first] === no) { found = first; break; }
    }
    let work = k + 1;
    if (found < 0) {
      // A whole turn of the ring without an entry due: the earliest of the lists' first entries.
      found = this.earliest();
      work += this.ringSize;
    }
    this.cursorNo = bucketNo[found];
    this.minId = found;
    this.noteSearch(work);
    return found;
  }

  /** True when entry `a` comes before entry `b`. */
  private precedes(a: number, b: number): boolean {
    const ta = this.idTimeS[a], tb = this.idTimeS[b];
    return ta < tb || (ta === tb && this.idSeq[a] < this.idSeq[b]);
  }

  private bucketNo(timeS: number): number {
    const no = Math.floor(timeS * this.invWidthS);
    return no < MAX_BUCKET ? (no > -MAX_BUCKET ? no : -MAX_BUCKET) : MAX_BUCKET;
  }

  /** Ring index of a bucket number (exact for integers below 2^53, negative ones too). */
  private ringIndex(no: number): number {
    if (no >= 0 && no < 0x80000000) return no & (this.ringSize - 1);
    return no - Math.floor(no * this.invRingSize) * this.ringSize;
  }

  /**
   * Links `id` into its bucket's list at its (time, sequence) position; returns the number of
   * entries it went past.
   */
  private linkSorted(id: number, no: number): number {
    const r = this.ringIndex(no);
    const time = this.idTimeS, seq = this.idSeq, next = this.idNext;
    const t = time[id], q = seq[id];
    let prev = -1, cur = this.head[r], steps = 0;
    while (cur >= 0 && (time[cur] < t || (time[cur] === t && seq[cur] < q))) { prev = cur; cur = next[cur]; steps++; }
    this.idBucketNo[id] = no;
    this.idRing[id] = r;
    this.idPrev[id] = prev;
    next[id] = cur;
    if (cur >= 0) this.idPrev[cur] = id;
    if (prev >= 0) next[prev] = id;
    else this.head[r] = id;
    return steps;
  }

  /** Links `id` at the front of its bucket's list (rebuilds link entries latest first). */
  private link(id: number, no: number): void {
    const r = this.ringIndex(no);
    const first = this.head[r];
    this.idBucketNo[id] = no;
    this.idRing[id] = r;
    this.idPrev[id] = -1;
    this.idNext[id] = first;
    if (first >= 0) this.idPrev[first] = id;
    this.head[r] = id;
  }

  private unlink(id: number): void {
    const prev = this.idPrev[id], next = this.idNext[id];
    if (prev >= 0) this.idNext[prev] = next;
    else this.head[this.idRing[id]] = next;
    if (next >= 0) this.idPrev[next] = prev;
    this.idRing[id] = -1;
  }

  /** The earliest entry, by looking at the first entry of every list (the queue is not empty). */
  private earliest(): number {
    let best = -1;
    for (let r = 0; r < this.ringSize; r++) {
      const id = this.head[r];
      if (id >= 0 && (best < 0 || this.precedes(id, best))) best = id;
    }
    return best;
  }

  /** Counts the work of a search; re-estimates the width when searches have become costly. */
  private noteSearch(work: number): void {
    this.searches++;
    this.searchWork += work;
    if (this.searches < 2 * this.ringSize) return;
    const costly = this.searchWork > 8 * this.searches;
    this.searches = 0;
    this.searchWork = 0;
    if (costly) this.rebuild(this.ringSize);
  }

  /** Lays all entries out again on a ring of `ringSize` buckets, with a fresh width. */
  private rebuild(ringSize: number): void {
    const ids = new Int32Array(this.count);
    let n = 0;
    for (let r = 0; r < this.ringSize; r++) for (let id = this.head[r]; id >= 0; id = this.idNext[id]) ids[n++] = id;
    this.ringSize = ringSize;
    this.invRingSize = 1 / ringSize;
    this.head = new Int32Array(ringSize).fill(-1);
    this.setWidth(ids);
    // Latest first, each at the front of its list: every list ends up in (time, sequence) order.
    const time = this.idTimeS, seq = this.idSeq;
    const order = Array.from(ids).sort((a, b) => (time[b] - time[a]) || (seq[b] - seq[a]));
    let cursor = Infinity;
    for (const id of order) {
      const no = this.bucketNo(time[id]);
      this.link(id, no);
      if (no < cursor) cursor = no;
    }
    this.cursorNo = n > 0 ? cursor : 0;
    this.minId = -1;
    this.searches = 0;
    this.searchWork = 0;
  }

  /**
   * Width: three times the mean gap between the earliest entries (Brown's rule: about three
   * entries due per bucket at the front), ignoring gaps over twice the mean; kept as it was
   * when the entries give no positive finite gap.
   */
  private setWidth(ids: Int32Array): void {
    const times = new Float64Array(ids.length);
    for (let i = 0; i < ids.length; i++) times[i] = this.idTimeS[ids[i]];
    times.sort();
    const m = Math.min(times.length, WIDTH_SAMPLE);
    if (m < 2 || !Number.isFinite(times[m - 1] - times[0])) return;
    const mean = (times[m - 1] - times[0]) / (m - 1);
    let sum = 0, gaps = 0;
    for (let i = 1; i < m; i++) {
      const g = times[i] - times[i - 1];
      if (g <= 2 * mean) { sum += g; gaps++; }
    }
    const width = 3 * (gaps > 0 ? sum / gaps : mean);
    if (width > 0 && Number.isFinite(1 / width)) {
      this.invWidthS = 1 / width;
    }
  }

  private growIds(min: number): void {
    let c = this.idRing.length * 2;
    while (c < min) c *= 2;
    this.idTimeS = growF64(this.idTimeS, c);
    this.idSeq = growF64(this.idSeq, c);
    this.idBucketNo = growF64(this.idBucketNo, c);
    const ring = new Int32Array(c).fill(-1);
    ring.set(this.idRing);
    this.idRing = ring;
    this.idNext = growI32(this.idNext, c);
    this.idPrev = growI32(this.idPrev, c);
  }
}
