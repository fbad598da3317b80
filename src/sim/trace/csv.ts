import { TraceError } from './TraceError.ts';

/**
 * A scanner for the plain comma-separated text of the public traces: no quoting (the
 * traces never quote), LF or CRLF line endings, an optional byte-order mark, and
 * trailing newlines. It finds commas and line breaks with indexOf and makes no string per
 * row or field (a per-row `split` costs several times more on a 20,000-row file); fields
 * are index ranges [fieldStart[i], fieldEnd[i]) into `text`, read with the `…At`
 * functions below, and substrings are made only for error messages.
 */
export class CsvRows {
  /** Start of the field i of the current row (index into text); valid for i < names.length. */
  readonly fieldStart: Int32Array;
  /** End (exclusive) of field i of the current row. */
  readonly fieldEnd: Int32Array;
  /** 1-based line number of the current row (1 is the header). */
  line = 0;
  /** Index into text where the current line starts. */
  lineStart = 0;
  /** Index into text where the current line ends (before its LF or CRLF). */
  lineEnd = 0;
  private pos: number;
  /** End of the text without trailing line endings: rows stop here. */
  private readonly end: number;

  /**
   * Checks the header (first line) is exactly `names` joined by commas and that at least
   * one row follows, throwing a TraceError naming the expected header otherwise.
   * `rowsNoun` names the rows in the "no rows" error, such as "requests".
   */
  constructor(readonly text: string, readonly file: string, readonly names: readonly string[], rowsNoun: string) {
    this.fieldStart = new Int32Array(names.length);
    this.fieldEnd = new Int32Array(names.length);
    let end = text.length;
    while (end > 0 && (text.charCodeAt(end - 1) === 10 || text.charCodeAt(end - 1) === 13)) end--;
    this.end = end;
    this.pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
    const want = names.join(',');
    if (this.pos >= end) {
      throw new TraceError(file, 1, 1, `empty file, no ${rowsNoun}: expected the header "${want}" followed by one row per ${rowsNoun.replace(/s$/, '')}`);
    }
    this.nextLine();
    const header = text.slice(this.lineStart, this.lineEnd);
    if (header !== want) {
      const got = header.split(',');
      let i = 0;
      while (i < names.length && got[i] === names[i]) i++;
      const where = i < got.length
        ? i < names.length
          ? `field ${i + 1} is ${JSON.stringify(got[i])} where ${JSON.stringify(names[i])} was expected`
          : `there are ${got.length} fields where ${names.length} were expected`
        : `field ${i + 1} ${JSON.stringify(names[i])} is missing`;
      // Point at the first differing field, or at the end of the line where a missing field would start.
      const column = i < got.length ? got.slice(0, i).join(',').length + (i > 0 ? 2 : 1) : header.length + 1;
      throw new TraceError(file, 1, column, `bad header: expected "${want}", got ${JSON.stringify(header)} (${where})`);
    }
    if (this.pos >= end) {
      throw new TraceError(file, 1, 1, `no ${rowsNoun}: the file has the header "${want}" but no rows after it`);
    }
  }

  /** Moves to the next line, setting line, lineStart and lineEnd. */
  private nextLine(): void {
    const text = this.text;
    let i = this.pos;
    this.lineStart = i;
    const nl = text.indexOf('\n', i);
    i = nl < 0 || nl > this.end ? this.end : nl;
    this.pos = i + 1;
    this.lineEnd = i > this.lineStart && text.charCodeAt(i - 1) === 13 ? i - 1 : i;
    this.line++;
  }

  /**
   * Moves to the next row and splits it into fields; returns false when there are no
   * more rows. Throws a TraceError naming how many fields were expected when the row
   * has another number.
   */
  next(): boolean {
    if (this.pos > this.end) return false;
    this.nextLine();
    const text = this.text;
    const n = this.names.length;
    const lineEnd = this.lineEnd;
    let field = 0;
    let start = this.lineStart;
    for (let i = text.indexOf(',', start); i >= 0 && i < lineEnd; i = text.indexOf(',', start)) {
      if (field < n) {
        this.fieldStart[field] = start;
        this.fieldEnd[field] = i;
      } else {
        this.tooMany(start);
      }
      field++;
      start = i + 1;
    }
    if (field >= n) this.tooMany(start);
    this.fieldStart[field] = start;
    this.fieldEnd[field] = lineEnd;
    if (field + 1 < n) {
      const got = lineEnd === this.lineStart ? 'an empty line' : `${field + 1} field${field === 0 ? '' : 's'}`;
      // Too few: point at the end of the line, where the next field would start.
      throw new TraceError(this.file, this.line, lineEnd - this.lineStart + 1, `expected ${n} fields (${this.names.join(',')}), got ${got}`);
    }
    return true;
  }

  private tooMany(extraStart: number): never {
    let count = 1;
    for (let i = this.lineStart; i < this.lineEnd; i++) if (this.text.charCodeAt(i) === 44) count++;
    throw new TraceError(this.file, this.line, extraStart - this.lineStart + 1,
      `expected ${this.names.length} fields (${this.names.join(',')}), got ${count} fields`);
  }

  /** The text of field i of the current row (for messages). */
  field(i: number): string {
    return this.text.slice(this.fieldStart[i], this.fieldEnd[i]);
  }

  /** Throws a TraceError at the start of field i of the current row. */
  fail(i: number, what: string): never {
    throw new TraceError(this.file, this.line, this.fieldStart[i] - this.lineStart + 1, what);
  }
}

/**
 * Reads text[start, end) as a non-negative integer written as plain decimal digits
 * ("0", "42", "007"); NaN for anything else (empty, a sign, a decimal point, an exponent,
 * spaces, or more than Number.MAX_SAFE_INTEGER).
 */
export function nonNegativeIntegerAt(text: string, start: number, end: number): number {
  if (end <= start || end - start > 16) return NaN;
  let v = 0;
  for (let i = start; i < end; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v <= Number.MAX_SAFE_INTEGER ? v : NaN;
}

/**
 * Reads text[start, end) as a non-negative decimal number, digits with an optional
 * fraction ("12", "12.5", ".25"); NaN for anything else (empty, a sign, an exponent,
 * spaces, "Infinity", a trailing ".", or too large to be finite).
 */
export function nonNegativeDecimalAt(text: string, start: number, end: number): number {
  const v = nonNegativeIntegerAt(text, start, end);
  if (!Number.isNaN(v)) return v;
  let digits = 0;
  let dot = false;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
    else if (c === 46 && !dot) dot = true;
    else return NaN;
  }
  if (digits === 0 || text.charCodeAt(end - 1) === 46) return NaN;
  const x = Number(text.slice(start, end));
  return Number.isFinite(x) ? x : NaN;
}
