import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatClock, formatDuration, formatTick, tickStepS, timeTicks } from '../../../src/ui/timeline/timeFormat.ts';

describe('formatClock', () => {
  it('reads d:hh:mm:ss', () => {
    expect(formatClock(0)).toBe('0:00:00:00');
    expect(formatClock(93_784)).toBe('1:02:03:04');
    expect(formatClock(30 * 86_400)).toBe('30:00:00:00');
    expect(formatClock(59.999)).toBe('0:00:01:00');
    expect(formatClock(1.25, 2)).toBe('0:00:00:01.25');
    expect(formatClock(-61)).toBe('-0:00:01:01');
    expect(formatClock(Number.NaN)).toBe('–');
  });

  it('round-trips whole seconds', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1e9 }), (s) => {
      const [d, h, m, sec] = formatClock(s).split(':').map(Number);
      expect(((d * 24 + h) * 60 + m) * 60 + sec).toBe(s);
      expect(h).toBeLessThan(24); expect(m).toBeLessThan(60); expect(sec).toBeLessThan(60);
    }));
  });
});

describe('formatDuration', () => {
  it('uses the largest units that keep it short', () => {
    expect(formatDuration(0.85)).toBe('850 ms');
    expect(formatDuration(4.26)).toBe('4.3 s');
    expect(formatDuration(42)).toBe('42 s');
    expect(formatDuration(200)).toBe('3 min 20 s');
    expect(formatDuration(3600 * 5 + 720)).toBe('5 h 12 min');
    expect(formatDuration(86_400 * 2 + 3600 * 4)).toBe('2 d 4 h');
    expect(formatDuration(3599.9)).toBe('1 h');
  });
});

describe('time ticks', () => {
  it('are clock-round steps about `count` apart within the window', () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 1e8, noNaN: true }), fc.double({ min: 1e-3, max: 1e8, noNaN: true }), fc.integer({ min: 2, max: 20 }), (a, w, n) => {
      const ticks = timeTicks(a, a + w, n);
      const step = tickStepS(a, a + w, n);
      expect(step).toBeGreaterThanOrEqual(w / n - 1e-9);
      expect(ticks.length).toBeLessThanOrEqual(n + 2);
      for (const t of ticks) { expect(t).toBeGreaterThanOrEqual(a - step * 1e-6); expect(t).toBeLessThanOrEqual(a + w + step * 1e-6); }
    }));
    expect(tickStepS(0, 30 * 86_400, 10)).toBe(5 * 86_400);
    expect(tickStepS(0, 6 * 3600, 12)).toBe(30 * 60);
    expect(tickStepS(0, 2, 10)).toBe(0.2);
  });

  it('label days, hours and minutes, seconds, decimals as the step needs', () => {
    expect(formatTick(5 * 86_400, 86_400)).toBe('5d');
    expect(formatTick(86_400 + 6 * 3600, 3600)).toBe('1d 06:00');
    expect(formatTick(6 * 3600, 3600)).toBe('06:00');
    expect(formatTick(6 * 3600 + 30, 10)).toBe('06:00:30');
    expect(formatTick(30.25, 0.05)).toBe('00:00:30.25');
  });
});
