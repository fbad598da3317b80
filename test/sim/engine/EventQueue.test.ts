import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, NO_EVENT, type EventHandle } from '../../../src/sim/engine/EventQueue.ts';

/** Pops everything, returning [time, kind, payload] triples. */
function drain(q: EventQueue): [number, number, number][] {
  const out: [number, number, number][] = [];
  while (q.pop()) out.push([q.poppedTimeS, q.poppedKind, q.poppedPayload]);
  return out;
}

describe('EventQueue', () => {
  it('starts empty: size 0, peek is +Infinity, pop returns false', () => {
    const q = new EventQueue();
    expect(q.size).toBe(0);
    expect(q.peekTimeS()).toBe(Infinity);
    expect(q.pop()).toBe(false);
  });

  it('pops in time order and carries kind and payload', () => {
    const q = new EventQueue();
    q.push(5, 1, 50);
    q.push(1, 2, 10);
    q.push(3, 3, -30);
    expect(q.size).toBe(3);
    expect(q.peekTimeS()).toBe(1);
    expect(drain(q)).toEqual([[1, 2, 10], [3, 3, -30], [5, 1, 50]]);
  });

  it('pops events at the same time in the order they were pushed', () => {
    const q = new EventQueue();
    for (let i = 0; i < 20; i++) q.push(i % 2 === 0 ? 7 : 3, 0, i);
    const payloads = drain(q).map((e) => e[2]);
    expect(payloads).toEqual([1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 0, 2, 4, 6, 8, 10, 12, 14, 16, 18]);
  });

  it('treats 0 and -0 as the same time (insertion order decides)', () => {
    const q = new EventQueue();
    q.push(0, 0, 1);
    q.push(-0, 0, 2);
    q.push(0, 0, 3);
    expect(drain(q).map((e) => e[2])).toEqual([1, 2, 3]);
  });

  it('keeps events at +Infinity last', () => {
    const q = new EventQueue();
    q.push(Infinity, 0, 1);
    q.push(1e300, 0, 2);
    q.push(Infinity, 0, 3);
    expect(drain(q).map((e) => e[2])).toEqual([2, 1, 3]);
  });

  it('grows past its initial capacity without losing or reordering events', () => {
    const q = new EventQueue(1);
    const n = 5000;
    for (let i = 0; i < n; i++) q.push((i * 7919) % 1000, 0, i);
    expect(q.size).toBe(n);
    const out = drain(q);
    expect(out).toHaveLength(n);
    for (let i = 1; i < n; i++) {
      const [t0, , p0] = out[i - 1], [t1, , p1] = out[i];
      expect(t1 > t0 || (t1 === t0 && p1 > p0)).toBe(true);
    }
  });

  it('cancels a pending event: it never pops, size drops, the handle is no longer pending', () => {
    const q = new EventQueue();
    const a = q.push(1, 0, 1);
    const b = q.push(2, 0, 2);
    const c = q.push(3, 0, 3);
    expect(q.isPending(b)).toBe(true);
    expect(q.cancel(b)).toBe(true);
    expect(q.isPending(b)).toBe(false);
    expect(q.size).toBe(2);
    expect(q.isPending(a) && q.isPending(c)).toBe(true);
    expect(drain(q).map((e) => e[2])).toEqual([1, 3]);
  });

  it('cancels the earliest, a middle and the last event of a larger heap', () => {
    const q = new EventQueue(4);
    const handles = Array.from({ length: 31 }, (_, i) => q.push(i, 0, i));
    for (const i of [0, 15, 30, 7, 22]) expect(q.cancel(handles[i])).toBe(true);
    expect(q.peekTimeS()).toBe(1);
    const expected = Array.from({ length: 31 }, (_, i) => i).filter((i) => ![0, 15, 30, 7, 22].includes(i));
    expect(drain(q).map((e) => e[2])).toEqual(expected);
  });

  it('returns false and changes nothing when cancelling a fired, cancelled or never-issued handle', () => {
    const q = new EventQueue();
    const fired = q.push(1, 0, 1);
    const cancelled = q.push(2, 0, 2);
    q.push(3, 0, 3);
    expect(q.pop()).toBe(true);
    expect(q.cancel(cancelled)).toBe(true);
    expect(q.cancel(fired)).toBe(false);
    expect(q.cancel(cancelled)).toBe(false);
    expect(q.cancel(NO_EVENT)).toBe(false);
    expect(q.cancel(123456)).toBe(false);
    expect(q.isPending(NO_EVENT)).toBe(false);
    expect(q.isPending(123456)).toBe(false);
    expect(q.size).toBe(1);
    expect(drain(q).map((e) => e[2])).toEqual([3]);
  });

  it('never lets a stale handle reach the event that reused its slot', () => {
    const q = new EventQueue();
    const old = q.push(1, 0, 1);
    expect(q.cancel(old)).toBe(true);
    const reused = q.push(1, 0, 2); // takes the freed slot
    expect(reused).not.toBe(old);
    expect(q.isPending(old)).toBe(false);
    expect(q.cancel(old)).toBe(false);
    expect(q.isPending(reused)).toBe(true);
    expect(drain(q).map((e) => e[2])).toEqual([2]);
  });

  it('leaves the popped fields alone when popping an empty queue', () => {
    const q = new EventQueue();
    q.push(4, 9, 99);
    expect(q.pop()).toBe(true);
    expect(q.pop()).toBe(false);
    expect([q.poppedTimeS, q.poppedKind, q.poppedPayload]).toEqual([4, 9, 99]);
  });

  it('keeps order when events are pushed between pops (interleaved use)', () => {
    const q = new EventQueue(2);
    q.push(10, 0, 1);
    q.push(5, 0, 2);
    expect(q.pop() && q.poppedPayload).toBe(2);
    q.push(10, 0, 3); // same time as payload 1, pushed later
    q.push(7, 0, 4);
    expect(drain(q).map((e) => e[2])).toEqual([4, 1, 3]);
  });
});

