import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';

describe('Simulator: per-kind hooks and ticks', () => {
  it('runs beforeEach and afterEach around events of kinds with hooks only', () => {
    const sim = new Simulator();
    const log: string[] = [];
    sim.beforeEach = () => log.push(`before ${sim.nowS}`);
    sim.afterEach = () => log.push(`after ${sim.nowS}`);
    const plain = sim.on((p) => log.push(`plain ${p}`));
    const quiet = sim.on((p) => log.push(`quiet ${p}`), { hooks: false });
    const timers = sim.timers(sim.on((id) => log.push(`timer ${id}`), { hooks: false }));
    sim.at(1, plain, 1);
    sim.at(2, quiet, 2);
    timers.setAt(7, 3);
    sim.at(4, plain, 4);
    sim.run(Infinity);
    expect(log).toEqual(['before 1', 'plain 1', 'after 1', 'quiet 2', 'timer 7', 'before 4', 'plain 4', 'after 4']);
    expect(sim.eventCount).toBe(4);
  });

  it('calls onTick after every 65,536th event, hooks or not, in both run loops', () => {
    for (const withTimers of [false, true]) {
      const sim = new Simulator();
      const ticks: number[] = [];
      sim.onTick = () => ticks.push(sim.eventCount);
      const quiet = sim.on(() => {}, { hooks: false });
      const loud = sim.on(() => {});
      if (withTimers) sim.timers(sim.on(() => {}));
      for (let i = 0; i < 140_000; i++) sim.at(i, i % 2 === 0 ? quiet : loud);
      sim.run(Infinity);
      expect(ticks).toEqual([65_536, 131_072]);
    }
  });

  it('many kinds: the hook flags grow with the table', () => {
    const sim = new Simulator();
    let hooks = 0;
    sim.beforeEach = () => { hooks++; };
    const kinds = Array.from({ length: 40 }, (_, i) => sim.on(() => {}, { hooks: i % 2 === 0 }));
    kinds.forEach((k, i) => sim.at(i, k));
    sim.run(Infinity);
    expect(hooks).toBe(20);
  });
});
