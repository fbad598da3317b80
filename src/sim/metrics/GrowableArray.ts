/** An append-only list of doubles in a typed array that doubles its capacity when full. */
export class GrowableArray {
  private data: Float64Array;
  length = 0;

  constructor(capacity = 256) {
    this.data = new Float64Array(Math.max(1, capacity));
  }

  push(v: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = v;
  }

  /** A view of the values pushed so far (shares memory; copy before sorting). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}
