/**
 * RequestQueue: the double-ended queue of waiting inference requests (arrival, work,
 * attempts) in typed-array ring buffers that double when full. New arrivals join at the
 * back; a retry goes to the front; the head is read and popped. Checked against hand-worked
 * sequences and, for long random runs, against a plain array used as a reference deque.
 */
import { describe, expect, it } from 'vitest';
import { RequestQueue } from '../../../src/sim/model/RequestQueue.ts';
import { prng } from '../../helpers/prng.ts';

type Entry = [arrivalS: number, work: number, attempts: number];

/** Pops every request, front to back. */
function drain(q: RequestQueue): Entry[] {
  const out: Entry[] = [];
  while (q.length > 0) {
    out.push([q.headArrival(), q.headWork(), q.headAttempts()]);
    q.popFront();
  }
  return out;
}

describe('RequestQueue', () => {
  it('serves requests pushed at the back first in, first out, with their work and attempts', () => {
    const q = new RequestQueue();
    q.pushBack(1, 10, 0);
    q.pushBack(2, 20, 1);
    q.pushBack(3, 30, 2);
    expect(q.length).toBe(3);
    expect([q.headArrival(), q.headWork(), q.headAttempts()]).toEqual([1, 10, 0]);
    expect(drain(q)).toEqual([[1, 10, 0], [2, 20, 1], [3, 30, 2]]);
    expect(q.length).toBe(0);
  });

  it('puts a retried request ahead of every waiting one; retries pushed latest first come out in arrival order', () => {
    const q = new RequestQueue();
    q.pushBack(5, 1, 0);
    q.pushBack(6, 1, 0);
    // A replica fails holding requests that arrived at 2 and 3: pushed latest first.
    q.pushFront(3, 7, 1);
    q.pushFront(2, 8, 1);
    expect(drain(q).map((e) => e[0])).toEqual([2, 3, 5, 6]);
  });

  it('keeps its order when a push to the front wraps round the start of the buffer', () => {
    const q = new RequestQueue();
    // Empty, head at slot 0: the front push goes to the last slot of the buffer.
    q.pushFront(1, 1, 1);
    q.pushBack(2, 2, 0);
    q.pushFront(0, 0, 2);
    expect(drain(q)).toEqual([[0, 0, 2], [1, 1, 1], [2, 2, 0]]);
  });

  it('keeps every request, in order, when it grows past its 64 slots while wrapped round', () => {
    const q = new RequestQueue();
    // Move the head to slot 40, then fill past the end of the 64-slot buffer and on to 300.
    for (let i = 0; i < 40; i++) q.pushBack(-1, -1, 0);
    for (let i = 0; i < 40; i++) q.popFront();
    for (let i = 0; i < 300; i++) q.pushBack(i, 2 * i, i % 3);
    // And from the front, past a second doubling (300 → 600 > 512).
    for (let i = 1; i <= 300; i++) q.pushFront(-i, -2 * i, 9);
    expect(q.length).toBe(600);
    const all = drain(q);
    const expected: Entry[] = [];
    for (let i = 300; i >= 1; i--) expected.push([-i, -2 * i, 9]);
    for (let i = 0; i < 300; i++) expected.push([i, 2 * i, i % 3]);
    expect(all).toEqual(expected);
  });

  it('counts the waiting requests that arrived at or before a time, over a wrapped buffer', () => {
    const q = new RequestQueue();
    for (let i = 0; i < 60; i++) q.pushBack(0, 0, 0);
    for (let i = 0; i < 60; i++) q.popFront();
    // Head at slot 60 of 64: arrivals 0..9 sit in slots 60..63 and 0..5.
    for (let i = 0; i < 10; i++) q.pushBack(i, 1, 0);
    expect(q.countArrivedBy(-1)).toBe(0);
    expect(q.countArrivedBy(0)).toBe(1);
    expect(q.countArrivedBy(4.5)).toBe(5);
    expect(q.countArrivedBy(9)).toBe(10);
    // A retry that arrived early counts too, wherever it waits.
    q.pushFront(3, 1, 1);
    expect(q.countArrivedBy(3)).toBe(5);
    // Popped requests no longer count.
    q.popFront();
    q.popFront();
    expect(q.countArrivedBy(9)).toBe(9);
  });

  it('behaves as a reference deque over 20,000 random pushes and pops at both ends', () => {
    const rnd = prng(20240611);
    const q = new RequestQueue();
    const ref: Entry[] = [];
    let maxLength = 0;
    const errors: string[] = [];
    for (let step = 0; step < 20_000 && errors.length < 5; step++) {
      const u = rnd();
      const e: Entry = [Math.floor(rnd() * 1000), rnd(), Math.floor(rnd() * 5)];
      // Drift upward at first (to force growth), then shrink back.
      const pushBias = step < 10_000 ? 0.6 : 0.4;
      if (u < pushBias * 0.7) { q.pushBack(...e); ref.push(e); }
      else if (u < pushBias) { q.pushFront(...e); ref.unshift(e); }
      else if (ref.length > 0) {
        const [a, w, n] = ref[0];
        if (q.headArrival() !== a || q.headWork() !== w || q.headAttempts() !== n) errors.push(`step ${step}: head ${q.headArrival()},${q.headWork()},${q.headAttempts()}, expected ${ref[0]}`);
        q.popFront();
        ref.shift();
      }
      if (q.length !== ref.length) errors.push(`step ${step}: length ${q.length}, expected ${ref.length}`);
      maxLength = Math.max(maxLength, ref.length);
      if (step % 997 === 0) {
        const t = Math.floor(rnd() * 1000);
        const n = ref.filter((r) => r[0] <= t).length;
        if (q.countArrivedBy(t) !== n) errors.push(`step ${step}: ${q.countArrivedBy(t)} arrived by ${t}, expected ${n}`);
      }
    }
    expect(errors).toEqual([]);
    // The run did grow the buffer several times over.
    expect(maxLength).toBeGreaterThan(256);
    expect(drain(q)).toEqual(ref);
  });
});
