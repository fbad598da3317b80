import type { Simulator, TimerSet } from '../engine/Simulator.ts';
import { GrowableArray } from '../metrics/GrowableArray.ts';
import { sampler, type Distribution } from '../random/distributions.ts';
import type { RandomStreams, Rng } from '../random/streams.ts';
import type { InferenceWorkloadSpec } from '../scenario/types.ts';
import { RequestQueue } from './RequestQueue.ts';
import { traceLength } from './traceLength.ts';
import { standardNormal } from './ziggurat.ts';
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
  /** ∫ ready replicas dt, replica-seconds. */
  readonly readyReplicaS: number;
  /** ∫ requests being served dt, request-seconds. */
  readonly servingS: number;
  /** Σ over completed requests of the quality of the model variant that served each. */
  readonly qualitySum: number;
}

/** Replica states. HUNG: failed but not yet detected — still routed to, serving nothing. */
const DOWN = 0, STARTING = 1, READY = 2, HUNG = 3;

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
  /** Σ quality of the variant that served each completed request. */
  qualitySum: number;
  inFlight: number;
  lastS: number;
  availableS: number;
  readyReplicaS: number;
  servingS: number;
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
 */
export class InferenceServices {
  private readonly services: Service[] = [];
  private readonly replicas: Replica[] = [];
  private readonly replicaOfTask = new Map<number, number>();
  private readonly arrivalKind: number;
  private readonly readyKind: number;
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

  constructor(
    private readonly sim: Simulator,
    on: (handler: (payload: number) => void) => number,
    specs: readonly InferenceWorkloadSpec[],
    streams: RandomStreams,
    private readonly horizonS: number,
    /** Index in the scenario's workloads of each service (for error messages). */
    workloadIndex: readonly number[],
    /** Called when a replica becomes ready to serve (with its scheduler task). */
    private readonly onReady?: (task: number) => void,
  ) {
    this.arrivalKind = on((s) => this.arrive(s));
    this.completions = sim.timers(on((slot) => this.complete(slot)));
    this.readyKind = on((r) => this.ready(r));
    specs.forEach((spec, i) => {
      const workRng = streams.stream(`work/${spec.id}`);
      this.services.push({
        spec, arrivalRng: streams.stream(`arrival/${spec.id}`), workRng, work: serviceSampler(spec, workRng),
        limit: spec.trace ? traceLength(spec.trace, workloadIndex[i]) : spec.count,
        rate: shapedRate(spec.arrivalRatePerS, spec.rateShape), envelope: emptyEnvelope(), queue: new RequestQueue(), readyList: [], cursor: 0, responses: new GrowableArray(),
        arrived: 0, completed: 0, met: 0, failed: 0, dropped: 0, retried: 0, ready: 0, qualitySum: 0, inFlight: 0, lastS: 0, availableS: 0, readyReplicaS: 0, servingS: 0,
      });
    });
  }

  /** Starts every service's arrivals. */
  start(): void {
    this.services.forEach((s, i) => {
      if (s.limit > 0) this.nextArrival(s, i);
      else this.arrivalsDone++;
    });
  }

  /** Registers the scheduler task that stands for replica number `k` of service `service`. */
  addReplica(task: number, service: number): void {
    this.replicaOfTask.set(task, this.replicas.length);
    this.replicas.push({ service, task, state: DOWN, speed: 1, active: 0, slots: [], readyTimer: -1, readyPos: -1, quality: 1 });
  }

  /** True when `task` is an inference replica. */
  isReplica(task: number): boolean {
    return this.replicaOfTask.has(task);
  }

