/**
 * TaskTable, driven directly (no simulate()): a table on a hand-moved clock, tasks added,
 * started, finished, hung and requeued by hand, as the model does.
 *
 * The rules (TaskTable's TSDoc): ids count from 0 in arrival order; every entry is frozen and
 * the waiting line keeps arrival order; a requeued task goes back at its arrival position with
 * one more attempt and (time since it started) × (GPUs it needs) more service; policies see
 * the line as a frozen snapshot rebuilt only when the line changed; `runningWork` lists only
 * work in state Running, each item frozen, with its ranges, a GPU list built when read, its
 * service up to now, and its expected end (a training job's from the estimator given);
 * `removeStarted` takes started tasks out of the line; the numeric arrays grow past their
 * initial 1024 entries keeping what they hold; a task has no completion event (NO_EVENT)
 * until one is set.
 */
import { describe, expect, it } from 'vitest';
import { NO_EVENT } from '../../../src/sim/engine/EventQueue.ts';
import { TaskState, TaskTable } from '../../../src/sim/model/TaskTable.ts';
import type { QueuedWork } from '../../../src/sim/policy/SchedulingPolicy.ts';

type NewEntry = Omit<QueuedWork, 'id' | 'attempts' | 'attainedGpuS'>;

function entry(arrivalS: number, extra: Partial<NewEntry> = {}): NewEntry {
  return { kind: 'task', workloadId: 'w', gpus: 1, arrivalS, deadlineS: Infinity, weight: 1, workS: 10, ...extra };
}

/** A table on a clock the test moves, with the model's bookkeeping for a task that ends. */
function setup() {
  const clock = { nowS: 0 };
  const t = new TaskTable(clock);
  /** Adds `n` tasks arriving at 0, 1, 2, … (each needing `gpus`); returns their ids. */
  const addMany = (n: number, gpus = 1) => Array.from({ length: n }, () => t.add(0, entry(t.count, { gpus })));
  /** Starts queued task `id` now on `ranges` and takes it out of the line (alone). */
  const start = (id: number, ranges: number[], expectedEndS = Infinity) => {
    t.started(id, ranges, clock.nowS, expectedEndS);
    t.removeStarted(1);
  };
  /** A running task ends, as the model ends one. */
  const finish = (id: number) => { t.state[id] = TaskState.Done; t.running--; };
  const ids = () => t.queue.map((q) => q.id);
  const runningIds = (jobEndS?: (id: number) => number) => t.runningWork(jobEndS).map((w) => w.id).sort((a, b) => a - b);
  return { clock, t, addMany, start, finish, ids, runningIds };
}

describe('TaskTable: adding tasks', () => {
  it('numbers tasks from 0 in arrival order, queues them in that order and freezes their entries', () => {
    const { t, ids } = setup();
    expect(t.add(3, entry(5, { gpus: 4, workS: 100 }))).toBe(0);
    expect(t.add(1, entry(6, { kind: 'replica', site: 'east' }))).toBe(1);
    expect(t.add(0, entry(7, { kind: 'job', weight: 2, deadlineS: 50 }))).toBe(2);
    expect(t.count).toBe(3);
    expect(ids()).toEqual([0, 1, 2]);
    expect([...t.workload.subarray(0, 3)]).toEqual([3, 1, 0]);
    expect([...t.arrivalS.subarray(0, 3)]).toEqual([5, 6, 7]);
    expect([...t.state.subarray(0, 3)]).toEqual([TaskState.Queued, TaskState.Queued, TaskState.Queued]);
    expect(t.entries[0]).toEqual({ id: 0, kind: 'task', workloadId: 'w', gpus: 4, arrivalS: 5, deadlineS: Infinity, weight: 1, workS: 100, attempts: 0, attainedGpuS: 0 });
    expect(t.entries[1]).toEqual({ id: 1, kind: 'replica', workloadId: 'w', gpus: 1, arrivalS: 6, deadlineS: Infinity, weight: 1, workS: 10, attempts: 0, attainedGpuS: 0, site: 'east' });
    expect(t.entries[2]).toEqual({ id: 2, kind: 'job', workloadId: 'w', gpus: 1, arrivalS: 7, deadlineS: 50, weight: 2, workS: 10, attempts: 0, attainedGpuS: 0 });
    expect('site' in t.entries[0]!).toBe(false); // no `site: undefined` key for unpinned work
    for (let id = 0; id < 3; id++) {
      expect(Object.isFrozen(t.entries[id])).toBe(true);
      expect(t.queue[id]).toBe(t.entries[id]); // the line holds the entries themselves
    }
  });

  it('gives a new task no completion event (NO_EVENT) and no running work', () => {
    const { t, addMany } = setup();
    addMany(2);
    expect(t.completion[0]).toBe(NO_EVENT);
    expect(t.completion[1]).toBe(NO_EVENT);
    expect(t.completion[1023]).toBe(NO_EVENT);
    expect(t.running).toBe(0);
    expect(t.runningWork()).toEqual([]);
  });
});

