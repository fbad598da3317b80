/**
 * Property-based tests of the discrete-event engine: the typed-array EventQueue against a
 * naive reference model, and the Simulator's clock, budget, horizon and stop behaviour.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventQueue, NO_EVENT, type EventHandle } from '../../src/sim/engine/EventQueue.ts';
import { EventBudgetError, Simulator } from '../../src/sim/engine/Simulator.ts';

// ---------------------------------------------------------------------------------------
// EventQueue vs a naive reference model
// ---------------------------------------------------------------------------------------

type QueueOp =
  | { op: 'push'; time: number; payload: number }
  | { op: 'cancel'; pick: number }
  | { op: 'pop' }
  | { op: 'cancelStale'; pick: number };

/** Times drawn from a small set (to force ties) or anywhere, including 0, -0 and Infinity. */
const eventTime = fc.oneof(
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 5 }) },
  { weight: 2, arbitrary: fc.double({ min: 0, max: 1e6, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -0, Infinity, 1e-300, Number.MAX_VALUE) },
);

const queueOp: fc.Arbitrary<QueueOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('push' as const), time: eventTime, payload: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('cancel' as const), pick: fc.nat() }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('pop' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancelStale' as const), pick: fc.nat() }) },
);

interface RefEvent { time: number; seq: number; kind: number; payload: number; handle: EventHandle }

/** The obviously-correct future-event list: a plain array, searched linearly. */
class ReferenceQueue {
  live: RefEvent[] = [];
  private seq = 0;
  push(time: number, kind: number, payload: number, handle: EventHandle): void {
    this.live.push({ time, seq: this.seq++, kind, payload, handle });
  }
  popMin(): RefEvent | undefined {
    if (this.live.length === 0) return undefined;
    let best = 0;
    for (let i = 1; i < this.live.length; i++) {
      const a = this.live[i], b = this.live[best];
      if (a.time < b.time || (a.time === b.time && a.seq < b.seq)) best = i;
    }
    return this.live.splice(best, 1)[0];
  }
  remove(handle: EventHandle): boolean {
    const i = this.live.findIndex((e) => e.handle === handle);
    if (i < 0) return false;
    this.live.splice(i, 1);
    return true;
  }
  has(handle: EventHandle): boolean {
    return this.live.some((e) => e.handle === handle);
  }
  minTime(): number {
    let m = Infinity;
    for (const e of this.live) if (e.time < m) m = e.time;
    return m;
  }
}

