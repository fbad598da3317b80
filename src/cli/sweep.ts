import { closeSync, existsSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { parseDocument } from 'yaml';
import { jsonSyntaxError } from '../sim/scenario/jsonSyntaxError.ts';
import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import { validateScenario } from '../sim/scenario/parseScenario.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { formatDuration } from '../sim/scenario/units.ts';
import { checkPolicies } from '../worker/bindPolicies.ts';
import type { PolicyTables } from '../worker/catalog.ts';
import { borrowPool, givePoolBack } from '../worker/node/sharedPools.ts';
import { defaultWorkerCount } from '../worker/node/WorkerPool.ts';
import type { PolicyModuleRef, RunOutcome } from '../worker/simWorker.ts';
import { resolveShard, ShardError, type ResolvedShard } from '../worker/sweep/shard.ts';
import { describePoint, parseSweep, pointCount, pointDocument, pointValues, shardRuns, sweepSeeds, VaryError, type SweepSpec } from '../worker/sweep/spec.ts';
import { summarizeRows } from '../worker/sweep/summary.ts';
import { parseTable, rowFigures, rowIdentity, rowLine, tableFormatOf, tableText, TableError, type SweepRow, type TableFormat } from '../worker/sweep/table.ts';
import { CliError } from './CliError.ts';
import { formatSweepSummary, sweepSummaryJson } from './formatSweepSummary.ts';
import { loadPolicyModules, policyModuleRefs } from './loadPolicyModules.ts';
import { loadScenario } from './loadScenario.ts';
import { loadTraces, type TraceCache } from './loadTraces.ts';
import { Progress } from './progress.ts';

/** Output streams of a command; `errIsTTY` draws the progress bar in place. */
export interface SweepIo {
  out(text: string): void;
  err(text: string): void;
  readonly errIsTTY?: boolean;
  readonly errColumns?: number;
}

export interface SweepOptions {
  readonly workers?: number;
  readonly out?: string;
  readonly shard?: string;
  readonly shardCount?: number;
  readonly resume?: boolean;
  readonly timeout?: number;
  readonly maxEvents?: number;
  readonly summary?: string;
  readonly policyModule: readonly string[];
}

/** Reads a JSON or YAML document (by the file's extension); syntax errors name the file, line and column. */
export function readDocument(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (e as Error).message}`);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim() === '') throw new CliError(`${file}: the file is empty`);
  if (/\.ya?ml$/i.test(file)) {
    const d = parseDocument(text, { logLevel: 'silent', uniqueKeys: true });
    const problem = d.errors[0] ?? d.warnings[0];
    if (problem) {
      const pos = problem.linePos?.[0];
      throw new CliError(`${file}: not valid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${problem.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '')}`);
    }
    return d.toJS({ maxAliasCount: 100 });
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    const at = jsonSyntaxError(text);
    throw new CliError(`${file}: not valid JSON${at ? ` at line ${at.line}, column ${at.column}: ${at.message}` : `: ${(e as Error).message}`}`);
  }
}

/** A sweep ready to run: its spec, the scenario of each point, the seeds, and how to load its policies. */
export interface PlannedSweep {
  readonly spec: SweepSpec;
  readonly keys: readonly string[];
  readonly scenarios: readonly Scenario[];
  readonly seeds: readonly number[];
  readonly runs: number;
  readonly catalog: PolicyTables;
  readonly modules: readonly PolicyModuleRef[];
}

const MAX_LISTED = 20;

/**
 * Reads and checks a sweep file and everything it names — the scenario, the policy
 * modules, every point of the cross product validated up front — before anything runs.
 * Paths in the sweep file are relative to it; `extraModules` (--policy-module) to the
 * working directory. Throws {@link CliError} / ScenarioError / TraceError (bad input).
 */
export async function planSweep(file: string, extraModules: readonly string[]): Promise<PlannedSweep> {
  const doc = readDocument(file, 'sweep file');
  const spec = parseSweep(doc, file);
  const dir = dirname(file);
  const near = (p: string) => (isAbsolute(p) ? p : join(dir, p));
  const moduleFiles = [...spec.policyModules.map(near), ...extraModules];
  const catalog = await loadPolicyModules(moduleFiles);
  const modules = policyModuleRefs(moduleFiles);
  let baseDoc: Record<string, unknown>, baseFile: string;
  if (typeof spec.scenario === 'string') {
    baseFile = near(spec.scenario);
    loadScenario(baseFile, catalog); // the scenario as it is must be valid; its messages name its file
    baseDoc = readDocument(baseFile, 'scenario') as Record<string, unknown>;
  } else {
    baseFile = file;
    baseDoc = spec.scenario as Record<string, unknown>;
  }
  const base = validateScenario(baseDoc, typeof spec.scenario === 'string' ? baseFile : `${file}: scenario`);
  let seeds: number[];
  try {
    seeds = sweepSeeds(spec, base.seed);
  } catch (e) {
    if (e instanceof RangeError) throw new CliError(`${file}: ${e.message}`);
    throw e;
  }
  const points = pointCount(spec.vary);
  const problems: string[] = [];
  const scenarios: Scenario[] = [];
  const traces: TraceCache = new Map();
  for (let p = 0; p < points; p++) {
    const where = `${file}: ${describePoint(spec.vary, p)}`;
    try {
      const s = validateScenario(pointDocument(baseDoc, spec.vary, p), where);
      const issues = checkPolicies(s, catalog);
      if (issues.length > 0) throw new ScenarioError(issues, where);
      scenarios.push(loadTraces(s, baseFile, traces));
    } catch (e) {
      if (e instanceof VaryError) problems.push(`${where}: ${e.message}`);
      else if (e instanceof ScenarioError) problems.push(...new ScenarioError(e.issues, where).message.split('\n'));
      else throw e;
    }
    if (problems.length > MAX_LISTED) break;
  }
  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_LISTED);
    if (problems.length > MAX_LISTED) shown.push(`… and more; fix these first`);
    throw new CliError(shown.join('\nerror: '));
  }
  return { spec, keys: spec.vary.map((v) => v.key), scenarios, seeds, runs: points * seeds.length, catalog, modules };
}

/** The output file's rows from an earlier attempt that belong to this sweep and shard (for --resume). */
function resumeRows(out: string, format: TableFormat, plan: PlannedSweep, shard: ResolvedShard, io: SweepIo): Map<number, string> {
  const kept = new Map<number, string>();
  if (!existsSync(out)) return kept;
  let text: string;
  try {
    text = readFileSync(out, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${out} to resume: ${(e as Error).message}`);
  }
  let table;
  try {
    table = parseTable(text, format, out);
  } catch (e) {
    if (e instanceof TableError) throw new CliError(`${e.message}; it is not this sweep's output, so --resume cannot go on from it`);
    throw e;
  }
  const head = tableText(format, plan.keys, new Map()).replace(/\n$/, '');
  if (table.header !== null && table.header !== head) throw new CliError(`${out}: its columns are not this sweep's (${plan.keys.join(', ') || 'nothing'} varied); --resume cannot go on from it`);
  if (table.partial) io.err(`sweep: ${out} ends in an incomplete row (the sweep stopped while writing it); that run will be done again\n`);
  for (const r of table.rows) {
    const where = `${out}: line ${r.lineNo}`;
    if (r.runs !== plan.runs) throw new CliError(`${where}: from a sweep of ${r.runs} runs, not this one of ${plan.runs}; --resume cannot go on from it`);
    if (r.run % shard.count !== shard.index) throw new CliError(`${where}: run ${r.run} is not in shard ${shard.index}/${shard.count}; resume with the shard that wrote the file`);
    const p = Math.floor(r.run / plan.seeds.length);
    const expected = rowIdentity(format, plan.keys, { run: r.run, runs: plan.runs, values: pointValues(plan.spec.vary, p), seed: plan.seeds[r.run % plan.seeds.length] });
    if (!r.line.startsWith(expected)) throw new CliError(`${where}: run ${r.run} has other values or another seed than this sweep gives it (${describePoint(plan.spec.vary, p)}, seed ${plan.seeds[r.run % plan.seeds.length]}); --resume cannot go on from it`);
    if (kept.has(r.run)) throw new CliError(`${where}: run ${r.run} is there twice`);
    kept.set(r.run, r.line);
  }
  return kept;
}

