import type { Simulator } from '../engine/Simulator.ts';
import type { Topology } from './Topology.ts';

/** What a site's storage came through. */
export interface StorageTally {
  readonly stripes: number;
  /** Stripes lost for good: fewer pieces left than needed to rebuild them. */
  readonly lostStripes: number;
  /** Moments at which stripes were lost. */
  readonly dataLossEvents: number;
  /** Time of the first loss, seconds; null when nothing was lost. */
  readonly firstLossS: number | null;
  /**
   * With copies to another site: over the site's outages, the age of its newest safe copy
   * when each struck (the recovery point achieved), seconds; null means without an outage.
   */
  readonly copies?: { readonly made: number; readonly outages: number; readonly meanRpoS: number | null; readonly maxRpoS: number | null };
}

interface SiteStore {
  readonly siteId: string;
  readonly firstRack: number;
  readonly racks: number;
  readonly pieces: number;
  readonly needed: number;
  readonly stripes: number;
  /** Down pieces of each stripe group (group g: stripes on racks g, g+1, … g+pieces−1, mod racks). */
  readonly downPieces: Int32Array;
  readonly lost: Uint8Array;
  lostStripes: number;
  events: number;
  firstLossS: number;
  readonly site: number;
  readonly copy?: { readonly to: number; readonly everyS: number; readonly durationS: number };
  /** The copy under way is still good (neither site went down since it started). */
  copyValid: boolean;
  copyStartS: number;
  /** Start of the newest copy that completed: the state it saved. */
  lastSafeS: number;
  copiesMade: number;
  outages: number;
  rpoSumS: number;
  rpoMaxS: number;
}

/**
 * The sites' storage: stripes spread over racks by rotation, a rack's pieces lost while it
 * is down (its repair standing for the rebuild), a stripe lost for good when fewer than
 * `needed` of its pieces are left. Only failures count; planned maintenance keeps the data.
 */
export class Storage {
  private readonly stores: SiteStore[] = [];
  /** Store index of each rack (-1 when its site models no storage), and the rack's down count. */
  private readonly storeOfRack: Int32Array;
  private readonly rackDown: Int32Array;
  /** Site failures in force, per site. */
  private readonly siteDown: Int32Array;
  private readonly copyStartKind: number;
  private readonly copyDoneKind: number;

  constructor(private readonly topo: Topology, private readonly sim: Simulator) {
    this.siteDown = new Int32Array(topo.siteCount);
    this.copyStartKind = sim.on((i) => this.copyStart(i));
    this.copyDoneKind = sim.on((i) => this.copyDone(i));
    this.storeOfRack = new Int32Array(topo.rackCount).fill(-1);
    this.rackDown = new Int32Array(topo.rackCount);
    let rack = 0;
    topo.spec.sites.forEach((s, si) => {
      if (s.storage && (s.storage.pieces > 0 || s.storage.copy)) {
        const st = s.storage;
        for (let r = 0; r < s.racks; r++) this.storeOfRack[rack + r] = this.stores.length;
        const copy = st.copy ? { to: topo.spec.sites.findIndex((x) => x.id === st.copy!.to), everyS: st.copy.everyS, durationS: st.copy.durationS } : undefined;
        this.stores.push({
          siteId: s.id, firstRack: rack, racks: s.racks, pieces: st.pieces, needed: st.needed, stripes: st.stripes,
          downPieces: new Int32Array(s.racks), lost: new Uint8Array(s.racks), lostStripes: 0, events: 0, firstLossS: NaN,
          site: si, ...(copy ? { copy } : {}), copyValid: false, copyStartS: NaN, lastSafeS: NaN, copiesMade: 0, outages: 0, rpoSumS: 0, rpoMaxS: 0,
        });
      }
      rack += s.racks;
    });
  }

  /** Starts the copy schedules (the first copy at time 0). */
  start(): void {
    this.stores.forEach((s, i) => { if (s.copy) this.sim.at(0, this.copyStartKind, i); });
  }

