import { CsvRows, nonNegativeIntegerAt } from './csv.ts';

/**
 * LLM inference requests read from a trace, one entry per request in file order, as
 * parallel arrays of equal length (at least 1).
 */
export interface RequestTrace {
  /** Arrival time of each request in seconds after the first request (so the first is 0); non-decreasing. */
  readonly arrivalS: Float64Array;
  /** Prompt (context) length of each request in tokens: a non-negative integer. */
  readonly promptTokens: Float64Array;
  /** Number of generated (output) tokens of each request: a non-negative integer. */
  readonly outputTokens: Float64Array;
}

/** The header of the Azure LLM inference traces (AzureLLMInferenceDataset2023). */
const HEADER = ['TIMESTAMP', 'ContextTokens', 'GeneratedTokens'] as const;

const EXAMPLE = '"2023-11-16 18:15:46.6805900"';

/**
 * Days from 1970-01-01 to the proleptic Gregorian date year-month-day (month 1..12),
 * negative before 1970 (H. Hinnant's days_from_civil).
 */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400; // 0..399
  const mp = (month + 9) % 12; // March = 0
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1; // 0..365
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy; // 0..146096
  return era * 146097 + doe - 719468;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Value of the decimal digits at text[from, from + count), or -1 if any is not a digit. */
