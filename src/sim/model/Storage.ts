import type { StorageTally } from './RunResult.ts';
import type { Simulator } from '../engine/Simulator.ts';
import type { ClusterNetwork } from './ClusterNetwork.ts';
import type { Topology } from './Topology.ts';


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
  /** `link`: the WAN link joining the two sites (-1 when none is modelled); its failures cut and block copies. */
  readonly copy?: { readonly to: number; readonly everyS: number; readonly durationS?: number; readonly sizeBytes?: number; readonly link: number };
  /** The copy under way (a transfer, or the end event of a copy given by duration), -1 for none. */
  copyTransfer: number;
  copyTimer: number;
  copyStartS: number;
  /** Start of the newest copy that completed: the state it saved. */
  lastSafeS: number;
  copiesMade: number;
  copiesSkipped: number;
  copiesCut: number;
  outages: number;
  rpoSumS: number;
  rpoMaxS: number;
}

/** How {@link Storage} reaches the rest of the model. */
export interface StoragePorts {
  /** Stripes of a site were lost for good; `copiedUpToS` is the start of its newest safe copy elsewhere (NaN when none). */
  onDataLoss?(site: number, copiedUpToS: number): void;
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
  /** Failures in force, per WAN link. */
  private readonly wanDown: Int32Array;
  private readonly copyStartKind: number;
  private readonly copyDoneKind: number;

  constructor(private readonly topo: Topology, private readonly sim: Simulator, private readonly network: ClusterNetwork, private readonly ports: StoragePorts = {}) {
    this.siteDown = new Int32Array(topo.siteCount);
    this.wanDown = new Int32Array(topo.spec.wan?.length ?? 0);
    this.copyStartKind = sim.on((i) => this.copyStart(i));
    this.copyDoneKind = sim.on((i) => this.copyDone(i));
    this.storeOfRack = new Int32Array(topo.rackCount).fill(-1);
    this.rackDown = new Int32Array(topo.rackCount);
    let rack = 0;
    topo.spec.sites.forEach((s, si) => {
      if (s.storage && (s.storage.pieces > 0 || s.storage.copy)) {
        const st = s.storage;
        for (let r = 0; r < s.racks; r++) this.storeOfRack[rack + r] = this.stores.length;
        const to = st.copy ? topo.spec.sites.findIndex((x) => x.id === st.copy!.to) : -1;
        const copy = st.copy ? { ...st.copy, to, link: network.wanBetween(si, to) } : undefined;
        this.stores.push({
          siteId: s.id, firstRack: rack, racks: s.racks, pieces: st.pieces, needed: st.needed, stripes: st.stripes,
          downPieces: new Int32Array(s.racks), lost: new Uint8Array(s.racks), lostStripes: 0, events: 0, firstLossS: NaN,
          site: si, ...(copy ? { copy } : {}), copyTransfer: -1, copyTimer: -1, copyStartS: NaN, lastSafeS: NaN, copiesMade: 0, copiesSkipped: 0, copiesCut: 0, outages: 0, rpoSumS: 0, rpoMaxS: 0,
        });
      }
      rack += s.racks;
    });
  }

  /** Starts the copy schedules (the first copy at time 0). */
  start(): void {
    this.stores.forEach((s, i) => { if (s.copy) this.sim.at(0, this.copyStartKind, i); });
  }

  /** A copy is due: it starts unless the previous one is still under way or a side or the link is down. */
  private copyStart(i: number): void {
    const s = this.stores[i], c = s.copy!;
    const blocked = this.siteDown[s.site] > 0 || this.siteDown[c.to] > 0 || (c.link >= 0 && this.wanDown[c.link] > 0);
    if (blocked || this.copying(s)) s.copiesSkipped++;
    else {
      s.copyStartS = this.sim.nowS;
      if (c.sizeBytes === undefined) s.copyTimer = this.sim.after(c.durationS!, this.copyDoneKind, i);
      else {
        const path = this.network.copyPath(s.site, c.to, c.link);
        s.copyTransfer = this.network.flows.start(path.hops, c.sizeBytes, path.latencyS, () => this.copyDone(i));
      }
    }
    this.sim.after(c.everyS, this.copyStartKind, i);
  }

  private copying(s: SiteStore): boolean {
    return s.copyTransfer >= 0 || s.copyTimer >= 0;
  }

