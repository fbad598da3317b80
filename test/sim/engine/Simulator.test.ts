import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { EventBudgetError, Simulator } from '../../../src/sim/engine/Simulator.ts';

describe('Simulator', () => {
  it('dispatches to the handler registered for each kind, with the payload, at the event time', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const a = sim.on((p) => log.push(`a${p}@${sim.nowS}`));
    const b = sim.on((p) => log.push(`b${p}@${sim.nowS}`));
    expect(a).not.toBe(b);
    sim.at(2, b, 7);
    sim.after(1, a, 3);
    sim.at(2, a); // payload defaults to 0
    sim.run(Infinity);
    expect(log).toEqual(['a3@1', 'b7@2', 'a0@2']);
    expect(sim.eventCount).toBe(3);
  });

  it('schedules relative to the current time from inside a handler, same-time events in FIFO order', () => {
    const sim = new Simulator();
    const log: string[] = [];
    const k = sim.on((p) => {
      log.push(`${p}@${sim.nowS}`);
      if (p === 1) { sim.after(0, k, 3); sim.after(5, k, 4); }
    });
    sim.at(10, k, 1);
    sim.at(10, k, 2);
    sim.run(Infinity);
    expect(log).toEqual(['1@10', '2@10', '3@10', '4@15']);
  });

  it('throws RangeError for a time in the past, a negative delay or NaN, and schedules nothing', () => {
    const sim = new Simulator();
    const k = sim.on(() => {});
    sim.at(5, k);
    sim.run(Infinity);
    expect(sim.nowS).toBe(5);
    expect(() => sim.at(4.999, k)).toThrow(RangeError);
    expect(() => sim.after(-1, k)).toThrow(RangeError);
    expect(() => sim.at(NaN, k)).toThrow(RangeError);
    expect(() => sim.after(NaN, k)).toThrow(RangeError);
    expect(sim.pending).toBe(0);
    sim.at(5, k); // now is fine
    sim.after(Infinity, k); // so is "never"
    expect(sim.pending).toBe(2);
  });

  it('run(until) dispatches events up to and including until, leaves later ones pending and sets the clock to until', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const k = sim.on((p) => seen.push(p));
    for (const t of [1, 2, 3, 4, 5]) sim.at(t, k, t);
    sim.run(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(sim.pending).toBe(2);
    expect(sim.nowS).toBe(3);
    sim.run(3.5);
    expect(sim.nowS).toBe(3.5);
    expect(seen).toEqual([1, 2, 3]);
    sim.run(Infinity);
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    expect(sim.nowS).toBe(5); // an infinite horizon leaves the clock at the last event
  });

  it('advances the clock to until when the list runs dry, and never moves it back for an earlier until', () => {
    const sim = new Simulator();
    const k = sim.on(() => {});
    sim.at(1, k);
    sim.run(10);
    expect(sim.nowS).toBe(10);
    sim.run(4);
    expect(sim.nowS).toBe(10);
    expect(() => sim.at(5, k)).toThrow(RangeError);
  });

  it('throws EventBudgetError after exactly maxEvents events and keeps the rest pending', () => {
    const sim = new Simulator();
    let n = 0;
    const k = sim.on(() => { n++; sim.after(1, k); }); // never runs dry
    sim.at(0, k);
    let err: unknown;
    try { sim.run(Infinity, 100); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(EventBudgetError);
    expect(err).toBeInstanceOf(Error);
    expect((err as EventBudgetError).maxEvents).toBe(100);
    expect((err as Error).name).toBe('EventBudgetError');
    expect((err as Error).message).toMatch(/100 events/);
    expect(n).toBe(100);
    expect(sim.eventCount).toBe(100);
    expect(sim.pending).toBe(1);
    expect(sim.nowS).toBe(99);
  });

  it('does not throw when the events exactly fit the budget, or when the rest lie past the horizon', () => {
    const sim = new Simulator();
    const k = sim.on(() => {});
    for (let i = 0; i < 10; i++) sim.at(i, k);
    expect(() => sim.run(Infinity, 10)).not.toThrow();
    const later = new Simulator();
    const k2 = later.on(() => {});
    for (let i = 0; i < 10; i++) later.at(i, k2);
    expect(() => later.run(4.5, 5)).not.toThrow();
    expect(later.pending).toBe(5);
  });

  it('stop() returns after the current event; the clock stays at that event and run() resumes where it stopped', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const k = sim.on((p) => {
      seen.push(p);
      if (p === 2) sim.stop();
    });
    [1, 2, 2, 3].forEach((t, i) => sim.at(t, k, i + 1)); // payloads 1, 2, 3, 4
    sim.run(100);
    expect(seen).toEqual([1, 2]);
    expect(sim.nowS).toBe(2);
    expect(sim.pending).toBe(2);
    sim.run(100);
    expect(seen).toEqual([1, 2, 3, 4]);
    expect(sim.nowS).toBe(100);
  });

  it('a stop() requested outside run() does not stop the next run', () => {
    const sim = new Simulator();
    let n = 0;
    const k = sim.on(() => { n++; });
    sim.at(1, k);
    sim.at(2, k);
    sim.stop();
    sim.run(Infinity);
    expect(n).toBe(2);
  });

  it('cancel() from a handler prevents a pending event; isPending and pending reflect it', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    let victim = -1;
    const k = sim.on((p) => {
      seen.push(p);
      if (p === 1) {
        expect(sim.isPending(victim)).toBe(true);
        expect(sim.cancel(victim)).toBe(true);
        expect(sim.cancel(victim)).toBe(false);
        expect(sim.isPending(victim)).toBe(false);
      }
    });
    sim.at(1, k, 1);
    victim = sim.at(1, k, 2);
    sim.at(2, k, 3);
    expect(sim.pending).toBe(3);
    sim.run(Infinity);
    expect(seen).toEqual([1, 3]);
    expect(sim.pending).toBe(0);
  });

  it('events scheduled past one run\'s horizon still run, in order, in a later run', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const k = sim.on((p) => {
      seen.push(p);
      if (p === 1) { sim.after(10, k, 5); sim.after(0.5, k, 6); }
    });
    sim.at(100, k, 3);
    sim.at(1, k, 1);
    sim.at(20, k, 4);
    sim.at(1, k, 2);
    sim.run(5);
    expect(seen).toEqual([1, 2, 6]);
    sim.run(15);
    expect(seen).toEqual([1, 2, 6, 5]);
    sim.run(Infinity);
    expect(seen).toEqual([1, 2, 6, 5, 4, 3]);
  });
});

