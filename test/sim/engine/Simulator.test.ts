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
});
