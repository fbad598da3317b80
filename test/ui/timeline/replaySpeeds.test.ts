import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultSpeed, formatSpeed, speedOptions } from '../../../src/ui/timeline/replaySpeeds.ts';

describe('replay speeds', () => {
  it('replay a whole run in 24–60 s at the default speed', () => {
    fc.assert(fc.property(fc.double({ min: 60, max: 1e9, noNaN: true }), (d) => {
      const s = defaultSpeed(d);
      expect(d / s).toBeLessThanOrEqual(60 + 1e-9);
      expect(d / s).toBeGreaterThanOrEqual(24 - 1e-9);
      expect(speedOptions(d)).toContain(s);
    }));
    expect(defaultSpeed(30)).toBe(1);
  });

  it('offer a 1-2-5 ladder from 1× to 10⁶×', () => {
    const opts = speedOptions(3600);
    expect(opts[0]).toBe(1);
    expect(opts.slice(0, 6)).toEqual([1, 2, 5, 10, 20, 50]);
    expect(opts[opts.length - 1]).toBe(1e6);
  });

  it('read as 1×, 500×, 20k×, 1M×', () => {
    expect([1, 500, 20_000, 1e6].map(formatSpeed)).toEqual(['1×', '500×', '20k×', '1M×']);
  });
});