describe('TaskTable: requeue', () => {
  it('puts an interrupted task back at its arrival position among the queued tasks', () => {
    const { clock, t, addMany, start, ids } = setup();
    addMany(5);
    clock.nowS = 1;
    start(0, [0, 1]);
    start(2, [2, 3]);
    start(4, [4, 5]);
    expect(ids()).toEqual([1, 3]);
    t.requeue(2); // between 1 and 3
    expect(ids()).toEqual([1, 2, 3]);
    t.requeue(0); // before all
    expect(ids()).toEqual([0, 1, 2, 3]);
    t.requeue(4); // after all
    expect(ids()).toEqual([0, 1, 2, 3, 4]);
    expect(t.running).toBe(0);
  });

  it('puts a task back in an empty line', () => {
    const { t, addMany, start, ids } = setup();
    addMany(1);
    start(0, [0, 1]);
    expect(ids()).toEqual([]);
    t.requeue(0);
    expect(ids()).toEqual([0]);
  });

  it('counts one more attempt and adds the time held × the GPUs needed to the service received', () => {
    const { clock, t, addMany, start, ids } = setup();
    addMany(3, 4);
    clock.nowS = 10;
    start(1, [0, 4]);
    expect(t.running).toBe(1);
    clock.nowS = 25;
    t.requeue(1); // held 15 s × 4 GPUs
    expect(t.entries[1]).toMatchObject({ id: 1, attempts: 1, attainedGpuS: 60, gpus: 4, arrivalS: 1 });
    expect(Object.isFrozen(t.entries[1])).toBe(true);
    expect(t.state[1]).toBe(TaskState.Queued);
    expect(t.gpus[1]).toBeUndefined();
    expect(t.running).toBe(0);
    expect(ids()).toEqual([0, 1, 2]);
    expect(t.queue[1]).toBe(t.entries[1]); // the line shows the new entry

    clock.nowS = 30;
    start(1, [4, 8]);
    clock.nowS = 40;
    t.requeue(1); // 10 s more × 4 GPUs
    expect(t.entries[1]).toMatchObject({ attempts: 2, attainedGpuS: 100 });
  });

  it('counts a fraction of one GPU for a task that shares a GPU', () => {
    const { clock, t, start } = setup();
    t.add(0, entry(0, { gpus: 0.25 }));
    start(0, [3, 4]);
    clock.nowS = 8;
    t.requeue(0);
    expect(t.entries[0]!.attainedGpuS).toBe(2);
  });
});

