import type { RateShape } from '../scenario/types.ts';

/** A non-homogeneous Poisson rate: its value at a time and an upper bound (for thinning). */
export interface ShapedRate {
  /** Rate at time `tS`, per second. */
  at(tS: number): number;
  /** An upper bound of the rate over all time. */
  readonly maxPerS: number;
  /** True when the rate is constant (no thinning needed). */
  readonly constant: boolean;
  /** The end of the zero-rate burst window covering `tS`, or `tS` when the rate is not 0 by a burst there. */
  zeroUntil(tS: number): number;
}

/**
 * The rate `base` × diurnal cycle × burst factors. Arrivals are drawn by thinning
 * (Lewis & Shedler 1979): candidates at rate `maxPerS`, each kept with probability
 * at(t) / maxPerS.
 */
export function shapedRate(basePerS: number, shape: RateShape): ShapedRate {
  const d = shape.diurnal;
  const bursts = shape.bursts;
  const maxFactor = maxOverlapProduct(bursts);
  const zeros = bursts.filter((b) => b.factor === 0);
  const constant = !d && bursts.length === 0;
  const w = d ? (2 * Math.PI) / d.periodS : 0;
  return {
    constant,
    maxPerS: basePerS * (d ? 1 + d.amplitude : 1) * maxFactor,
    at(tS) {
      let r = basePerS;
      if (d) r *= 1 + d.amplitude * Math.cos(w * (tS - d.peakS));
      for (const b of bursts) if (tS >= b.atS && tS < b.atS + b.durationS) r *= b.factor;
      return r;
    },
    zeroUntil(tS) {
      let t = tS;
      for (let moved = true; moved;) {
        moved = false;
        for (const b of zeros) if (t >= b.atS && t < b.atS + b.durationS) { t = b.atS + b.durationS; moved = true; }
      }
      return t;
    },
  };
}

/**
 * The largest product of the factors (those above 1) of burst windows that overlap at some
 * instant, by a sweep over the window edges: the thinning bound of the burst multiplier.
 */
function maxOverlapProduct(bursts: RateShape['bursts']): number {
  const edges: [number, number][] = [];
  for (const b of bursts) {
    if (b.factor <= 1) continue;
    const l = Math.log(b.factor);
    edges.push([b.atS, l], [b.atS + b.durationS, -l]);
  }
  edges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let sum = 0, max = 0;
  for (const [, l] of edges) {
    sum += l;
    if (sum > max) max = sum;
  }
  return Math.exp(max) * (1 + 1e-12);
}
