/**
 * The pool of requests in service, by slot: per slot its service, replica, arrival time,
 * work, attempts and position in its replica's slot list, in typed arrays that double when
 * full (no object per request). Freed slots are reused, last freed first.
 */
export class RequestSlots {
  /** Service of the request in each slot. */
  service = new Int32Array(64);
  /** Replica serving the request in each slot. */
  replica = new Int32Array(64);
  /** Arrival time of the request in each slot, seconds. */
  arrival = new Float64Array(64);
  /** Service time at speed 1.0 of the request in each slot. */
  work = new Float64Array(64);
  /** Attempts already made (retries) of the request in each slot. */
  attempts = new Int32Array(64);
  /** Position of each slot in its replica's slot list. */
  pos = new Int32Array(64);
  private readonly free: number[] = [];
  private count = 0;

  /** A free slot (the arrays may grow: read them after). */
  alloc(): number {
    if (this.free.length > 0) return this.free.pop()!;
    if (this.count === this.service.length) this.grow();
    return this.count++;
  }

  /** Gives `slot` back to the pool. */
  release(slot: number): void {
    this.free.push(slot);
  }

  private grow(): void {
    const c = this.service.length * 2;
    const i32 = (a: Int32Array) => { const b = new Int32Array(c); b.set(a); return b; };
    const f64 = (a: Float64Array) => { const b = new Float64Array(c); b.set(a); return b; };
    this.service = i32(this.service);
    this.replica = i32(this.replica);
    this.attempts = i32(this.attempts);
    this.pos = i32(this.pos);
    this.arrival = f64(this.arrival);
    this.work = f64(this.work);
  }
}
