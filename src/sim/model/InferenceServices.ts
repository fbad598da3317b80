import type { Simulator, TimerSet } from '../engine/Simulator.ts';
import type { RandomStreams } from '../random/streams.ts';
import type { InferenceWorkloadSpec } from '../scenario/types.ts';
import { COMPLETED, DROPPED, FAILED, type InferenceOptions } from './work/inference/InferenceOptions.ts';
import { DOWN, DRAINING, HUNG, newReplica, READY, RETIRED, STARTING, type Replica } from './work/inference/Replica.ts';
import { RequestSlots } from './work/inference/RequestSlots.ts';
import { ServiceState } from './work/inference/ServiceState.ts';
import type { ServiceTally } from './work/inference/ServiceTally.ts';

export { COMPLETED, DROPPED, FAILED, type InferenceOptions } from './work/inference/InferenceOptions.ts';
export type { ServiceTally } from './work/inference/ServiceTally.ts';

/**
 * Inference services: requests arrive (Poisson, optionally shaped), wait in one queue per
 * service, and are served by any ready replica with a free slot. Replicas are placed on
 * GPUs by the scheduler (as work that never ends); a replica serves after its start-up
 * time. When a replica goes down, its in-flight requests are retried at the head of the
 * queue, or fail when their retries are used up.
 *
 * The completions of the requests in service are engine timers (a calendar queue, keyed by
 * request slot) rather than heap events: hundreds of requests in service cost O(1) each.
 * (Arrivals stay heap events: one pending per service, a heap that small is cheaper.)
 */
export class InferenceServices {
  private readonly services: ServiceState[] = [];
  private readonly replicas: Replica[] = [];
  private readonly replicaOfTask = new Map<number, number>();
  private readonly readyKind: number;
  private readonly arrivalKind: number;
  /** The requests in service, by slot. */
  private readonly slots = new RequestSlots();
  /** Completions of the requests in service (not of those on hung replicas), by slot. */
  private readonly completions: TimerSet;
  /** Replicas placed (starting or ready). */
  runningReplicas = 0;
  /** Requests waiting, all services. */
  queued = 0;
  /** Requests being served, all services. */
  inFlight = 0;
  /** Services whose arrivals are over. */
  arrivalsDone = 0;
  private readonly onReady: ((task: number) => void) | null;
  private readonly onIdle: (() => void) | null;
  private readonly onDrained: ((task: number) => void) | null;
  /** Replicas not retired. */
  private liveReplicas = 0;

  /** The observer's request hook, or null (tested on the hot path, so kept as a field). */
  private readonly requestDone: ((workload: number, arrivalS: number, timeS: number, outcome: 0 | 1 | 2) => void) | null;

  constructor(
    private readonly sim: Simulator,
    on: (handler: (payload: number) => void, options?: { readonly hooks?: boolean }) => number,
    specs: readonly InferenceWorkloadSpec[],
    streams: RandomStreams,
    horizonS: number,
    /** Index in the scenario's workloads of each service (for error messages and observers). */
    workloadIndex: readonly number[],
    options: InferenceOptions = {},
  ) {
    this.onReady = options.onReady ?? null;
    this.onIdle = options.onIdle ?? null;
    this.onDrained = options.onDrained ?? null;
    this.requestDone = options.requestDone ?? null;
    const hooks = options.withoutHooks !== true;
    this.arrivalKind = on((i) => this.arrive(i), { hooks });
    this.completions = sim.timers(on((slot) => this.complete(slot), { hooks }));
    this.readyKind = on((r) => this.ready(r));
    specs.forEach((spec, i) => this.services.push(new ServiceState(spec, workloadIndex[i], streams, horizonS, this.replicas)));
  }

  /** Starts every service's arrivals. */
  start(): void {
    this.services.forEach((s, i) => {
      if (s.limit > 0) this.sim.at(s.nextArrivalTime(this.sim.nowS), this.arrivalKind, i);
      else this.arrivalsDone++;
    });
  }

  /** Registers the scheduler task that stands for replica number `k` of service `service`. */
  addReplica(task: number, service: number): void {
    this.replicaOfTask.set(task, this.replicas.length);
    this.replicas.push(newReplica(service, task));
    this.liveReplicas++;
  }

  /** True when replica `task` is placed and starting up (not yet serving). */
  isStarting(task: number): boolean {
    return this.replicas[this.replicaOfTask.get(task)!].state === STARTING;
  }

  /** True when `task` is an inference replica. */
  isReplica(task: number): boolean {
    return this.replicaOfTask.has(task);
  }

  /** Total replicas of all services. */
  get replicaCount(): number {
    return this.liveReplicas;
  }

