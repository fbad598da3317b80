/** A copy of `a` in a new array of length `c` (≥ a.length): the growth step of the typed-array queues. */
export function growF64(a: Float64Array, c: number): Float64Array {
  const b = new Float64Array(c);
  b.set(a);
  return b;
}

/** A copy of `a` in a new array of length `c` (≥ a.length). */
export function growI32(a: Int32Array, c: number): Int32Array {
  const b = new Int32Array(c);
  b.set(a);
  return b;
}
