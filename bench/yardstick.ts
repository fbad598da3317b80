import seedrandom from 'seedrandom';

/**
 * The yardstick: a minimal hand-written event loop for an M/M/c queue — one typed-array
 * binary heap of (time, type), FIFO queue in a ring buffer, everything inlined. No handles,
 * no cancellation, no handler table. The engine is measured against this.
 */
export function yardstickMMc(lambda: number, mu: number, c: number, tasks: number, seed: string): { meanResponseS: number; events: number } {
  const arrRng = seedrandom.xor4096(`${seed}/arrival`);
  const svcRng = seedrandom.xor4096(`${seed}/service`);
  const cap = c + 2;
  const ht = new Float64Array(cap);
  const hy = new Int32Array(cap); // -1 arrival, else arrival index of the departing task
  let n = 0;
  const push = (t: number, y: number) => {
    let i = n++;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (ht[p] <= t) break;
      ht[i] = ht[p]; hy[i] = hy[p]; i = p;
    }
    ht[i] = t; hy[i] = y;
  };
  const ring = new Float64Array(1 << 20);
  const mask = ring.length - 1;
  let head = 0, tail = 0, busy = 0, arrived = 0, done = 0, events = 0, sumResponse = 0;
  const arrivalTime = new Float64Array(tasks);
  push(-Math.log(1 - arrRng()) / lambda, -1);
  while (n > 0) {
    const now = ht[0], y = hy[0];
    // pop
    const lt = ht[--n], ly = hy[n];
    let i = 0;
    for (;;) {
      let ch = 2 * i + 1;
      if (ch >= n) break;
      if (ch + 1 < n && ht[ch + 1] < ht[ch]) ch++;
      if (ht[ch] >= lt) break;
      ht[i] = ht[ch]; hy[i] = hy[ch]; i = ch;
    }
    ht[i] = lt; hy[i] = ly;
    events++;
    if (y < 0) {
      const id = arrived++;
      arrivalTime[id] = now;
      if (arrived < tasks) push(now - Math.log(1 - arrRng()) / lambda, -1);
      if (busy < c) { busy++; push(now - Math.log(1 - svcRng()) / mu, id); }
      else ring[tail++ & mask] = id;
    } else {
      done++;
      sumResponse += now - arrivalTime[y];
      if (head !== tail) { const next = ring[head++ & mask]; push(now - Math.log(1 - svcRng()) / mu, next); }
      else busy--;
    }
  }
  return { meanResponseS: sumResponse / done, events };
}
