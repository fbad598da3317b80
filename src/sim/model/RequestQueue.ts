/**
 * A double-ended queue of waiting requests (arrival time, work, attempts) in typed-array
 * ring buffers that double when full: no object per request.
 */
export class RequestQueue {
  private arrival = new Float64Array(64);
  private work = new Float64Array(64);
  private attempts = new Int32Array(64);
  private head = 0;
  length = 0;

  /** Adds a request at the back (a new arrival). */
  pushBack(arrivalS: number, work: number, attempts: number): void {
    if (this.length === this.arrival.length) this.grow();
    const i = (this.head + this.length) & (this.arrival.length - 1);
    this.arrival[i] = arrivalS; this.work[i] = work; this.attempts[i] = attempts;
    this.length++;
  }

  /** Adds a request at the front (a retry keeps its place ahead of later arrivals). */
  pushFront(arrivalS: number, work: number, attempts: number): void {
    if (this.length === this.arrival.length) this.grow();
    this.head = (this.head - 1) & (this.arrival.length - 1);
    this.arrival[this.head] = arrivalS; this.work[this.head] = work; this.attempts[this.head] = attempts;
    this.length++;
  }

  headArrival(): number { return this.arrival[this.head]; }
  headWork(): number { return this.work[this.head]; }
  headAttempts(): number { return this.attempts[this.head]; }

  /** Removes the front request. */
  popFront(): void {
    this.head = (this.head + 1) & (this.arrival.length - 1);
    this.length--;
  }

  /** Number of waiting requests that arrived at or before `tS`. */
  countArrivedBy(tS: number): number {
    let n = 0;
    const mask = this.arrival.length - 1;
    for (let k = 0; k < this.length; k++) if (this.arrival[(this.head + k) & mask] <= tS) n++;
    return n;
  }

  private grow(): void {
    const c = this.arrival.length * 2, mask = this.arrival.length - 1;
    const a = new Float64Array(c), w = new Float64Array(c), t = new Int32Array(c);
    for (let k = 0; k < this.length; k++) {
      const i = (this.head + k) & mask;
      a[k] = this.arrival[i]; w[k] = this.work[i]; t[k] = this.attempts[i];
    }
    this.arrival = a; this.work = w; this.attempts = t;
    this.head = 0;
  }
}