function digitsAt(text: string, from: number, count: number): number {
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

function badShape(s: string): string {
  return `expected a TIMESTAMP like ${EXAMPLE} (YYYY-MM-DD HH:MM:SS with optional fraction, UTC), got ${JSON.stringify(s)}`;
}

/**
 * Reads text[start, end) as a UTC wall-clock timestamp "YYYY-MM-DD HH:MM:SS[.fraction]"
 * (a "T" may stand for the space), writing the whole seconds since 1970-01-01 UTC to
 * out[0] and the fraction of a second to out[1]; returns undefined on success, else what
 * was wrong. The whole seconds and the fraction are kept apart so that
 * differences between timestamps keep the sub-microsecond digits that one double counting
 * seconds since 1970 would lose.
 */
function timestampAt(text: string, start: number, end: number, out: Float64Array): string | undefined {
  const n = end - start;
  if (n < 19) return badShape(text.slice(start, end));
  const sep = text.charCodeAt(start + 10);
  const year = digitsAt(text, start, 4);
  const month = digitsAt(text, start + 5, 2);
  const day = digitsAt(text, start + 8, 2);
  const hour = digitsAt(text, start + 11, 2);
  const minute = digitsAt(text, start + 14, 2);
  const second = digitsAt(text, start + 17, 2);
  if (text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45 || (sep !== 32 && sep !== 84) || text.charCodeAt(start + 13) !== 58 || text.charCodeAt(start + 16) !== 58 ||
    year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
    return badShape(text.slice(start, end));
  }
  let frac = 0;
  if (n > 19) {
    if (text.charCodeAt(start + 19) !== 46 || n === 20) return badShape(text.slice(start, end));
    let num = 0;
    let den = 1;
    for (let i = 20; i < n; i++) {
      const d = text.charCodeAt(start + i) - 48;
      if (d < 0 || d > 9) return badShape(text.slice(start, end));
      if (i < 35) { num = num * 10 + d; den *= 10; } // digits past the 15th are below double precision
    }
    frac = num / den;
  }
  if (month < 1 || month > 12 || day < 1 || day > 28 || hour > 23 || minute > 59 || second > 59) {
    const s = JSON.stringify(text.slice(start, end));
    if (month < 1 || month > 12) return `month ${month} in TIMESTAMP ${s} is out of range: expected 01 to 12`;
    const monthDays = month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1];
    if (day < 1 || day > monthDays) return `day ${day} in TIMESTAMP ${s} is out of range: expected 01 to ${monthDays} for ${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
    if (hour > 23) return `hour ${hour} in TIMESTAMP ${s} is out of range: expected 00 to 23`;
    if (minute > 59) return `minute ${minute} in TIMESTAMP ${s} is out of range: expected 00 to 59`;
    if (second > 59) return `second ${second} in TIMESTAMP ${s} is out of range: expected 00 to 59`;
  }
  out[0] = daysFromCivil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  out[1] = frac;
  return undefined;
}

/**
 * Parses an Azure LLM inference trace (AzureLLMInferenceDataset2023, Patel et al.,
 * "Splitwise", ISCA 2024; CC-BY 4.0): CSV text with the header
 * `TIMESTAMP,ContextTokens,GeneratedTokens` and one request per row, such as
 * `2023-11-16 18:15:46.6805900,374,44`.
 *
 * TIMESTAMP is read as UTC and converted to seconds after the first row's timestamp;
 * timestamps must be non-decreasing. Token counts must be non-negative integers. LF or
 * CRLF line endings and a trailing newline are accepted; fields are not quoted.
 *
 * Pure: takes the text, returns data.
 * @param text the whole file's contents
 * @param file the file name, used only in error messages
 * @throws TraceError (`file:line:column: what was wrong and what was expected`) for an
 *   empty or header-only file ("no requests"), a header other than the expected one, a
 *   row with other than 3 fields, a malformed or backward timestamp, or a token count
 *   that is not a non-negative integer.
 */
export function parseAzureLlmTrace(text: string, file: string): RequestTrace {
  const rows = new CsvRows(text, file, HEADER, 'requests');
  // Upper bound on the row count (one per line break), trimmed at the end.
  let capacity = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) capacity++;
  const arrivalS = new Float64Array(capacity);
  const promptTokens = new Float64Array(capacity);
  const outputTokens = new Float64Array(capacity);
  const { fieldStart, fieldEnd } = rows;
  let count = 0;
  let firstWholeS = 0;
  let firstFracS = 0;
  let prevWholeS = 0;
  let prevFracS = 0;
  let prevLine = 0;
  let prevStampStart = 0;
  let prevStampEnd = 0;
  let prevArrivalS = 0;
  const stamp = new Float64Array(2);
  while (rows.next()) {
    const problem = timestampAt(text, fieldStart[0], fieldEnd[0], stamp);
    if (problem !== undefined) rows.fail(0, problem);
    const wholeS = stamp[0];
    const fracS = stamp[1];
    if (count === 0) {
      firstWholeS = wholeS;
      firstFracS = fracS;
    } else if (wholeS < prevWholeS || (wholeS === prevWholeS && fracS < prevFracS)) {
      const previous = text.slice(prevStampStart, prevStampEnd);
      rows.fail(0, `TIMESTAMP ${JSON.stringify(rows.field(0))} goes back in time from ${JSON.stringify(previous)} on line ${prevLine}: expected non-decreasing timestamps`);
    }
    // Rounding could in principle put two ordered timestamps a hair apart the wrong way; keep the order exact.
    const a = wholeS - firstWholeS + (fracS - firstFracS);
    prevArrivalS = a < prevArrivalS ? prevArrivalS : a;
    arrivalS[count] = prevArrivalS;
    prevWholeS = wholeS;
    prevFracS = fracS;
    prevLine = rows.line;
    prevStampStart = fieldStart[0];
    prevStampEnd = fieldEnd[0];

    const p = nonNegativeIntegerAt(text, fieldStart[1], fieldEnd[1]);
    if (Number.isNaN(p)) rows.fail(1, `ContextTokens: expected a non-negative integer, got ${JSON.stringify(rows.field(1))}`);
    const o = nonNegativeIntegerAt(text, fieldStart[2], fieldEnd[2]);
    if (Number.isNaN(o)) rows.fail(2, `GeneratedTokens: expected a non-negative integer, got ${JSON.stringify(rows.field(2))}`);
    promptTokens[count] = p;
    outputTokens[count] = o;
    count++;
  }
  return { arrivalS: arrivalS.slice(0, count), promptTokens: promptTokens.slice(0, count), outputTokens: outputTokens.slice(0, count) };
}
