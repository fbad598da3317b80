import seedrandom from 'seedrandom';
import { Simulator } from '../src/sim/engine/Simulator.ts';

/**
 * The same M/M/c queue written on dcsim's engine: handlers registered by kind, events
 * scheduled as (time, kind, payload) in the engine's typed-array heap.
 */
export function engineMMc(lambda: number, mu: number, c: number, tasks: number, seed: string): { meanResponseS: number; events: number } {
  const arrRng = seedrandom.xor4096(`${seed}/arrival`);
  const svcRng = seedrandom.xor4096(`${seed}/service`);
  const sim = new Simulator();
  const ring = new Float64Array(1 << 20);
  const mask = ring.length - 1;
  const arrivalTime = new Float64Array(tasks);
  let head = 0, tail = 0, busy = 0, arrived = 0, done = 0, sumResponse = 0;
  const departure = sim.on((id) => {
    done++;
    sumResponse += sim.nowS - arrivalTime[id];
    if (head !== tail) sim.after(-Math.log(1 - svcRng()) / mu, departure, ring[head++ & mask]);
    else busy--;
  });
  const arrival = sim.on(() => {
    const id = arrived++;
    arrivalTime[id] = sim.nowS;
    if (arrived < tasks) sim.after(-Math.log(1 - arrRng()) / lambda, arrival);
    if (busy < c) { busy++; sim.after(-Math.log(1 - svcRng()) / mu, departure, id); }
    else ring[tail++ & mask] = id;
  });
  sim.after(-Math.log(1 - arrRng()) / lambda, arrival);
  sim.run(Infinity);
  return { meanResponseS: sumResponse / done, events: sim.eventCount };
}