describe('EventQueue horizon', () => {
  it('pops in the same order whatever the horizon: events on both sides of it, ties across it', () => {
    const times = [5, 1, 9, 3, 3, 12, 0, 9, 7];
    for (const horizon of [-Infinity, 0, 3, 6, 9, 100, Infinity]) {
      const q = new EventQueue(2);
      q.setHorizon(horizon);
      times.forEach((t, i) => q.push(t, 0, i));
      expect(q.peekTimeS()).toBe(0);
      expect(drain(q).map((e) => e[2]), `horizon ${horizon}`).toEqual([6, 1, 3, 4, 0, 8, 2, 7, 5]);
    }
  });

  it('moving the horizon up or down moves events between the heaps without reordering them', () => {
    const q = new EventQueue();
    q.setHorizon(2);
    for (let i = 0; i < 10; i++) q.push(i % 5, 0, i); // times 0..4, each twice
    q.setHorizon(1); // down: times 2 go far
    expect(q.size).toBe(10);
    expect(q.peekTimeS()).toBe(0);
    expect([q.pop(), q.poppedPayload]).toEqual([true, 0]);
    q.setHorizon(3);
    q.push(3, 0, 10);
    q.setHorizon(Infinity);
    q.push(Infinity, 0, 11);
    expect(drain(q).map((e) => e[2])).toEqual([5, 1, 6, 2, 7, 3, 8, 10, 4, 9, 11]);
  });

  it('cancels events on either side of the horizon', () => {
    const q = new EventQueue();
    q.setHorizon(10);
    const near = q.push(5, 0, 1);
    const far = q.push(50, 0, 2);
    q.push(7, 0, 3);
    q.push(70, 0, 4);
    expect(q.cancel(far)).toBe(true);
    expect(q.cancel(near)).toBe(true);
    expect(q.isPending(far) || q.isPending(near)).toBe(false);
    expect(q.size).toBe(2);
    expect(drain(q).map((e) => e[2])).toEqual([3, 4]);
  });
});

describe('EventQueue sequence numbers', () => {
  it('takeSeq uses up a number: events pushed after it sort after it, and peekSeq gives the earliest event\'s number', () => {
    const q = new EventQueue();
    q.push(1, 0, 1);
    expect(q.takeSeq()).toBe(1);
    q.push(1, 0, 2);
    expect(q.peekSeq()).toBe(0);
    q.pop();
    expect(q.peekSeq()).toBe(2);
    expect(q.takeSeq()).toBe(3);
  });
});

type HorizonOp =
  | { op: 'push'; time: number; take: boolean }
  | { op: 'cancel'; pick: number }
  | { op: 'pop' }
  | { op: 'horizon'; time: number };

describe('EventQueue horizon and sequence numbers (model-based)', () => {
  const time = fc.oneof(fc.integer({ min: 0, max: 8 }), fc.double({ min: 0, max: 10, noNaN: true }), fc.constant(Infinity));
  const op: fc.Arbitrary<HorizonOp> = fc.oneof(
    { weight: 5, arbitrary: fc.record({ op: fc.constant('push' as const), time, take: fc.boolean() }) },
    { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
    { weight: 3, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
    { weight: 1, arbitrary: fc.record({ op: fc.constant('horizon' as const), time: fc.oneof(time, fc.constant(-Infinity)) }) },
  );

  it('pops like a naive list ordered by (time, sequence), with horizons raised and numbers taken at random', () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 300 }), (ops) => {
        const q = new EventQueue(4);
        const live: { time: number; seq: number; payload: number; handle: EventHandle }[] = [];
        const handles: EventHandle[] = [];
        let payload = 0, seq = 0;
        const earliest = () => {
          let best = -1;
          for (let i = 0; i < live.length; i++) {
            const a = live[i], b = live[best];
            if (!b || a.time < b.time || (a.time === b.time && a.seq < b.seq)) best = i;
          }
          return best;
        };
        for (const o of ops) {
          if (o.op === 'push') {
            const h = q.push(o.time, 0, payload);
            live.push({ time: o.time, seq: seq++, payload: payload++, handle: h });
            handles.push(h);
            if (o.take) expect(q.takeSeq()).toBe(seq++);
          } else if (o.op === 'cancel') {
            if (handles.length === 0) continue;
            const h = handles[o.pick % handles.length];
            const i = live.findIndex((e) => e.handle === h);
            expect(q.cancel(h)).toBe(i >= 0);
            if (i >= 0) live.splice(i, 1);
          } else if (o.op === 'pop') {
            const best = earliest();
            expect(q.pop()).toBe(best >= 0);
            if (best >= 0) {
              expect(q.poppedPayload).toBe(live[best].payload);
              live.splice(best, 1);
            }
          } else {
            q.setHorizon(o.time);
          }
          expect(q.size).toBe(live.length);
          const best = earliest();
          expect(q.peekTimeS()).toBe(best >= 0 ? live[best].time : Infinity);
          if (best >= 0) expect(q.peekSeq()).toBe(live[best].seq);
        }
      }),
      { numRuns: 300 },
    );
  });
});
