import type { Simulator, TimerSet } from '../engine/Simulator.ts';
import { GrowableArray } from '../metrics/GrowableArray.ts';
import { sampler, type Distribution } from '../random/distributions.ts';
import type { RandomStreams, Rng } from '../random/streams.ts';
import type { InferenceWorkloadSpec } from '../scenario/types.ts';
import { RequestQueue } from './RequestQueue.ts';
import { traceLength } from './traceLength.ts';
import { roundCount, roundedLognormal } from './tokenCounts.ts';
import { emptyEnvelope, nextArrivalS, shapedRate, type RateEnvelope, type ShapedRate } from './rateShape.ts';

/** What a service counted, for the metrics. */
export interface ServiceTally {
  readonly arrived: number;
  readonly completed: number;
  readonly met: number;
  /** Requests whose retries ran out after replica failures. */
  readonly failed: number;
  /** Requests turned away by a full queue. */
  readonly dropped: number;
  /** Retries after replica failures. */
  readonly retried: number;
  /** Waiting at the end, and of those, already past their deadline. */
  readonly queued: number;
  readonly queuedMissed: number;
  /** Being served at the end, and of those, already past their deadline. */
  readonly inFlight: number;
  readonly inFlightMissed: number;
  readonly responseTimesS: ArrayLike<number>;
  /** Time with at least one replica ready, seconds. */
  readonly availableS: number;
  /** ∫ ready replicas dt (draining ones too: removed by autoscaling, still serving), replica-seconds. */
  readonly readyReplicaS: number;
  /** ∫ requests being served dt, request-seconds. */
  readonly servingS: number;
  /** ∫ requests waiting dt, request-seconds. */
  readonly queuedS: number;
  /** Σ over completed requests of the quality of the model variant that served each. */
  readonly qualitySum: number;
}

/**
 * Replica states. HUNG: failed but not yet detected — still routed to, serving nothing.
 * DRAINING: removed by autoscaling — no new requests; it stops when those it serves end.
 * RETIRED: removed for good.
 */
const DOWN = 0, STARTING = 1, READY = 2, HUNG = 3, DRAINING = 4, RETIRED = 5;

interface Replica {
  readonly service: number;
  state: number;
  speed: number;
  active: number;
  /** In-flight request slots. */
  readonly slots: number[];
  readyTimer: number;
  /** The scheduler task that stands for it. */
  readonly task: number;
  /** Position in its service's ready list, or -1. */
  readyPos: number;
  /** Quality of the model variant it serves (1 for the full model). */
  quality: number;
}

interface Service {
  readonly spec: InferenceWorkloadSpec;
  /** Index of its workload in the scenario. */
  readonly workload: number;
  readonly arrivalRng: Rng;
  readonly workRng: Rng;
  /** Service time at speed 1.0 of the k-th request. */
  readonly work: (k: number) => number;
  /** Requests after which arrivals stop (the count, or the trace's length). */
  readonly limit: number;
  readonly rate: ShapedRate;
  /** The stretch of the rate's bounds that arrivals are being drawn in. */
  readonly envelope: RateEnvelope;
  readonly queue: RequestQueue;
  /** Ready replicas, in the order the load balancer visits them. */
  readonly readyList: number[];
  /** Round-robin cursor into the ready list. */
  cursor: number;
  readonly responses: GrowableArray;
  arrived: number;
  completed: number;
  met: number;
  failed: number;
  dropped: number;
  retried: number;
  ready: number;
  /** Replicas draining (removed by autoscaling, still serving): counted with the ready ones in ∫ ready replicas dt. */
  draining: number;
  /** Σ quality of the variant that served each completed request. */
  qualitySum: number;
  inFlight: number;
  lastS: number;
  availableS: number;
  readyReplicaS: number;
  servingS: number;
  queuedS: number;
}

/** How a request ended, for {@link InferenceOptions.requestDone}: completed, failed (unserved after a failure), dropped (queue full). */
export const COMPLETED = 0, FAILED = 1, DROPPED = 2;

