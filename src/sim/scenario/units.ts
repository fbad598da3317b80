/**
 * Parsing of quantities with units, as written in scenarios: durations ("250ms", "90s",
 * "4h", "54d"), sizes ("2TB", "512GiB") and bandwidths ("100Gb/s", "20GB/s").
 * Each parser returns the value in base units (seconds, bytes, bytes per second), or a
 * string describing what was expected when the text does not parse.
 */

const DURATION_S: Record<string, number> = {
  ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, sec: 1, m: 60, min: 60, h: 3600, hr: 3600,
  d: 86400, day: 86400, days: 86400, w: 604800, week: 604800, weeks: 604800, y: 31536000,
};

const SIZE_BYTES: Record<string, number> = {
  B: 1, kB: 1e3, KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15,
  KiB: 2 ** 10, MiB: 2 ** 20, GiB: 2 ** 30, TiB: 2 ** 40, PiB: 2 ** 50,
  b: 1 / 8, kb: 1e3 / 8, Kb: 1e3 / 8, Mb: 1e6 / 8, Gb: 1e9 / 8, Tb: 1e12 / 8,
};

const NUMBER_WITH_UNIT = /^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)\s*([A-Za-zµ/]*)\s*$/;

/** What a duration field accepts, for error messages. */
export const DURATION_EXPECTED = 'a duration: seconds as a number, or a string such as "250ms", "90s", "4h", "1h30m", "54d"';
/** What a size field accepts, for error messages. */
export const SIZE_EXPECTED = 'a size: bytes as a number, or a string such as "512MB", "2TB", "64GiB"';
/** What a bandwidth field accepts, for error messages. */
export const BANDWIDTH_EXPECTED = 'a bandwidth: bytes/s as a number, or a string such as "20GB/s", "100Gb/s"';

function parseWithUnits(value: unknown, table: Record<string, number>, defaultUnit: string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const m = NUMBER_WITH_UNIT.exec(value);
  if (!m) return undefined;
  const factor = table[m[2] === '' ? defaultUnit : m[2]];
  if (factor === undefined) return undefined;
  const v = Number(m[1]) * factor;
  return Number.isFinite(v) ? v : undefined;
}

const DURATION_PART = /(\d+(?:\.\d+)?)\s*([a-zµ]+)\s*/y;

/**
 * A duration in seconds, or undefined when `value` is not a valid duration. Compound
 * durations add up their parts: "1h30m", "2d 4h", "1m30s".
 */
export function parseDuration(value: unknown): number | undefined {
  const single = parseWithUnits(value, DURATION_S, 's');
  if (single !== undefined || typeof value !== 'string') return single;
  const text = value.trim();
  let total = 0, parts = 0;
  DURATION_PART.lastIndex = 0;
  while (DURATION_PART.lastIndex < text.length) {
    const m = DURATION_PART.exec(text);
    const factor = m ? DURATION_S[m[2]] : undefined;
    if (!m || factor === undefined) return undefined;
    total += Number(m[1]) * factor;
    parts++;
  }
  return parts >= 2 && Number.isFinite(total) ? total : undefined;
}

/** A size in bytes, or undefined when `value` is not a valid size. */
export function parseSize(value: unknown): number | undefined {
  return parseWithUnits(value, SIZE_BYTES, 'B');
}

/** A bandwidth in bytes per second, or undefined when `value` is not a valid bandwidth. */
export function parseBandwidth(value: unknown): number | undefined {
  if (typeof value === 'number') return parseWithUnits(value, SIZE_BYTES, 'B');
  if (typeof value !== 'string') return undefined;
  const m = /^(.*?)(?:\/s|ps)\s*$/.exec(value);
  return m ? parseWithUnits(m[1], SIZE_BYTES, 'B') : undefined;
}

/** Formats seconds for people: "850 ms", "12.5 s", "3.2 h". */
export function formatDuration(seconds: number): string {
  const a = Math.abs(seconds);
  if (a === 0) return '0 s';
  if (a < 1) return `${+(seconds * 1000).toPrecision(3)} ms`;
  if (a < 120) return `${+seconds.toPrecision(3)} s`;
  if (a < 7200) return `${+(seconds / 60).toPrecision(3)} min`;
  if (a < 172800) return `${+(seconds / 3600).toPrecision(3)} h`;
  return `${+(seconds / 86400).toPrecision(3)} d`;
}
