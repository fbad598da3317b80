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

  constructor(private readonly topo: Topology) {
    this.storeOfRack = new Int32Array(topo.rackCount).fill(-1);
    this.rackDown = new Int32Array(topo.rackCount);
    let rack = 0;
    topo.spec.sites.forEach((s) => {
      if (s.storage) {
        const st = s.storage;
        for (let r = 0; r < s.racks; r++) this.storeOfRack[rack + r] = this.stores.length;
        this.stores.push({
          siteId: s.id, firstRack: rack, racks: s.racks, pieces: st.pieces, needed: st.needed, stripes: st.stripes,
          downPieces: new Int32Array(s.racks), lost: new Uint8Array(s.racks), lostStripes: 0, events: 0, firstLossS: NaN,
        });
      }
      rack += s.racks;
    });
  }

  /** True when no site models storage (the model can skip it). */
  get empty(): boolean {
    return this.stores.length === 0;
  }

  /** The racks covered by GPUs [first, end) went down (+1) or came back (-1) at `nowS`. */
  change(first: number, end: number, delta: 1 | -1, nowS: number): void {
    const t = this.topo;
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
      out[s.siteId] = { stripes: s.stripes, lostStripes: s.lostStripes, dataLossEvents: s.events, firstLossS: Number.isNaN(s.firstLossS) ? null : s.firstLossS };
    }
    return out;
  }
}
