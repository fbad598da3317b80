import type { Simulator } from '../engine/Simulator.ts';

interface Transfer {
  readonly site: number;
  remainingBytes: number;
  rateBps: number;
  lastS: number;
  timer: number;
  readonly done: () => void;
}

/**
 * Transfers that share a site's storage bandwidth fairly (processor sharing): n transfers
 * under way each get bandwidth / n, and every start, end or cancellation re-divides it, so
 * each transfer's completion is rescheduled from the bytes it still has to move.
 */
export class SharedBandwidth {
  private readonly transfers = new Map<number, Transfer>();
  private readonly active: number[][];
  private readonly doneKind: number;
  private nextId = 0;

  constructor(private readonly sim: Simulator, on: (handler: (id: number) => void) => number, private readonly bandwidthBps: readonly number[]) {
    this.active = bandwidthBps.map(() => []);
    this.doneKind = on((id) => this.finish(id));
  }

  /** The bandwidth of a site's storage, bytes per second (Infinity when not modelled). */
  bandwidthOf(site: number): number {
    return this.bandwidthBps[site];
  }

  /** Starts moving `bytes` at site `site`; `done` is called when they have all moved. */
  start(site: number, bytes: number, done: () => void): number {
    const id = this.nextId++;
    this.settle(site);
    this.transfers.set(id, { site, remainingBytes: bytes, rateBps: 0, lastS: this.sim.nowS, timer: -1, done });
    this.active[site].push(id);
    this.reshare(site);
    return id;
  }

  /** Stops a transfer under way (its writer failed); the others speed up. */
  cancel(id: number): void {
    const t = this.transfers.get(id);
    if (!t) return;
    this.settle(t.site);
    this.sim.cancel(t.timer);
    this.remove(id, t.site);
    this.reshare(t.site);
  }

  private finish(id: number): void {
    const t = this.transfers.get(id)!;
    this.settle(t.site);
    this.remove(id, t.site);
    this.reshare(t.site);
    t.done();
  }

  private remove(id: number, site: number): void {
    this.transfers.delete(id);
    const list = this.active[site];
    list.splice(list.indexOf(id), 1);
  }

  /** Counts the bytes each transfer of the site moved since its rate was last set. */
  private settle(site: number): void {
    const now = this.sim.nowS;
    for (const id of this.active[site]) {
      const t = this.transfers.get(id)!;
      t.remainingBytes = Math.max(0, t.remainingBytes - (now - t.lastS) * t.rateBps);
      t.lastS = now;
    }
  }

  /** Gives each transfer of the site an equal share and reschedules its completion. */
  private reshare(site: number): void {
    const list = this.active[site];
    const rate = this.bandwidthBps[site] / list.length;
    for (const id of list) {
      const t = this.transfers.get(id)!;
      t.rateBps = rate;
      this.sim.cancel(t.timer);
      t.timer = this.sim.after(t.remainingBytes / rate, this.doneKind, id);
    }
  }
}
