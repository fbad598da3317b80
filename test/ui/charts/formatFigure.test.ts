import { describe, expect, it } from 'vitest';
import { csvUnit, csvValue, formatCount, formatDelta, formatDurationS, formatFigure, formatWholeDurationS, formatFraction, formatGpuS, formatInUnit, formatPerS, formatSignificant, timeUnitFor } from '../../../src/ui/charts/formatFigure.ts';

describe('formatFigure', () => {
  it('gives fractions three decimals', () => {
    expect(formatFraction(0.96124)).toBe('0.961');
    expect(formatFraction(1)).toBe('1.000');
    expect(formatFraction(0)).toBe('0.000');
    expect(formatFraction(-0.0123)).toBe('−0.012');
    expect(formatFraction(-0.00001)).toBe('0.000');
  });

  it('shows durations in a readable unit', () => {
    expect(formatDurationS(0)).toBe('0 s');
    expect(formatDurationS(0.35)).toBe('350 ms');
    expect(formatDurationS(42)).toBe('42 s');
    expect(formatDurationS(119)).toBe('119 s');
    expect(formatDurationS(14 * 60 + 24)).toBe('14.4 min');
    expect(formatDurationS(3.5 * 3600)).toBe('3.5 h');
    expect(formatDurationS(47 * 3600)).toBe('47 h');
    expect(formatDurationS(7 * 86_400)).toBe('7 d');
    expect(formatDurationS(-90)).toBe('−90 s');
  });

  it('names a window width in the largest whole unit', () => {
    expect(formatWholeDurationS(3600)).toBe('1 h');
    expect(formatWholeDurationS(900)).toBe('15 min');
    expect(formatWholeDurationS(90)).toBe('90 s');
    expect(formatWholeDurationS(2 * 86_400)).toBe('2 d');
    expect(formatWholeDurationS(1.5)).toBe('1.5 s');
  });

  it('picks an axis unit from the span', () => {
    expect(timeUnitFor(100).symbol).toBe('s');
    expect(timeUnitFor(3600).symbol).toBe('min');
    expect(timeUnitFor(24 * 3600).symbol).toBe('h');
    expect(timeUnitFor(7 * 86_400).symbol).toBe('d');
    expect(timeUnitFor(NaN).symbol).toBe('s');
    expect(formatInUnit(5400, timeUnitFor(24 * 3600))).toBe('1.5');
  });

  it('formats significant digits with separators and a true minus', () => {
    expect(formatSignificant(1234.5)).toBe('1,235');
    expect(formatSignificant(12.345)).toBe('12.3');
    expect(formatSignificant(0.012345)).toBe('0.0123');
    expect(formatSignificant(-5)).toBe('−5');
    expect(formatSignificant(0)).toBe('0');
    expect(formatSignificant(Infinity)).toBe('∞');
    expect(formatSignificant(NaN)).toBe('—');
  });

  it('shows GPU time in GPU-hours, counts with separators, rates per s, min or h', () => {
    expect(formatGpuS(3600 * 612.4)).toBe('612 GPU-h');
    expect(formatGpuS(3600 * 0.0512)).toBe('0.0512 GPU-h');
    expect(formatCount(48210)).toBe('48,210');
    expect(formatCount(-3)).toBe('−3');
    expect(formatPerS(2.4)).toBe('2.4 /s');
    expect(formatPerS(13 / 60)).toBe('13 /min');
    expect(formatPerS(0.5 / 3600)).toBe('0.5 /h');
    expect(formatPerS(0)).toBe('0 /h');
  });

  it('shows no value as a dash', () => {
    expect(formatFigure('durationS', null)).toBe('—');
    expect(formatFigure('fraction', undefined)).toBe('—');
    expect(formatFigure('count', NaN)).toBe('—');
    expect(formatFigure('fraction', 0.5)).toBe('0.500');
  });

  it('signs differences', () => {
    expect(formatDelta('fraction', 0.0213)).toBe('+0.021');
    expect(formatDelta('durationS', -270.6)).toBe('−4.51 min');
    expect(formatDelta('count', 0)).toBe('±0');
    expect(formatDelta('gpuS', -428 * 3600)).toBe('−428 GPU-h');
  });

  it('writes CSV values in a fixed unit, without float noise', () => {
    expect(csvUnit('gpuS')).toBe('GPU-h');
    expect(csvUnit('durationS')).toBe('s');
    expect(csvValue('gpuS', 7200)).toBe('2');
    expect(csvValue('fraction', 0.1 + 0.2)).toBe('0.3');
    expect(csvValue('durationS', null)).toBe('');
    expect(csvValue('count', 1e21)).toBe('1e+21');
  });
});
