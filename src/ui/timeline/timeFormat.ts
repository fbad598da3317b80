/**
 * Times of a run as people read them: a clock `d:hh:mm:ss` for readouts and tooltips, and
 * round tick steps (seconds, minutes, hours, days) for the time axis. DOM-free.
 */

const MINUTE_S = 60;
const HOUR_S = 3600;
const DAY_S = 86_400;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/**
 * `timeS` as `d:hh:mm:ss` (days unpadded), e.g. 93_784 s → `1:02:03:04`; with
 * `fractionDigits` > 0 the seconds keep that many decimals (`0:00:00:01.25`). Negative
 * times get a leading minus; non-finite ones read `–`.
 */
export function formatClock(timeS: number, fractionDigits = 0): string {
  if (!Number.isFinite(timeS)) return '–';
  const sign = timeS < 0 ? '-' : '';
  const scale = 10 ** fractionDigits;
  // Round once, in units of the last digit shown, so 59.999 s never reads "0:00:00:60".
  const units = Math.round(Math.abs(timeS) * scale);
  const whole = Math.floor(units / scale);
  const frac = units - whole * scale;
  const d = Math.floor(whole / DAY_S);
  const h = Math.floor((whole % DAY_S) / HOUR_S);
  const m = Math.floor((whole % HOUR_S) / MINUTE_S);
  const s = whole % MINUTE_S;
  const fracText = fractionDigits > 0 ? `.${String(frac).padStart(fractionDigits, '0')}` : '';
  return `${sign}${d}:${pad2(h)}:${pad2(m)}:${pad2(s)}${fracText}`;
}

/**
 * A duration in the largest units that keep it short: `850 ms`, `42 s`, `3 min 20 s`,
 * `5 h 12 min`, `2 d 4 h`.
 */
export function formatDuration(durationS: number): string {
  if (!Number.isFinite(durationS)) return '–';
  const t = Math.abs(durationS);
  const sign = durationS < 0 ? '-' : '';
  if (t < 1) return `${sign}${Math.round(t * 1000)} ms`;
  if (t < MINUTE_S) return `${sign}${t < 10 ? Math.round(t * 10) / 10 : Math.round(t)} s`;
  const whole = Math.round(t);
  if (whole < HOUR_S) return `${sign}${Math.floor(whole / MINUTE_S)} min${whole % MINUTE_S ? ` ${whole % MINUTE_S} s` : ''}`;
  if (whole < DAY_S) {
    const m = Math.round((whole % HOUR_S) / MINUTE_S);
    const h = Math.floor(whole / HOUR_S) + (m === 60 ? 1 : 0);
    return `${sign}${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  }
  const h = Math.round((whole % DAY_S) / HOUR_S);
  const d = Math.floor(whole / DAY_S) + (h === 24 ? 1 : 0);
  return `${sign}${d} d${h % 24 ? ` ${h % 24} h` : ''}`;
}

/** Tick steps the axis may use (seconds): sub-second decimals, then clock-round steps. */
const CLOCK_STEPS_S = [
  1, 2, 5, 10, 15, 30,
  MINUTE_S, 2 * MINUTE_S, 5 * MINUTE_S, 10 * MINUTE_S, 15 * MINUTE_S, 30 * MINUTE_S,
  HOUR_S, 2 * HOUR_S, 3 * HOUR_S, 6 * HOUR_S, 12 * HOUR_S,
  DAY_S, 2 * DAY_S, 5 * DAY_S, 7 * DAY_S, 14 * DAY_S, 28 * DAY_S,
];

/**
 * The round step (seconds) that puts about `count` ticks on [startS, endS]: 1-2-5 decimals
 * under a second, then 1, 2, 5, 10, 15, 30 s, minutes alike, 1, 2, 3, 6, 12 h, then days
 * (1, 2, 5, 7, 14, 28, then multiples of 28·10ⁿ).
 */
export function tickStepS(startS: number, endS: number, count: number): number {
  const span = Math.abs(endS - startS);
  const raw = span / Math.max(1, count);
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  if (raw < 1) {
    const p = 10 ** Math.floor(Math.log10(raw));
    for (const m of [1, 2, 5, 10]) if (m * p >= raw) return m * p;
  }
  for (const s of CLOCK_STEPS_S) if (s >= raw) return s;
  const p = 10 ** Math.floor(Math.log10(raw / (28 * DAY_S)));
  for (const m of [1, 2, 5, 10]) if (28 * DAY_S * m * p >= raw) return 28 * DAY_S * m * p;
  return raw;
}

/** Tick times (seconds): the multiples of {@link tickStepS} within [startS, endS]. */
export function timeTicks(startS: number, endS: number, count: number): number[] {
  const lo = Math.min(startS, endS), hi = Math.max(startS, endS);
  const step = tickStepS(lo, hi, count);
  const out: number[] = [];
  const first = Math.ceil(lo / step - 1e-9);
  for (let i = first; i * step <= hi + step * 1e-9 && out.length < 1000; i++) {
    // Trim float noise (0.30000000000000004) without moving a tick out of the window.
    const t = Number((i * step).toPrecision(15));
    if (t >= lo - step * 1e-6 && t <= hi + step * 1e-6) out.push(t);
  }
  return out;
}

/**
 * A tick label for `timeS` on an axis with ticks `stepS` apart: `3d` on day steps,
 * `1d 06:00` on hour and minute steps (`06:00` within day 0), with seconds (`06:00:30`)
 * under a minute and decimals (`06:00:30.25`) under a second.
 */
export function formatTick(timeS: number, stepS: number): string {
  if (stepS >= DAY_S) return `${Math.round(timeS / DAY_S)}d`;
  const decimals = stepS < 1 ? Math.min(6, Math.ceil(-Math.log10(stepS) - 1e-9)) : 0;
  const clock = formatClock(timeS, decimals);
  // clock is [-]d:hh:mm:ss[.f]; keep hh:mm, seconds only when the step needs them.
  const neg = clock.startsWith('-');
  const [d, hh, mm, ss] = (neg ? clock.slice(1) : clock).split(':');
  const hm = stepS < MINUTE_S ? `${hh}:${mm}:${ss}` : `${hh}:${mm}`;
  return `${neg ? '-' : ''}${d === '0' ? '' : `${d}d `}${hm}`;
}
