/**
 * Self-test of the run oracle used by the model properties: fed hand-made callback sequences,
 * it must flag each kind of broken rule (otherwise the properties could pass vacuously).
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { RunOracle } from './support/oracle.ts';

const scenario = validateScenario({
  name: 'oracle', horizon: '1h',
  cluster: { sites: [{ id: 'east', racks: 1, nodesPerRack: 2, node: { gpus: 2, gpu: 'H100' } }] },
  workloads: [{ kind: 'batch', id: 'w', count: 3, gpus: 2, arrival: { poisson: { rate: 1 } }, work: '1s' }],
});

function oracle(): RunOracle {
  return new RunOracle(scenario);
}

describe('RunOracle', () => {
  it('accepts a legal sequence', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.taskStarted(0, [0, 1], 1);
    o.componentChanged('node', 'east/r0/n0', true, 2);
    o.taskInterrupted(0, 'node', 2);
    o.taskStarted(0, [2, 3], 2);
    o.componentChanged('node', 'east/r0/n0', false, 3);
    o.taskCompleted(0, 4);
    expect(o.errors).toEqual([]);
  });

  it('flags time going back', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 5);
    o.taskArrived(1, 'w', 4);
    expect(o.errors.join()).toMatch(/time went back/);
  });

  it('flags a GPU given to two tasks', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.taskArrived(1, 'w', 1);
    o.taskStarted(0, [0, 1], 1);
    o.taskStarted(1, [1, 2], 1);
    expect(o.errors.join()).toMatch(/already running task 0/);
  });

  it('flags a start on a GPU whose rack is down', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.componentChanged('rack', 'east/r0', true, 1);
    o.taskStarted(0, [2, 3], 1);
    expect(o.errors.join()).toMatch(/which is down/);
    expect(o.errors.join()).toMatch(/while east\/r0 is down/);
  });

  it('flags a task left running on a failed GPU', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.taskStarted(0, [0, 1], 1);
    o.componentChanged('gpu', 'east/r0/n0/g1', true, 2);
    o.taskArrived(1, 'w', 3);
    expect(o.errors.join()).toMatch(/kept running on failed GPUs/);
  });

  it('flags a double completion and a completion after an interruption', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.taskStarted(0, [0, 1], 1);
    o.taskCompleted(0, 2);
    o.taskCompleted(0, 3);
    expect(o.errors.join()).toMatch(/completed while done/);
    const p = oracle();
    p.taskArrived(0, 'w', 1);
    p.taskStarted(0, [0, 1], 1);
    p.componentChanged('site', 'east', true, 2);
    p.taskInterrupted(0, 'site', 2);
    p.taskCompleted(0, 3);
    expect(p.errors.join()).toMatch(/completed while queued/);
  });

  it('flags an interruption with no failure and a repair of a component that is up', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.taskStarted(0, [0, 1], 1);
    o.taskInterrupted(0, 'gpu', 2);
    o.componentChanged('node', 'east/r0/n1', false, 3);
    expect(o.errors.join()).toMatch(/none of its GPUs just failed/);
    expect(o.errors.join()).toMatch(/came back up while it was not down/);
  });

  it('flags a task started on the wrong number of GPUs, and ids out of arrival order', () => {
    const o = oracle();
    o.taskArrived(1, 'w', 1);
    o.taskStarted(1, [0], 1);
    expect(o.errors.join()).toMatch(/ids count in arrival order/);
    expect(o.errors.join()).toMatch(/on 1 GPUs, needs 2/);
  });
});