  /**
   * Autoscaling removes a placed replica (starting or ready, not hung): it takes no new
   * request. Returns true when it stopped at once (it was starting, or served nothing); else
   * it drains — the requests it serves finish — and {@link InferenceOptions.onDrained} is
   * called when the last one ends. Either way it then counts as not placed, and the caller
   * gives back its GPUs and {@link retire}s it. A failure while it drains stops it as any
   * replica (its requests retried or failed).
   */
  drain(task: number): boolean {
    const ri = this.replicaOfTask.get(task)!;
    const r = this.replicas[ri];
    const s = this.services[r.service];
    if (r.state === STARTING) this.sim.cancel(r.readyTimer);
    if (r.state === READY) s.setReady(s.ready - 1, this.sim.nowS);
    s.unlist(r);
    if (r.state !== STARTING && r.active > 0) {
      s.advance(this.sim.nowS);
      s.draining++;
      r.state = DRAINING;
      return false;
    }
    r.state = DOWN;
    this.runningReplicas--;
    return true;
  }

  /** Removes a replica for good (autoscaling): it is neither placed nor waiting for GPUs. */
  retire(task: number): void {
    const r = this.replicas[this.replicaOfTask.get(task)!];
    r.state = RETIRED;
    this.liveReplicas--;
  }

  /** Counts and integrals of service `i` up to now (for autoscaling). */
  snapshot(i: number): { arrived: number; completed: number; queued: number; inFlight: number; ready: number; servingS: number; queuedS: number; readyReplicaS: number } {
    return this.services[i].snapshot(this.sim.nowS);
  }

  /**
   * A replica was placed on GPUs of this speed: it starts up, then serves. The replicas
   * placed at time 0 are the service as it runs when the scenario begins: they serve at once.
   */
  replicaStarted(task: number, speed: number, quality = 1): void {
    const ri = this.replicaOfTask.get(task)!;
    const r = this.replicas[ri];
    r.speed = speed;
    r.quality = quality;
    r.state = STARTING;
    this.runningReplicas++;
    const startup = this.sim.nowS === 0 ? 0 : this.services[r.service].spec.startupS;
    if (startup > 0) r.readyTimer = this.sim.after(startup, this.readyKind, ri);
    else this.ready(ri);
  }

  /**
   * A replica's GPUs failed but nothing has noticed yet: it stops serving (its requests in
   * service hang), no longer counts as ready, but the load balancer still sends it requests
   * (which hang too) until {@link replicaDown} at detection.
   */
  replicaHang(task: number): void {
    const ri = this.replicaOfTask.get(task)!;
    const r = this.replicas[ri];
    const s = this.services[r.service];
    if (r.state === STARTING) this.sim.cancel(r.readyTimer);
    if (r.state === READY) s.setReady(s.ready - 1, this.sim.nowS);
    if (r.state === DRAINING) { s.advance(this.sim.nowS); s.draining--; }
    r.state = HUNG;
    for (const slot of r.slots) this.completions.cancel(slot);
  }

  /**
   * A replica's GPUs failed (and it is known): its requests go back to the head of the queue
   * (or fail when their retries are used up); it waits to be placed again. Call
   * {@link serveAll} after.
   */
  replicaDown(task: number): void {
    const ri = this.replicaOfTask.get(task)!;
    const r = this.replicas[ri];
    const s = this.services[r.service];
    this.runningReplicas--;
    if (r.state === STARTING) this.sim.cancel(r.readyTimer);
    if (r.state === READY) s.setReady(s.ready - 1, this.sim.nowS);
    if (r.state === DRAINING) { s.advance(this.sim.nowS); s.draining--; }
    s.unlist(r);
    r.state = DOWN;
    s.advance(this.sim.nowS);
    // Latest arrival first, so that pushing each to the front leaves them in arrival order.
    const slots = this.slots;
    r.slots.sort((a, b) => slots.arrival[b] - slots.arrival[a] || b - a);
    for (const slot of r.slots) {
      this.completions.cancel(slot);
      const attempts = slots.attempts[slot] + 1;
      if (attempts <= s.spec.retries) {
        s.retried++;
        s.queue.pushFront(slots.arrival[slot], slots.work[slot], attempts);
        this.queued++;
      } else {
        s.failed++;
        if (this.requestDone !== null) this.requestDone(s.workload, slots.arrival[slot], this.sim.nowS, FAILED);
      }
      slots.release(slot);
    }
    r.slots.length = 0;
    s.inFlight -= r.active;
    this.inFlight -= r.active;
    r.active = 0;
  }

  /**
   * Serves waiting requests on ready replicas, all services. The model calls it once a
   * failure has been applied everywhere, so that a retried request never lands on a replica
   * about to go down in the same failure.
   */
  serveAll(): void {
    for (const s of this.services) this.serveQueue(s);
  }

  /** Replicas of service `i` ready to serve. */
  readyOf(i: number): number {
    return this.services[i].ready;
  }