  private copyStart(i: number): void {
    const s = this.stores[i], c = s.copy!;
    const now = this.sim.nowS;
    this.sim.after(c.everyS, this.copyStartKind, i);
    if (this.siteDown[s.site] > 0 || this.siteDown[c.to] > 0) return; // no copy while either side is down
    s.copyValid = true;
    s.copyStartS = now;
    this.sim.after(c.durationS, this.copyDoneKind, i);
  }

  private copyDone(i: number): void {
    const s = this.stores[i];
    if (!s.copyValid) return;
    s.copyValid = false;
    s.lastSafeS = s.copyStartS;
    s.copiesMade++;
  }

  /** A site failure starts (+1) or ends (-1): copies under way to or from it are cut; an outage of a copying site records its RPO. */
  private siteChange(site: number, delta: 1 | -1, nowS: number): void {
    const before = this.siteDown[site];
    this.siteDown[site] = before + delta;
    if (delta < 0 || before > 0) return;
    for (const s of this.stores) {
      if (!s.copy || (s.site !== site && s.copy.to !== site)) continue;
      s.copyValid = false;
      if (s.site !== site) continue;
      const rpo = nowS - (Number.isNaN(s.lastSafeS) ? 0 : s.lastSafeS);
      s.outages++;
      s.rpoSumS += rpo;
      s.rpoMaxS = Math.max(s.rpoMaxS, rpo);
    }
  }

  /** True when no site models storage (the model can skip it). */
  get empty(): boolean {
    return this.stores.length === 0;
  }

  /**
   * A rack or site failure covering GPUs [first, end) started (+1) or ended (-1) at `nowS`.
   */
  change(target: 'rack' | 'site', first: number, end: number, delta: 1 | -1, nowS: number): void {
    const t = this.topo;
    if (target === 'site') this.siteChange(t.rackSite[t.nodeRack[t.gpuNode[first]]], delta, nowS);
    for (let rack = t.nodeRack[t.gpuNode[first]]; rack < t.rackCount && t.rackFirstGpu[rack] < end; rack++) {
      if (t.rackFirstGpu[rack] < first || t.rackFirstGpu[rack + 1] > end) continue; // only whole racks
      const si = this.storeOfRack[rack];
      if (si < 0) continue;
      const before = this.rackDown[rack];
      this.rackDown[rack] = before + delta;
      if (delta > 0 && before === 0) this.piecesDown(this.stores[si], rack, 1, nowS);
      else if (delta < 0 && before === 1) this.piecesDown(this.stores[si], rack, -1, nowS);
    }
  }

  private piecesDown(s: SiteStore, rack: number, delta: 1 | -1, nowS: number): void {
    if (s.pieces === 0) return;
    const r = rack - s.firstRack;
    let lostNow = 0;
    // Groups holding a piece on rack r: those starting at r, r−1, …, r−pieces+1 (mod racks).
    for (let j = 0; j < s.pieces; j++) {
      const g = (r - j + s.racks) % s.racks;
      s.downPieces[g] += delta;
      if (delta > 0 && !s.lost[g] && s.pieces - s.downPieces[g] < s.needed) {
        s.lost[g] = 1;
        lostNow += this.stripesIn(s, g);
      }
    }
    if (lostNow > 0) {
      s.lostStripes += lostNow;
      s.events++;
      if (Number.isNaN(s.firstLossS)) s.firstLossS = nowS;
    }
  }

  /** Stripes of group g: stripe i belongs to group i mod racks. */
  private stripesIn(s: SiteStore, g: number): number {
    return Math.floor(s.stripes / s.racks) + (g < s.stripes % s.racks ? 1 : 0);
  }

  /** What each site's storage came through, by site id. */
  tally(): Record<string, StorageTally> {
    const out: Record<string, StorageTally> = {};
    for (const s of this.stores) {
      out[s.siteId] = {
        stripes: s.stripes, lostStripes: s.lostStripes, dataLossEvents: s.events, firstLossS: Number.isNaN(s.firstLossS) ? null : s.firstLossS,
        ...(s.copy ? {
          copies: {
            made: s.copiesMade, outages: s.outages,
            meanRpoS: s.outages > 0 ? s.rpoSumS / s.outages : null, maxRpoS: s.outages > 0 ? s.rpoMaxS : null,
          },
        } : {}),
      };
    }
    return out;
  }
}
