import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyEnvelope, nextArrivalS, shapedRate, type RateEnvelope } from '../../../src/sim/model/rateShape.ts';
import { standardExponential } from '../../../src/sim/model/ziggurat.ts';
import type { RateShape } from '../../../src/sim/scenario/types.ts';

const H = 3600;

/** A deterministic uniform stream that counts its draws. */
function counted(seed = 1): { rng: () => number; draws: () => number } {
  let x = seed, n = 0;
  return { rng: () => { n++; x = (x * 48271) % 2147483647; return x / 2147483647; }, draws: () => n };
}

const shape: fc.Arbitrary<RateShape> = fc.record({
  diurnal: fc.option(
    fc.record({ amplitude: fc.double({ min: 0, max: 1, noNaN: true }), periodS: fc.double({ min: 1, max: 2 * 86400, noNaN: true }), peakS: fc.double({ min: 0, max: 86400, noNaN: true }) }),
    { nil: undefined },
  ),
  bursts: fc.array(fc.record({ atS: fc.double({ min: 0, max: 86400, noNaN: true }), durationS: fc.double({ min: 1, max: 8 * H, noNaN: true }), factor: fc.double({ min: 0, max: 5, noNaN: true }) }), { maxLength: 4 }),
});

describe('shapedRate envelope', () => {
  it('bounds the rate from its start until its end, which lies later', () => {
    fc.assert(
      fc.property(shape, fc.double({ min: 0.001, max: 1e4, noNaN: true }), fc.double({ min: 0, max: 2 * 86400, noNaN: true }), (sh, base, t) => {
        const rate = shapedRate(base, sh);
        const env: RateEnvelope = emptyEnvelope();
        rate.envelope(t, env);
        expect(env.fromS).toBe(t);
        expect(env.untilS).toBeGreaterThan(t);
        expect(env.lowerPerS).toBeLessThanOrEqual(env.upperPerS);
        const span = Math.min(env.untilS, t + 86400) - t;
        let outside = 0;
        for (let k = 0; k <= 64; k++) {
          const s = t + (span * k) / 65;
          if (s >= env.untilS) continue; // (rounding, on a tiny stretch)
          const r = rate.at(s);
          if (r > env.upperPerS || r < env.lowerPerS) outside++;
        }
        expect(outside).toBe(0);
      }),
      { numRuns: 500 },
    );
  });

  it('is exact and flat where nothing shapes the rate, and lasts until the next burst edge', () => {
    const rate = shapedRate(10, { bursts: [{ atS: 100, durationS: 50, factor: 3 }] });
    const env = emptyEnvelope();
    rate.envelope(20, env);
    expect(env).toEqual({ fromS: 20, untilS: 100, upperPerS: 10, lowerPerS: 10 });
    rate.envelope(120, env);
    expect(env.untilS).toBe(150);
    expect(env.upperPerS).toBeGreaterThanOrEqual(30);
    expect(env.lowerPerS).toBeLessThanOrEqual(30);
    expect(env.upperPerS / env.lowerPerS).toBeLessThan(1 + 1e-6);
    rate.envelope(150, env);
    expect(env).toEqual({ fromS: 150, untilS: Infinity, upperPerS: 10, lowerPerS: 10 });
  });

  it('is tight on a diurnal cycle: within 1 % of the rate', () => {
    const rate = shapedRate(200, { diurnal: { amplitude: 0.4, periodS: 86400, peakS: 14 * H }, bursts: [] });
    const env = emptyEnvelope();
    for (let t = 0; t < 86400; t = env.untilS) {
      rate.envelope(t, env);
      expect(env.upperPerS / Math.max(env.lowerPerS, 1e-9)).toBeLessThan(1.01);
    }
  });
});

