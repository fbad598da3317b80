import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { writeFileSync } from 'node:fs';
import { EventBudgetError } from '../sim/engine/Simulator.ts';
import { MetricRangeError } from '../sim/metrics/computeMetrics.ts';
import { PolicyError } from '../sim/model/simulate.ts';
import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import { TraceError } from '../sim/trace/TraceError.ts';
import { runScenario } from '../worker/runScenario.ts';
import { CliError } from './CliError.ts';
import { formatSummary } from './formatSummary.ts';
import { loadScenario } from './loadScenario.ts';

/** Output streams, replaceable in tests. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
}

const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
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
    .exitOverride()
    .action((file: string, opts: { seed?: number; json?: boolean; out?: string; maxEvents?: number }) => {
      const scenario = loadScenario(file);
      const t0 = performance.now();
      const result = runScenario(scenario, { seed: opts.seed, maxEvents: opts.maxEvents });
      const wallMs = performance.now() - t0;
      const doc = JSON.stringify({ ...result, stats: { ...result.stats, wallMs } }, null, 2) + '\n';
      if (opts.out) {
        try {
          writeFileSync(opts.out, doc);
        } catch (e) {
          throw new CliError(`cannot write ${opts.out}: ${(e as Error).message}`);
        }
      }
      io.out(opts.json ? doc : formatSummary(result, wallMs) + '\n');
    });

  program.command('validate')
    .description('check a scenario file and report every problem with its field path')
    .argument('<file>', 'scenario file (.json, .yaml or .yml)')
    .exitOverride()
    .action((file: string) => {
      const s = loadScenario(file);
      io.out(`${file}: valid — "${s.name}", ${s.workloads.length} workload(s), ${s.failures.length} failure rule(s)\n`);
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
    if (e instanceof PolicyError || e instanceof EventBudgetError || e instanceof MetricRangeError) {
      io.err(`error: the run failed: ${e.message}\n`);
      return 1;
    }
    io.err(`internal error: ${(e as Error)?.message ?? String(e)}\n`);
    if (process.env.DCSIM_DEBUG) io.err(`${(e as Error)?.stack}\n`);
    return 1;
  }
}