describe('TaskTable: the line policies see (queueView)', () => {
  it('is a frozen snapshot of the frozen entries, the same array while the line does not change', () => {
    const { clock, t, addMany } = setup();
    addMany(3);
    const v = t.queueView();
    expect(Object.isFrozen(v)).toBe(true);
    expect(v.map((q) => q.id)).toEqual([0, 1, 2]);
    expect(v.every((q, k) => q === t.entries[k] && Object.isFrozen(q))).toBe(true);
    expect(t.queueView()).toBe(v);
    // Starting a task without taking it out of the line, moving the clock: the line is unchanged.
    clock.nowS = 5;
    t.started(0, [0, 1], 5, 15);
    expect(t.queueView()).toBe(v);
  });

  it('is a new array after each change of the line, and an earlier snapshot keeps what it showed', () => {
    const { clock, t, addMany } = setup();
    addMany(3);
    const views = [t.queueView()];
    const changed = () => {
      const v = t.queueView();
      expect(v).not.toBe(views[views.length - 1]);
      expect(Object.isFrozen(v)).toBe(true);
      views.push(v);
      return v.map((q) => q.id);
    };
    t.add(0, entry(3));
    expect(changed()).toEqual([0, 1, 2, 3]);
    t.started(0, [0, 1], 0, 10);
    t.removeStarted(1);
    expect(changed()).toEqual([1, 2, 3]);
    clock.nowS = 2;
    t.requeue(0);
    expect(changed()).toEqual([0, 1, 2, 3]);
    t.setEntry(2, { ...t.entries[2]!, gpus: 8 });
    expect(changed()).toEqual([0, 1, 2, 3]);
    expect(views[views.length - 1][2].gpus).toBe(8);
    expect(views[views.length - 2][2].gpus).toBe(1); // the earlier snapshot still shows the old entry
    t.dropQueued(3);
    expect(changed()).toEqual([0, 1, 2]);
    expect(views[0].map((q) => q.id)).toEqual([0, 1, 2]);
    expect(views[1].map((q) => q.id)).toEqual([0, 1, 2, 3]);
    expect(views[2].map((q) => q.id)).toEqual([1, 2, 3]);
  });
});

describe('TaskTable: setEntry and dropQueued', () => {
  it('replaces a queued task’s entry in place in the line, frozen', () => {
    const { t, addMany, ids } = setup();
    addMany(3);
    const next: QueuedWork = { ...t.entries[1]!, gpus: 2, site: 'west' };
    t.setEntry(1, next);
    expect(ids()).toEqual([0, 1, 2]);
    expect(t.queue[1]).toBe(t.entries[1]);
    expect(t.entries[1]).toEqual({ ...next });
    expect(Object.isFrozen(t.entries[1])).toBe(true);
  });

  it('replaces what a running task will ask for when queued again, leaving the line alone', () => {
    const { clock, t, addMany, start, ids } = setup();
    addMany(3);
    start(1, [0, 1]);
    const v = t.queueView();
    t.setEntry(1, { ...t.entries[1]!, gpus: 3, site: 'west' });
    expect(t.queueView()).toBe(v);
    expect(ids()).toEqual([0, 2]);
    clock.nowS = 4;
    t.requeue(1); // the service counts the GPUs of the new entry: 4 s × 3
    expect(t.queue[1]).toMatchObject({ id: 1, gpus: 3, site: 'west', attempts: 1, attainedGpuS: 12 });
  });

  it('takes a queued task out of the line; a task not in it changes nothing', () => {
    const { t, addMany, start, ids } = setup();
    addMany(4);
    t.dropQueued(2);
    expect(ids()).toEqual([0, 1, 3]);
    start(0, [0, 1]);
    const v = t.queueView();
    t.dropQueued(0); // running, not in the line
    t.dropQueued(2); // already dropped
    expect(ids()).toEqual([1, 3]);
    expect(t.queueView()).toBe(v);
  });
});

describe('TaskTable: removeStarted', () => {
  it('takes the started tasks at the head of the line off it', () => {
    const { t, addMany, ids } = setup();
    addMany(5);
    t.started(0, [0, 1], 0, 10);
    t.started(1, [1, 2], 0, 10);
    t.removeStarted(2);
    expect(ids()).toEqual([2, 3, 4]);
  });

  it('takes off started tasks anywhere in the line, keeping the others in order', () => {
    const { t, addMany, ids } = setup();
    addMany(6);
    // The head and two further back: the head alone does not account for the 3 started.
    t.started(0, [0, 1], 0, 10);
    t.started(2, [1, 2], 0, 10);
    t.started(5, [2, 3], 0, 10);
    t.removeStarted(3);
    expect(ids()).toEqual([1, 3, 4]);
    // None at the head.
    t.started(4, [3, 4], 0, 10);
    t.removeStarted(1);
    expect(ids()).toEqual([1, 3]);
  });
});

