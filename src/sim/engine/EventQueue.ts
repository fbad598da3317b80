/**
 * A future-event list: a 4-ary min-heap over typed arrays (half the depth of a binary heap,
 * and its four children side by side in memory), ordered by (time, insertion
 * sequence), so events at the same time come out in the order they were scheduled.
 *
 * Every event is three numbers: a time in seconds, a small integer `kind` and an integer
 * `payload`; what they mean is up to the caller. No object is allocated per event.
 * Cancellation removes the event from the heap at once (O(log n)) and frees its slot, so a
 * run that schedules and cancels millions of timers keeps a heap as small as its live events.
 */

/** Opaque reference to a scheduled event, valid until the event fires or is cancelled. */
export type EventHandle = number;

/** The handle value that never refers to an event (use it for "no timer set"). */
export const NO_EVENT: EventHandle = -1;

const SLOT_BITS = 2 ** 26;

/** Typed-array future-event list with O(log n) push, pop and cancel. */
export class EventQueue {
  // Heap arrays, indexed by heap position.
  private heapTime: Float64Array;
  private heapSeq: Float64Array;
  private heapSlot: Int32Array;
  // Slot arrays, indexed by slot.
  private slotKind: Int32Array;
  private slotPayload: Int32Array;
  private slotPos: Int32Array;
  private slotGen: Int32Array;
  private freeSlots: Int32Array;
  private freeTop = 0;
  private slotCount = 0;
  private n = 0;
  private nextSeq = 0;

  /** Kind of the event last taken by {@link pop}. */
  poppedKind = 0;
  /** Payload of the event last taken by {@link pop}. */
  poppedPayload = 0;
  /** Time in seconds of the event last taken by {@link pop}. */
  poppedTimeS = 0;

  constructor(initialCapacity = 1024) {
    const c = Math.max(16, initialCapacity);
    this.heapTime = new Float64Array(c);
    this.heapSeq = new Float64Array(c);
    this.heapSlot = new Int32Array(c);
    this.slotKind = new Int32Array(c);
    this.slotPayload = new Int32Array(c);
    this.slotPos = new Int32Array(c);
    this.slotGen = new Int32Array(c);
    this.freeSlots = new Int32Array(c);
  }

  /** Number of pending events. */
  get size(): number {
    return this.n;
  }

  /** Time in seconds of the earliest pending event, or +Infinity when empty. */
  peekTimeS(): number {
    return this.n > 0 ? this.heapTime[0] : Infinity;
  }

  /** Schedules an event and returns a handle that can cancel it. */
  push(timeS: number, kind: number, payload: number): EventHandle {
    if (this.n === this.heapTime.length) this.grow();
    const slot = this.freeTop > 0 ? this.freeSlots[--this.freeTop] : this.slotCount++;
    this.slotKind[slot] = kind;
    this.slotPayload[slot] = payload;
    this.siftUp(this.n++, timeS, this.nextSeq++, slot);
    return this.slotGen[slot] * SLOT_BITS + slot;
  }

  /** True when the handle refers to an event that is still pending. */
  isPending(handle: EventHandle): boolean {
    if (handle < 0) return false;
    const slot = handle % SLOT_BITS;
    return slot < this.slotCount && this.slotGen[slot] * SLOT_BITS + slot === handle && this.slotPos[slot] >= 0;
  }

  /** Cancels a pending event; returns false (and does nothing) if it already fired or was cancelled. */
  cancel(handle: EventHandle): boolean {
    if (!this.isPending(handle)) return false;
    const slot = handle % SLOT_BITS;
    const pos = this.slotPos[slot];
    this.release(slot);
    const last = --this.n;
    if (pos !== last) {
      const t = this.heapTime[last];
      const q = this.heapSeq[last];
      const s = this.heapSlot[last];
      if (pos > 0 && before(t, q, this.heapTime[(pos - 1) >> 2], this.heapSeq[(pos - 1) >> 2])) {
        this.siftUp(pos, t, q, s);
      } else {
        this.siftDown(pos, t, q, s);
      }
    }
    return true;
  }

  /**
   * Removes the earliest event and exposes it through {@link poppedTimeS}, {@link poppedKind}
   * and {@link poppedPayload}. Returns false when the queue is empty.
   */
  pop(): boolean {
    if (this.n === 0) return false;
    const slot = this.heapSlot[0];
    this.poppedTimeS = this.heapTime[0];
    this.poppedKind = this.slotKind[slot];
    this.poppedPayload = this.slotPayload[slot];
    this.release(slot);
    const last = --this.n;
    if (last > 0) this.siftDown(0, this.heapTime[last], this.heapSeq[last], this.heapSlot[last]);
    return true;
  }

  private release(slot: number): void {
    this.slotPos[slot] = -1;
    this.slotGen[slot] = (this.slotGen[slot] + 1) & 0x3ffffff;
    this.freeSlots[this.freeTop++] = slot;
  }

  private siftUp(pos: number, t: number, q: number, s: number): void {
    const ht = this.heapTime, hq = this.heapSeq, hs = this.heapSlot, sp = this.slotPos;
    while (pos > 0) {
      const parent = (pos - 1) >> 2;
      const pt = ht[parent];
      if (pt < t || (pt === t && hq[parent] < q)) break;
      ht[pos] = pt;
      hq[pos] = hq[parent];
      const ps = hs[parent];
      hs[pos] = ps;
      sp[ps] = pos;
      pos = parent;
    }
    ht[pos] = t;
    hq[pos] = q;
    hs[pos] = s;
    sp[s] = pos;
  }

  private siftDown(pos: number, t: number, q: number, s: number): void {
    const ht = this.heapTime, hq = this.heapSeq, hs = this.heapSlot, sp = this.slotPos;
    const n = this.n;
    for (;;) {
      const first = 4 * pos + 1;
      if (first >= n) break;
      // The earliest of up to four children.
      let child = first;
      const end = first + 4 < n ? first + 4 : n;
      for (let c = first + 1; c < end; c++) if (before(ht[c], hq[c], ht[child], hq[child])) child = c;
      const ct = ht[child];
      if (ct > t || (ct === t && hq[child] > q)) break;
      ht[pos] = ct;
      hq[pos] = hq[child];
      const cs = hs[child];
      hs[pos] = cs;
      sp[cs] = pos;
      pos = child;
    }
    ht[pos] = t;
    hq[pos] = q;
    hs[pos] = s;
    sp[s] = pos;
  }

  private grow(): void {
    const c = this.heapTime.length * 2;
    if (c > SLOT_BITS) throw new RangeError(`event queue full: more than ${SLOT_BITS} pending events`);
    this.heapTime = growF64(this.heapTime, c);
    this.heapSeq = growF64(this.heapSeq, c);
    this.heapSlot = growI32(this.heapSlot, c);
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

function growF64(a: Float64Array, c: number): Float64Array {
  const b = new Float64Array(c);
  b.set(a);
  return b;
}

function growI32(a: Int32Array, c: number): Int32Array {
  const b = new Int32Array(c);
  b.set(a);
  return b;
}
