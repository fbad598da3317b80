import { Argument, Command, CommanderError, InvalidArgumentError } from 'commander';
import { writeFileSync } from 'node:fs';
import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import { TraceError } from '../sim/trace/TraceError.ts';
import { checkPolicies } from '../worker/bindPolicies.ts';
import { describePolicies } from '../worker/catalog.ts';
import { comparePolicies, type PolicySetSpec } from '../worker/compare.ts';
import { poolRunner } from '../worker/node/runners.ts';
import { withPool } from '../worker/node/sharedPools.ts';
import { defaultWorkerCount } from '../worker/node/WorkerPool.ts';
import { applyPolicySet, PolicySetError, policiesOfSet } from '../worker/policySets.ts';
import { isRunFailure, RunFailure } from '../worker/runScenario.ts';
import { parseDuration } from '../sim/scenario/units.ts';
import { CliError } from './CliError.ts';
import { formatComparison } from './formatComparison.ts';
import { formatPolicyList } from './formatPolicyList.ts';
import { formatSummary } from './formatSummary.ts';
import { loadPolicyModules, policyModuleRefs } from './loadPolicyModules.ts';
import { loadScenario } from './loadScenario.ts';
import { mergeCommand } from './merge.ts';
import { sweepCommand } from './sweep.ts';

/** Output streams, replaceable in tests; `errIsTTY` lets a sweep draw its progress bar in place. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  readonly errIsTTY?: boolean;
  /** Width of the terminal stderr goes to, for the progress bar. */
  readonly errColumns?: number;
  /** The environment (shard variables); process.env unless given. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  errIsTTY: process.stderr.isTTY === true,
  get errColumns() { return process.stderr.columns; },
};

function integer(name: string, min: number, max: number) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^\s*\d+\s*$/.test(v) || !Number.isSafeInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return n;
  };
}

const collect = (v: string, prev: string[]) => [...prev, v];

/** A time limit: seconds, or a duration with a unit ("90s", "5m"). */
function timeLimit(name: string) {
  return (v: string): number => {
    const t = parseDuration(/^\s*[\d.]+\s*$/.test(v) ? Number(v) : v);
    if (t === undefined || !(t > 0) || t > 2 ** 31 / 1000) throw new InvalidArgumentError(`${name} must be a positive duration: seconds, or with a unit such as 90s or 5m`);
    return t;
  };
}

const TIMEOUT_HELP = 'stop a run that takes longer than this (seconds, or 90s, 5m, ...) and count it as failed';
const WORKERS_HELP = 'runs side by side, each in a worker thread (default: the cores available)';

const POLICY_MODULE_HELP = 'load policies from this JavaScript module (repeatable); the scenario can then name them';

/** Writes a document to a file, or fails with exit 2. */
function writeOut(file: string, doc: string): void {
  try {
    writeFileSync(file, doc);
  } catch (e) {
    throw new CliError(`cannot write ${file}: ${(e as Error).message}`);
  }
}

