import { rangesOf } from '../../src/sim/policy/GpuRanges.ts';
/**
 * Self-test of the run oracle used by the model properties: fed hand-made callback sequences,
 * it must flag each kind of broken rule (otherwise the properties could pass vacuously).
 */
import { describe, expect, it } from 'vitest';
import { validateScenario } from '../../src/sim/scenario/parseScenario.ts';
import { replayCopies, RunOracle } from './support/oracle.ts';

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
    o.taskStarted(0, rangesOf([0, 1]), 1);
    o.componentChanged('node', 'east/r0/n0', true, 2);
    o.taskInterrupted(0, 'node', 2);
    o.taskStarted(0, rangesOf([2, 3]), 2);
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
    o.taskStarted(0, rangesOf([0, 1]), 1);
    o.taskStarted(1, rangesOf([1, 2]), 1);
    expect(o.errors.join()).toMatch(/already running task 0/);
  });

  it('flags a start on a GPU whose rack is down', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.componentChanged('rack', 'east/r0', true, 1);
    o.taskStarted(0, rangesOf([2, 3]), 1);
    expect(o.errors.join()).toMatch(/which is down/);
    expect(o.errors.join()).toMatch(/while east\/r0 is down/);
  });

  it('flags a task left running on a failed GPU', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.taskStarted(0, rangesOf([0, 1]), 1);
    o.componentChanged('gpu', 'east/r0/n0/g1', true, 2);
    o.taskArrived(1, 'w', 3);
    expect(o.errors.join()).toMatch(/kept running on failed GPUs/);
  });

  it('flags a double completion and a completion after an interruption', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.taskStarted(0, rangesOf([0, 1]), 1);
    o.taskCompleted(0, 2);
    o.taskCompleted(0, 3);
    expect(o.errors.join()).toMatch(/completed while done/);
    const p = oracle();
    p.taskArrived(0, 'w', 1);
    p.taskStarted(0, rangesOf([0, 1]), 1);
    p.componentChanged('site', 'east', true, 2);
    p.taskInterrupted(0, 'site', 2);
    p.taskCompleted(0, 3);
    expect(p.errors.join()).toMatch(/completed while queued/);
  });

  it('flags an interruption with no failure and a repair of a component that is up', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.taskStarted(0, rangesOf([0, 1]), 1);
    o.taskInterrupted(0, 'gpu', 2);
    o.componentChanged('node', 'east/r0/n1', false, 3);
    expect(o.errors.join()).toMatch(/none of its GPUs just failed/);
    expect(o.errors.join()).toMatch(/came back up while it was not down/);
  });

  it('takes a failed uplink as its rack\'s GPUs down (kept apart from the rack itself)', () => {
    const o = oracle();
    o.taskArrived(0, 'w', 1);
    o.taskStarted(0, rangesOf([0, 1]), 1);
    o.componentChanged('uplink', 'east/r0', true, 2);
    o.taskInterrupted(0, 'uplink', 2);
    o.componentChanged('rack', 'east/r0', true, 3);
    o.componentChanged('uplink', 'east/r0', false, 4);
    o.componentChanged('rack', 'east/r0', false, 5);
    o.taskStarted(0, rangesOf([2, 3]), 5);
    o.taskCompleted(0, 6);
    expect(o.errors).toEqual([]);
    const p = oracle();
    p.taskArrived(0, 'w', 1);
    p.componentChanged('uplink', 'east/r0', true, 1);
    p.taskStarted(0, rangesOf([2, 3]), 1);
    p.componentChanged('rack', 'east/r0', false, 2);
    p.componentChanged('uplink', 'east/r1', true, 3);
    expect(p.errors.join()).toMatch(/while the uplink of east\/r0 is down/);
    expect(p.errors.join()).toMatch(/rack east\/r0 came back up while it was not down/);
    expect(p.errors.join()).toMatch(/change of unknown uplink "east\/r1"/);
  });

  it('expects a WAN link failure to interrupt exactly the work spanning its two sites', () => {
    const two = validateScenario({
      name: 'wan', horizon: '1h',
      cluster: {
        sites: [{ id: 'a', racks: 1, nodesPerRack: 1, node: { gpus: 2, gpu: 'H100' } }, { id: 'b', racks: 1, nodesPerRack: 1, node: { gpus: 2, gpu: 'H100' } }],
        wan: [{ between: ['a', 'b'], bandwidth: '1GB/s' }],
      },
      workloads: [{ kind: 'batch', id: 'w', count: 3, gpus: 2, arrival: { poisson: { rate: 1 } }, work: '1s' }],
    });
    const o = new RunOracle(two);
    o.taskArrived(0, 'w', 1);
    o.taskArrived(1, 'w', 1);
    o.taskStarted(0, rangesOf([1, 2]), 1); // spans a and b
    o.taskStarted(1, rangesOf([0, 3]), 1); // spans too
    o.componentChanged('wan', 'a-b', true, 2);
    o.taskInterrupted(0, 'wan', 2);
    o.taskInterrupted(1, 'wan', 2);
    o.taskStarted(0, rangesOf([0, 1]), 2);
    o.componentChanged('wan', 'a-b', false, 3);
    o.taskCompleted(0, 4);
    expect(o.errors).toEqual([]);
    // A task inside one site is left alone; one spanning both must not keep running.
    const p = new RunOracle(two);
    p.taskArrived(0, 'w', 1);
    p.taskArrived(1, 'w', 1);
    p.taskStarted(0, rangesOf([0, 1]), 1);
    p.taskStarted(1, rangesOf([2, 3]), 1);
    p.componentChanged('wan', 'a-b', true, 2);
    p.taskInterrupted(0, 'wan', 2);
    p.componentChanged('wan', 'b-a', true, 2);
    expect(p.errors.join()).toMatch(/task 0 interrupted though none of its GPUs just failed/);
    expect(p.errors.join()).toMatch(/change of unknown wan "b-a"/);
    const q = new RunOracle(two);
    q.taskArrived(0, 'w', 1);
    q.taskStarted(0, rangesOf([1, 2]), 1);
    q.componentChanged('wan', 'a-b', true, 2);
    q.taskArrived(1, 'w', 3);
    expect(q.errors.join()).toMatch(/kept running on failed GPUs \(or across a failed WAN link\)/);
  });

  it('replays an undisturbed copy schedule, and gives up where the order of events is a tie', () => {
    // Every 10 s from 0, 4 s each, until 35 s: made at 4, 14, 24 and 34.
    expect(replayCopies(10, 4, 35)).toEqual({ made: 4, skipped: 0 });
    // 15 s each: 0 made at 15, 10 skipped, 20 made at 35, 30 skipped, 40 under way at 45.
    expect(replayCopies(10, 15, 45)).toEqual({ made: 2, skipped: 2 });
    expect(replayCopies(10, 10, 45)).toBeNull();
    expect(replayCopies(10, 4, 40)).toBeNull();
  });

  it('flags a task started on the wrong number of GPUs, and ids out of arrival order', () => {
    const o = oracle();
    o.taskArrived(1, 'w', 1);
    o.taskStarted(1, rangesOf([0]), 1);
    expect(o.errors.join()).toMatch(/ids count in arrival order/);
    expect(o.errors.join()).toMatch(/on 1 GPUs, needs 2/);
  });
});
