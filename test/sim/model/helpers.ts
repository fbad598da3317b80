import { rangesToList } from '../../../src/sim/policy/GpuRanges.ts';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import type { SchedulingPolicy } from '../../../src/policies/types.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import type { SimObserver } from '../../../src/sim/model/SimObserver.ts';
import type { SimulateOptions } from '../../../src/sim/model/SimulateOptions.ts';
import { validateScenario } from '../../../src/sim/scenario/parseScenario.ts';
import type { FailureTarget, Scenario } from '../../../src/sim/scenario/types.ts';
import { policySet } from '../../helpers/policies.ts';

/** A validated scenario from a partial document (name and horizon filled in). */
export function scenario(doc: Record<string, any>): Scenario {
  return validateScenario({ name: 'test', horizon: '1d', ...doc });
}

/** One site of `nodes` nodes (one rack) with `gpus` GPUs each. */
export function site(id: string, nodes: number, gpus: number, gpu = 'H100', extra: Record<string, unknown> = {}) {
  return { id, racks: 1, nodesPerRack: nodes, node: { gpus, gpu, ...extra } };
}

/** A batch workload; `rate` defaults to 1e6/s so that every task arrives within microseconds. */
export function batch(id: string, count: number, work: unknown, extra: Record<string, unknown> = {}) {
  return { kind: 'batch', id, count, arrival: { poisson: { rate: 1e6 } }, work, ...extra };
}

export interface Log {
  arrived: Map<number, number>;
  started: { task: number; gpus: number[]; timeS: number }[];
  completed: Map<number, number>;
  interrupted: { task: number; cause: FailureTarget; timeS: number }[];
  changes: { target: FailureTarget; id: string; down: boolean; timeS: number }[];
  order: string[];
}

export function newLog(): { log: Log; observer: SimObserver } {
  const log: Log = { arrived: new Map(), started: [], completed: new Map(), interrupted: [], changes: [], order: [] };
  const observer: SimObserver = {
    taskArrived: (task, _w, t) => { log.arrived.set(task, t); log.order.push(`arrive ${task}`); },
    taskStarted: (task, gpus, t) => { log.started.push({ task, gpus: rangesToList(gpus), timeS: t }); log.order.push(`start ${task}`); },
    taskCompleted: (task, t) => { log.completed.set(task, t); log.order.push(`complete ${task}`); },
    taskInterrupted: (task, cause, t) => { log.interrupted.push({ task, cause, timeS: t }); log.order.push(`interrupt ${task}`); },
    componentChanged: (target, id, down, t) => { log.changes.push({ target, id, down, timeS: t }); log.order.push(`${down ? 'down' : 'up'} ${id}`); },
  };
  return { log, observer };
}

/** Runs a scenario under FIFO (or the given policy), logging what happens. */
export function run(s: Scenario, policy: SchedulingPolicy = fifo.create({}), options: SimulateOptions = {}): { result: RunResult; log: Log } {
  const { log, observer } = newLog();
  const result = simulate(s, policySet({ scheduling: policy }), { ...options, observer });
  return { result, log };
}