function buildProgram(io: Io): Command {
  const program = new Command('dcsim')
    .description('Discrete-event simulator of AI data-center clusters: does the cluster keep the business running when things break?')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  program.command('run')
    .description('run a scenario and print its figures (C, S, T, R and the rest)')
    .argument('<file>', 'scenario file (.json, .yaml or .yml)')
    .option('--seed <n>', 'use this seed instead of the scenario\'s', integer('--seed', 0, 2 ** 32 - 1))
    .option('--json', 'print the result as one JSON document')
    .option('--out <file>', 'also write the JSON result to this file')
    .option('--max-events <n>', 'stop with an error after this many events', integer('--max-events', 1, Number.MAX_SAFE_INTEGER))
    .option('--timeout <duration>', TIMEOUT_HELP, timeLimit('--timeout'))
    .option('--policy-module <file>', POLICY_MODULE_HELP, collect, [])
    .exitOverride()
    .action(async (file: string, opts: { seed?: number; json?: boolean; out?: string; maxEvents?: number; timeout?: number; policyModule: string[] }) => {
      const catalog = await loadPolicyModules(opts.policyModule);
      const scenario = loadScenario(file, catalog);
      // The run goes to a worker thread, as every run does (the same module serves browsers).
      const o = await withPool(1, (pool) => pool.run({
        scenario, timeoutS: opts.timeout, policyModules: policyModuleRefs(opts.policyModule),
        ...(opts.seed === undefined ? {} : { seed: opts.seed }), ...(opts.maxEvents === undefined ? {} : { maxEvents: opts.maxEvents }),
      }));
      if (!o.ok) {
        if (o.kind === 'bad-input') throw new CliError(o.error);
        if (o.kind === 'error') throw new Error(o.error);
        throw new RunFailure(o.error, o.kind);
      }
      const { result, wallMs } = o;
      const doc = JSON.stringify({ ...result, stats: { ...result.stats, wallMs } }, null, 2) + '\n';
      if (opts.out) writeOut(opts.out, doc);
      io.out(opts.json ? doc : formatSummary(result, wallMs) + '\n');
    });

  program.command('compare')
    .description('run a scenario under several policy sets on the same seeds and compare their figures (mean and 95% confidence interval, paired differences to the first set)')
    .argument('<file>', 'scenario file (.json, .yaml or .yml)')
    .option('-p, --policies <set>', 'a policy set, such as "scheduling=fifo,backup=fixed-interval,backup.interval=2h", applied on top of the scenario\'s policies (repeatable; "" for the scenario\'s own)', collect, [])
    .option('--reps <n>', 'runs per set, on seeds seed, seed+1, ...', integer('--reps', 1, 100_000), 10)
    .option('--seed <n>', 'first seed (default: the scenario\'s)', integer('--seed', 0, 2 ** 32 - 1))
    .option('--json', 'print the comparison as one JSON document')
    .option('--out <file>', 'also write the JSON comparison to this file')
    .option('--max-events <n>', 'fail a run after this many events', integer('--max-events', 1, Number.MAX_SAFE_INTEGER))
    .option('--workers <n>', WORKERS_HELP, integer('--workers', 1, 1024))
    .option('--timeout <duration>', TIMEOUT_HELP, timeLimit('--timeout'))
    .option('--policy-module <file>', POLICY_MODULE_HELP, collect, [])
    .exitOverride()
    .action(async (file: string, opts: { policies: string[]; reps: number; seed?: number; json?: boolean; out?: string; maxEvents?: number; workers?: number; timeout?: number; policyModule: string[] }) => {
      const catalog = await loadPolicyModules(opts.policyModule);
      const scenario = loadScenario(file, catalog);
      if (opts.policies.length === 0 && scenario.policySets.length === 0) throw new CliError('compare needs at least one policy set: -p SET (repeatable), such as -p scheduling=fifo -p backup=none; -p "" keeps the scenario\'s policies (or a scenario with "policySets")');
      const first = opts.seed ?? scenario.seed;
      if (first + opts.reps - 1 > 2 ** 32 - 1) throw new CliError(`--seed ${first} with --reps ${opts.reps} goes past the largest seed, 4294967295`);
      const seeds = Array.from({ length: opts.reps }, (_, k) => first + k);
      const sets = opts.policies.map((text): PolicySetSpec => {
        let policies;
        try {
          policies = applyPolicySet(scenario.policies, text);
        } catch (e) {
          if (e instanceof PolicySetError) throw new CliError(`-p '${text}': ${e.message}`);
          throw e;
        }
        const issues = checkPolicies({ ...scenario, policies }, catalog);
        if (issues.length > 0) throw new CliError(issues.map((i) => `-p '${text}': ${i.path}: ${i.message}`).join('\nerror: '));
        return { label: text, policies };
      });
      // Without -p, the scenario's own policy sets (checked when it was loaded).
      if (sets.length === 0) sets.push(...scenario.policySets.map((set) => ({ label: set.name, named: true, policies: policiesOfSet(scenario, set) })));
      const workers = Math.min(opts.workers ?? defaultWorkerCount(), sets.length * seeds.length);
      const modules = policyModuleRefs(opts.policyModule);
      const comparison = await withPool(workers, (pool) => comparePolicies(scenario, sets, seeds, poolRunner(pool, { maxEvents: opts.maxEvents, timeoutS: opts.timeout, policyModules: modules })));
      const doc = JSON.stringify(comparison, null, 2) + '\n';
      if (opts.out) writeOut(opts.out, doc);
      io.out(opts.json ? doc : formatComparison(comparison) + '\n');
      const failed = comparison.sets.reduce((n, s) => n + s.failed.length, 0);
      if (failed > 0) throw new CliError(`${failed} of ${sets.length * seeds.length} runs failed; they are left out of the figures${opts.json ? ' (see "failed" in each set)' : ''}`, 1);
    });

  program.command('sweep')
    .description('run a scenario at every point of a cross product of varied values, on several seeds, in worker threads; one row per run (CSV, or JSON Lines for .jsonl) and a summary per point (mean and 95% confidence interval)')
    .argument('<sweep>', 'sweep file (.json, .yaml or .yml): { "scenario": FILE, "seeds": N or [seeds], "vary": { "dotted.path": [values] } }')
    .option('--out <file>', 'write the rows to this file (.csv, or .jsonl for JSON Lines) rather than to stdout')
    .option('--workers <n>', WORKERS_HELP, integer('--workers', 1, 1024))
    .option('--shard <i/n>', 'run only shard i of n (i from 0): the runs whose index % n == i (default: from SLURM_ARRAY_TASK_ID and SLURM_ARRAY_TASK_COUNT, or JOB_COMPLETION_INDEX)')
    .option('--shard-count <n>', 'the number of shards, with JOB_COMPLETION_INDEX (a Kubernetes Indexed Job; or set DCSIM_SHARD_COUNT)', integer('--shard-count', 1, 1_000_000))
    .option('--resume', 'skip the runs already in the --out file (from an interrupted sweep) and add the rest')
    .option('--timeout <duration>', TIMEOUT_HELP, timeLimit('--timeout'))
    .option('--max-events <n>', 'fail a run after this many events', integer('--max-events', 1, Number.MAX_SAFE_INTEGER))
    .option('--summary <file>', 'also write the summary per point to this file (JSON for .json, else text)')
    .option('--policy-module <file>', 'load policies from this JavaScript module (repeatable; the sweep file can list its own in "policyModules")', collect, [])
    .exitOverride()
    .action(async (file: string, opts: { out?: string; workers?: number; shard?: string; shardCount?: number; resume?: boolean; timeout?: number; maxEvents?: number; summary?: string; policyModule: string[] }) => {
      const failed = await sweepCommand(file, opts, io, io.env ?? process.env);
      if (failed > 0) throw new CliError(`${failed} run${failed === 1 ? '' : 's'} failed${opts.out ? ` (status "failed" in ${opts.out}, with the error in the "error" column)` : ''}`, 1);
    });

  program.command('merge')
    .description('join the outputs of a sweep\'s shards into one file, as an unsharded sweep writes it; fails on a run present twice or missing')
    .argument('<files...>', 'shard outputs (all CSV or all JSON Lines)')
    .requiredOption('--out <file>', 'the merged file')
    .option('--summary <file>', 'also write the summary per point to this file (JSON for .json, else text)')
    .exitOverride()
    .action((files: string[], opts: { out: string; summary?: string }) => {
      const failed = mergeCommand(files, opts, io);
      // Merging went well: exit 0 even when some of the merged runs had failed (their sweeps said so).
      if (failed > 0) io.err(`merge: note: ${failed} of the merged runs failed (status "failed", with the error in the "error" column)\n`);
    });

  program.command('validate')
    .description('check a scenario file and report every problem with its field path')
    .argument('<file>', 'scenario file (.json, .yaml or .yml)')
    .option('--policy-module <file>', POLICY_MODULE_HELP, collect, [])
    .exitOverride()
    .action(async (file: string, opts: { policyModule: string[] }) => {
      const s = loadScenario(file, await loadPolicyModules(opts.policyModule));
      io.out(`${file}: valid — "${s.name}", ${s.workloads.length} workload(s), ${s.failures.length} failure rule(s)\n`);
    });

  program.command('list')
    .description('list what dcsim offers: every policy by family, with its parameters')
    .addArgument(new Argument('<what>', 'what to list').choices(['policies']))
    .option('--json', 'print the list as one JSON document: { family: [ { name, description, params } ] }')
    .option('--policy-module <file>', 'also list the policies of this module (repeatable)', collect, [])
    .exitOverride()
    .action(async (_what: string, opts: { json?: boolean; policyModule: string[] }) => {
      const policies = describePolicies(await loadPolicyModules(opts.policyModule));
      io.out(opts.json ? JSON.stringify(policies, null, 2) + '\n' : formatPolicyList(policies) + '\n');
    });

  return program;
}

/**
 * Runs the command line with the given arguments; returns the exit code: 0 success,
 * 2 bad input (scenario, file or option), 1 a failed run or an internal error.
 */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return 0;
      if (e.code === 'commander.help') return e.exitCode === 0 ? 0 : 2;
      return 2;
    }
    if (e instanceof ScenarioError) {
      io.err(e.message.split('\n').map((l) => `error: ${l}`).join('\n') + '\n');
      return 2;
    }
    if (e instanceof TraceError) {
      io.err(`error: ${e.message}\n`);
      return 2;
    }
    if (e instanceof CliError) {
      io.err(`error: ${e.message}\n`);
      return e.exitCode;
    }
    if (isRunFailure(e)) {
      io.err(`error: the run failed: ${e.message}\n`);
      return 1;
    }
    io.err(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.DCSIM_DEBUG) io.err(`${(e as Error)?.stack}\n`);
    return 1;
  }
}