describe('TaskTable: started and runningWork', () => {
  it('lists each running task once, frozen, with its ranges, GPU list, service so far and expected end', () => {
    const { clock, t } = setup();
    t.add(0, entry(1, { gpus: 2, weight: 3, workloadId: 'b' }));
    t.add(1, entry(2, { kind: 'job', gpus: 4, workloadId: 'train' }));
    t.add(2, entry(3, { kind: 'replica', gpus: 1, workloadId: 'svc', site: 'east' }));
    t.add(0, entry(4));
    clock.nowS = 5;
    const r0 = [0, 2];
    t.started(0, r0, 5, 15);
    t.started(1, [2, 4, 8, 10], 6, 100);
    t.started(2, [4, 5], 7, Infinity);
    t.removeStarted(3);
    expect(t.running).toBe(3);
    expect(t.gpus[1]).toEqual([2, 4, 8, 10]);
    expect([...t.startS.subarray(0, 3)]).toEqual([5, 6, 7]);
    expect([...t.expectedEndS.subarray(0, 3)]).toEqual([15, 100, Infinity]);

    clock.nowS = 10;
    const work = t.runningWork((id) => 1000 + id);
    expect(Object.isFrozen(work)).toBe(true);
    const byId = new Map(work.map((w) => [w.id, w]));
    expect([...byId.keys()].sort()).toEqual([0, 1, 2]);
    const w0 = byId.get(0)!, w1 = byId.get(1)!, w2 = byId.get(2)!;
    expect(w0).toMatchObject({ id: 0, kind: 'task', workloadId: 'b', weight: 3, arrivalS: 1, need: 2, startS: 5, attainedGpuS: 10, expectedEndS: 15 });
    expect(w0.ranges).toBe(r0);
    expect(w0.gpus).toEqual([0, 1]);
    expect('site' in w0).toBe(false);
    // A training job's end comes from the estimator (its stored one is not kept up to date).
    expect(w1).toMatchObject({ id: 1, kind: 'job', need: 4, startS: 6, attainedGpuS: 16, expectedEndS: 1001 });
    expect(w1.gpus).toEqual([2, 3, 8, 9]);
    expect(w2).toMatchObject({ id: 2, kind: 'replica', need: 1, site: 'east', startS: 7, attainedGpuS: 3, expectedEndS: Infinity });
    for (const w of work) expect(Object.isFrozen(w)).toBe(true);

    // With no estimator, a job shows the end it was started with.
    expect(t.runningWork().find((w) => w.id === 1)!.expectedEndS).toBe(100);
  });

  it('builds the GPU list when first read, then gives the same frozen array', () => {
    const { t, addMany } = setup();
    addMany(1, 5);
    t.started(0, [3, 5, 9, 12], 0, 10);
    const [w] = t.runningWork();
    const d = Object.getOwnPropertyDescriptor(w, 'gpus')!;
    expect(typeof d.get).toBe('function'); // an accessor, not a list built up front
    expect('value' in d).toBe(false);
    const list = w.gpus;
    expect(list).toEqual([3, 4, 9, 10, 11]);
    expect(Object.isFrozen(list)).toBe(true);
    expect(w.gpus).toBe(list);
  });

  it('adds the service of earlier attempts to the current one', () => {
    const { clock, t, addMany, start } = setup();
    addMany(1, 2);
    start(0, [0, 2]);
    clock.nowS = 10;
    t.requeue(0); // 20 GPU-s
    clock.nowS = 12;
    start(0, [2, 4]);
    clock.nowS = 15;
    expect(t.runningWork()[0]).toMatchObject({ startS: 12, attainedGpuS: 26 });
  });

  it('lists only work in state Running: not queued, done or hung; hung work is listed again once running', () => {
    const { clock, t, addMany, start, finish, runningIds } = setup();
    addMany(4);
    for (let id = 0; id < 4; id++) start(id, [id, id + 1]);
    expect(runningIds()).toEqual([0, 1, 2, 3]);
    clock.nowS = 1;
    finish(0);
    t.requeue(1);
    t.state[2] = TaskState.Hung;
    expect(runningIds()).toEqual([3]);
    expect(runningIds()).toEqual([3]);
    t.state[2] = TaskState.Running; // the failure was noticed and the job kept its GPUs
    expect(runningIds()).toEqual([2, 3]);
  });

  it('lists a task restarted after a requeue once, whether or not the list was read in between', () => {
    const { clock, t, addMany, start } = setup();
    addMany(2);
    start(0, [0, 1]);
    start(1, [1, 2]);
    clock.nowS = 1;
    t.requeue(0);
    start(0, [2, 3]); // not read in between
    expect(t.runningWork().map((w) => w.id).sort()).toEqual([0, 1]);
    t.requeue(1);
    expect(t.runningWork().map((w) => w.id)).toEqual([0]); // read while it is queued
    start(1, [1, 2]);
    const work = t.runningWork();
    expect(work.map((w) => w.id).sort()).toEqual([0, 1]);
    expect(work.find((w) => w.id === 0)!.ranges).toEqual([2, 3]);
  });

  it('keeps hung and requeued work right while many tasks start and end between two reads', () => {
    // Hundreds of starts with few running: the table trims its list of started tasks on its own.
    const { t, addMany, start, finish, runningIds } = setup();
    addMany(400);
    start(0, [0, 1]);
    start(1, [1, 2]);
    t.state[0] = TaskState.Hung;
    t.requeue(1);
    for (let id = 2; id < 300; id++) { start(id, [2, 3]); if (id < 299) finish(id); }
    expect(t.running).toBe(2); // 0 (hung) and 299
    t.state[0] = TaskState.Running;
    start(1, [1, 2]);
    expect(runningIds()).toEqual([0, 1, 299]);
    expect(t.runningWork()).toHaveLength(3);
  });
});