describe('EventQueue (model-based)', () => {
  it('behaves like a naive sorted list under random push/cancel/pop: order by (time, insertion), cancel, isPending and size agree', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.array(queueOp, { maxLength: 300 }), (capacity, ops) => {
        const q = new EventQueue(capacity);
        const ref = new ReferenceQueue();
        const issued: EventHandle[] = [];
        const issuedSet = new Set<EventHandle>();
        const dead: EventHandle[] = [];
        let kind = 0;
        for (const o of ops) {
          switch (o.op) {
            case 'push': {
              const k = kind++ % 1000;
              const h = q.push(o.time, k, o.payload);
              expect(h).not.toBe(NO_EVENT);
              expect(Number.isSafeInteger(h)).toBe(true);
              expect(h).toBeGreaterThanOrEqual(0);
              // A fresh handle never equals any handle issued before (slots are reused, generations are not).
              expect(issuedSet.has(h)).toBe(false);
              issuedSet.add(h);
              ref.push(o.time, k, o.payload, h);
              issued.push(h);
              break;
            }
            case 'cancel': {
              if (issued.length === 0) break;
              const h = issued[o.pick % issued.length];
              const expected = ref.remove(h);
              expect(q.cancel(h)).toBe(expected);
              if (expected) dead.push(h);
              break;
            }
            case 'cancelStale': {
              // Cancelling a fired or cancelled handle returns false and changes nothing.
              if (dead.length === 0) break;
              const h = dead[o.pick % dead.length];
              const before = q.size;
              expect(q.isPending(h)).toBe(false);
              expect(q.cancel(h)).toBe(false);
              expect(q.size).toBe(before);
              break;
            }
            case 'pop': {
              const e = ref.popMin();
              const prevTime = q.poppedTimeS, prevKind = q.poppedKind, prevPayload = q.poppedPayload;
              expect(q.pop()).toBe(e !== undefined);
              if (e) {
                expect(q.poppedTimeS === e.time).toBe(true);
                expect(q.poppedKind).toBe(e.kind);
                expect(q.poppedPayload).toBe(e.payload);
                dead.push(e.handle);
              } else {
                // Popping an empty queue leaves the popped fields alone.
                expect(q.poppedTimeS).toBe(prevTime);
                expect(q.poppedKind).toBe(prevKind);
                expect(q.poppedPayload).toBe(prevPayload);
              }
              break;
            }
          }
          expect(q.size).toBe(ref.live.length);
          expect(q.peekTimeS()).toBe(ref.minTime());
        }
        // Every handle ever issued is pending exactly when the reference still holds it.
        for (const h of issued) expect(q.isPending(h)).toBe(ref.has(h));
        expect(q.isPending(NO_EVENT)).toBe(false);
        expect(q.cancel(NO_EVENT)).toBe(false);
        // Draining pops the rest in nondecreasing time, ties in insertion order.
        let prev = -Infinity;
        while (ref.live.length > 0) {
          const e = ref.popMin()!;
          expect(q.pop()).toBe(true);
          expect(q.poppedPayload).toBe(e.payload);
          expect(q.poppedKind).toBe(e.kind);
          expect(q.poppedTimeS).toBeGreaterThanOrEqual(prev);
          prev = q.poppedTimeS;
        }
        expect(q.pop()).toBe(false);
        expect(q.size).toBe(0);
        expect(q.peekTimeS()).toBe(Infinity);
        for (const h of issued) expect(q.isPending(h)).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('pops events pushed all at once in nondecreasing time and, for equal times, in insertion order', () => {
    fc.assert(
      fc.property(fc.array(eventTime, { maxLength: 500 }), (times) => {
        const q = new EventQueue(16);
        times.forEach((t, i) => q.push(t, 0, i));
        const expected = times.map((t, i) => ({ t, i })).sort((a, b) => (a.t < b.t ? -1 : a.t > b.t ? 1 : a.i - b.i)).map((e) => e.i);
        const got: number[] = [];
        while (q.pop()) got.push(q.poppedPayload);
        expect(got).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps a handle dead after its slot is reused: a stale handle never cancels the event that took its slot', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 200 }), (popOrCancel) => {
        const q = new EventQueue(16);
        const stale: EventHandle[] = [];
        for (const pop of popOrCancel) {
          const h = q.push(1, 0, 0);
          if (pop) expect(q.pop()).toBe(true); else expect(q.cancel(h)).toBe(true);
          stale.push(h);
          // The next push reuses the freed slot; none of the stale handles may reach it.
          const live = q.push(2, 0, 1);
          for (const s of stale) {
            expect(s).not.toBe(live);
            expect(q.isPending(s)).toBe(false);
            expect(q.cancel(s)).toBe(false);
          }
          expect(q.isPending(live)).toBe(true);
          expect(q.size).toBe(1);
          expect(q.cancel(live)).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// Simulator
// ---------------------------------------------------------------------------------------

/** A random "program" for a handler: for each dispatched event, the delays of the events it schedules. */
const delays = fc.array(
  fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 10 }), fc.double({ min: 0, max: 100, noNaN: true })), { maxLength: 3 }),
  { minLength: 1, maxLength: 60 },
);

describe('Simulator', () => {
  it('never moves time backwards and dispatches in (time, scheduling order) while handlers schedule more events', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 0, max: 50, noNaN: true }), { minLength: 1, maxLength: 20 }),
        delays,
        fc.option(fc.double({ min: 0, max: 200, noNaN: true }), { nil: undefined }),
        (initial, program, until) => {
          const sim = new Simulator(16);
          let seq = 0;
          const timeOf: number[] = [];
          const dispatched: number[] = [];
          let step = 0;
          let clockWrong = 0;
          const kind = sim.on((p) => {
            if (sim.nowS !== timeOf[p]) clockWrong++;
            dispatched.push(p);
            const spawn = program[step++ % program.length];
            if (step > 400) return; // keep the run finite
            for (const d of spawn) {
              timeOf[seq] = sim.nowS + d;
              sim.after(d, kind, seq++);
            }
          });
          for (const t of initial) {
            timeOf[seq] = t;
            sim.at(t, kind, seq++);
          }
          const limit = until ?? Infinity;
          sim.run(limit);
          expect(clockWrong).toBe(0);
          // Dispatch order is strictly increasing in (time, scheduling sequence).
          let outOfOrder = 0;
          for (let i = 1; i < dispatched.length; i++) {
            const a = dispatched[i - 1], b = dispatched[i];
            if (!(timeOf[b] > timeOf[a] || (timeOf[b] === timeOf[a] && b > a))) outOfOrder++;
          }
          expect(outOfOrder).toBe(0);
          // Everything at or before the limit ran; everything later is still pending.
          const ran = new Set(dispatched);
          let pending = 0, misplaced = 0;
          for (let p = 0; p < seq; p++) {
            if (ran.has(p)) { if (!(timeOf[p] <= limit)) misplaced++; }
            else { if (!(timeOf[p] > limit)) misplaced++; pending++; }
          }
          expect(misplaced).toBe(0);
          expect(sim.pending).toBe(pending);
          expect(sim.eventCount).toBe(dispatched.length);
          if (limit !== Infinity) expect(sim.nowS).toBe(Math.max(limit, 0));
          else if (dispatched.length > 0) expect(sim.nowS).toBe(timeOf[dispatched[dispatched.length - 1]]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('refuses to schedule in the past (or at NaN) and leaves the queue unchanged', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.oneof(fc.double({ min: Number.MIN_VALUE, max: 1e6, noNaN: true }), fc.constant(Infinity)),
        (now, back) => {
          const sim = new Simulator();
          const k = sim.on(() => {
            const before = sim.pending;
            // (A delay too small to move the clock in floating point is not in the past.)
            if (sim.nowS - back < sim.nowS) {
              expect(() => sim.at(sim.nowS - back, k)).toThrow(RangeError);
              expect(() => sim.after(-back, k)).toThrow(RangeError);
            }
            expect(() => sim.at(NaN, k)).toThrow(RangeError);
            expect(() => sim.after(NaN, k)).toThrow(RangeError);
            expect(sim.pending).toBe(before);
            // Scheduling exactly now is allowed.
            sim.at(sim.nowS, k2);
          });
          let nowRan = 0;
          const k2 = sim.on(() => { nowRan++; });
          sim.at(now, k);
          sim.run(Infinity);
          expect(nowRan).toBe(1);
          expect(sim.nowS).toBe(now);
          if (now - back < now) expect(() => sim.at(now - back, k)).toThrow(RangeError);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('throws EventBudgetError after exactly maxEvents events, and not when the events fit the budget', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { maxLength: 50 }), fc.nat({ max: 60 }), (times, budget) => {
        const sim = new Simulator(16);
        let ran = 0;
        const k = sim.on(() => { ran++; });
        for (const t of times) sim.at(t, k);
        if (budget >= times.length) {
          sim.run(Infinity, budget);
          expect(ran).toBe(times.length);
        } else {
          let err: unknown;
          try { sim.run(Infinity, budget); } catch (e) { err = e; }
          expect(err).toBeInstanceOf(EventBudgetError);
          expect((err as EventBudgetError).maxEvents).toBe(budget);
          expect((err as Error).name).toBe('EventBudgetError');
          expect(ran).toBe(budget);
          expect(sim.eventCount).toBe(budget);
          expect(sim.pending).toBe(times.length - budget);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('stop() returns after the current event, with the clock at that event and the rest pending; run() resumes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 40 }),
        fc.nat(),
        (times, pick) => {
          const sim = new Simulator(16);
          const order: number[] = [];
          const stopAt = pick % times.length;
          const k = sim.on((p) => {
            order.push(p);
            if (order.length - 1 === stopAt) sim.stop();
          });
          times.forEach((t, i) => sim.at(t, k, i));
          const sorted = times.map((t, i) => ({ t, i })).sort((a, b) => a.t - b.t || a.i - b.i);
          sim.run(1000);
          expect(order.length).toBe(stopAt + 1);
          expect(sim.nowS).toBe(sorted[stopAt].t);
          expect(sim.pending).toBe(times.length - stopAt - 1);
          sim.run(1000);
          expect(order).toEqual(sorted.map((e) => e.i));
          expect(sim.pending).toBe(0);
          expect(sim.nowS).toBe(1000);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('a cancelled event never fires, even when cancelled by an earlier handler at the same time', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 40 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 20 }),
        (times, cancels) => {
          const sim = new Simulator(16);
          const handles: EventHandle[] = [];
          const fired = new Set<number>();
          const cancelled = new Set<number>();
          // Event i cancels event j (when j is still pending) for each pair (i, j).
          const plan = new Map<number, number[]>();
          for (const [a, b] of cancels) {
            const i = a % times.length, j = b % times.length;
            plan.set(i, [...(plan.get(i) ?? []), j]);
          }
          const k = sim.on((p) => {
            expect(cancelled.has(p)).toBe(false);
            fired.add(p);
            for (const j of plan.get(p) ?? []) {
              const was = sim.isPending(handles[j]);
              expect(was).toBe(!fired.has(j) && !cancelled.has(j));
              expect(sim.cancel(handles[j])).toBe(was);
              if (was) cancelled.add(j);
              expect(sim.isPending(handles[j])).toBe(false);
            }
          });
          times.forEach((t, i) => handles.push(sim.at(t, k, i)));
          sim.run(Infinity);
          expect(fired.size + cancelled.size).toBe(times.length);
          expect(sim.pending).toBe(0);
        },
      ),
      { numRuns: 200 },
    );
  });
});