  private copyDone(i: number): void {
    const s = this.stores[i];
    s.copyTransfer = -1;
    s.copyTimer = -1;
    s.lastSafeS = s.copyStartS;
    s.copiesMade++;
  }

  /** Stops the copy under way, if any: it is not safe. */
  private cutCopy(s: SiteStore): void {
    if (!this.copying(s)) return;
    if (s.copyTransfer >= 0) this.network.flows.cancel(s.copyTransfer);
    else this.sim.cancel(s.copyTimer);
    s.copyTransfer = -1;
    s.copyTimer = -1;
    s.copiesCut++;
  }

  /** A WAN link failure starts (+1) or ends (-1): copies under way over it are cut. */
  wanChange(link: number, delta: 1 | -1): void {
    const before = this.wanDown[link];
    this.wanDown[link] = before + delta;
    if (delta < 0 || before > 0) return;
    for (const s of this.stores) if (s.copy && s.copy.link === link) this.cutCopy(s);
  }

  /** A site failure starts (+1) or ends (-1): copies under way to or from it are cut; an outage of a copying site records its RPO. */
  private siteChange(site: number, delta: 1 | -1, nowS: number): void {
    const before = this.siteDown[site];
    this.siteDown[site] = before + delta;
    if (delta < 0 || before > 0) return;
    for (const s of this.stores) {
      if (!s.copy || (s.site !== site && s.copy.to !== site)) continue;
      this.cutCopy(s);
      if (s.site !== site) continue;
      const rpo = nowS - (Number.isNaN(s.lastSafeS) ? 0 : s.lastSafeS);
      s.outages++;
      s.rpoSumS += rpo;
      s.rpoMaxS = Math.max(s.rpoMaxS, rpo);
    }
  }


  /** Start of the newest safe copy of site `from`'s data in site `to` (NaN when none). */
  copiedUpToS(from: number, to: number): number {
    const s = this.stores.find((x) => x.site === from && x.copy?.to === to);
    return s ? s.lastSafeS : NaN;
  }

  /** True when some site models its data (pieces), which failures can destroy. */
  get holdsData(): boolean {
    return this.stores.some((s) => s.pieces > 0);
  }

  /** True when no site models storage (the model can skip it). */
  get empty(): boolean {
    return this.stores.length === 0;
  }

  /**
   * A rack or site failure covering GPUs [first, end) started (+1) or ended (-1) at `nowS`.
   * The stripes it destroys in a site count as one data-loss event (one moment), however
   * many of its racks tipped groups into loss.
   */
  change(target: 'rack' | 'site', first: number, end: number, delta: 1 | -1, nowS: number): void {
    const t = this.topo;
    const lost = new Map<number, number>();
    if (target === 'site') this.siteChange(t.rackSite[t.nodeRack[t.gpuNode[first]]], delta, nowS);
    for (let rack = t.nodeRack[t.gpuNode[first]]; rack < t.rackCount && t.rackFirstGpu[rack] < end; rack++) {
      if (t.rackFirstGpu[rack] < first || t.rackFirstGpu[rack + 1] > end) continue; // only whole racks
      const si = this.storeOfRack[rack];
      if (si < 0) continue;
      const before = this.rackDown[rack];
      this.rackDown[rack] = before + delta;
      let n = 0;
      if (delta > 0 && before === 0) n = this.piecesDown(this.stores[si], rack, 1);
      else if (delta < 0 && before === 1) n = this.piecesDown(this.stores[si], rack, -1);
      if (n > 0) lost.set(si, (lost.get(si) ?? 0) + n);
    }
    for (const [si, n] of lost) {
      const s = this.stores[si];
      s.lostStripes += n;
      s.events++;
      if (Number.isNaN(s.firstLossS)) s.firstLossS = nowS;
      this.ports.onDataLoss?.(s.site, s.lastSafeS);
    }
  }

  /** Changes the pieces down on `rack`; returns the stripes this loses for good. */
  private piecesDown(s: SiteStore, rack: number, delta: 1 | -1): number {
    if (s.pieces === 0) return 0;
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
    return lostNow;
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
            made: s.copiesMade, skipped: s.copiesSkipped, cut: s.copiesCut, outages: s.outages,
            meanRpoS: s.outages > 0 ? s.rpoSumS / s.outages : null, maxRpoS: s.outages > 0 ? s.rpoMaxS : null,
          },
        } : {}),
      };
    }
    return out;
  }
}
