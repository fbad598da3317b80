import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';
import { tuning } from '../../../src/sim/engine/tuning.ts';
import { roundCount, roundedLognormal } from '../../../src/sim/model/tokenCounts.ts';
import { standardNormal } from '../../../src/sim/model/ziggurat.ts';
import { RandomStreams } from '../../../src/sim/random/streams.ts';

const defaults = { ...tuning };
afterEach(() => { Object.assign(tuning, defaults); });

interface Step { readonly delay: number; readonly what: number; readonly cancel: number }

/**
 * Runs a program of events and timers of two sets (each handler schedules the next step's
 * two, and cancels a timer), in two runs; returns everything observable.
 */
function observe(program: readonly Step[], untilS: number): unknown[] {
  const sim = new Simulator(4);
  const log: unknown[] = [];
  let next = 0, stepNo = 0;
  const handle = (id: number) => {
    log.push([id, sim.nowS]);
    if (stepNo >= program.length) return;
    const s = program[stepNo++];
    schedule(s.delay, s.what);
    schedule(s.delay / 2, (s.what + 1) % 3);
    const victim = s.cancel % next;
    log.push(['cancel', victim, sets[1].cancel(victim), sets[2].cancel(victim)]);
  };
  const ev = sim.on(handle);
  const sets = [null, sim.timers(sim.on(handle)), sim.timers(sim.on(handle))] as const;
  function schedule(delayS: number, what: number): void {
    const id = next++;
    if (what === 0) sim.after(delayS, ev, id);
    else sets[what as 1 | 2].setAfter(id, delayS);
  }
  schedule(0, 0);
  schedule(1, 1);
  schedule(1e9, 2); // far beyond both runs' ends
  sim.run(untilS);
  log.push(['mid', sim.nowS, sim.pending, sets[1].size, sets[2].size]);
  sim.run(untilS * 2);
  log.push(['end', sim.nowS, sim.pending, sets[1].size, sets[2].size]);
  for (let id = 0; id < next; id++) log.push([id, sets[1].isSet(id), sets[2].isSet(id)]);
  return log;
}

const programs = fc.tuple(
  fc.array(fc.record({
    delay: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 5 }), fc.double({ min: 0, max: 20, noNaN: true })),
    what: fc.integer({ min: 0, max: 2 }), // 0: event, 1 or 2: a timer of set 1 or 2
    cancel: fc.nat(),
  }), { minLength: 1, maxLength: 60 }),
  fc.integer({ min: 0, max: 40 }),
);

describe('tuning switches (the ablation bench\'s): the plain paths give the same results', () => {
  it('with calendar-queue timers off, timers are heap events and everything happens as with them on', () => {
    fc.assert(fc.property(programs, ([program, untilS]) => {
      tuning.calendarTimers = true;
      const on = observe(program, untilS);
      tuning.calendarTimers = false;
      expect(observe(program, untilS)).toEqual(on);
    }), { numRuns: 150 });
  });

  it('with the near/far heap split off, events run in the same order, also those set beyond a run\'s end', () => {
    fc.assert(fc.property(programs, ([program, untilS]) => {
      tuning.horizonSplit = true;
      const on = observe(program, untilS);
      tuning.horizonSplit = false;
      expect(observe(program, untilS)).toEqual(on);
    }), { numRuns: 150 });
  });

  it('timers as heap events refuse a past time or an id already set, and count, cancel and set again like calendar timers', () => {
    tuning.calendarTimers = false;
    const sim = new Simulator();
    const fired: number[] = [];
    const timers = sim.timers(sim.on((id) => fired.push(id)));
    sim.at(5, sim.on(() => {}));
    sim.run(5);
    expect(() => timers.setAt(1, 4)).toThrow(RangeError);
    expect(() => timers.setAt(1, NaN)).toThrow(RangeError);
    timers.setAt(1, 6);
    timers.setAt(200, 7); // beyond its first capacity
    expect(() => timers.setAt(1, 8)).toThrow(RangeError);
    expect([timers.size, sim.pending, timers.isSet(1), timers.isSet(2), timers.isSet(-1)]).toEqual([2, 2, true, false, false]);
    expect(timers.cancel(1)).toBe(true);
    expect(timers.cancel(1)).toBe(false);
    expect(timers.cancel(999)).toBe(false);
    timers.setAt(1, 9);
    sim.run(Infinity);
    expect(fired).toEqual([200, 1]);
    expect([timers.size, timers.isSet(1), timers.cancel(1)]).toEqual([0, false, false]);
  });

  it('with token tables off, lognormal token counts are exact draws round(exp(mu + sigma·Z))', () => {
    tuning.tokenTables = false;
    const draw = roundedLognormal(Math.log(1000), 1, new RandomStreams(7).stream('tokens'));
    const rng = new RandomStreams(7).stream('tokens');
    const exact = Array.from({ length: 1000 }, () => roundCount(Math.exp(Math.log(1000) + standardNormal(rng))));
    expect(Array.from({ length: 1000 }, draw)).toEqual(exact);
    tuning.tokenTables = true;
    const table = roundedLognormal(Math.log(1000), 1, new RandomStreams(7).stream('tokens'));
    expect(Array.from({ length: 1000 }, table)).not.toEqual(exact); // the switch does switch
  });
});
