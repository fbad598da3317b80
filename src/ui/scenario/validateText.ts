import { parseDocument } from 'yaml';
import { parseScenarioText, type ScenarioFormat } from '../../sim/scenario/parseScenario.ts';
import { ScenarioError } from '../../sim/scenario/formatIssue.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { checkPolicies } from '../../worker/bindPolicies.ts';
import type { PolicyTables } from '../../worker/catalog.ts';
import { parseFieldPath } from './fieldPath.ts';
import { lineEnd, lineOf, offsetOf, textRangeOfPath } from './textRangeOfPath.ts';

/** A problem with the scenario text, placed in it. */
export interface LocatedIssue {
  /** Field path (`workloads[0].arrival.poisson.rate`), `""` for the document itself. */
  readonly path: string;
  readonly message: string;
  /** 1-based line where it shows, when it could be placed. */
  readonly line?: number;
  /** Text offsets [from, to) of the field (or its nearest existing parent). */
  readonly from?: number;
  readonly to?: number;
}

/** The outcome of validating scenario text: the scenario (null when any issue) and the issues. */
export interface TextValidation {
  readonly scenario: Scenario | null;
  readonly issues: readonly LocatedIssue[];
}

/**
 * Parses and validates scenario text as data (never evaluated) — the schema, the
 * cross-checks, and the policy names and parameters (of the scenario and of each of its
 * policy sets, against `tables`, the built-ins unless given) — and places each issue at
 * its field in the text. Traces are not read.
 */
export function validateText(text: string, format: ScenarioFormat, tables?: PolicyTables): TextValidation {
  let scenario: Scenario;
  try {
    scenario = parseScenarioText(text, format);
  } catch (e) {
    if (!(e instanceof ScenarioError)) throw e;
    return { scenario: null, issues: locateIssues(text, e.issues) };
  }
  const policyIssues = checkPolicies(scenario, tables);
  if (policyIssues.length > 0) return { scenario: null, issues: locateIssues(text, withoutInherited(scenario, policyIssues)) };
  return { scenario, issues: [] };
}

/** Places issues (path and message) in the text: by the line and column a syntax error names, else by field path. */
export function locateIssues(text: string, issues: readonly { path: string; message: string }[]): LocatedIssue[] {
  let doc: ReturnType<typeof parseDocument> | undefined;
  return issues.map((issue) => {
    const at = /at line (\d+), column (\d+)/.exec(issue.message);
    if (issue.path === '' && at) {
      const from = offsetOf(text, Number(at[1]), Number(at[2]));
      const to = Math.max(Math.min(text.length, from + 1), lineEnd(text, from));
      return { ...issue, line: Number(at[1]), from, to };
    }
    doc ??= parseDocument(text, { logLevel: 'silent', uniqueKeys: false });
    const r = textRangeOfPath(doc, text, parseFieldPath(issue.path));
    if (!r) return { ...issue };
    return { ...issue, line: lineOf(text, r.from), from: r.from, to: r.to };
  });
}

/**
 * Drops a policy set's issue that only repeats the scenario's own (the set does not name
 * that family, so it inherits the bad choice): the problem is shown once, where it is.
 */
function withoutInherited(scenario: Scenario, issues: readonly { path: string; message: string }[]): { path: string; message: string }[] {
  const own = new Set(issues.filter((i) => i.path.startsWith('policies.')).map((i) => `${i.path.replace(/^policies\.([A-Za-z]+).*$/, '$1')}\u0000${i.message}`));
  return issues.filter((i) => {
    const m = /^policySets\[(\d+)\]\.policies\.([A-Za-z]+)/.exec(i.path);
    if (!m) return true;
    const set = scenario.policySets?.[Number(m[1])];
    const named = set !== undefined && (set.policies as Record<string, unknown>)[m[2]] !== undefined;
    return named || !own.has(`${m[2]}\u0000${i.message}`);
  });
}
