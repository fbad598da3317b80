/**
 * The rows a sweep writes, one per run, as CSV (with a header) or JSON Lines: the run
 * index, the total number of runs, the varied values, the seed, the status, the figures
 * (empty for a failed run) and the error (empty for a run that completed). Only
 * deterministic columns — no timing — so the same sweep gives the same bytes whatever the
 * number of workers or shards. Also reads such files back (for --resume and merge).
 */
import type { RunResult } from '../../sim/model/RunResult.ts';
import { cellText } from './spec.ts';

/** The figures of a row: the headline four, then those behind them. */
export const ROW_FIGURES = [
  'C', 'S', 'T', 'R', 'Tp50', 'Tp95', 'Tp99', 'sloAttainment', 'goodput', 'availability',
  'lostGpuS', 'checkpointGpuS', 'restartGpuS', 'busyGpuS', 'upGpuS', 'provisionedGpuS',
  'meanInSystem', 'meanQueued', 'throughputPerS', 'arrived', 'completed', 'interruptions',
  'failures', 'preemptions', 'endS', 'events',
] as const;
export type RowFigure = (typeof ROW_FIGURES)[number];

export type TableFormat = 'csv' | 'jsonl';

/** The format a file name asks for: `.jsonl` / `.ndjson` are JSON Lines, anything else CSV. */
export function tableFormatOf(file: string): TableFormat {
  return /\.(jsonl|ndjson)$/i.test(file) ? 'jsonl' : 'csv';
}

/** One run's row. */
export interface SweepRow {
  readonly run: number;
  readonly runs: number;
  /** The varied values, in the order of the `vary` keys. */
  readonly values: readonly unknown[];
  readonly seed: number;
  readonly status: 'ok' | 'failed';
  /** Null for a failed run. */
  readonly figures: Readonly<Record<RowFigure, number | null>> | null;
  /** Empty for a run that completed. */
  readonly error: string;
}

/** The figures of a completed run (`availability`: mean over the inference services, null without any). */
export function rowFigures(r: RunResult): Record<RowFigure, number | null> {
  const m = r.metrics as unknown as Readonly<Record<string, number | null | undefined>>;
  const services = Object.values(r.workloads).flatMap((w) => (w.inference ? [w.inference.availability] : []));
  const out = {} as Record<RowFigure, number | null>;
  for (const f of ROW_FIGURES) {
    const v = f === 'availability' ? (services.length ? services.reduce((a, b) => a + b, 0) / services.length : null)
      : f === 'preemptions' ? r.preemptions
        : f === 'events' ? r.stats.events
          : m[f];
    out[f] = typeof v === 'number' && Number.isFinite(v) ? v : null;
  }
  return out;
}

/** An error as one line of text (a cell never holds a line break). */
export const oneLine = (text: string): string => text.replace(/\s*[\r\n]+\s*/g, ' ').trim();

/** The column names of a sweep varying `keys`. */
export function columnsOf(keys: readonly string[]): string[] {
  return ['run', 'runs', ...keys, 'seed', 'status', ...ROW_FIGURES, 'error'];
}

const csvCell = (text: string): string => (/[",\r\n]/.test(text) || /^\s|\s$/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
const num = (x: number | null): string => (x === null ? '' : String(x));

/** The header line of a CSV file (none for JSON Lines), without its line break. */
export function headerLine(format: TableFormat, keys: readonly string[]): string | null {
  return format === 'csv' ? columnsOf(keys).map(csvCell).join(',') : null;
}

/**
 * The start of a row up to and including its seed — what identifies the run (its index,
 * the sweep's size, its point and seed); a row of the same sweep starts with exactly this.
 */
export function rowIdentity(format: TableFormat, keys: readonly string[], row: Pick<SweepRow, 'run' | 'runs' | 'values' | 'seed'>): string {
  if (format === 'csv') return [String(row.run), String(row.runs), ...row.values.map((v) => csvCell(cellText(v))), String(row.seed)].map((c) => `${c},`).join('');
  const head: Record<string, unknown> = { run: row.run, runs: row.runs };
  keys.forEach((k, i) => { head[k] = row.values[i]; });
  head.seed = row.seed;
  return JSON.stringify(head).slice(0, -1) + ',';
}

/** A row as one line of text, without its line break. */
export function rowLine(format: TableFormat, keys: readonly string[], row: SweepRow): string {
  const figures = ROW_FIGURES.map((f) => (row.figures ? row.figures[f] : null));
  if (format === 'csv') return rowIdentity(format, keys, row) + [row.status, ...figures.map(num), csvCell(oneLine(row.error))].join(',');
  const tail: Record<string, unknown> = { status: row.status };
  ROW_FIGURES.forEach((f, i) => { tail[f] = figures[i]; });
  tail.error = row.error === '' ? null : oneLine(row.error);
  return rowIdentity(format, keys, row) + JSON.stringify(tail).slice(1);
}

/** A whole file: header (CSV), then the rows sorted by run, each line ending in a line break. */
export function tableText(format: TableFormat, keys: readonly string[], lines: ReadonlyMap<number, string>): string {
  const head = headerLine(format, keys);
  const runs = [...lines.keys()].sort((a, b) => a - b);
  return (head === null ? '' : head + '\n') + runs.map((r) => lines.get(r) + '\n').join('');
}

/** A row read back from a file. */
export interface ParsedRow {
  readonly run: number;
  readonly runs: number;
  /** The varied values as cell text (as {@link cellText} writes them). */
  readonly point: readonly string[];
  readonly seed: number;
  readonly status: string;
  readonly figures: Readonly<Record<string, number | null>>;
  readonly error: string;
  /** The line as it is in the file, without its line break. */
  readonly line: string;
  /** 1-based line number in the file. */
  readonly lineNo: number;
}

/** A file read back: its varied keys (from the header or the first row), its rows, and whether it ends mid-row. */
export interface ParsedTable {
  readonly keys: readonly string[] | null;
  /** The header line as it is (CSV). */
  readonly header: string | null;
  readonly rows: readonly ParsedRow[];
  /** The text ends in a row without its line break (a sweep stopped while writing). */
  readonly partial: boolean;
}

/** A problem reading a sweep output file. */
export class TableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TableError';
  }
}

