import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Scenario } from '../sim/scenario/types.ts';
import { attachTraces, type TraceCache } from '../worker/attachTraces.ts';
import { CliError } from './CliError.ts';

export type { TraceCache } from '../worker/attachTraces.ts';

/**
 * Reads the trace files a scenario names — workload traces and failure traces, paths
 * relative to the scenario file — and returns the scenario with each trace's data attached
 * ({@link attachTraces} with a file reader). A file that cannot be read is a
 * {@link CliError}; a malformed row a TraceError (file:line:column); a trace the cluster
 * cannot run (a task needing more GPUs than it has) a ScenarioError.
 */
export function loadTraces(scenario: Scenario, scenarioFile: string, cache?: TraceCache): Scenario {
  const base = dirname(scenarioFile);
  return attachTraces(scenario, (path, field) => readTrace(resolve(base, path), field), {
    cache,
    cacheKey: (path) => resolve(base, path),
    source: scenarioFile,
  });
}

function readTrace(file: string, field: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new CliError(`cannot read trace ${file} (${field}): ${why}`);
  }
}