describe('Simulator timers', () => {
  it('a timer runs among events at its time as an event scheduled when it was set would', () => {
    const sim = new Simulator();
    const seen: string[] = [];
    const ev = sim.on((p) => seen.push(`e${p}@${sim.nowS}`));
    const timers = sim.timers(sim.on((id) => seen.push(`t${id}@${sim.nowS}`)));
    sim.at(3, ev, 1);
    timers.setAt(7, 3);
    sim.at(3, ev, 2);
    timers.setAfter(4, 1);
    sim.at(0.5, ev, 3);
    expect(sim.pending).toBe(5);
    expect(timers.size).toBe(2);
    sim.run(Infinity);
    expect(seen).toEqual(['e3@0.5', 't4@1', 'e1@3', 't7@3', 'e2@3']);
    expect(sim.eventCount).toBe(5);
    expect(timers.size).toBe(0);
  });

  it('cancels a timer; its id can be set again, also from its own handler after it fired', () => {
    const sim = new Simulator();
    const fired: number[] = [];
    let again = true;
    const timers = sim.timers(sim.on((id) => {
      fired.push(sim.nowS);
      if (again) { again = false; timers.setAfter(id, 10); }
    }));
    timers.setAt(0, 5);
    expect(timers.isSet(0)).toBe(true);
    expect(timers.cancel(0)).toBe(true);
    expect(timers.cancel(0)).toBe(false);
    expect(timers.isSet(0)).toBe(false);
    timers.setAt(0, 2);
    sim.run(Infinity);
    expect(fired).toEqual([2, 12]);
  });

  it('refuses a time in the past, NaN, or an id already set, and changes nothing', () => {
    const sim = new Simulator();
    const k = sim.on(() => {});
    const timers = sim.timers(sim.on(() => {}));
    sim.at(5, k);
    sim.run(Infinity);
    expect(() => timers.setAt(1, 4)).toThrow(RangeError);
    expect(() => timers.setAfter(1, -1)).toThrow(RangeError);
    expect(() => timers.setAt(1, NaN)).toThrow(RangeError);
    timers.setAt(1, 6);
    expect(() => timers.setAt(1, 7)).toThrow(RangeError);
    expect(timers.size).toBe(1);
    expect(sim.pending).toBe(1);
  });

  it('run(until), the event budget and stop() count timers as events', () => {
    const sim = new Simulator();
    const seen: number[] = [];
    const timers = sim.timers(sim.on((id) => { seen.push(id); if (id === 2) sim.stop(); }));
    for (let i = 0; i < 6; i++) timers.setAt(i, i);
    sim.run(2);
    expect(seen).toEqual([0, 1, 2]);
    expect(sim.nowS).toBe(2);
    sim.run(3.5);
    expect(seen).toEqual([0, 1, 2, 3]);
    expect(sim.nowS).toBe(3.5);
    expect(() => sim.run(Infinity, 5)).toThrow(EventBudgetError);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(sim.pending).toBe(1);
  });

  it('dispatches events and timers of several sets in (time, scheduling order), whatever is set, cancelled and scheduled from handlers', () => {
    const step = fc.record({
      delay: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 20, noNaN: true })),
      what: fc.integer({ min: 0, max: 2 }), // 0: event, 1 or 2: a timer of set 1 or 2
      cancel: fc.nat(),
    });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 80 }), fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }), (program, until) => {
        const sim = new Simulator(4);
        const timeOf: number[] = [];
        const order: number[] = []; // scheduling order of each id
        const dispatched: number[] = [];
        const cancelled = new Set<number>();
        let next = 0, stepNo = 0, wrongClock = 0;
        const sets = [null, sim.timers(sim.on((id) => handle(id))), sim.timers(sim.on((id) => handle(id)))];
        const ev = sim.on((id) => handle(id));
        const schedule = (delay: number, what: number) => {
          const id = next++;
          timeOf[id] = sim.nowS + delay;
          order[id] = id;
          if (what === 0) sim.after(delay, ev, id);
          else sets[what]!.setAfter(id, delay);
        };
        function handle(id: number): void {
          if (sim.nowS !== timeOf[id] || cancelled.has(id)) wrongClock++;
          dispatched.push(id);
          if (stepNo >= program.length) return;
          const s = program[stepNo++];
          schedule(s.delay, s.what);
          schedule(s.delay / 2, (s.what + 1) % 3);
          // Cancel a timer that has not fired yet, now and then.
          const victim = s.cancel % next;
          for (const set of [sets[1]!, sets[2]!]) if (set.cancel(victim)) cancelled.add(victim);
        }
        schedule(0, 0);
        schedule(1, 1);
        schedule(1, 2);
        sim.run(until ?? Infinity);
        expect(wrongClock).toBe(0);
        let outOfOrder = 0;
        for (let i = 1; i < dispatched.length; i++) {
          const a = dispatched[i - 1], b = dispatched[i];
          if (!(timeOf[b] > timeOf[a] || (timeOf[b] === timeOf[a] && order[b] > order[a]))) outOfOrder++;
        }
        expect(outOfOrder).toBe(0);
        // Everything not cancelled and due by the end ran; the rest is pending.
        const ran = new Set(dispatched);
        let missing = 0, pending = 0;
        for (let id = 0; id < next; id++) {
          if (cancelled.has(id) || ran.has(id)) continue;
          if (timeOf[id] <= (until ?? Infinity)) missing++;
          pending++;
        }
        expect(missing).toBe(0);
        expect(sim.pending).toBe(pending);
      }),
      { numRuns: 200 },
    );
  });
});