  /** The tally of service number `i`, at time `endS`. */
  tally(i: number, endS: number): ServiceTally {
    const s = this.services[i], sloS = s.spec.sloS, arrival = this.slots.arrival;
    let inFlightMissed = 0;
    for (const r of this.replicas) {
      if (r.service !== i) continue;
      for (const slot of r.slots) if (arrival[slot] + sloS <= endS) inFlightMissed++;
    }
    return s.tally(this.sim.nowS, endS, inFlightMissed);
  }

  /** ∫ requests waiting dt and ∫ requests in service dt, all services, up to now. */
  requestIntegrals(): { queuedS: number; servingS: number } {
    let queuedS = 0, servingS = 0;
    for (const s of this.services) {
      s.advance(this.sim.nowS);
      queuedS += s.queuedS;
      servingS += s.servingS;
    }
    return { queuedS, servingS };
  }

  private arrive(i: number): void {
    const s = this.services[i];
    const now = this.sim.nowS;
    const work = s.work(s.arrived);
    s.arrived++;
    const ri = s.roomyReplica();
    if (ri >= 0) this.dispatch(s, ri, now, work, 0);
    else if (s.queue.length < s.spec.queueLimit) {
      s.advance(this.sim.nowS);
      s.queue.pushBack(now, work, 0);
      this.queued++;
    } else {
      s.dropped++;
      if (this.requestDone !== null) this.requestDone(s.workload, now, now, DROPPED);
    }
    if (s.arrived < s.limit) this.sim.at(s.nextArrivalTime(now), this.arrivalKind, i);
    else {
      this.arrivalsDone++;
      this.checkIdle();
    }
  }

  /** Tells the model when requests have all ended (arrivals over, none waiting or in service). */
  private checkIdle(): void {
    if (this.onIdle !== null && this.arrivalsDone === this.services.length && this.queued === 0 && this.inFlight === 0) this.onIdle();
  }

  private complete(slot: number): void {
    const slots = this.slots;
    const s = this.services[slots.service[slot]];
    const ri = slots.replica[slot];
    const r = this.replicas[ri];
    const arrivalS = slots.arrival[slot];
    const response = this.sim.nowS - arrivalS;
    s.completed++;
    s.qualitySum += r.quality;
    if (response <= s.spec.sloS) s.met++;
    s.responses.push(response);
    s.advance(this.sim.nowS);
    // Swap-remove from the replica's slots (no branch: when it is the last, it swaps with itself).
    const pos = slots.pos[slot], list = r.slots;
    const last = list[list.length - 1];
    list[pos] = last;
    slots.pos[last] = pos;
    list.pop();
    slots.release(slot);
    r.active--;
    s.inFlight--;
    this.inFlight--;
    if (this.requestDone !== null) this.requestDone(s.workload, arrivalS, this.sim.nowS, COMPLETED);
    if (r.state !== READY) this.completedOff(s, r);
    else if (s.queue.length > 0) this.dispatchHead(s, ri);
    else if (this.inFlight === 0) this.checkIdle();
  }

  /** A request ended on a replica that takes no new ones: a draining replica stops after its last. */
  private completedOff(s: ServiceState, r: Replica): void {
    if (r.state === DRAINING && r.active === 0) {
      s.advance(this.sim.nowS);
      s.draining--;
      r.state = DOWN;
      this.runningReplicas--;
      if (this.onDrained !== null) this.onDrained(r.task);
    }
    if (this.inFlight === 0) this.checkIdle();
  }

  private ready(ri: number): void {
    const r = this.replicas[ri];
    const s = this.services[r.service];
    r.state = READY;
    s.setReady(s.ready + 1, this.sim.nowS);
    s.enlist(ri);
    if (this.onReady !== null) this.onReady(r.task);
    this.serveQueue(s);
  }

  /** Starts waiting requests while some ready replica has room. */
  private serveQueue(s: ServiceState): void {
    while (s.queue.length > 0) {
      const ri = s.roomyReplica();
      if (ri < 0) return;
      this.dispatchHead(s, ri);
    }
  }

  private dispatchHead(s: ServiceState, ri: number): void {
    const q = s.queue;
    const arrival = q.headArrival(), work = q.headWork(), attempts = q.headAttempts();
    s.advance(this.sim.nowS);
    q.popFront();
    this.queued--;
    this.dispatch(s, ri, arrival, work, attempts);
  }

  private dispatch(s: ServiceState, ri: number, arrivalS: number, work: number, attempts: number): void {
    const r = this.replicas[ri];
    const slots = this.slots, slot = slots.alloc();
    s.advance(this.sim.nowS);
    slots.service[slot] = r.service;
    slots.replica[slot] = ri;
    slots.arrival[slot] = arrivalS;
    slots.work[slot] = work;
    slots.attempts[slot] = attempts;
    slots.pos[slot] = r.slots.length;
    r.slots.push(slot);
    r.active++;
    s.inFlight++;
    this.inFlight++;
    // A hung replica takes the request but never finishes it.
    if (r.state !== HUNG) this.completions.setAfter(slot, work / r.speed);
  }
}
