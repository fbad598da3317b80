import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import { resolveComponent } from '../sim/scenario/componentId.ts';
import type { FailureTarget, Scenario, WorkloadSpec } from '../sim/scenario/types.ts';
import { parseFailureTrace } from '../sim/trace/parseFailureTrace.ts';
import { parseAlibabaGpuTrace } from '../sim/trace/parseAlibabaGpu.ts';
import { parseAzureLlmTrace } from '../sim/trace/parseAzureLlm.ts';
import { CliError } from './CliError.ts';

/** Traces already parsed, by kind and file: a sweep reads each trace once for all its points. */
export type TraceCache = Map<string, unknown>;

function cached<T>(cache: TraceCache | undefined, key: string, parse: () => T): T {
  if (!cache) return parse();
  if (!cache.has(key)) cache.set(key, parse());
  return cache.get(key) as T;
}

/**
 * Reads the trace files a scenario names — workload traces and failure traces, paths
 * relative to the scenario file — and returns the scenario with each trace's data attached. A file that cannot be read is a
 * {@link CliError}; a malformed row a TraceError (file:line:column); a trace the cluster
 * cannot run (a task needing more GPUs than it has) a {@link ScenarioError}.
 */
export function loadTraces(scenario: Scenario, scenarioFile: string, cache?: TraceCache): Scenario {
  const base = dirname(scenarioFile);
  const workloads = scenario.workloads.map((w, i): WorkloadSpec => {
    if (w.kind === 'training' || !w.trace) return w;
    const file = resolve(base, w.trace.path);
    const field = `workloads[${i}].trace.path`, path = w.trace.path;
    if (w.kind === 'inference') return { ...w, trace: { ...w.trace, data: cached(cache, `azure ${file} ${path}`, () => parseAzureLlmTrace(readTrace(file, field), path)) } };
    const data = cached(cache, `alibaba ${file} ${path}`, () => parseAlibabaGpuTrace(readTrace(file, field), path));
    const gpus = scenario.cluster.sites.reduce((n, s) => n + s.racks * s.nodesPerRack * s.node.gpus, 0);
    const n = Math.min(data.gpus.length, w.trace.limit);
    let most = 0;
    for (let k = 0; k < n; k++) most = Math.max(most, data.gpus[k]);
    if (most > gpus) {
      throw new ScenarioError([{ path: `workloads[${i}].trace`, message: `the trace has tasks needing ${most} GPUs at once but the cluster has only ${gpus}` }], scenarioFile);
    }
    return { ...w, trace: { ...w.trace, data } };
  });
  const failures = scenario.failures.map((f, i) => {
    if (f.kind !== 'trace') return f;
    const text = readTrace(resolve(base, f.path), `failures[${i}].trace.path`);
    const check = (target: FailureTarget, id: string) => {
      const a = resolveComponent(scenario.cluster, target, id);
      return typeof a === 'string' ? a : undefined;
    };
    // Components are checked against this scenario's cluster, so failure traces are not shared.
    return { ...f, data: parseFailureTrace(text, f.path, check) };
  });
  return { ...scenario, workloads, failures };
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
