/**
 * A deterministic synthetic {@link Timeline} for tests and the timeline harness: `spans`
 * spans over `rows` nodes of 8 GPUs (16 nodes a rack, racks split over sites), a few
 * workloads (a training job holding whole nodes, inference replicas on 2–4 GPUs, batch
 * tasks on 1 GPU), and outages (GPU, node, rack, one site, the WAN link between two sites;
 * some planned) that cut the
 * spans running on what they take down: interrupted by the failure's level, or moved by
 * planned maintenance. Spans of one GPU never overlap; all lie within [0, endS].
 * Plain data, exactly the shape the recorder produces.
 */
import { SpanEnd, type Timeline } from '../../../src/sim/timeline/Timeline.ts';
import { prng } from '../../helpers/prng.ts';

/** Options of {@link syntheticTimeline}. */
export interface SyntheticOptions {
  /** Spans in total (exactly, when the time allows). */
  readonly spans: number;
  /** Nodes (rows). */
  readonly rows: number;
  /** Horizon and end (seconds); 30 days by default. */
  readonly horizonS?: number;
  /** Outages; by default about one per 8 nodes, at least 4. */
  readonly outages?: number;
  readonly seed?: number;
}

const GPUS = 8;
const NODES_PER_RACK = 16;
const WORKLOADS = ['pretrain-70b', 'chat-api', 'fraud-api', 'etl-batch', 'eval-sweep'];
const KINDS = ['training', 'inference', 'inference', 'batch', 'batch'];
/** Ways to split a node's 8 GPUs into runs, with the workload of each run. */
const LAYOUTS: readonly { sizes: number[]; workloads: number[] }[] = [
  { sizes: [8], workloads: [0] },
  { sizes: [8], workloads: [0] },
  { sizes: [4, 4], workloads: [1, 2] },
  { sizes: [2, 2, 4], workloads: [2, 2, 1] },
  { sizes: [1, 1, 1, 1, 2, 2], workloads: [3, 3, 4, 4, 1, 2] },
  { sizes: [1, 1, 1, 1, 1, 1, 1, 1], workloads: [3, 3, 3, 3, 4, 4, 4, 4] },
];

interface Outage { level: number; id: string; rowFirst: number; rowEnd: number; gpu: number; startS: number; endS: number; planned: number }

