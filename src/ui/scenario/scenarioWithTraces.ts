import { ScenarioError } from '../../sim/scenario/formatIssue.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { TraceError } from '../../sim/trace/TraceError.ts';
import { attachTraces, traceFiles, type TraceCache } from '../../worker/attachTraces.ts';
import type { PanelIssue } from './createIssueList.ts';
import { MissingTraceError, traceFileName, type TraceSource } from './createTraceSource.ts';
import { locateIssues } from './validateText.ts';

/**
 * The scenario with its traces read from `traces` and attached (parsed traces kept in
 * `cache`), or the issues that stop it: every missing file at once, or a bad row. Issues are
 * placed in the text `text()` gives when they are found.
 */
export async function scenarioWithTraces(scenario: Scenario, traces: TraceSource, cache: TraceCache, text: () => string): Promise<Scenario | PanelIssue[]> {
  const files = traceFiles(scenario);
  const missing: PanelIssue[] = [];
  // Fetch every file first, so every missing one is reported at once.
  const results = await Promise.allSettled(files.map((f) => traces.read(f.path, f.field)));
  results.forEach((r) => {
    if (r.status === 'rejected') missing.push(...traceIssues(r.reason, scenario, text()));
  });
  if (missing.length > 0) return missing;
  try {
    return await attachTraces(scenario, (path, field) => traces.read(path, field), { cache, cacheKey: traceFileName });
  } catch (e) {
    return traceIssues(e, scenario, text());
  }
}

/** The issues an error reading traces makes, placed in `text`. */
function traceIssues(e: unknown, scenario: Scenario, text: string): PanelIssue[] {
  if (e instanceof MissingTraceError) return locateIssues(text, [{ path: e.field, message: e.message }]).map((i) => ({ ...i, missingTrace: e.fileName }));
  if (e instanceof TraceError) {
    const field = traceFiles(scenario).find((f) => f.path === e.file)?.field ?? '';
    return locateIssues(text, [{ path: field, message: `bad trace row: ${e.message}` }]).map((i) => ({ ...i, missingTrace: traceFileName(e.file) }));
  }
  if (e instanceof ScenarioError) return locateIssues(text, e.issues);
  return [{ path: '', message: `cannot read the traces: ${(e as Error)?.message ?? String(e)}` }];
}
