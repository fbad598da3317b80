import { EventQueue, type EventHandle } from './EventQueue.ts';

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
 * schedules events as (time, kind, integer payload).
 */
export class Simulator {
  private readonly queue: EventQueue;
  private readonly handlers: EventHandler[] = [];
  private stopped = false;
  /** Current simulated time in seconds. Never decreases. */
  nowS = 0;
  /** Number of events dispatched so far. */
  eventCount = 0;
  /** Called before every event's handler, the clock already at the event's time. */
  beforeEach: (() => void) | null = null;
  /** Called after every event's handler. */
  afterEach: (() => void) | null = null;

  constructor(initialCapacity = 1024) {
    this.queue = new EventQueue(initialCapacity);
  }

  /** Registers a handler and returns the event kind to schedule it with. */
  on(handler: EventHandler): number {
    this.handlers.push(handler);
    return this.handlers.length - 1;
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

  /** Cancels a pending event; a handle that already fired or was cancelled is ignored. */
  cancel(handle: EventHandle): boolean {
    return this.queue.cancel(handle);
  }

  /** True when the handle's event is still pending. */
  isPending(handle: EventHandle): boolean {
    return this.queue.isPending(handle);
  }

  /** Number of pending events. */
  get pending(): number {
    return this.queue.size;
  }

  /** Asks the run loop to return after the current event. */
  stop(): void {
    this.stopped = true;
  }

  /**
   * Dispatches events in (time, insertion) order until none is left at or before `untilS`,
   * or {@link stop} is called. The clock then stands at the last event's time (or at
   * `untilS` when the list ran dry or went past it). Throws {@link EventBudgetError} after
   * `maxEvents` events.
   */
  run(untilS: number, maxEvents = Infinity): void {
    const q = this.queue;
    const handlers = this.handlers;
    const before = this.beforeEach, after = this.afterEach;
    this.stopped = false;
    let budget = maxEvents - this.eventCount;
    while (q.size > 0 && q.peekTimeS() <= untilS) {
      if (budget-- <= 0) throw new EventBudgetError(maxEvents);
      q.pop();
      this.nowS = q.poppedTimeS;
      this.eventCount++;
      if (before !== null) before();
      handlers[q.poppedKind](q.poppedPayload);
      if (after !== null) after();
      if (this.stopped) return;
    }
    if (untilS > this.nowS && untilS !== Infinity) this.nowS = untilS;
  }
}
