import type { CalendarQueue } from './CalendarQueue.ts';
import { EventQueue, type EventHandle } from './EventQueue.ts';
import { CalendarTimerSet, HeapTimerSet, type TimerSet } from './TimerSet.ts';
import { tuning } from './tuning.ts';

export type { TimerSet } from './TimerSet.ts';

/** Called when an event of the kind it was registered for fires; `payload` is the event's integer. */
export type EventHandler = (payload: number) => void;

/** Thrown when a run goes past its event budget (see {@link Simulator.run}). */
export class EventBudgetError extends Error {
  constructor(readonly maxEvents: number) {
    super(`the run exceeded its budget of ${maxEvents} events`);
    this.name = 'EventBudgetError';
  }
}

/**
 * The discrete-event engine: a clock, a future-event list and a table of handlers.
 * It knows nothing of what events mean; a model registers one handler per event kind and
 * schedules events as (time, kind, integer payload), or sets timers of a {@link TimerSet}.
 */
export class Simulator {
  private readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  /** Per kind: 1 when its events run the hooks. */
  private hooked = new Uint8Array(16);
  /** The calendar-queue timer sets, which the run loop takes from besides the heap. */
  private readonly timerSets: CalendarTimerSet[] = [];
  private stopped = false;
  /** Current simulated time in seconds. Never decreases. */
  nowS = 0;
  /** Number of events dispatched so far. */
  eventCount = 0;
  /** Called before every event's handler, the clock already at the event's time. */
  beforeEach: (() => void) | null = null;
  /** Called after every event's handler. */
  afterEach: (() => void) | null = null;
  /** Called after every 65,536th event (all kinds), for progress reports. */
  onTick: (() => void) | null = null;

  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity);
  }

  /**
   * Registers a handler and returns the event kind to schedule it with. Events of a kind
   * registered with `hooks: false` skip {@link beforeEach} and {@link afterEach}: for the
   * frequent events of a part of a model that keeps its own accounts (inference requests).
   */
  on(handler: EventHandler, options?: { readonly hooks?: boolean }): number {
    const kind = this.handlers.length;
    this.handlers.push(handler);
    if (kind >= this.hooked.length) {
      const h = new Uint8Array(2 * this.hooked.length);
      h.set(this.hooked);
      this.hooked = h;
    }
    this.hooked[kind] = options?.hooks === false ? 0 : 1;
    return kind;
  }

  /** Schedules an event `delayS` seconds from now. */
  after(delayS: number, kind: number, payload = 0): EventHandle {
    return this.at(this.nowS + delayS, kind, payload);
  }

  /** Schedules an event at absolute time `timeS`, which must not be in the past. */
  at(timeS: number, kind: number, payload = 0): EventHandle {
    if (!(timeS >= this.nowS)) {
      throw new RangeError(`cannot schedule an event at ${timeS} s: the clock is at ${this.nowS} s`);
    }
    return this.queue.push(timeS, kind, payload);
  }

  /**
   * A set of timers that fire events of `kind`, each keyed by a small integer id (the
   * payload of its event), kept in a calendar queue beside the event heap: for many timers
   * set a while ahead (requests in service), cheaper than one heap event each. A timer runs in
   * (time, scheduling order) among all events, as an event scheduled when it was set would.
   * (With tuning.calendarTimers off, for the ablation bench, each timer is a heap event.)
   */
  timers(kind: number): TimerSet {
    if (!tuning.calendarTimers) return new HeapTimerSet(this, this.queue, kind);
    const set = new CalendarTimerSet(this, this.queue, kind);
    this.timerSets.push(set);
    return set;
  }

  /** Cancels a pending event; a handle that already fired or was cancelled is ignored. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** True when the handle's event is still pending. */
  isPending(handle: EventHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** Number of pending events (timers included). */
  get pending(): number {
    let n = this.queue.size;
    for (const set of this.timerSets) n += set.size;
    return n;
  }

  /** Asks the run loop to return after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Dispatches events (timers included) in (time, insertion) order until none is left at or
   * before `untilS`, or {@link stop} is called. The clock then stands at the last event's
   * time (or at `untilS` when the list ran dry or went past it). Throws
   * {@link EventBudgetError} after `maxEvents` events.
   */
  run(untilS: number, maxEvents = Infinity): void {
    this.stopped = false;
    if (tuning.horizonSplit) this.queue.setHorizon(untilS);
    const stopped = this.timerSets.length === 0 ? this.runEvents(untilS, maxEvents) : this.runWithTimers(untilS, maxEvents);
    if (!stopped && untilS > this.nowS && untilS !== Infinity) this.nowS = untilS;
  }

  /** The run loop when there are no timer sets: events only. Returns true when stopped. */
  private runEvents(untilS: number, maxEvents: number): boolean {
    const q = this.queue;
    const handlers = this.handlers, hooked = this.hooked;
    const before = this.beforeEach, after = this.afterEach, tick = this.onTick;
    while (q.size > 0 && q.peekTimeS() <= untilS) {
      if (this.eventCount >= maxEvents) throw new EventBudgetError(maxEvents);
      q.pop();
      this.nowS = q.poppedTimeS;
      this.eventCount++;
      const kind = q.poppedKind;
      if (hooked[kind] === 0) {
        handlers[kind](q.poppedPayload);
      } else {
        if (before !== null) before();
        handlers[kind](q.poppedPayload);
        if (after !== null) after();
      }
      if ((this.eventCount & 0xffff) === 0 && tick !== null) tick();
      if (this.stopped) return true;
    }
    return false;
  }

  /** The run loop taking the earliest of the event heap and the timer sets. Returns true when stopped. */
  private runWithTimers(untilS: number, maxEvents: number): boolean {
    const q = this.queue;
    const handlers = this.handlers, sets = this.timerSets, hooked = this.hooked;
    const before = this.beforeEach, after = this.afterEach, tick = this.onTick;
    // One timer set (the usual case): its calendar and kind in locals.
    const single = sets.length === 1 ? sets[0].calendar : null;
    const singleKind = sets.length === 1 ? sets[0].kind : 0;
    for (;;) {
      // The earliest by (time, sequence); NaN when there is nothing.
      let timeS = NaN, seq = 0, from: CalendarQueue | null = null, id = -1, kind = 0;
      if (q.size > 0) { timeS = q.peekTimeS(); seq = q.peekSeq(); }
      if (single !== null) {
        const top = single.peek();
        if (top >= 0) {
          const t = single.timeOf(top);
          if (timeS !== timeS || t < timeS || (t === timeS && single.seqOf(top) < seq)) {
            timeS = t; from = single; id = top; kind = singleKind;
          }
        }
      } else {
        for (let i = 0; i < sets.length; i++) {
          const c = sets[i].calendar, top = c.peek();
          if (top < 0) continue;
          const t = c.timeOf(top);
          if (timeS !== timeS || t < timeS || (t === timeS && c.seqOf(top) < seq)) {
            timeS = t; seq = c.seqOf(top); from = c; id = top; kind = sets[i].kind;
          }
        }
      }
      if (!(timeS <= untilS)) return false;
      if (this.eventCount >= maxEvents) throw new EventBudgetError(maxEvents);
      if (from !== null) {
        from.removeMin(id);
      } else {
        q.pop();
        kind = q.poppedKind;
        id = q.poppedPayload;
      }
      this.nowS = timeS;
      this.eventCount++;
      if (hooked[kind] === 0) {
        handlers[kind](id);
      } else {
        if (before !== null) before();
        handlers[kind](id);
        if (after !== null) after();
      }
      if ((this.eventCount & 0xffff) === 0 && tick !== null) tick();
      if (this.stopped) return true;
    }
  }
}
