import type { RateShape } from '../scenario/types.ts';

/** A non-homogeneous Poisson rate: its value at a time and an upper bound (for thinning). */
export interface ShapedRate {
  /** Rate at time `tS`, per second. */
  at(tS: number): number;
  /** An upper bound of the rate over all time. */
  readonly maxPerS: number;
  /** True when the rate is constant (no thinning needed). */
  readonly constant: boolean;
}

/**
 * The rate `base` × diurnal cycle × burst factors. Arrivals are drawn by thinning
 * (Lewis & Shedler 1979): candidates at rate `maxPerS`, each kept with probability
 * at(t) / maxPerS.
 */
export function shapedRate(basePerS: number, shape: RateShape): ShapedRate {
  const d = shape.diurnal;
  const bursts = shape.bursts;
  const maxFactor = bursts.reduce((m, b) => Math.max(m, b.factor), 1);
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
  };
}
