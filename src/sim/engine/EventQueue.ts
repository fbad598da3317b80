import { growF64, growI32 } from './grow.ts';

/**
 * A future-event list: 4-ary min-heaps over typed arrays (half the depth of a binary heap,
 * and its four children side by side in memory), ordered by (time, insertion sequence), so
 * events at the same time come out in the order they were scheduled.
 *
 * Every event is three numbers: a time in seconds, a small integer `kind` and an integer
 * `payload`; what they mean is up to the caller. No object is allocated per event.
 * Cancellation removes the event from its heap at once (O(log n)) and frees its slot, so a
 * run that schedules and cancels millions of timers keeps heaps as small as its live events.
 *
 * Events are split at a horizon (see {@link EventQueue.setHorizon}): those at or before it
 * sit in a "near" heap, later ones in a "far" heap. Every event before the horizon is earlier
 * than every event after it, so the split changes no order; it keeps timers set far beyond
 * the end of a run (a failure years away, per component) out of the heap that every event
 * of the run goes through. Until a horizon is set, all events are "near" (one heap).
 */

/**
 * Opaque reference to a scheduled event, valid until the event fires or is cancelled; after
 * that it is stale, and stays stale for good: a queue never hands out the same handle twice
 * (see {@link EventQueue.cancel}).
 */
export type EventHandle = number;

/**
 * The handle value that never refers to an event (use it for "no timer set"): cancelling it
 * does nothing and it is never pending, as for any negative or non-integer number.
 */
export const NO_EVENT: EventHandle = -1;

/**
 * A handle is generation × SLOT_BITS + slot, both below SLOT_BITS (so handles are integers
 * below 2^52, exact in a double). A slot's generation goes up by one each time its event
 * fires or is cancelled; a slot whose generations are all used up is retired (never used
 * again), so no (slot, generation) pair, and no handle, is ever issued twice.
 */
const SLOT_BITS = 2 ** 26;
/** The last generation a slot can carry: released after it, the slot is retired. */
const LAST_GEN = SLOT_BITS - 1;
/** Slot positions at or above this are in the far heap (at position − FAR_BASE). */
const FAR_BASE = 2 ** 27;

/**
 * One 4-ary heap of (time, seq, slot) triples. It records each slot's position, plus
 * `base`, in the slot-position array it is handed (shared by the queue's two heaps).
 */
class SlotHeap {
  time: Float64Array;
  seq: Float64Array;
  slot: Int32Array;
  n = 0;

  constructor(capacity: number, private readonly base: number) {
    this.time = new Float64Array(capacity);
    this.seq = new Float64Array(capacity);
    this.slot = new Int32Array(capacity);
  }

  insert(t: number, q: number, s: number, sp: Int32Array): void {
    if (this.n === this.time.length) this.grow();
    this.siftUp(this.n++, t, q, s, sp);
  }

  /** Removes the root (the caller has read it). */
  removeRoot(sp: Int32Array): void {
    const last = --this.n;
    if (last > 0) this.siftDown(0, this.time[last], this.seq[last], this.slot[last], sp);
  }

  /** Removes the entry at heap position `pos`. */
  removeAt(pos: number, sp: Int32Array): void {
    const last = --this.n;
    if (pos === last) return;
    const t = this.time[last], q = this.seq[last], s = this.slot[last];
    const parent = (pos - 1) >> 2;
    if (pos > 0 && before(t, q, this.time[parent], this.seq[parent])) this.siftUp(pos, t, q, s, sp);
    else this.siftDown(pos, t, q, s, sp);
  }

  private siftUp(pos: number, t: number, q: number, s: number, sp: Int32Array): void {
    const ht = this.time, hq = this.seq, hs = this.slot, base = this.base;
    while (pos > 0) {
      const parent = (pos - 1) >> 2;
      const pt = ht[parent];
      if (pt < t || (pt === t && hq[parent] < q)) break;
      ht[pos] = pt;
      hq[pos] = hq[parent];
      const ps = hs[parent];
      hs[pos] = ps;
      sp[ps] = pos + base;
      pos = parent;
    }
    ht[pos] = t;
    hq[pos] = q;
    hs[pos] = s;
    sp[s] = pos + base;
  }

