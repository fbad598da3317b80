import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { summarizeRows } from '../worker/sweep/summary.ts';
import { parseTable, tableFormatOf, TableError, type ParsedRow } from '../worker/sweep/table.ts';
import { CliError } from './CliError.ts';
import { formatSweepSummary } from './formatSweepSummary.ts';
import type { SweepIo } from './sweep.ts';
import { writeSummary } from './sweep.ts';

const list = (runs: readonly number[]): string => {
  const shown = runs.slice(0, 10).join(', ');
  return runs.length > 10 ? `${shown}, … (${runs.length} in all)` : shown;
};

/**
 * `dcsim merge FILES... --out FILE`: joins the outputs of a sweep's shards into the file
 * an unsharded sweep writes — the same header, the rows sorted by run, byte for byte.
 * Fails (bad input) when a run is in two files (or twice in one), when runs are missing,
 * or when the files are not of one sweep. Returns the number of failed runs merged.
 */
export function mergeCommand(files: readonly string[], opts: { out: string; summary?: string }, io: SweepIo): number {
  const format = tableFormatOf(opts.out);
  let header: { text: string | null; keys: readonly string[] | null; file: string } | null = null;
  let runs: { n: number; file: string } | null = null;
  const rows = new Map<number, { row: ParsedRow; file: string }>();
  const given = new Set<string>();
  for (const file of files) {
    if (given.has(resolve(file))) throw new CliError(`${file} is given twice`);
    given.add(resolve(file));
  }
  for (const file of files) {
    if (tableFormatOf(file) !== format) throw new CliError(`${file} is ${tableFormatOf(file) === 'csv' ? 'CSV' : 'JSON Lines'} but --out ${opts.out} is ${format === 'csv' ? 'CSV' : 'JSON Lines'}; merge files of one format into that format`);
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new CliError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    }
    let t;
    try {
      t = parseTable(text, format, file);
    } catch (e) {
      if (e instanceof TableError) throw new CliError(e.message);
      throw e;
    }
    if (t.partial) throw new CliError(`${file} ends in an incomplete row: its sweep stopped while writing; finish it (dcsim sweep … --resume) and merge again`);
    if (t.keys !== null) {
      if (header === null) header = { text: t.header, keys: t.keys, file };
      else if (t.header !== header.text || t.keys.join('\u0000') !== header.keys!.join('\u0000')) {
        throw new CliError(`${file} and ${header.file} are not outputs of one sweep: their columns differ (${t.keys.join(', ') || 'nothing'} varied vs ${header.keys!.join(', ') || 'nothing'})`);
      }
    }
    for (const row of t.rows) {
      if (runs === null) runs = { n: row.runs, file };
      else if (row.runs !== runs.n) throw new CliError(`${file} and ${runs.file} are not outputs of one sweep: a sweep of ${row.runs} runs vs one of ${runs.n}`);
      const other = rows.get(row.run);
      if (other) {
        throw new CliError(other.file === file
          ? `run ${row.run} is in ${file} twice (lines ${other.row.lineNo} and ${row.lineNo})`
          : `run ${row.run} is in both ${other.file} and ${file}: the shards overlap (were they run with the same --shard count?)`);
      }
      rows.set(row.run, { row, file });
    }
  }
  if (runs !== null) {
    const missing: number[] = [];
    for (let r = 0; r < runs.n; r++) if (!rows.has(r)) missing.push(r);
    if (missing.length > 0) {
      throw new CliError(`${missing.length === 1 ? 'run' : 'runs'} ${list(missing)} of the sweep's ${runs.n} ${missing.length === 1 ? 'is' : 'are'} missing: in none of ${files.join(', ')} (a shard not run, not finished, or not given?)`);
    }
  }
  const sorted = [...rows.keys()].sort((a, b) => a - b);
  const text = (header?.text != null ? header.text + '\n' : '') + sorted.map((r) => rows.get(r)!.row.line + '\n').join('');
  const tmp = `${opts.out}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, opts.out);
  } catch (e) {
    throw new CliError(`cannot write ${opts.out}: ${(e as Error).message}`);
  }
  const all = sorted.map((r) => rows.get(r)!.row);
  const keys = header?.keys ?? [];
  const summary = summarizeRows(all);
  const shown = formatSweepSummary(keys, summary);
  io.err(`merge: ${all.length} run${all.length === 1 ? '' : 's'} from ${files.length} file${files.length === 1 ? '' : 's'} into ${opts.out}\n`);
  io.out(shown + '\n');
  if (opts.summary) writeSummary(opts.summary, keys, summary, shown);
  return all.filter((r) => r.status !== 'ok').length;
}
