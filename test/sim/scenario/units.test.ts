import { describe, expect, it } from 'vitest';
import { formatDuration, parseBandwidth, parseDuration, parseSize } from '../../../src/sim/scenario/units.ts';

describe('parseDuration', () => {
  it.each([
    ['250ms', 0.25],
    ['90s', 90],
    ['1.5s', 1.5],
    ['5m', 300],
    ['5min', 300],
    ['4h', 14400],
    ['1.5h', 5400],
    ['54d', 54 * 86400],
    ['2w', 2 * 604800],
    ['3 s', 3],
    [' 7s ', 7],
    ['1e3ms', 1],
    ['.5h', 1800],
    ['42', 42],
    ['0', 0],
  ])('reads %j as %d seconds', (text, seconds) => {
    expect(parseDuration(text)).toBeCloseTo(seconds, 12);
  });

  it('reads plain numbers as seconds', () => {
    expect(parseDuration(42)).toBe(42);
    expect(parseDuration(0.125)).toBe(0.125);
    expect(parseDuration(0)).toBe(0);
  });

  it('reads microseconds and nanoseconds', () => {
    expect(parseDuration('20us')).toBeCloseTo(20e-6, 15);
    expect(parseDuration('5ns')).toBeCloseTo(5e-9, 18);
  });

  it.each([
    ['10 parsecs'],
    ['5 furlongs'],
    ['s'],
    [''],
    ['   '],
    ['abc'],
    ['1h30'],
    ['5 S'],
    ['5H'],
    ['1..2s'],
    ['1 h m'],
    ['--5s'],
  ])('rejects the text %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });

  it('rejects values that are not numbers or text', () => {
    for (const v of [null, undefined, true, {}, [], [5], NaN, Infinity, -Infinity]) expect(parseDuration(v)).toBeUndefined();
  });

  it('rejects text that overflows to infinity', () => {
    expect(parseDuration('1e308w')).toBeUndefined();
  });
});

describe('parseSize', () => {
  it('reads decimal units', () => {
    expect(parseSize('512MB')).toBe(512e6);
    expect(parseSize('2TB')).toBe(2e12);
    expect(parseSize('1.5GB')).toBe(1.5e9);
    expect(parseSize('3KB')).toBe(3000);
    expect(parseSize('1PB')).toBe(1e15);
    expect(parseSize('7B')).toBe(7);
  });

  it('reads binary units', () => {
    expect(parseSize('64GiB')).toBe(64 * 2 ** 30);
    expect(parseSize('1KiB')).toBe(1024);
    expect(parseSize('2MiB')).toBe(2 * 2 ** 20);
    expect(parseSize('1TiB')).toBe(2 ** 40);
    expect(parseSize('1PiB')).toBe(2 ** 50);
  });

  it('reads bits as an eighth of a byte', () => {
    expect(parseSize('8b')).toBe(1);
    expect(parseSize('100Gb')).toBe(12.5e9);
    expect(parseSize('8Mb')).toBe(1e6);
    expect(parseSize('8Kb')).toBe(1000);
  });

  it('reads plain numbers as bytes', () => {
    expect(parseSize(1000)).toBe(1000);
    expect(parseSize('1000')).toBe(1000);
  });

  it('rejects garbage', () => {
    for (const v of ['5 furlongs', 'GB', '', 'lots', '5 GB/s', '1.2.3GB', {}, null, NaN, Infinity]) expect(parseSize(v)).toBeUndefined();
  });
});

describe('parseBandwidth', () => {
  it('reads "100Gb/s" as 12.5e9 bytes per second', () => {
    expect(parseBandwidth('100Gb/s')).toBe(12.5e9);
  });

  it('reads "20GB/s" as 20e9 bytes per second', () => {
    expect(parseBandwidth('20GB/s')).toBe(20e9);
  });

  it('reads the "ps" spelling and binary units', () => {
    expect(parseBandwidth('100Gbps')).toBe(12.5e9);
    expect(parseBandwidth('1GiB/s')).toBe(2 ** 30);
    expect(parseBandwidth('400 Gb/s')).toBe(50e9);
  });

  it('reads plain numbers as bytes per second', () => {
    expect(parseBandwidth(5e9)).toBe(5e9);
  });

  it('rejects garbage', () => {
    for (const v of ['20GB', '/s', 'fast', '', 'GB/s', '10 parsecs/s', '5GB/h', {}, null, NaN]) expect(parseBandwidth(v)).toBeUndefined();
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [0.85, '850 ms'],
    [0.0005, '0.5 ms'],
    [1, '1 s'],
    [12.5, '12.5 s'],
    [90, '90 s'],
    [300, '5 min'],
    [7199, '120 min'],
    [7200, '2 h'],
    [11520, '3.2 h'],
    [172800, '2 d'],
    [54 * 86400, '54 d'],
    [-30, '-30 s'],
  ])('formats %d seconds as %j', (s, text) => {
    expect(formatDuration(s)).toBe(text);
  });

  it('round-trips through parseDuration to three significant digits', () => {
    for (const s of [0.25, 3, 99, 600, 5400, 86400 * 3]) {
      const text = formatDuration(s).replace(' ', '');
      expect(parseDuration(text)).toBeCloseTo(s, 6);
    }
  });
});

describe('compound durations', () => {
  it('adds up the parts of "1h30m", "2d 4h" and "1m30.5s"', () => {
    expect(parseDuration('1h30m')).toBe(5400);
    expect(parseDuration('2d 4h')).toBe(2 * 86400 + 4 * 3600);
    expect(parseDuration('1m30.5s')).toBe(90.5);
  });
  it('refuses a compound with an unknown unit, a sign inside, or trailing garbage', () => {
    expect(parseDuration('1h30x')).toBeUndefined();
    expect(parseDuration('1h-30m')).toBeUndefined();
    expect(parseDuration('1h30m!')).toBeUndefined();
    expect(parseDuration('1h 30')).toBeUndefined();
  });
});