  private siftDown(pos: number, t: number, q: number, s: number, sp: Int32Array): void {
    const ht = this.time, hq = this.seq, hs = this.slot, base = this.base;
    const n = this.n;
    for (;;) {
      let child = 4 * pos + 1;
      if (child >= n) break;
      // The earliest of up to four children, its key kept in locals.
      let ct = ht[child], cq = hq[child];
      const end = child + 4 < n ? child + 4 : n;
      for (let c = child + 1; c < end; c++) {
        const x = ht[c];
        if (x < ct || (x === ct && hq[c] < cq)) { child = c; ct = x; cq = hq[c]; }
      }
      if (t < ct || (t === ct && q < cq)) break;
      ht[pos] = ct;
      hq[pos] = cq;
      const cs = hs[child];
      hs[pos] = cs;
      sp[cs] = pos + base;
      pos = child;
    }
    ht[pos] = t;
    hq[pos] = q;
    hs[pos] = s;
    sp[s] = pos + base;
  }

  private grow(): void {
    const c = this.time.length * 2;
    this.time = growF64(this.time, c);
    this.seq = growF64(this.seq, c);
    this.slot = growI32(this.slot, c);
  }
}

/** Typed-array future-event list with O(log n) push, pop and cancel. */
export class EventQueue {
  private readonly near: SlotHeap;
  private readonly far: SlotHeap;
  private horizonS = Infinity;
  // Slot arrays, indexed by slot.
  private slotKind: Int32Array;
  private slotPayload: Int32Array;
  /** Position in the near heap, FAR_BASE + position in the far heap, or -1 when free. */
  private slotPos: Int32Array;
  private slotGen: Int32Array;
  private freeSlots: Int32Array;
  private freeTop = 0;
  private slotCount = 0;
  private nextSeq = 0;

  /** Kind of the event last taken by {@link pop}. */
  poppedKind = 0;
  /** Payload of the event last taken by {@link pop}. */
  poppedPayload = 0;
  /** Time in seconds of the event last taken by {@link pop}. */
  poppedTimeS = 0;

  constructor(initialCapacity = 1024) {
    const c = Math.max(16, initialCapacity);
    this.near = new SlotHeap(16, 0);
    this.far = new SlotHeap(c, FAR_BASE);
    this.slotKind = new Int32Array(c);
    this.slotPayload = new Int32Array(c);
    this.slotPos = new Int32Array(c);
    this.slotGen = new Int32Array(c);
    this.freeSlots = new Int32Array(c);
  }

  /** Number of pending events. */
  get size(): number {
    return this.near.n + this.far.n;
  }

  /** Time in seconds of the earliest pending event, or +Infinity when empty. */
  peekTimeS(): number {
    if (this.near.n > 0) return this.near.time[0];
    return this.far.n > 0 ? this.far.time[0] : Infinity;
  }

  /** Insertion sequence number of the earliest pending event (meaningful when not empty). */
  peekSeq(): number {
    return this.near.n > 0 ? this.near.seq[0] : this.far.seq[0];
  }

  /**
   * Moves the horizon to `timeS`: events at or before it are kept in the near heap, later
   * ones in the far heap. A pure speed hint (the order of events never depends on it); set
   * it to the end of the run about to start. It starts at +Infinity (one heap).
   */
  setHorizon(timeS: number): void {
    if (timeS < this.horizonS) {
      // Lowering (rare: a shorter run after a longer one): everything goes far, then back.
      while (this.near.n > 0) this.moveRoot(this.near, this.far);
      this.horizonS = -Infinity;
    }
    if (!(timeS > this.horizonS)) return;
    this.horizonS = timeS;
    const far = this.far;
    while (far.n > 0 && far.time[0] <= timeS) this.moveRoot(far, this.near);
  }

  /** Moves the earliest event of heap `from` to heap `to`. */
  private moveRoot(from: SlotHeap, to: SlotHeap): void {
    const t = from.time[0], q = from.seq[0], s = from.slot[0];
    from.removeRoot(this.slotPos);
    to.insert(t, q, s, this.slotPos);
  }