describe('nextArrivalS', () => {
  it('on a constant rate draws exponential gaps and nothing else: from + E / rate', () => {
    const rate = shapedRate(4, { bursts: [] });
    const env = emptyEnvelope();
    const { rng, draws } = counted();
    const ref = counted();
    let t = 0;
    for (let i = 0; i < 100; i++) {
      const next = nextArrivalS(rate, t, rng, 1e9, env);
      expect(next).toBe(t + standardExponential(ref.rng) / 4);
      t = next;
    }
    expect(draws()).toBe(ref.draws());
  });

  it('gives no arrival inside a window of factor 0, and resumes after it', () => {
    const rate = shapedRate(100, { diurnal: { amplitude: 0.5, periodS: 600, peakS: 0 }, bursts: [{ atS: 10, durationS: 20, factor: 0 }] });
    const env = emptyEnvelope();
    const { rng } = counted(7);
    let t = 0, inside = 0, after = 0;
    while (t < 60) {
      t = nextArrivalS(rate, t, rng, 1e9, env);
      if (t >= 10 && t < 30) inside++;
      if (t >= 30 && t < 60) after++;
    }
    expect(inside).toBe(0);
    expect(after).toBeGreaterThan(1000);
  });

  it('stops past the horizon when the rate is 0 until then (and at +Infinity when it is 0 for ever)', () => {
    const { rng } = counted(3);
    const zeroUntilLate = shapedRate(5, { bursts: [{ atS: 0, durationS: 1e6, factor: 0 }] });
    expect(nextArrivalS(zeroUntilLate, 0, rng, 100, emptyEnvelope())).toBeGreaterThan(100);
    const never = shapedRate(0, { bursts: [] });
    expect(nextArrivalS(never, 0, rng, 100, emptyEnvelope())).toBe(Infinity);
    const troughForEver = shapedRate(0, { diurnal: { amplitude: 1, periodS: 10, peakS: 0 }, bursts: [] });
    expect(nextArrivalS(troughForEver, 0, rng, 100, emptyEnvelope())).toBeGreaterThan(100);
  });

  it('takes few steps on a fast cycle at a low rate, and across a long silent window on a cycle', () => {
    let calls = 0;
    const fast = shapedRate(1e-3, { diurnal: { amplitude: 0.5, periodS: 1, peakS: 0 }, bursts: [] });
    const counting = { at: fast.at, envelope: (t: number, out: RateEnvelope) => { calls++; fast.envelope(t, out); } };
    const { rng } = counted(5);
    const env = emptyEnvelope();
    let t = 0;
    for (let i = 0; i < 100; i++) t = nextArrivalS(counting, t, rng, 1e12, env);
    expect(t).toBeGreaterThan(1e4);
    expect(calls).toBeLessThan(10);
    const silent = shapedRate(100, { diurnal: { amplitude: 0.5, periodS: 600, peakS: 0 }, bursts: [{ atS: 0, durationS: 1e9, factor: 0 }] });
    const e2 = emptyEnvelope();
    expect(nextArrivalS(silent, 0, rng, 2e9, e2)).toBeGreaterThanOrEqual(1e9);
  });

  it('draws as many arrivals as the integrated rate, on a diurnal cycle with a burst (within 4σ)', () => {
    const base = 50, A = 0.8, P = 1000, peak = 200;
    const rate = shapedRate(base, { diurnal: { amplitude: A, periodS: P, peakS: peak }, bursts: [{ atS: 300, durationS: 100, factor: 3 }] });
    const env = emptyEnvelope();
    const { rng } = counted(11);
    const w = (2 * Math.PI) / P;
    const integral = (a: number, b: number) => base * (b - a + (A / w) * (Math.sin(w * (b - peak)) - Math.sin(w * (a - peak))));
    const horizon = 10 * P;
    // The burst adds (3 − 1) × the cycle's integral over [300, 400).
    const expected = integral(0, horizon) + 2 * integral(300, 400);
    let t = 0, n = 0;
    for (;;) {
      t = nextArrivalS(rate, t, rng, horizon, env);
      if (t > horizon) break;
      n++;
    }
    expect(Math.abs(n - expected)).toBeLessThan(4 * Math.sqrt(expected));
  });
});