/** Builds the synthetic timeline described in the module comment. */
export function syntheticTimeline(opts: SyntheticOptions): Timeline {
  const rows = Math.max(1, Math.floor(opts.rows));
  const total = Math.max(0, Math.floor(opts.spans));
  const horizonS = opts.horizonS ?? 30 * 86_400;
  const rand = prng(opts.seed ?? 1);
  const racks = Math.ceil(rows / NODES_PER_RACK);
  const racksPerSite = racks > 8 ? Math.ceil(racks / 2) : racks;
  const ids: string[] = [];
  const gpus = new Int32Array(rows).fill(GPUS), rack = new Int32Array(rows), site = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    const k = Math.floor(r / NODES_PER_RACK);
    site[r] = Math.floor(k / racksPerSite);
    rack[r] = k;
    ids.push(`${site[r] === 0 ? 'east' : `site${site[r]}`}/r${k % racksPerSite}/n${r % NODES_PER_RACK}`);
  }
  const siteName = (s: number): string => (s === 0 ? 'east' : `site${s}`);

  // Outages first: spans are cut by them.
  const outageCount = opts.outages ?? Math.max(4, Math.round(rows / 8));
  const outages: Outage[] = [];
  for (let i = 0; i < outageCount; i++) {
    const u = rand();
    const startS = rand() * horizonS * 0.95;
    let o: Outage;
    if (i === 0 && rows >= 2 * NODES_PER_RACK) {
      const s = site[rows - 1];
      const first = site.indexOf(s);
      o = { level: 3, id: siteName(s), rowFirst: first, rowEnd: rows, gpu: -1, startS: horizonS * 0.6, endS: horizonS * 0.6 + 5 * 3600, planned: 0 };
    } else if (u < 0.45) {
      const r = Math.floor(rand() * rows), g = Math.floor(rand() * GPUS);
      o = { level: 0, id: `${ids[r]}/g${g}`, rowFirst: r, rowEnd: r + 1, gpu: g, startS, endS: startS + 3600 * (1 + rand() * 12), planned: 0 };
    } else if (u < 0.8) {
      const r = Math.floor(rand() * rows);
      o = { level: 1, id: ids[r], rowFirst: r, rowEnd: r + 1, gpu: -1, startS, endS: startS + 3600 * (0.5 + rand() * 6), planned: 0 };
    } else if (u < 0.9) {
      const k = Math.floor(rand() * racks);
      const first = k * NODES_PER_RACK;
      o = { level: 2, id: ids[first].split('/').slice(0, 2).join('/'), rowFirst: first, rowEnd: Math.min(rows, first + NODES_PER_RACK), gpu: -1, startS, endS: startS + 3600 * (1 + rand() * 4), planned: 0 };
    } else {
      const r = Math.floor(rand() * rows);
      o = { level: 1, id: ids[r], rowFirst: r, rowEnd: r + 1, gpu: -1, startS, endS: startS + 3600 * 4, planned: 1 };
    }
    o.endS = Math.min(o.endS, horizonS);
    outages.push(o);
  }
  // With two sites, the WAN link between them fails once (it takes down no row).
  if (site[rows - 1] > 0) outages.push({ level: 5, id: `${siteName(0)}~${siteName(1)}`, rowFirst: 0, rowEnd: 0, gpu: -1, startS: horizonS * 0.3, endS: horizonS * 0.3 + 2 * 3600, planned: 0 });
  outages.sort((x, y) => x.startS - y.startS);
  const byRow: Outage[][] = Array.from({ length: rows }, () => []);
  for (const o of outages) for (let r = o.rowFirst; r < o.rowEnd; r++) byRow[r].push(o);

  const cap = total;
  const row = new Int32Array(cap), gpuFirst = new Int16Array(cap), gpuCount = new Int16Array(cap);
  const startS = new Float64Array(cap), endS = new Float64Array(cap), task = new Int32Array(cap);
  const workload = new Int16Array(cap), end = new Uint8Array(cap), cause = new Int8Array(cap);
  let n = 0, nextTask = 1;
  for (let r = 0; r < rows && n < total; r++) {
    const quota = Math.floor(total / rows) + (r < total % rows ? 1 : 0);
    const layout = LAYOUTS[Math.floor(rand() * LAYOUTS.length)];
    let g0 = 0, left = quota;
    for (let j = 0; j < layout.sizes.length; j++) {
      const size = layout.sizes[j], w = layout.workloads[j];
      const groupQuota = j === layout.sizes.length - 1 ? left : Math.round((quota * size) / GPUS);
      left -= groupQuota;
      const slotS = horizonS / Math.max(1, groupQuota);
      let t = rand() * slotS * 0.2;
      let tsk = nextTask++;
      for (let q = 0; q < groupQuota && n < total; q++) {
        // Wait out an outage that holds these GPUs now.
        for (const o of byRow[r]) if (hits(o, g0, size) && o.startS <= t && t < o.endS) t = o.endS + 60;
        if (t > horizonS) t = horizonS;
        let e = t + slotS * (0.75 + rand() * 0.3);
        let how: number = SpanEnd.completed, why = -1;
        const cut = byRow[r].find((o) => hits(o, g0, size) && o.startS > t && o.startS < e);
        if (cut) { e = cut.startS; how = cut.planned ? SpanEnd.moved : SpanEnd.interrupted; why = cut.planned ? -1 : cut.level; }
        else if (rand() < 0.04) how = SpanEnd.preempted;
        else if (rand() < 0.01) how = SpanEnd.moved;
        if (e >= horizonS) { e = horizonS; how = SpanEnd.running; why = -1; }
        row[n] = r; gpuFirst[n] = g0; gpuCount[n] = size; startS[n] = t; endS[n] = Math.max(t, e);
        task[n] = tsk; workload[n] = w; end[n] = how; cause[n] = why;
        n++;
        if (how === SpanEnd.completed || w !== 0) tsk = nextTask++;
        t = Math.min(horizonS, e + slotS * (0.03 + rand() * 0.12));
      }
      g0 += size;
    }
  }
  const oc = outages.length;
  return {
    horizonS,
    endS: horizonS,
    rows: { ids, gpus, rack, site },
    workloads: WORKLOADS,
    workloadKinds: KINDS,
    workloadWeights: WORKLOADS.map(() => 1),
    spans: { count: n, row, gpuFirst, gpuCount, startS, endS, task, workload, end, cause },
    outages: {
      count: oc,
      level: Uint8Array.from(outages, (o) => o.level),
      ids: outages.map((o) => o.id),
      rowFirst: Int32Array.from(outages, (o) => o.rowFirst),
      rowEnd: Int32Array.from(outages, (o) => o.rowEnd),
      startS: Float64Array.from(outages, (o) => o.startS),
      endS: Float64Array.from(outages, (o) => o.endS),
      planned: Uint8Array.from(outages, (o) => o.planned),
    },
    windows: { count: 0, widthS: horizonS, decided: new Float64Array(0), met: new Float64Array(0), completed: new Float64Array(0), responseSumS: new Float64Array(0), allocatedGpuS: new Float64Array(0), wastedGpuS: new Float64Array(0), upGpuS: new Float64Array(0), busyGpuS: new Float64Array(0) },
  };
}

/** Whether outage `o` takes down any of the GPUs [g0, g0 + size) of its node. */
function hits(o: Outage, g0: number, size: number): boolean {
  return o.gpu < 0 || (o.gpu >= g0 && o.gpu < g0 + size);
}