/** Options of {@link InferenceServices}. */
export interface InferenceOptions {
  /** Called when a replica becomes ready to serve (with its scheduler task). */
  readonly onReady?: (task: number) => void;
  /**
   * Run request arrivals and completions without the engine's per-event hooks: the services
   * integrate their own counts (see {@link ServiceTally}), so the model need not look at
   * every request's events. The model then learns that requests have all ended from
   * {@link onIdle}.
   */
  readonly withoutHooks?: boolean;
  /** Called (without hooks) when every service's arrivals are over and no request is waiting or in service. */
  readonly onIdle?: () => void;
  /** Called (maybe without hooks) when a draining replica's last request ends: it no longer serves (see {@link InferenceServices.drain}). */
  readonly onDrained?: (task: number) => void;
  /**
   * Called when a request ends: the index of its workload in the scenario, its arrival time,
   * now, and how it ended (0 completed, 1 failed, 2 dropped).
   */
  readonly requestDone?: ((workload: number, arrivalS: number, timeS: number, outcome: 0 | 1 | 2) => void) | null;
}

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
  private readonly services: Service[] = [];
  private readonly replicas: Replica[] = [];
  private readonly replicaOfTask = new Map<number, number>();
  private readonly readyKind: number;
  private readonly arrivalKind: number;
  // In-flight request pool, by slot.
  private slotService = new Int32Array(64);
  private slotReplica = new Int32Array(64);
  private slotArrival = new Float64Array(64);
  private slotWork = new Float64Array(64);
  private slotAttempts = new Int32Array(64);
  private slotPos = new Int32Array(64);
  private readonly freeSlots: number[] = [];
  private slotCount = 0;
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
    private readonly horizonS: number,
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
    specs.forEach((spec, i) => {
      const workRng = streams.stream(`work/${spec.id}`);
      this.services.push({
        spec, workload: workloadIndex[i], arrivalRng: streams.stream(`arrival/${spec.id}`), workRng, work: serviceSampler(spec, workRng),
        limit: spec.trace ? traceLength(spec.trace, workloadIndex[i]) : spec.count,
        rate: shapedRate(spec.arrivalRatePerS, spec.rateShape), envelope: emptyEnvelope(), queue: new RequestQueue(), readyList: [], cursor: 0, responses: new GrowableArray(expectedRequests(spec, horizonS, workloadIndex[i])),
        arrived: 0, completed: 0, met: 0, failed: 0, dropped: 0, retried: 0, ready: 0, draining: 0, qualitySum: 0, inFlight: 0, lastS: 0, availableS: 0, readyReplicaS: 0, servingS: 0, queuedS: 0,
      });
    });
  }

  /** Starts every service's arrivals. */
  start(): void {
    this.services.forEach((s, i) => {
      if (s.limit > 0) this.sim.at(this.nextArrivalTime(s), this.arrivalKind, i);
      else this.arrivalsDone++;
    });
  }

  /** Registers the scheduler task that stands for replica number `k` of service `service`. */
  addReplica(task: number, service: number): void {
    this.replicaOfTask.set(task, this.replicas.length);
    this.replicas.push({ service, task, state: DOWN, speed: 1, active: 0, slots: [], readyTimer: -1, readyPos: -1, quality: 1 });
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
    if (r.state === READY) this.setReady(s, s.ready - 1);
    this.unlist(s, r);
    if (r.state !== STARTING && r.active > 0) {
      this.advance(s);
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
    const s = this.services[i];
    this.advance(s);
    return {
      arrived: s.arrived, completed: s.completed, queued: s.queue.length, inFlight: s.inFlight, ready: s.ready,
      servingS: s.servingS, queuedS: s.queuedS, readyReplicaS: s.readyReplicaS,
    };
  }

  /** Takes a replica off its service's ready list (the load balancer's). */
  private unlist(s: Service, r: Replica): void {
    if (r.readyPos < 0) return;
    const list = s.readyList, last = list.pop()!;
    if (this.replicas[last] !== r) { list[r.readyPos] = last; this.replicas[last].readyPos = r.readyPos; }
    r.readyPos = -1;
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
    if (r.state === READY) this.setReady(s, s.ready - 1);
    if (r.state === DRAINING) { this.advance(s); s.draining--; }
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
    if (r.state === READY) this.setReady(s, s.ready - 1);
    if (r.state === DRAINING) { this.advance(s); s.draining--; }
    this.unlist(s, r);
    r.state = DOWN;
    this.advance(s);
    // Latest arrival first, so that pushing each to the front leaves them in arrival order.
    r.slots.sort((a, b) => this.slotArrival[b] - this.slotArrival[a] || b - a);
    for (const slot of r.slots) {
      this.completions.cancel(slot);
      const attempts = this.slotAttempts[slot] + 1;
      if (attempts <= s.spec.retries) {
        s.retried++;
        s.queue.pushFront(this.slotArrival[slot], this.slotWork[slot], attempts);
        this.queued++;
      } else {
        s.failed++;
        if (this.requestDone !== null) this.requestDone(s.workload, this.slotArrival[slot], this.sim.nowS, FAILED);
      }
      this.freeSlot(slot);
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
    const s = this.services[i];
    this.advance(s);
    let inFlightMissed = 0;
    for (const r of this.replicas) {
      if (r.service !== i) continue;
      for (const slot of r.slots) if (this.slotArrival[slot] + s.spec.sloS <= endS) inFlightMissed++;
    }
    return {
      arrived: s.arrived, completed: s.completed, met: s.met, failed: s.failed, dropped: s.dropped, retried: s.retried,
      queued: s.queue.length, queuedMissed: s.queue.countArrivedBy(endS - s.spec.sloS), inFlight: s.inFlight, inFlightMissed,
      responseTimesS: s.responses.view(), availableS: s.availableS, readyReplicaS: s.readyReplicaS, servingS: s.servingS,
      queuedS: s.queuedS, qualitySum: s.qualitySum,
    };
  }

  /** ∫ requests waiting dt and ∫ requests in service dt, all services, up to now. */
  requestIntegrals(): { queuedS: number; servingS: number } {
    let queuedS = 0, servingS = 0;
    for (const s of this.services) {
      this.advance(s);
      queuedS += s.queuedS;
      servingS += s.servingS;
    }
    return { queuedS, servingS };
  }

  /**
   * When the service's next request arrives (drawing it, unless traced). A shaped rate is
   * thinned here (see {@link nextArrivalS}), so rejected candidates cost no event.
   */
  private nextArrivalTime(s: Service): number {
    const trace = s.spec.trace;
    return trace
      ? Math.max(this.sim.nowS, trace.data!.arrivalS[s.arrived] * trace.timeScale)
      : nextArrivalS(s.rate, this.sim.nowS, s.arrivalRng, this.horizonS, s.envelope);
  }

  private arrive(i: number): void {
    const s = this.services[i];
    const now = this.sim.nowS;
    const work = s.work(s.arrived);
    s.arrived++;
    const ri = this.roomyReplica(s);
    if (ri >= 0) this.dispatch(s, ri, now, work, 0);
    else if (s.queue.length < s.spec.queueLimit) {
      this.advance(s);
      s.queue.pushBack(now, work, 0);
      this.queued++;
    } else {
      s.dropped++;
      if (this.requestDone !== null) this.requestDone(s.workload, now, now, DROPPED);
    }
    if (s.arrived < s.limit) this.sim.at(this.nextArrivalTime(s), this.arrivalKind, i);
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
    const s = this.services[this.slotService[slot]];
    const ri = this.slotReplica[slot];
    const r = this.replicas[ri];
    const arrivalS = this.slotArrival[slot];
    const response = this.sim.nowS - arrivalS;
    s.completed++;
    s.qualitySum += r.quality;
    if (response <= s.spec.sloS) s.met++;
    s.responses.push(response);
    this.advance(s);
    // Swap-remove from the replica's slots (no branch: when it is the last, it swaps with itself).
    const pos = this.slotPos[slot], slots = r.slots;
    const last = slots[slots.length - 1];
    slots[pos] = last;
    this.slotPos[last] = pos;
    slots.pop();
    this.freeSlot(slot);
    r.active--;
    s.inFlight--;
    this.inFlight--;
    if (this.requestDone !== null) this.requestDone(s.workload, arrivalS, this.sim.nowS, COMPLETED);
    if (r.state !== READY) this.completedOff(s, r);
    else if (s.queue.length > 0) this.dispatchHead(s, ri);
    else if (this.inFlight === 0) this.checkIdle();
  }

  /** A request ended on a replica that takes no new ones: a draining replica stops after its last. */
  private completedOff(s: Service, r: Replica): void {
    if (r.state === DRAINING && r.active === 0) {
      this.advance(s);
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
    this.setReady(s, s.ready + 1);
    r.readyPos = s.readyList.length;
    s.readyList.push(ri);
    if (this.onReady !== null) this.onReady(r.task);
    this.serveQueue(s);
  }

  /** Starts waiting requests while some ready replica has room. */
  private serveQueue(s: Service): void {
    while (s.queue.length > 0) {
      const ri = this.roomyReplica(s);
      if (ri < 0) return;
      this.dispatchHead(s, ri);
    }
  }

  private dispatchHead(s: Service, ri: number): void {
    const q = s.queue;
    const arrival = q.headArrival(), work = q.headWork(), attempts = q.headAttempts();
    this.advance(s);
    q.popFront();
    this.queued--;
    this.dispatch(s, ri, arrival, work, attempts);
  }

  /**
   * The load balancer: the next ready replica with a free slot in round-robin order, or -1.
   * Round robin spreads requests over the replicas (as a least-connections balancer does at
   * steady load), so a replica failure cuts off its share of the requests in service.
   */
  private roomyReplica(s: Service): number {
    const list = s.readyList, n = list.length, conc = s.spec.concurrency;
    for (let k = 0; k < n; k++) {
      if (s.cursor >= n) s.cursor = 0;
      const ri = list[s.cursor++];
      if (this.replicas[ri].active < conc) return ri;
    }
    return -1;
  }

  private dispatch(s: Service, ri: number, arrivalS: number, work: number, attempts: number): void {
    const r = this.replicas[ri];
    const slot = this.allocSlot();
    this.advance(s);
    this.slotService[slot] = r.service;
    this.slotReplica[slot] = ri;
    this.slotArrival[slot] = arrivalS;
    this.slotWork[slot] = work;
    this.slotAttempts[slot] = attempts;
    this.slotPos[slot] = r.slots.length;
    r.slots.push(slot);
    r.active++;
    s.inFlight++;
    this.inFlight++;
    // A hung replica takes the request but never finishes it.
    if (r.state !== HUNG) this.completions.setAfter(slot, work / r.speed);
  }

  private setReady(s: Service, ready: number): void {
    this.advance(s);
    s.ready = ready;
  }

  /** Integrates the service's ready replicas, requests in service and requests waiting up to now. */
  private advance(s: Service): void {
    const now = this.sim.nowS;
    const dt = now - s.lastS;
    if (dt <= 0) return;
    if (s.ready > 0) s.availableS += dt;
    s.readyReplicaS += (s.ready + s.draining) * dt;
    s.servingS += s.inFlight * dt;
    s.queuedS += s.queue.length * dt;
    s.lastS = now;
  }

  private allocSlot(): number {
    if (this.freeSlots.length > 0) return this.freeSlots.pop()!;
    if (this.slotCount === this.slotService.length) this.growSlots();
    return this.slotCount++;
  }

  private freeSlot(slot: number): void {
    this.freeSlots.push(slot);
  }

  private growSlots(): void {
    const c = this.slotService.length * 2;
    const i32 = (a: Int32Array) => { const b = new Int32Array(c); b.set(a); return b; };
    const f64 = (a: Float64Array) => { const b = new Float64Array(c); b.set(a); return b; };
    this.slotService = i32(this.slotService);
    this.slotReplica = i32(this.slotReplica);
    this.slotAttempts = i32(this.slotAttempts);
    this.slotPos = i32(this.slotPos);
    this.slotArrival = f64(this.slotArrival);
    this.slotWork = f64(this.slotWork);
  }
}

/**
 * About how many requests a service will complete (at most 2^26): its count or trace length,
 * else its base rate × (1 + diurnal amplitude) × the horizon, plus a little. The response
 * times' array starts at that size: a day at hundreds of requests per second then never
 * copies tens of millions of them as it grows (memory is only touched as it fills).
 */
function expectedRequests(spec: InferenceWorkloadSpec, horizonS: number, workload: number): number {
  const limit = spec.trace ? traceLength(spec.trace, workload) : spec.count;
  const drawn = spec.arrivalRatePerS * (1 + (spec.rateShape.diurnal?.amplitude ?? 0)) * horizonS;
  const n = Math.min(limit, 1.05 * drawn + 1024, 2 ** 26);
  return Number.isFinite(n) ? Math.max(256, Math.ceil(n)) : 256;
}

/**
 * The service time at speed 1.0 of request k: drawn from a distribution, or from token
 * counts (traced, or drawn) × per-token times.
 */
function serviceSampler(spec: InferenceWorkloadSpec, rng: Rng): (k: number) => number {
  const sv = spec.service;
  if (sv.kind === 'distribution') {
    const f = sampler(sv.distribution);
    return () => f(rng);
  }
  const pre = sv.prefillPerTokenS, dec = sv.decodePerTokenS;
  const data = spec.trace?.data;
  if (data) return (k) => data.promptTokens[k] * pre + data.outputTokens[k] * dec;
  const prompt = tokenCounter(sv.prompt, rng), output = tokenCounter(sv.output, rng);
  return () => prompt() * pre + output() * dec;
}

/**
 * Draws of a whole token count (a distribution's draw rounded half up) with `rng`: a
 * lognormal (the usual model of prompt and output lengths) from the rounded count's own
 * distribution by an alias table (see {@link roundedLognormal}), any other by rounding a
 * draw of the shared samplers.
 */
function tokenCounter(d: Distribution, rng: Rng): () => number {
  if (d.kind === 'lognormal') return roundedLognormal(d.mu, d.sigma, rng);
  const f = sampler(d);
  return () => roundCount(f(rng));
}