  /** Schedules an event and returns a handle that can cancel it. */
  push(timeS: number, kind: number, payload: number): EventHandle {
    const slot = this.takeSlot(kind, payload);
    if (timeS <= this.horizonS) this.near.insert(timeS, this.nextSeq++, slot, this.slotPos);
    else this.far.insert(timeS, this.nextSeq++, slot, this.slotPos);
    return this.slotGen[slot] * SLOT_BITS + slot;
  }

  /**
   * Takes the next insertion sequence number without scheduling anything, for something
   * ordered with the events elsewhere (a timer of a TimerSet) that should sort among
   * events at its time as if it had been pushed now.
   */
  takeSeq(): number {
    return this.nextSeq++;
  }

  /**
   * True when the handle refers to an event that is still pending: false for a stale handle
   * (its event fired or was cancelled), for {@link NO_EVENT} and for any number this queue
   * never issued (negative, fractional, NaN, too large).
   */
  isPending(handle: EventHandle): boolean {
    if (!(handle >= 0)) return false;
    const slot = handle % SLOT_BITS;
    return slot < this.slotCount && this.slotGen[slot] * SLOT_BITS + slot === handle && this.slotPos[slot] >= 0;
  }

  /**
   * Cancels a pending event. Returns false and does nothing when the handle is not pending:
   * its event already fired or was cancelled (however many events were scheduled since: a
   * handle is never issued twice, so a stale one can never reach a later event), or it is
   * {@link NO_EVENT} or any other number this queue never issued.
   */
  cancel(handle: EventHandle): boolean {
    if (!this.isPending(handle)) return false;
    const slot = handle % SLOT_BITS;
    const pos = this.slotPos[slot];
    this.release(slot);
    if (pos >= FAR_BASE) this.far.removeAt(pos - FAR_BASE, this.slotPos);
    else this.near.removeAt(pos, this.slotPos);
    return true;
  }

  /**
   * Removes the earliest event and exposes it through {@link poppedTimeS}, {@link poppedKind}
   * and {@link poppedPayload}. Returns false when the queue is empty.
   */
  pop(): boolean {
    const h = this.near.n > 0 ? this.near : this.far;
    if (h.n === 0) return false;
    const slot = h.slot[0];
    this.poppedTimeS = h.time[0];
    this.poppedKind = this.slotKind[slot];
    this.poppedPayload = this.slotPayload[slot];
    this.release(slot);
    h.removeRoot(this.slotPos);
    return true;
  }

  /** A free slot (growing the slot arrays when none is left), holding `kind` and `payload`. */
  private takeSlot(kind: number, payload: number): number {
    if (this.freeTop === 0 && this.slotCount === this.slotKind.length) this.growSlots();
    const slot = this.freeTop > 0 ? this.freeSlots[--this.freeTop] : this.slotCount++;
    this.slotKind[slot] = kind;
    this.slotPayload[slot] = payload;
    return slot;
  }

  /**
   * Frees a slot whose event fired or was cancelled: its generation goes up, so that the
   * event's handle is stale. A slot that has carried its last generation is retired instead
   * (not freed, so never reused: its handles stay stale forever). The free list is LIFO, so
   * a busy slot can come round 2^26 times in a long run (about 67 M events); a retired slot
   * costs 20 bytes, and a new one is taken in its place.
   */
  private release(slot: number): void {
    this.slotPos[slot] = -1;
    const gen = this.slotGen[slot];
    if (gen === LAST_GEN) return;
    this.slotGen[slot] = gen + 1;
    this.freeSlots[this.freeTop++] = slot;
  }

  private growSlots(): void {
    const c = this.slotKind.length * 2;
    if (c > SLOT_BITS) throw new RangeError(`event queue full: more than ${SLOT_BITS} slots (pending events, and slots retired after 2^26 uses each)`);
    this.slotKind = growI32(this.slotKind, c);
    this.slotPayload = growI32(this.slotPayload, c);
    this.slotPos = growI32(this.slotPos, c);
    this.slotGen = growI32(this.slotGen, c);
    this.freeSlots = growI32(this.freeSlots, c);
  }
}

function before(t1: number, q1: number, t2: number, q2: number): boolean {
  return t1 < t2 || (t1 === t2 && q1 < q2);
}