/** Splits CSV text into records (RFC 4180 quoting), each with its raw text; the last one may lack its line break. */
function csvRecords(text: string): { cells: string[]; raw: string; lineNo: number; complete: boolean }[] {
  const out: { cells: string[]; raw: string; lineNo: number; complete: boolean }[] = [];
  let i = 0, line = 1;
  while (i < text.length) {
    const start = i, startLine = line;
    const cells: string[] = [];
    let cell = '', complete = false;
    for (;;) {
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= text.length) break;
          if (text[i] === '"') {
            if (text[i + 1] === '"') { cell += '"'; i += 2; continue; }
            i++;
            break;
          }
          if (text[i] === '\n') line++;
          cell += text[i++];
        }
      }
      while (i < text.length && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') cell += text[i++];
      if (i >= text.length) { cells.push(cell); break; }
      if (text[i] === ',') { cells.push(cell); cell = ''; i++; continue; }
      cells.push(cell);
      const end = i;
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      line++;
      complete = true;
      out.push({ cells, raw: text.slice(start, end), lineNo: startLine, complete });
      break;
    }
    if (!complete) out.push({ cells, raw: text.slice(start), lineNo: startLine, complete: false });
  }
  return out;
}

const toNumber = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** Reads a sweep output file. Throws {@link TableError} naming `file` and the line for a row it cannot read. */
export function parseTable(text: string, format: TableFormat, file: string): ParsedTable {
  if (format === 'csv') {
    const recs = csvRecords(text);
    if (recs.length === 0) return { keys: null, header: null, rows: [], partial: false };
    const head = recs[0];
    if (!head.complete) return { keys: null, header: null, rows: [], partial: true };
    const cols = head.cells;
    const iSeed = cols.indexOf('seed');
    if (cols[0] !== 'run' || cols[1] !== 'runs' || iSeed < 2 || cols[iSeed + 1] !== 'status' || cols[cols.length - 1] !== 'error') {
      throw new TableError(`${file}: line 1: not the header of a dcsim sweep (run,runs,…,seed,status,…,error)`);
    }
    const keys = cols.slice(2, iSeed);
    const rows: ParsedRow[] = [];
    let partial = false;
    for (const r of recs.slice(1)) {
      if (!r.complete) { partial = true; break; }
      if (r.raw === '') continue;
      if (r.cells.length !== cols.length) throw new TableError(`${file}: line ${r.lineNo}: expected ${cols.length} cells as in the header, got ${r.cells.length}`);
      const cell = (name: string) => r.cells[cols.indexOf(name)];
      const figures: Record<string, number | null> = {};
      for (const f of cols.slice(iSeed + 2, -1)) figures[f] = toNumber(cell(f));
      rows.push(checked({
        run: Number(cell('run')), runs: Number(cell('runs')), point: r.cells.slice(2, iSeed), seed: Number(cell('seed')),
        status: cell('status'), figures, error: cell('error'), line: r.raw, lineNo: r.lineNo,
      }, file));
    }
    return { keys, header: head.raw, rows, partial };
  }
  const lines = text.split('\n');
  const partial = lines[lines.length - 1] !== '';
  const complete = lines.slice(0, -1);
  let keys: string[] | null = null;
  const rows: ParsedRow[] = [];
  complete.forEach((line, k) => {
    if (line.trim() === '') return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      throw new TableError(`${file}: line ${k + 1}: not a JSON object`);
    }
    if (typeof o !== 'object' || o === null || Array.isArray(o)) throw new TableError(`${file}: line ${k + 1}: not a JSON object`);
    const rec = o as Record<string, unknown>;
    const names = Object.keys(rec);
    const iSeed = names.indexOf('seed');
    if (names[0] !== 'run' || names[1] !== 'runs' || iSeed < 2 || names[iSeed + 1] !== 'status') throw new TableError(`${file}: line ${k + 1}: not a row of a dcsim sweep (run, runs, …, seed, status, …)`);
    const rowKeys = names.slice(2, iSeed);
    if (keys === null) keys = rowKeys;
    else if (rowKeys.join('\u0000') !== keys.join('\u0000')) throw new TableError(`${file}: line ${k + 1}: varies ${rowKeys.join(', ') || 'nothing'}, but earlier rows vary ${keys.join(', ') || 'nothing'}`);
    const figures: Record<string, number | null> = {};
    for (const f of names.slice(iSeed + 2)) if (f !== 'error') figures[f] = toNumber(rec[f]);
    rows.push(checked({
      run: rec.run as number, runs: rec.runs as number, point: rowKeys.map((key) => cellText(rec[key])), seed: rec.seed as number,
      status: String(rec.status), figures, error: typeof rec.error === 'string' ? rec.error : '', line, lineNo: k + 1,
    }, file));
  });
  return { keys, header: null, rows, partial };
}

function checked(r: ParsedRow, file: string): ParsedRow {
  const whole = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
  if (!whole(r.run) || !whole(r.runs) || r.run >= r.runs) throw new TableError(`${file}: line ${r.lineNo}: expected a run index from 0 below the run count, got run ${r.run} of ${r.runs}`);
  if (r.status !== 'ok' && r.status !== 'failed') throw new TableError(`${file}: line ${r.lineNo}: expected status "ok" or "failed", got "${r.status}"`);
  return r;
}