/** Writes a file whole (a temporary file renamed over it, so it is never left half-written). */
function writeWhole(file: string, text: string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, file);
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

/**
 * `dcsim sweep SWEEP [--out FILE] [--workers N] [--shard i/n] [--shard-count N] [--resume]
 * [--timeout S] [--summary FILE]`: runs the sweep's runs (this shard's) in a pool of
 * workers, writes one row per run — rows in run order, written as they complete in that
 * order, so an interrupted sweep can be resumed — and prints the summary per point.
 * Returns the number of failed runs among the output's rows.
 */
export async function sweepCommand(file: string, opts: SweepOptions, io: SweepIo, env: Readonly<Record<string, string | undefined>> = process.env): Promise<number> {
  let shard: ResolvedShard;
  try {
    shard = resolveShard(opts.shard, opts.shardCount, env);
  } catch (e) {
    if (e instanceof ShardError) throw new CliError(e.message);
    throw e;
  }
  if (opts.resume && !opts.out) throw new CliError('--resume needs --out FILE: the file to go on from');
  const plan = await planSweep(file, opts.policyModule);
  const format: TableFormat = opts.out ? tableFormatOf(opts.out) : 'csv';
  const mine = shardRuns(plan.runs, shard);
  const lines = opts.resume && opts.out ? resumeRows(opts.out, format, plan, shard, io) : new Map<number, string>();
  const todo = mine.filter((r) => !lines.has(r));
  const timeoutS = opts.timeout ?? plan.spec.timeoutS;
  const maxEvents = opts.maxEvents ?? plan.spec.maxEvents;
  const workers = Math.max(1, Math.min(opts.workers ?? defaultWorkerCount(), todo.length));

  const points = pointCount(plan.spec.vary);
  const parts = [`${plan.runs} run${plan.runs === 1 ? '' : 's'} (${points} point${points === 1 ? '' : 's'} × ${plan.seeds.length} seed${plan.seeds.length === 1 ? '' : 's'})`];
  if (shard.count > 1) parts.push(`shard ${shard.index}/${shard.count}${shard.from === '--shard' ? '' : ` (from ${shard.from})`}: ${mine.length}`);
  if (lines.size > 0) parts.push(`${lines.size} already in ${opts.out}`);
  parts.push(todo.length === 0 ? 'nothing to run' : `running ${todo.length} on ${workers} worker${workers === 1 ? '' : 's'}${timeoutS === undefined ? '' : `, at most ${formatDuration(timeoutS)} each`}`);
  io.err(`sweep: ${parts.join('; ')}\n`);

  // The file as it stands (resumed rows in order), then each new row appended as soon as
  // every run before it in the list is done too; at the end it is written whole, sorted.
  let fd: number | null = null;
  if (opts.out) {
    writeWhole(opts.out, tableText(format, plan.keys, lines));
    try {
      fd = openSync(opts.out, 'a');
    } catch (e) {
      throw new CliError(`cannot write ${opts.out}: ${(e as Error).message}`);
    }
  }
  const t0 = performance.now();
  let failedNow = 0;
  try {
    if (todo.length > 0) {
      const pool = borrowPool(workers);
      const progress = new Progress(todo.length, io.err, io.errIsTTY === true, 'sweep', undefined, io.errColumns ?? 80);
      const ready = new Map<number, string>();
      let next = 0;
      const rowOf = (run: number, o: RunOutcome): SweepRow => {
        const p = Math.floor(run / plan.seeds.length);
        const base = { run, runs: plan.runs, values: pointValues(plan.spec.vary, p), seed: plan.seeds[run % plan.seeds.length] };
        return o.ok ? { ...base, status: 'ok', figures: rowFigures(o.result), error: '' } : { ...base, status: 'failed', figures: null, error: o.error };
      };
      let ok = false;
      try {
        await pool.map(todo.map((run) => ({
          scenario: plan.scenarios[Math.floor(run / plan.seeds.length)],
          seed: plan.seeds[run % plan.seeds.length],
          policyModules: plan.modules,
          ...(timeoutS === undefined ? {} : { timeoutS }),
          ...(maxEvents === undefined ? {} : { maxEvents }),
        })), (k, o) => {
          if (!o.ok) failedNow++;
          const line = rowLine(format, plan.keys, rowOf(todo[k], o));
          lines.set(todo[k], line);
          ready.set(k, line);
          while (ready.has(next)) {
            if (fd !== null) writeSync(fd, ready.get(next) + '\n');
            ready.delete(next);
            next++;
          }
          progress.tick(!o.ok);
        });
        ok = true;
      } finally {
        progress.finish();
        if (ok) givePoolBack(pool); else await pool.close();
      }
    }
  } finally {
    if (fd !== null) closeSync(fd);
  }
  const wallS = (performance.now() - t0) / 1000;
  const text = tableText(format, plan.keys, lines);
  if (opts.out) writeWhole(opts.out, text);
  else io.out(text);
  if (todo.length > 0) {
    io.err(`sweep: ${todo.length} run${todo.length === 1 ? '' : 's'} in ${formatDuration(wallS)} (${(todo.length / wallS).toFixed(2)} runs/s) on ${workers} worker${workers === 1 ? '' : 's'}${failedNow ? `; ${failedNow} failed` : ''}\n`);
  }
  const rows = parseTable(text, format, opts.out ?? 'output').rows;
  const summary = summarizeRows(rows);
  const shown = formatSweepSummary(plan.keys, summary, shard.count > 1 ? `shard ${shard.index}/${shard.count}` : undefined);
  if (opts.out) io.out(shown + '\n'); else io.err(shown + '\n');
  if (opts.summary) writeSummary(opts.summary, plan.keys, summary, shown);
  return rows.filter((r) => r.status !== 'ok').length;
}

/** Writes the summary to a file: JSON for `.json`, else the text as printed. */
export function writeSummary(file: string, keys: readonly string[], summary: ReturnType<typeof summarizeRows>, text: string): void {
  const doc = /\.json$/i.test(file) ? JSON.stringify(sweepSummaryJson(keys, summary), null, 2) + '\n' : text + '\n';
  try {
    writeFileSync(file, doc);
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${(e as Error).message}`);
  }
}
