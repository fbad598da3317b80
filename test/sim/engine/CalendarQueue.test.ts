import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalendarQueue } from '../../../src/sim/engine/CalendarQueue.ts';

/** Takes entries out earliest first, returning their ids. */
function drain(q: CalendarQueue): number[] {
  const out: number[] = [];
  for (let id = q.peek(); id >= 0; id = q.peek()) {
    out.push(id);
    q.remove(id);
  }
  return out;
}

describe('CalendarQueue', () => {
  it('starts empty: size 0, peek gives -1, removing an absent id gives false', () => {
    const q = new CalendarQueue();
    expect(q.size).toBe(0);
    expect(q.peek()).toBe(-1);
    expect(q.has(0)).toBe(false);
    expect(q.remove(0)).toBe(false);
    expect(q.remove(-1)).toBe(false);
    expect(q.remove(1e6)).toBe(false);
  });

  it('gives entries in time order with their time and sequence number', () => {
    const q = new CalendarQueue();
    q.insert(3, 5, 0);
    q.insert(1, 1, 1);
    q.insert(2, 3, 2);
    expect(q.size).toBe(3);
    expect(q.peek()).toBe(1);
    expect([q.timeOf(2), q.seqOf(2)]).toEqual([3, 2]);
    expect(drain(q)).toEqual([1, 2, 3]);
    expect(q.size).toBe(0);
  });

  it('breaks ties in time by sequence number, whatever the order of insertion', () => {
    const q = new CalendarQueue();
    q.insert(0, 7, 30);
    q.insert(1, 7, 10);
    q.insert(2, 7, 20);
    q.insert(3, 2, 99);
    expect(drain(q)).toEqual([3, 1, 2, 0]);
  });

  it('moves back to an entry earlier than the one it last found', () => {
    const q = new CalendarQueue();
    q.insert(0, 100, 0);
    expect(q.peek()).toBe(0);
    q.insert(1, 50, 1);
    expect(q.peek()).toBe(1);
    q.remove(1);
    q.insert(2, 0.001, 2);
    expect(drain(q)).toEqual([2, 0]);
  });

  it('refuses an id already in it, and changes nothing', () => {
    const q = new CalendarQueue();
    q.insert(3, 1, 0);
    expect(() => q.insert(3, 2, 1)).toThrow(RangeError);
    expect(q.size).toBe(1);
    expect([q.peek(), q.timeOf(3)]).toEqual([3, 1]);
  });

  it('removes an entry from the middle, and its id can be inserted again at another time', () => {
    const q = new CalendarQueue();
    for (let i = 0; i < 10; i++) q.insert(i, i, i);
    expect(q.remove(4)).toBe(true);
    expect(q.remove(4)).toBe(false);
    expect(q.has(4)).toBe(false);
    q.insert(4, 20, 10);
    expect(q.has(4)).toBe(true);
    expect(drain(q)).toEqual([0, 1, 2, 3, 5, 6, 7, 8, 9, 4]);
  });

  it('keeps order through growth and shrinking of its ring, with ids beyond its first capacity', () => {
    const q = new CalendarQueue(4);
    const n = 5000;
    for (let i = 0; i < n; i++) q.insert(i, (i * 7919) % 1000, i);
    expect(q.size).toBe(n);
    const out = drain(q);
    expect(out).toHaveLength(n);
    for (let k = 1; k < n; k++) {
      const a = out[k - 1], b = out[k];
      const ta = (a * 7919) % 1000, tb = (b * 7919) % 1000;
      expect(tb > ta || (tb === ta && b > a)).toBe(true);
    }
  });

  it('handles times far apart (many turns of its ring), negative times and +Infinity', () => {
    const q = new CalendarQueue();
    const times = [1e-9, 0.5, 1e12, Infinity, -3, 7, 1e300, 2, Infinity];
    times.forEach((t, i) => q.insert(i, t, i));
    expect(drain(q)).toEqual([4, 0, 1, 7, 5, 2, 6, 3, 8]);
  });

  it('keeps finding the earliest in a hold pattern (take the earliest, set it again a random while later)', () => {
    const q = new CalendarQueue();
    const n = 300;
    const due = new Float64Array(n), seqOf = new Float64Array(n);
    let x = 12345;
    const next = () => (x = (x * 48271) % 2147483647) / 2147483647;
    let seq = 0;
    for (let i = 0; i < n; i++) { due[i] = next() * 10; seqOf[i] = seq++; q.insert(i, due[i], seqOf[i]); }
    let wrong = 0;
    for (let k = 0; k < 20000; k++) {
      let best = 0;
      for (let i = 1; i < n; i++) if (due[i] < due[best] || (due[i] === due[best] && seqOf[i] < seqOf[best])) best = i;
      const id = q.peek();
      if (id !== best) wrong++;
      q.remove(id);
      // Mostly short delays, now and then a long one (many turns of the ring).
      due[id] += k % 1000 === 0 ? 1000 : -Math.log(1 - next());
      seqOf[id] = seq++;
      q.insert(id, due[id], seqOf[id]);
    }
    expect(wrong).toBe(0);
    expect(q.size).toBe(n);
  });
});

