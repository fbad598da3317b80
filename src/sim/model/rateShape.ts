import type { Rng } from '../random/streams.ts';
import type { RateShape } from '../scenario/types.ts';
import { standardExponential } from './ziggurat.ts';

/**
 * Bounds of a rate over a stretch of time: from `fromS` until `untilS` the rate lies in
 * [lowerPerS, upperPerS]. Filled in by {@link ShapedRate.envelope}; a caller keeps one per
 * arrival stream and hands it back to {@link nextArrivalS}.
 */
export interface RateEnvelope {
  fromS: number;
  untilS: number;
  upperPerS: number;
  lowerPerS: number;
}

/** A non-homogeneous Poisson rate: its value at a time, and bounds of it stretch by stretch. */
export interface ShapedRate {
  /** Rate at time `tS`, per second. */
  at(tS: number): number;
  /**
   * Fills `out` with bounds of the rate from `tS` to some later time: the next edge of a
   * burst window, or the end of a slice of the diurnal cycle (when the rate is high enough
   * for slices to hold candidates; otherwise the bounds are those of the whole cycle).
   */
  envelope(tS: number, out: RateEnvelope): void;
}

/** Slices per diurnal period: the bounds are within about 2π·amplitude/SLICES of the rate. */
const SLICES = 1024;
/** Slack of the bounds of the diurnal factor, far above its rounding error (about 1e-16). */
const SLACK = 1e-12;

/** An envelope that covers no time yet (the first call of {@link nextArrivalS} fills it). */
export function emptyEnvelope(): RateEnvelope {
  return { fromS: Infinity, untilS: -Infinity, upperPerS: 0, lowerPerS: 0 };
}

/**
 * The rate `base` × diurnal cycle × burst factors. Arrivals are drawn by thinning
 * (Lewis & Shedler 1979) against a piecewise-constant bound: see {@link nextArrivalS}.
 */
export function shapedRate(basePerS: number, shape: RateShape): ShapedRate {
  const d = shape.diurnal;
  const bursts = shape.bursts;
  const w = d ? (2 * Math.PI) / d.periodS : 0;
  const timeline = burstTimeline(bursts);
  const cycle = (tS: number) => (d ? 1 + d.amplitude * Math.cos(w * (tS - d.peakS)) : 1);
  return {
    at(tS) {
      let r = basePerS;
      if (d) r *= 1 + d.amplitude * Math.cos(w * (tS - d.peakS));
      for (const b of bursts) if (tS >= b.atS && tS < b.atS + b.durationS) r *= b.factor;
      return r;
    },
    envelope(tS, out) {
      const piece = timeline.pieceAt(tS);
      let untilS = piece + 1 < timeline.edgesS.length ? timeline.edgesS[piece + 1] : Infinity;
      const from = timeline.openFrom[piece + 1], to = timeline.openFrom[piece + 2];
      let factor = 1;
      for (let k = from; k < to; k++) factor *= bursts[timeline.open[k]].factor;
      let hi = basePerS, lo = basePerS;
      if (d) {
        const sliceS = d.periodS / SLICES;
        if (basePerS * (1 + d.amplitude) * factor * sliceS >= 1) {
          // Slices start at the peak, so each lies on one slope of the cosine and its ends bound it.
          untilS = Math.min(untilS, sliceEnd(tS, d.peakS, sliceS));
          const a = cycle(tS), b = cycle(untilS);
          hi *= Math.max(a, b) + SLACK;
          lo *= Math.max(0, Math.min(a, b) - SLACK);
        } else {
          // Under one candidate per slice: slices would cost more than they save; bound by the whole cycle.
          hi *= 1 + d.amplitude + SLACK;
          lo *= Math.max(0, 1 - d.amplitude - SLACK);
        }
      }
      // The factors of the open windows in the order at() multiplies them: rounding is
      // monotone, so the bounds hold exactly (and are the rate itself without a cycle).
      for (let k = from; k < to; k++) {
        const f = bursts[timeline.open[k]].factor;
        hi *= f;
        lo *= f;
      }
      out.fromS = tS;
      out.untilS = untilS;
      out.upperPerS = hi;
      out.lowerPerS = lo;
    },
  };
}

/**
 * The first arrival after `fromS` of a Poisson process of rate `rate`, by thinning:
 * candidates at the stretch's upper bound (gaps by the ziggurat), each kept with probability
 * rate / bound (a candidate under the lower bound is kept without evaluating the rate; on a
 * flat stretch every candidate is kept and no second number is drawn). A candidate past
 * the stretch is dropped and the search starts again at its end (the process is
 * memoryless). The search stops at the first time past `horizonS` (an event there never
 * fires), so a rate of 0 until the end cannot loop forever. `env` caches the current
 * stretch between calls.
 */
export function nextArrivalS(rate: ShapedRate, fromS: number, rng: Rng, horizonS: number, env: RateEnvelope): number {
  let t = fromS;
  for (;;) {
    if (t < env.fromS || t >= env.untilS) rate.envelope(t, env);
    const upper = env.upperPerS;
    if (upper > 0) {
      const c = t + standardExponential(rng) / upper;
      if (c < env.untilS) {
        t = c;
        if (t > horizonS || env.lowerPerS >= upper) return t;
        const u = rng() * upper;
        if (u < env.lowerPerS || u < rate.at(t)) return t;
        continue;
      }
    }
    t = env.untilS;
    if (t > horizonS || t === Infinity) return t;
  }
}

/** The end of the slice of length `sliceS` (slices counted from `originS`) that holds `tS`: later than `tS`. */
function sliceEnd(tS: number, originS: number, sliceS: number): number {
  let k = Math.floor((tS - originS) / sliceS) + 1;
  let end = originS + k * sliceS;
  while (end <= tS) end = originS + ++k * sliceS;
  return end;
}

/**
 * The burst windows as a step function: their sorted edges, and for each piece from one edge
 * to the next the windows open there, in the order of the list (piece -1 lies before the
 * first edge). The windows open on piece p are open[openFrom[p + 1]] … open[openFrom[p + 2] − 1].
 */
interface BurstTimeline {
  readonly edgesS: Float64Array;
  readonly openFrom: Int32Array;
  readonly open: Int32Array;
  /** Index of the last edge at or before `tS`, or -1 before the first. */
  pieceAt(tS: number): number;
}

function burstTimeline(bursts: RateShape['bursts']): BurstTimeline {
  const edgesS = Float64Array.from(new Set(bursts.flatMap((b) => [b.atS, b.atS + b.durationS]))).sort();
  // Sweep the edges keeping the open windows.
  const byStart = bursts.map((_, i) => i).sort((i, j) => bursts[i].atS - bursts[j].atS);
  const openNow = new Set<number>();
  const open: number[] = [];
  const openFrom = [0, 0];
  let next = 0;
  for (const e of edgesS) {
    for (const j of openNow) if (bursts[j].atS + bursts[j].durationS <= e) openNow.delete(j);
    while (next < byStart.length && bursts[byStart[next]].atS <= e) {
      const j = byStart[next++];
      if (bursts[j].atS + bursts[j].durationS > e) openNow.add(j);
    }
    open.push(...[...openNow].sort((i, j) => i - j));
    openFrom.push(open.length);
  }
  return {
    edgesS, openFrom: Int32Array.from(openFrom), open: Int32Array.from(open),
    pieceAt(tS) {
      let lo = -1, hi = edgesS.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (edgesS[mid] <= tS) lo = mid; else hi = mid - 1;
      }
      return lo;
    },
  };
}
