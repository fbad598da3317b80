import { CalendarQueue } from './CalendarQueue.ts';
import { NO_EVENT, type EventQueue } from './EventQueue.ts';
import type { Simulator } from './Simulator.ts';

/**
 * Timers of one event kind keyed by small integer ids, made by {@link Simulator.timers}. A
 * timer fires once, with its id as payload; setting it again after that (or after cancelling
 * it) is a new timer. A timer runs in (time, scheduling order) among all events, as an event
 * scheduled when it was set would.
 */
export interface TimerSet {
  /** The event kind its timers fire. */
  readonly kind: number;
  /** Number of timers set. */
  readonly size: number;
  /** True when timer `id` is set. */
  isSet(id: number): boolean;
  /** Sets timer `id` (a non-negative integer, not set now) to fire at `timeS`, which must not be in the past. */
  setAt(id: number, timeS: number): void;
  /** Sets timer `id` to fire `delayS` seconds from now. */
  setAfter(id: number, delayS: number): void;
  /** Cancels timer `id`; returns false (and does nothing) when it is not set. */
  cancel(id: number): boolean;
}

/**
 * The timer set of the engine: its timers in a calendar queue beside the event heap, which
 * the run loop takes from (O(1) expected per timer, where the heap takes O(log n)).
 */
export class CalendarTimerSet implements TimerSet {
  /** The timers set: id → (time, sequence number). Read by the run loop. */
  readonly calendar = new CalendarQueue();

  constructor(private readonly sim: Simulator, private readonly queue: EventQueue, readonly kind: number) {}

  get size(): number {
    return this.calendar.size;
  }

  isSet(id: number): boolean {
    return this.calendar.has(id);
  }

  setAt(id: number, timeS: number): void {
    checkTime(this.sim, timeS);
    if (this.calendar.has(id)) throw new RangeError(`timer ${id} is already set`);
    this.calendar.insert(id, timeS, this.queue.takeSeq());
  }

  setAfter(id: number, delayS: number): void {
    this.setAt(id, this.sim.nowS + delayS);
  }

  cancel(id: number): boolean {
    return this.calendar.remove(id);
  }
}

/**
 * The plain timer set, for the ablation bench (tuning.calendarTimers off): each timer is an
 * ordinary heap event, its handle kept by id. Same order of events as {@link CalendarTimerSet}.
 */
export class HeapTimerSet implements TimerSet {
  /** Per id: the handle of its event (stale once it fired or was cancelled), or NO_EVENT. */
  private handles = new Float64Array(64).fill(NO_EVENT);

  constructor(private readonly sim: Simulator, private readonly queue: EventQueue, readonly kind: number) {}

  /** Counted over all ids (not for a hot path). */
  get size(): number {
    let n = 0;
    for (const h of this.handles) if (this.queue.isPending(h)) n++;
    return n;
  }

  isSet(id: number): boolean {
    return id < this.handles.length && this.queue.isPending(this.handles[id]);
  }

  setAt(id: number, timeS: number): void {
    checkTime(this.sim, timeS);
    if (this.isSet(id)) throw new RangeError(`timer ${id} is already set`);
    if (id >= this.handles.length) this.grow(id + 1);
    this.handles[id] = this.queue.push(timeS, this.kind, id);
  }

  setAfter(id: number, delayS: number): void {
    this.setAt(id, this.sim.nowS + delayS);
  }

  cancel(id: number): boolean {
    return id < this.handles.length && this.queue.cancel(this.handles[id]);
  }

  private grow(min: number): void {
    let c = 2 * this.handles.length;
    while (c < min) c *= 2;
    const h = new Float64Array(c).fill(NO_EVENT);
    h.set(this.handles);
    this.handles = h;
  }
}

function checkTime(sim: Simulator, timeS: number): void {
  if (!(timeS >= sim.nowS)) throw new RangeError(`cannot set a timer for ${timeS} s: the clock is at ${sim.nowS} s`);
}