describe('TaskTable: growth', () => {
  it('grows past its initial 1024 tasks keeping every field; new tasks have no completion event', () => {
    const { clock, t, start, finish, runningIds } = setup();
    for (let id = 0; id < 1024; id++) expect(t.add(id % 7, entry(id / 2, { gpus: 1 + (id % 3) }))).toBe(id);
    expect(t.workload.length).toBe(1024);
    clock.nowS = 3;
    start(5, [0, 2], 40);
    t.completion[5] = 17;
    start(6, [2, 4], 50);
    clock.nowS = 4;
    t.requeue(6); // still in the list of started tasks
    start(7, [5, 6]);
    finish(7);
    start(1023, [4, 5], 60);

    for (let id = 1024; id < 1500; id++) expect(t.add(id % 7, entry(id / 2))).toBe(id);
    expect(t.count).toBe(1500);
    expect(t.workload.length).toBeGreaterThanOrEqual(1500);
    for (const a of [t.workload, t.state, t.arrivalS, t.startS, t.completion, t.expectedEndS]) expect(a.length).toBe(t.workload.length);
    for (let id = 0; id < 1500; id++) {
      expect(t.workload[id]).toBe(id % 7);
      expect(t.arrivalS[id]).toBe(id / 2);
      expect(t.entries[id]!.id).toBe(id);
    }
    expect([t.state[5], t.state[6], t.state[7], t.state[1023], t.state[1024], t.state[1499]])
      .toEqual([TaskState.Running, TaskState.Queued, TaskState.Done, TaskState.Running, TaskState.Queued, TaskState.Queued]);
    expect([t.startS[5], t.startS[6], t.startS[1023]]).toEqual([3, 3, 4]);
    expect([t.expectedEndS[5], t.expectedEndS[1023]]).toEqual([40, 60]);
    expect(t.completion[5]).toBe(17);
    expect(t.completion[4]).toBe(NO_EVENT);
    expect(t.completion[1024]).toBe(NO_EVENT);
    expect(t.completion[t.completion.length - 1]).toBe(NO_EVENT);
    expect(t.gpus[5]).toEqual([0, 2]);
    expect(t.entries[6]).toMatchObject({ attempts: 1, attainedGpuS: 1 }); // held 1 s × 1 GPU

    // Task 6 was left in the list of started tasks: restarting it must not list it twice.
    start(6, [2, 4], 70);
    start(1400, [6, 7], 80);
    expect(runningIds()).toEqual([5, 6, 1023, 1400]);
    expect(t.runningWork()).toHaveLength(4);
    expect(t.queue.map((q) => q.id).slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(t.queue).toHaveLength(1500 - 5); // 5, 6, 1023, 1400 running, 7 done
  });
});
