import type { Simulator } from '../engine/Simulator.ts';

/**
 * One link a transfer crosses, and how much of it the transfer uses per unit of its own
 * rate: a checkpoint written from several racks sends `weight` = its share of the bytes
 * over each rack's uplink, and weight 1 into the storage.
 */
export interface Hop {
  readonly link: number;
  readonly weight: number;
}

interface Flow {
  readonly id: number;
  readonly hops: readonly Hop[];
  remainingBytes: number;
  rateBps: number;
  lastS: number;
  /** Drain event (or, once drained, the latency event); -1 for none. */
  timer: number;
  readonly latencyS: number;
  /** True once its last byte has left and only the latency is left. */
  drained: boolean;
  readonly done: () => void;
}

/**
 * Transfers over links of fixed bandwidth, shared max-min fairly: rates are found by
 * progressive filling — every transfer's rate rises together until some link is full, the
 * transfers over that link keep the rate they reached, and the rest go on rising. A
 * transfer alone on its links gets the narrowest of them; n transfers over one link get
 * 1/n of it each (processor sharing). Every start, end or cancellation re-divides the
 * bandwidth, and a transfer's end is rescheduled from the bytes it still has to move. A
 * transfer ends `latencyS` after its last byte left (the links' propagation delay).
 */
export class FlowNetwork {
  private readonly flows = new Map<number, Flow>();
  private readonly drainKind: number;
  private readonly doneKind: number;
  private nextId = 0;
  // Scratch space for progressive filling, one entry per link.
  private readonly left: Float64Array;
  private readonly demand: Float64Array;

  /** `capacityBps[link]`: each link's bandwidth, bytes per second (Infinity for a link never full). */
  constructor(private readonly sim: Simulator, on: (handler: (id: number) => void) => number, private readonly capacityBps: readonly number[]) {
    this.drainKind = on((id) => this.drain(id));
    this.doneKind = on((id) => this.complete(id));
    this.left = new Float64Array(capacityBps.length);
    this.demand = new Float64Array(capacityBps.length);
  }

  /** A link's bandwidth, bytes per second. */
  capacityOf(link: number): number {
    return this.capacityBps[link];
  }

  /** Starts moving `bytes` over the hops; `done` is called once they have all arrived. */
  start(hops: readonly Hop[], bytes: number, latencyS: number, done: () => void): number {
    const id = this.nextId++;
    this.settle();
    this.flows.set(id, { id, hops, remainingBytes: bytes, rateBps: 0, lastS: this.sim.nowS, timer: -1, latencyS, drained: false, done });
    this.reshare();
    return id;
  }

  /** Stops a transfer under way (its sender failed or its link was cut); the others speed up. */
  cancel(id: number): void {
    const f = this.flows.get(id);
    if (!f) return;
    this.sim.cancel(f.timer);
    this.flows.delete(id);
    if (f.drained) return;
    this.settle();
    this.reshare();
  }

  /** The rate a transfer moves at now, bytes per second (0 once drained or ended). */
  rateOf(id: number): number {
    const f = this.flows.get(id);
    return f && !f.drained ? f.rateBps : 0;
  }

  /** Transfers under way that cross a link, in the order they started. */
  flowsOver(link: number): number[] {
    const out: number[] = [];
    for (const [id, f] of this.flows) if (f.hops.some((h) => h.link === link)) out.push(id);
    return out;
  }

  private drain(id: number): void {
    const f = this.flows.get(id)!;
    this.settle();
    f.remainingBytes = 0;
    f.drained = true;
    this.reshare();
    if (f.latencyS > 0) f.timer = this.sim.after(f.latencyS, this.doneKind, id);
    else this.complete(id);
  }

  private complete(id: number): void {
    const f = this.flows.get(id)!;
    this.flows.delete(id);
    f.done();
  }

  /** Counts the bytes each transfer moved since its rate was last set. */
  private settle(): void {
    const now = this.sim.nowS;
    for (const f of this.flows.values()) {
      if (f.drained) continue;
      const dt = now - f.lastS;
      if (dt > 0) f.remainingBytes = Math.max(0, f.remainingBytes - dt * f.rateBps);
      f.lastS = now;
    }
  }

  /** Finds the max-min fair rates by progressive filling and reschedules the ends that moved. */
  private reshare(): void {
    const open: Flow[] = [];
    for (const f of this.flows.values()) if (!f.drained) open.push(f);
    const rates = this.fill(open);
    open.forEach((f, i) => {
      if (rates[i] === f.rateBps && f.timer >= 0) return;
      f.rateBps = rates[i];
      this.sim.cancel(f.timer);
      f.timer = this.sim.after(f.remainingBytes / f.rateBps, this.drainKind, f.id);
    });
  }

  /** Progressive filling over the given transfers; returns their rates. */
  private fill(open: readonly Flow[]): number[] {
    const { left, demand } = this;
    for (const f of open) for (const h of f.hops) left[h.link] = this.capacityBps[h.link];
    const rates = new Array<number>(open.length).fill(NaN);
    let unfrozen = open.length;
    let level = 0;
    while (unfrozen > 0) {
      for (const f of open) for (const h of f.hops) demand[h.link] = 0;
      open.forEach((f, i) => { if (Number.isNaN(rates[i])) for (const h of f.hops) demand[h.link] += h.weight; });
      // The next link to fill: the least room left per unit of demand on it.
      let step = Infinity, narrowest = -1;
      for (const f of open) {
        for (const h of f.hops) {
          if (demand[h.link] > 0 && left[h.link] / demand[h.link] < step) { step = left[h.link] / demand[h.link]; narrowest = h.link; }
        }
      }
      level = step === Infinity ? Infinity : level + step;
      if (step !== Infinity) {
        // Each link once: its demand is negated once it has been charged.
        for (const f of open) for (const h of f.hops) if (demand[h.link] > 0) { left[h.link] -= step * demand[h.link]; demand[h.link] = -demand[h.link]; }
        left[narrowest] = 0;
      }
      // Freeze the transfers that cross a full link (relative tolerance for rounding).
      open.forEach((f, i) => {
        if (!Number.isNaN(rates[i])) return;
        if (level === Infinity || f.hops.some((h) => this.full(h.link))) { rates[i] = level; unfrozen--; }
      });
    }
    return rates;
  }

  /** True when a link has no room left (within rounding); a link of infinite bandwidth never fills. */
  private full(link: number): boolean {
    const cap = this.capacityBps[link];
    return cap < Infinity && this.left[link] <= 1e-12 * cap;
  }
}
