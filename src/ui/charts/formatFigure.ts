/**
 * Formatting of figures with their units (DOM-free). Fractions in [0, 1] get three
 * decimals; durations pick a readable unit (ms, s, min, h, d); GPU time is shown in
 * GPU-hours; counts get thousands separators. Negative numbers use a true minus sign (−).
 */

/** How a figure's value is measured, which decides how it is shown. */
export type FigureKind =
  /** A share in [0, 1] (C, S, R, goodput …). */
  | 'fraction'
  /** A duration in seconds (T, RTO, RPO …), shown in a readable unit. */
  | 'durationS'
  /** GPU time in GPU-seconds, shown in GPU-hours. */
  | 'gpuS'
  /** A whole number of things. */
  | 'count'
  /** Events per second, shown per s, min or h. */
  | 'perS'
  /** Any other number (time-average counts …). */
  | 'number';

/** A unit of time for an axis or a value: its symbol and its length in seconds. */
export interface TimeUnit {
  readonly symbol: 'ms' | 's' | 'min' | 'h' | 'd';
  readonly seconds: number;
}

const MS: TimeUnit = { symbol: 'ms', seconds: 0.001 };
const S: TimeUnit = { symbol: 's', seconds: 1 };
const MIN: TimeUnit = { symbol: 'min', seconds: 60 };
const H: TimeUnit = { symbol: 'h', seconds: 3600 };
const D: TimeUnit = { symbol: 'd', seconds: 86_400 };

/** The unit a span of `spanS` seconds (e.g. an axis' extent) reads best in: s below 3 min, min below 3 h, h below 3 d, else d. */
export function timeUnitFor(spanS: number): TimeUnit {
  const a = Math.abs(spanS);
  if (!Number.isFinite(a) || a < 180) return S;
  if (a < 3 * 3600) return MIN;
  if (a < 3 * 86_400) return H;
  return D;
}

/** The unit a single duration reads best in: like {@link timeUnitFor}, with ms below 1 s and the switch at 1 of the larger unit's worth × 2. */
function valueTimeUnit(s: number): TimeUnit {
  const a = Math.abs(s);
  if (a > 0 && a < 1) return MS;
  if (a < 120) return S;
  if (a < 2 * 3600) return MIN;
  if (a < 2 * 86_400) return H;
  return D;
}

const MINUS = '\u2212';

/** `v` with `digits` significant digits (at most), no exponent, thousands separated by commas, true minus. */
export function formatSignificant(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '—' : v > 0 ? '∞' : `${MINUS}∞`;
  if (v === 0) return '0';
  const a = Math.abs(v);
  const magnitude = Math.floor(Math.log10(a));
  const decimals = Math.max(0, digits - 1 - magnitude);
  const text = a.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: Math.min(decimals, 20) });
  if (text === '0') return '0';
  return (v < 0 ? MINUS : '') + text;
}

/** A duration in seconds in a readable unit: `350 ms`, `42 s`, `12.4 min`, `3.5 h`, `2.1 d` (three significant digits). */
export function formatDurationS(s: number): string {
  if (!Number.isFinite(s)) return formatSignificant(s);
  if (s === 0) return '0 s';
  const u = valueTimeUnit(s);
  return `${formatSignificant(s / u.seconds, 3)} ${u.symbol}`;
}

/** A duration in the largest unit it is a whole number of (`1 h`, `15 min`, `90 s`), else as {@link formatDurationS}. */
export function formatWholeDurationS(s: number): string {
  for (const u of [D, H, MIN, S]) if (s >= u.seconds && Number.isInteger(s / u.seconds)) return `${formatCount(s / u.seconds)} ${u.symbol}`;
  return formatDurationS(s);
}

/** A value in `unit` as an axis tick: just the number (the unit is in the axis label). */
export function formatInUnit(s: number, unit: TimeUnit): string {
  return formatSignificant(s / unit.seconds, 4);
}

/** A share in [0, 1] with three decimals, e.g. `0.961`. */
export function formatFraction(v: number): string {
  if (!Number.isFinite(v)) return formatSignificant(v);
  const t = Math.abs(v).toFixed(3);
  return (v < 0 && Number(t) !== 0 ? MINUS : '') + t;
}

/** A count with thousands separators; non-integers keep up to two decimals. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return formatSignificant(n);
  const text = Math.abs(n).toLocaleString('en-US', { maximumFractionDigits: 2 });
  return (n < 0 && text !== '0' ? MINUS : '') + text;
}

/** GPU-seconds as GPU-hours: `1,234 GPU-h`, `12.3 GPU-h`, `0.051 GPU-h`. */
export function formatGpuS(gpuS: number): string {
  return `${formatSignificant(gpuS / 3600, 3)} GPU-h`;
}

/** A rate per second shown per s, min or h, whichever gives a number of at least 1: `2.4 /s`, `13 /min`, `0.5 /h`. */
export function formatPerS(perS: number): string {
  if (!Number.isFinite(perS)) return formatSignificant(perS);
  const a = Math.abs(perS);
  if (a === 0) return '0 /h';
  if (a >= 1) return `${formatSignificant(perS, 3)} /s`;
  if (a * 60 >= 1) return `${formatSignificant(perS * 60, 3)} /min`;
  return `${formatSignificant(perS * 3600, 3)} /h`;
}

/** A figure's value for display; null (the figure has no value, e.g. T when nothing completed) is `—`. */
export function formatFigure(kind: FigureKind, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '—';
  switch (kind) {
    case 'fraction': return formatFraction(v);
    case 'durationS': return formatDurationS(v);
    case 'gpuS': return formatGpuS(v);
    case 'count': return formatCount(v);
    case 'perS': return formatPerS(v);
    case 'number': return formatSignificant(v, 3);
  }
}

/** A difference for display, always signed (`+0.012`, `−2.10 min`, `±0` when equal). */
export function formatDelta(kind: FigureKind, delta: number): string {
  if (Number.isNaN(delta)) return '—';
  if (delta === 0) return '±0';
  const text = formatFigure(kind, Math.abs(delta));
  return (delta > 0 ? '+' : MINUS) + text;
}

/** The unit a figure kind is written in in exported data (CSV): fractions have none. */
export function csvUnit(kind: FigureKind): string {
  switch (kind) {
    case 'fraction': return '';
    case 'durationS': return 's';
    case 'gpuS': return 'GPU-h';
    case 'count': return 'count';
    case 'perS': return '/s';
    case 'number': return '';
  }
}

/** A figure's value in its {@link csvUnit}, as plain text (no separators, `.` decimal point, float noise trimmed); empty for no value. */
export function csvValue(kind: FigureKind, v: number | null | undefined): string {
  if (v === null || v === undefined || Number.isNaN(v)) return '';
  const x = kind === 'gpuS' ? v / 3600 : v;
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  return String(Number(x.toPrecision(12)));
}