type CalendarOp =
  | { op: 'insert'; id: number; time: number }
  | { op: 'remove'; id: number }
  | { op: 'pop' };

/** Times from a small set (to force ties), anywhere, or awkward. */
const entryTime = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) },
  { weight: 3, arbitrary: fc.double({ min: 0, max: 1e3, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: -1e6, max: 1e9, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, Infinity, 1e-300, Number.MAX_VALUE, 2 ** 60) },
);

const calendarOp: fc.Arbitrary<CalendarOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('insert' as const), id: fc.nat({ max: 200 }), time: entryTime }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), id: fc.nat({ max: 200 }) }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
);

describe('CalendarQueue (model-based)', () => {
  it('behaves like a naive list under random insert/remove/pop: earliest by (time, sequence), membership and size agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(calendarOp, { maxLength: 400 }), (capacity, ops) => {
        const q = new CalendarQueue(capacity);
        const ref = new Map<number, { time: number; seq: number }>();
        let seq = 0;
        const earliest = () => {
          let best = -1;
          for (const [id, e] of ref) {
            const b = ref.get(best);
            if (!b || e.time < b.time || (e.time === b.time && e.seq < b.seq)) best = id;
          }
          return best;
        };
        for (const o of ops) {
          if (o.op === 'insert') {
            if (ref.has(o.id)) continue; // an id is in the queue at most once
            const s = seq++;
            q.insert(o.id, o.time, s);
            ref.set(o.id, { time: o.time, seq: s });
          } else if (o.op === 'remove') {
            expect(q.remove(o.id)).toBe(ref.delete(o.id));
          } else {
            const id = earliest();
            expect(q.peek()).toBe(id);
            if (id >= 0) {
              expect(q.timeOf(id)).toBe(ref.get(id)!.time);
              expect(q.seqOf(id)).toBe(ref.get(id)!.seq);
              q.remove(id);
              ref.delete(id);
            }
          }
          expect(q.size).toBe(ref.size);
        }
        for (let id = 0; id <= 200; id++) expect(q.has(id)).toBe(ref.has(id));
        // Draining gives the rest in (time, sequence) order.
        const rest = [...ref].sort(([, a], [, b]) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.seq - b.seq)).map(([id]) => id);
        expect(drain(q)).toEqual(rest);
      }),
      { numRuns: 300 },
    );
  });

  it('gives the same order as sorting when a clock moves forward and timers are set ahead of it, some cancelled', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.double({ min: 0, max: 50, noNaN: true }), fc.boolean()), { minLength: 1, maxLength: 500 }),
        fc.integer({ min: 1, max: 120 }),
        (steps, live) => {
          const q = new CalendarQueue(8);
          const ref = new Map<number, { time: number; seq: number }>();
          let seq = 0, now = 0, nextId = 0;
          for (let i = 0; i < live; i++) {
            const s = seq++;
            q.insert(nextId, steps[i % steps.length][0], s);
            ref.set(nextId++, { time: steps[i % steps.length][0], seq: s });
          }
          for (const [delay, cancel] of steps) {
            if (cancel && ref.size > 1) {
              // Cancel the latest-inserted live timer.
              const id = Math.max(...ref.keys());
              expect(q.remove(id)).toBe(true);
              ref.delete(id);
            }
            const id = q.peek();
            let best = -1;
            for (const [k, e] of ref) {
              const b = ref.get(best);
              if (!b || e.time < b.time || (e.time === b.time && e.seq < b.seq)) best = k;
            }
            expect(id).toBe(best);
            if (id < 0) break;
            now = q.timeOf(id);
            q.remove(id);
            ref.delete(id);
            const s = seq++;
            q.insert(nextId, now + delay, s);
            ref.set(nextId++, { time: now + delay, seq: s });
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