  /** Total replicas of all services. */
  get replicaCount(): number {
    return this.replicas.length;
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
    if (r.readyPos >= 0) {
      const list = s.readyList, last = list.pop()!;
      if (last !== ri) { list[r.readyPos] = last; this.replicas[last].readyPos = r.readyPos; }
      r.readyPos = -1;
    }
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
      qualitySum: s.qualitySum,
    };
  }

  /**
   * Schedules the service's next arrival. A shaped rate is thinned here (see
   * {@link nextArrivalS}), so rejected candidates cost no event.
   */
  private nextArrival(s: Service, i: number): void {
    const trace = s.spec.trace;
    if (trace) {
      this.sim.at(Math.max(this.sim.nowS, trace.data!.arrivalS[s.arrived] * trace.timeScale), this.arrivalKind, i);
      return;
    }
    this.sim.at(nextArrivalS(s.rate, this.sim.nowS, s.arrivalRng, this.horizonS, s.envelope), this.arrivalKind, i);
  }

  private arrive(i: number): void {
    const s = this.services[i];
    const now = this.sim.nowS;
    const work = s.work(s.arrived);
    s.arrived++;
    const ri = this.roomyReplica(s);
    if (ri >= 0) this.dispatch(s, ri, now, work, 0);
    else if (s.queue.length < s.spec.queueLimit) { s.queue.pushBack(now, work, 0); this.queued++; }
    else s.dropped++;
    if (s.arrived < s.limit) this.nextArrival(s, i);
    else this.arrivalsDone++;
  }

  private complete(slot: number): void {
    const s = this.services[this.slotService[slot]];
    const ri = this.slotReplica[slot];
    const r = this.replicas[ri];
    const response = this.sim.nowS - this.slotArrival[slot];
    s.completed++;
    s.qualitySum += r.quality;
    if (response <= s.spec.sloS) s.met++;
    s.responses.push(response);
    this.advance(s);
    const pos = this.slotPos[slot];
    const last = r.slots.pop()!;
    if (last !== slot) { r.slots[pos] = last; this.slotPos[last] = pos; }
    this.freeSlot(slot);
    r.active--;
    s.inFlight--;
    this.inFlight--;
    if (s.queue.length > 0) this.dispatchHead(s, ri);
  }

  private ready(ri: number): void {
    const r = this.replicas[ri];
    const s = this.services[r.service];
    r.state = READY;
    this.setReady(s, s.ready + 1);
    r.readyPos = s.readyList.length;
    s.readyList.push(ri);
    this.onReady?.(r.task);
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

  /** Integrates the service's ready replicas and requests in service up to now. */
  private advance(s: Service): void {
    const now = this.sim.nowS;
    const dt = now - s.lastS;
    if (dt <= 0) return;
    if (s.ready > 0) s.availableS += dt;
    s.readyReplicaS += s.ready * dt;
    s.servingS += s.inFlight * dt;
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
  const p = sv.prompt, o = sv.output;
  // Lognormal lengths (the usual model) by ziggurat normals, in one closure: the hot path.
  if (p.kind === 'lognormal' && o.kind === 'lognormal') {
    const pMu = p.mu, pSigma = p.sigma, oMu = o.mu, oSigma = o.sigma;
    return () => roundCount(Math.exp(pMu + pSigma * standardNormal(rng))) * pre + roundCount(Math.exp(oMu + oSigma * standardNormal(rng))) * dec;
  }
  const prompt = tokenDrawer(p, rng), output = tokenDrawer(o, rng);
  return () => roundCount(prompt()) * pre + roundCount(output()) * dec;
}

/**
 * Draws of a token count's distribution with `rng`: a lognormal (the usual model of prompt
 * and output lengths) by ziggurat normals, any other by the shared samplers.
 */
function tokenDrawer(d: Distribution, rng: Rng): () => number {
  if (d.kind === 'lognormal') {
    const mu = d.mu, sigma = d.sigma;
    return () => Math.exp(mu + sigma * standardNormal(rng));
  }
  const f = sampler(d);
  return () => f(rng);
}

/** Math.round of a non-negative number (the same value, faster than Math.round in V8). */
function roundCount(x: number): number {
  const f = Math.floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}
