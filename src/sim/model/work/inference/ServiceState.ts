import { GrowableArray } from '../../../metrics/GrowableArray.ts';
import type { RandomStreams, Rng } from '../../../random/streams.ts';
import type { InferenceWorkloadSpec } from '../../../scenario/types.ts';
import { emptyEnvelope, nextArrivalS, shapedRate, type RateEnvelope, type ShapedRate } from '../../rateShape.ts';
import { RequestQueue } from '../../RequestQueue.ts';
import { traceLength } from '../../traceLength.ts';
import { expectedRequests } from './expectedRequests.ts';
import type { Replica } from './Replica.ts';
import { serviceSampler } from './serviceSampler.ts';
import type { ServiceTally } from './ServiceTally.ts';

/**
 * One inference service as it runs: its arrivals (drawn or traced), its queue of waiting
 * requests, its load balancer (the ready replicas, visited round robin), its counts, and the
 * integrals over time of its ready replicas, requests in service and requests waiting (kept
 * up to date by {@link advance} before every change of what they integrate).
 */
export class ServiceState {
  readonly arrivalRng: Rng;
  readonly workRng: Rng;
  /** Service time at speed 1.0 of the k-th request. */
  readonly work: (k: number) => number;
  /** Requests after which arrivals stop (the count, or the trace's length). */
  readonly limit: number;
  readonly rate: ShapedRate;
  /** The stretch of the rate's bounds that arrivals are being drawn in. */
  readonly envelope: RateEnvelope;
  readonly queue = new RequestQueue();
  /** Ready replicas (indices into the replicas), in the order the load balancer visits them. */
  readonly readyList: number[] = [];
  /** Round-robin cursor into the ready list. */
  cursor = 0;
  readonly responses: GrowableArray;
  arrived = 0;
  completed = 0;
  met = 0;
  failed = 0;
  dropped = 0;
  retried = 0;
  ready = 0;
  /** Replicas draining (removed by autoscaling, still serving): counted with the ready ones in ∫ ready replicas dt. */
  draining = 0;
  /** Σ quality of the variant that served each completed request. */
  qualitySum = 0;
  inFlight = 0;
  lastS = 0;
  availableS = 0;
  readyReplicaS = 0;
  servingS = 0;
  queuedS = 0;

  constructor(
    readonly spec: InferenceWorkloadSpec,
    /** Index of its workload in the scenario. */
    readonly workload: number,
    streams: RandomStreams,
    private readonly horizonS: number,
    /** Every replica of every service, by index (the ready list holds indices into it). */
    private readonly replicas: readonly Replica[],
  ) {
    this.workRng = streams.stream(`work/${spec.id}`);
    this.arrivalRng = streams.stream(`arrival/${spec.id}`);
    this.work = serviceSampler(spec, this.workRng);
    this.limit = spec.trace ? traceLength(spec.trace, workload) : spec.count;
    this.rate = shapedRate(spec.arrivalRatePerS, spec.rateShape);
    this.envelope = emptyEnvelope();
    this.responses = new GrowableArray(expectedRequests(spec, horizonS, workload));
  }

  /**
   * When the next request arrives after `nowS` (drawing it, unless traced). A shaped rate is
   * thinned here (see {@link nextArrivalS}), so rejected candidates cost no event.
   */
  nextArrivalTime(nowS: number): number {
    const trace = this.spec.trace;
    return trace
      ? Math.max(nowS, trace.data!.arrivalS[this.arrived] * trace.timeScale)
      : nextArrivalS(this.rate, nowS, this.arrivalRng, this.horizonS, this.envelope);
  }

  /** Puts replica `ri` (now ready) at the end of the ready list. */
  enlist(ri: number): void {
    this.replicas[ri].readyPos = this.readyList.length;
    this.readyList.push(ri);
  }

  /** Takes a replica off the ready list (the load balancer's), if it is on it. */
  unlist(r: Replica): void {
    if (r.readyPos < 0) return;
    const list = this.readyList, last = list.pop()!;
    if (this.replicas[last] !== r) { list[r.readyPos] = last; this.replicas[last].readyPos = r.readyPos; }
    r.readyPos = -1;
  }

  /**
   * The load balancer: the next ready replica with a free slot in round-robin order, or -1.
   * Round robin spreads requests over the replicas (as a least-connections balancer does at
   * steady load), so a replica failure cuts off its share of the requests in service.
   */
  roomyReplica(): number {
    const list = this.readyList, n = list.length, conc = this.spec.concurrency;
    for (let k = 0; k < n; k++) {
      if (this.cursor >= n) this.cursor = 0;
      const ri = list[this.cursor++];
      if (this.replicas[ri].active < conc) return ri;
    }
    return -1;
  }

  /** Sets the count of ready replicas at `nowS` (integrating the old count up to then). */
  setReady(ready: number, nowS: number): void {
    this.advance(nowS);
    this.ready = ready;
  }

  /** Integrates the ready replicas, requests in service and requests waiting up to `nowS`. */
  advance(nowS: number): void {
    const dt = nowS - this.lastS;
    if (dt <= 0) return;
    if (this.ready > 0) this.availableS += dt;
    this.readyReplicaS += (this.ready + this.draining) * dt;
    this.servingS += this.inFlight * dt;
    this.queuedS += this.queue.length * dt;
    this.lastS = nowS;
  }

  /** Counts and integrals up to `nowS` (for autoscaling). */
  snapshot(nowS: number): { arrived: number; completed: number; queued: number; inFlight: number; ready: number; servingS: number; queuedS: number; readyReplicaS: number } {
    this.advance(nowS);
    return {
      arrived: this.arrived, completed: this.completed, queued: this.queue.length, inFlight: this.inFlight, ready: this.ready,
      servingS: this.servingS, queuedS: this.queuedS, readyReplicaS: this.readyReplicaS,
    };
  }

  /**
   * The tally at time `endS`, integrated up to `nowS`; `inFlightMissed` counts the requests in
   * service at `endS` already past their deadline (the caller sees the replicas' slots).
   */
  tally(nowS: number, endS: number, inFlightMissed: number): ServiceTally {
    this.advance(nowS);
    return {
      arrived: this.arrived, completed: this.completed, met: this.met, failed: this.failed, dropped: this.dropped, retried: this.retried,
      queued: this.queue.length, queuedMissed: this.queue.countArrivedBy(endS - this.spec.sloS), inFlight: this.inFlight, inFlightMissed,
      responseTimesS: this.responses.view(), availableS: this.availableS, readyReplicaS: this.readyReplicaS, servingS: this.servingS,
      queuedS: this.queuedS, qualitySum: this.qualitySum,
    };
  }
}
