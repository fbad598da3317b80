import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import { resolveComponent } from '../sim/scenario/componentId.ts';
import type { FailureSpec, FailureTarget, Scenario, WorkloadSpec } from '../sim/scenario/types.ts';
import { parseFailureTrace } from '../sim/trace/parseFailureTrace.ts';
import { parseAlibabaGpuTrace } from '../sim/trace/parseAlibabaGpu.ts';
import { parseAzureLlmTrace } from '../sim/trace/parseAzureLlm.ts';

/** Traces already parsed, by kind and file: a sweep reads each trace once for all its points. */
export type TraceCache = Map<string, unknown>;

/**
 * Reads the text of a trace file: `path` as the scenario gives it, `field` the path of the
 * field naming it (such as `workloads[0].trace.path`), for error messages. Throws (or
 * rejects) when the file cannot be read; the error is passed on unchanged.
 */
export type TraceReader<R extends string | Promise<string> = string | Promise<string>> = (path: string, field: string) => R;

/** Options of {@link attachTraces}. */
export interface AttachTracesOptions {
  /** Parsed workload traces to reuse, and to fill (failure traces are never shared). */
  readonly cache?: TraceCache;
  /** The key a trace path is cached under (default: the path itself; the CLI uses the resolved file). */
  readonly cacheKey?: (path: string) => string;
  /** Names the scenario in a {@link ScenarioError} (a file name; default `scenario`). */
  readonly source?: string;
}

/** One read the attaching needs. */
interface ReadRequest { readonly path: string; readonly field: string }

/**
 * Returns the scenario with the data of each trace it names attached — workload traces
 * (Azure LLM, Alibaba GPU) and failure traces — read with `read` and parsed. Pure: the
 * reader decides where a path points (a file beside the scenario, a URL, a file the user
 * chose). With a reader that returns text the result is the scenario; with one that may
 * return a promise, a promise of it. Errors: whatever `read` throws; a malformed row a
 * TraceError (file:line:column); a trace the cluster cannot run (a task needing more GPUs
 * than it has) a {@link ScenarioError} at `workloads[i].trace`.
 */
export function attachTraces(scenario: Scenario, read: TraceReader<string>, opts?: AttachTracesOptions): Scenario;
export function attachTraces(scenario: Scenario, read: TraceReader, opts?: AttachTracesOptions): Scenario | Promise<Scenario>;
export function attachTraces(scenario: Scenario, read: TraceReader, opts: AttachTracesOptions = {}): Scenario | Promise<Scenario> {
  const steps = attachSteps(scenario, opts);
  // Drive the steps synchronously while the reader returns text; switch to async at the first promise.
  let next = steps.next();
  while (!next.done) {
    const text = read(next.value.path, next.value.field);
    if (typeof text !== 'string') return finishAsync(steps, text, read);
    next = steps.next(text);
  }
  return next.value;
}

async function finishAsync(steps: Generator<ReadRequest, Scenario, string>, pending: Promise<string>, read: TraceReader): Promise<Scenario> {
  let next = steps.next(await pending);
  while (!next.done) next = steps.next(await read(next.value.path, next.value.field));
  return next.value;
}

/** The paths of the trace files a scenario names, each with the field naming it. */
export function traceFiles(scenario: Scenario): { path: string; field: string }[] {
  const out: { path: string; field: string }[] = [];
  scenario.workloads.forEach((w, i) => { if (w.kind !== 'training' && w.trace) out.push({ path: w.trace.path, field: `workloads[${i}].trace.path` }); });
  scenario.failures.forEach((f, i) => { if (f.kind === 'trace') out.push({ path: f.path, field: `failures[${i}].trace.path` }); });
  return out;
}

/** The attaching, as a generator that yields each file it needs and receives its text. */
function* attachSteps(scenario: Scenario, opts: AttachTracesOptions): Generator<ReadRequest, Scenario, string> {
  const { cache, source = 'scenario' } = opts;
  const keyOf = opts.cacheKey ?? ((p: string) => p);
  const workloads: WorkloadSpec[] = [];
  for (const [i, w] of scenario.workloads.entries()) {
    if (w.kind === 'training' || !w.trace) {
      workloads.push(w);
      continue;
    }
    const path = w.trace.path, field = `workloads[${i}].trace.path`;
    const key = `${w.kind === 'inference' ? 'azure' : 'alibaba'} ${keyOf(path)} ${path}`;
    let data = cache?.get(key);
    if (data === undefined) {
      const text: string = yield { path, field };
      data = w.kind === 'inference' ? parseAzureLlmTrace(text, path) : parseAlibabaGpuTrace(text, path);
      cache?.set(key, data);
    }
    if (w.kind === 'inference') {
      workloads.push({ ...w, trace: { ...w.trace, data: data as ReturnType<typeof parseAzureLlmTrace> } });
      continue;
    }
    const tasks = data as ReturnType<typeof parseAlibabaGpuTrace>;
    const gpus = scenario.cluster.sites.reduce((n, s) => n + s.racks * s.nodesPerRack * s.node.gpus, 0);
    const n = Math.min(tasks.gpus.length, w.trace.limit);
    let most = 0;
    for (let k = 0; k < n; k++) most = Math.max(most, tasks.gpus[k]);
    if (most > gpus) {
      throw new ScenarioError([{ path: `workloads[${i}].trace`, message: `the trace has tasks needing ${most} GPUs at once but the cluster has only ${gpus}` }], source);
    }
    workloads.push({ ...w, trace: { ...w.trace, data: tasks } });
  }
  const failures: FailureSpec[] = [];
  for (const [i, f] of scenario.failures.entries()) {
    if (f.kind !== 'trace') {
      failures.push(f);
      continue;
    }
    const text: string = yield { path: f.path, field: `failures[${i}].trace.path` };
    const check = (target: FailureTarget, id: string) => {
      const a = resolveComponent(scenario.cluster, target, id);
      return typeof a === 'string' ? a : undefined;
    };
    // Components are checked against this scenario's cluster, so failure traces are not shared.
    failures.push({ ...f, data: parseFailureTrace(text, f.path, check) });
  }
  return { ...scenario, workloads, failures };
}
