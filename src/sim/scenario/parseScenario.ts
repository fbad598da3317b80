import { parseDocument, YAMLParseError, YAMLWarning } from 'yaml';
import { compileFormula, FormulaError } from '../metrics/formula.ts';
import { FORMULA_NAMES } from '../metrics/formulaNames.ts';
import { checkNetwork } from './checkNetwork.ts';
import { resolveComponent } from './componentId.ts';
import { componentCount, coveredLevel, failureTargetInfo } from './failureTargets.ts';
import { jsonSyntaxError } from './jsonSyntaxError.ts';
import { formatIssue, ScenarioError, type RawIssue, type ScenarioIssue } from './formatIssue.ts';
import { MAX_FAILURE_PROCESSES, MAX_GPUS, scenarioSchema } from './schema.ts';
import type { FailureTarget, Scenario } from './types.ts';

/** The text formats a scenario may be written in. */
export type ScenarioFormat = 'json' | 'yaml';

/** Guesses the format from a file name: `.yaml`/`.yml` are YAML, anything else JSON. */
export function formatOf(fileName: string): ScenarioFormat {
  return /\.ya?ml$/i.test(fileName) ? 'yaml' : 'json';
}

/**
 * Parses scenario text (JSON or YAML) and validates it. Throws {@link ScenarioError} listing
 * every problem with its field path; `source` (a file name) prefixes the messages.
 */
export function parseScenarioText(text: string, format: ScenarioFormat, source = 'scenario'): Scenario {
  let doc: unknown;
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  try {
    doc = format === 'yaml' ? parseYamlStrict(text) : JSON.parse(text);
  } catch (e) {
    throw new ScenarioError([{ path: '', message: syntaxMessage(e, text, format) }], source);
  }
  return validateScenario(doc, source);
}

/** Validates a parsed scenario document; throws {@link ScenarioError} when it is not valid. */
export function validateScenario(doc: unknown, source = 'scenario'): Scenario {
  const r = scenarioSchema.safeParse(doc, { reportInput: true });
  if (!r.success) {
    throw new ScenarioError(r.error.issues.map((i) => formatIssue(i as unknown as RawIssue)), source);
  }
  const issues = checkScenario(r.data);
  if (issues.length > 0) throw new ScenarioError(issues, source);
  return r.data;
}

/** Checks that the schema cannot express: unique ids, references, sizes, formulas. */
export function checkScenario(s: Scenario): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const siteIds = new Set<string>();
  let gpus = 0;
  s.cluster.sites.forEach((site, i) => {
    if (siteIds.has(site.id)) issues.push({ path: `cluster.sites[${i}].id`, message: `duplicate site id "${site.id}"` });
    siteIds.add(site.id);
    const to = site.storage?.copy?.to;
    if (to !== undefined && (to === site.id || !s.cluster.sites.some((x) => x.id === to))) {
      issues.push({ path: `cluster.sites[${i}].storage.copy.to`, message: to === site.id ? 'a copy must go to another site' : `no site "${to}"; sites: ${s.cluster.sites.map((x) => x.id).join(', ')}` });
    }
    gpus += site.racks * site.nodesPerRack * site.node.gpus;
  });
  if (gpus > MAX_GPUS) issues.push({ path: 'cluster.sites', message: `the cluster has ${gpus} GPUs; at most ${MAX_GPUS} are supported` });
  const workloadIds = new Set<string>();
  s.workloads.forEach((w, i) => {
    if (workloadIds.has(w.id)) issues.push({ path: `workloads[${i}].id`, message: `duplicate workload id "${w.id}"` });
    workloadIds.add(w.id);
    const need = w.kind === 'inference' ? w.gpusPerReplica : w.gpus;
    const field = w.kind === 'inference' ? 'gpusPerReplica' : 'gpus';
    let have = gpus;
    if (w.kind === 'inference' && w.site !== undefined) {
      const site = s.cluster.sites.find((x) => x.id === w.site);
      if (!site) issues.push({ path: `workloads[${i}].site`, message: `no site "${w.site}"; sites: ${[...siteIds].join(', ')}` });
      have = site ? site.racks * site.nodesPerRack * site.node.gpus : gpus;
    }
    if (need > have) issues.push({ path: `workloads[${i}].${field}`, message: `needs ${need} GPUs at once but ${w.kind === 'inference' && w.site ? `site "${w.site}"` : 'the cluster'} has only ${have}` });
    else if (w.kind === 'inference' && w.replicas * need > have) {
      issues.push({ path: `workloads[${i}].replicas`, message: `${w.replicas} replicas × ${need} GPUs = ${w.replicas * need} GPUs, more than ${w.site ? `site "${w.site}"` : 'the cluster'} has (${have})` });
    }
  });
  let processes = 0;
  s.failures.forEach((f, i) => {
    if (f.kind === 'random') {
      const components = componentCount(s.cluster, f.target, f.site);
      processes += components;
      if (components === 0 && coveredLevel(f.target) === null) {
        issues.push({ path: `failures[${i}].target`, message: `no ${plural(f.target)}${f.site === undefined ? '' : ` touching site "${f.site}"`} to fail: add them under "cluster.wan"` });
      }
      if (processes > MAX_FAILURE_PROCESSES && gpus <= MAX_GPUS) {
        issues.push({ path: `failures[${i}].target`, message: `random failure rules cover more than ${MAX_FAILURE_PROCESSES} components in all; model failures at a coarser level (node or rack) or restrict rules to a site` });
        processes = -Infinity;
      }
      if (f.site !== undefined && !siteIds.has(f.site)) issues.push({ path: `failures[${i}].site`, message: `no site "${f.site}"; sites: ${[...siteIds].join(', ')}` });
    } else if (f.kind === 'scheduled') {
      const a = resolveComponent(s.cluster, f.target, f.id);
      if (typeof a === 'string') issues.push({ path: `failures[${i}].id`, message: a });
    }
  });
  s.workloads.forEach((w, i) => {
    if (w.kind !== 'training' || w.checkpointSizeBytes === undefined) return;
    s.cluster.sites.forEach((site, k) => {
      if (!(site.storage && site.storage.bandwidthBps < Infinity)) {
        issues.push({
          path: `cluster.sites[${k}].storage${site.storage ? '.bandwidth' : ''}`,
          message: `training job "${w.id}" gives its checkpoint size (workloads[${i}].checkpoint.size), so every site it may run on needs storage with a bandwidth`,
        });
      }
    });
  });
  issues.push(...checkNetwork(s));
  s.maintenance.forEach((m, i) => {
    if (coveredLevel(m.target) === null && componentCount(s.cluster, m.target, m.site) === 0) {
      issues.push({ path: `maintenance[${i}].target`, message: `no ${plural(m.target)} to take down: add them under "cluster.wan"` });
    }
    if (m.site !== undefined && !siteIds.has(m.site)) issues.push({ path: `maintenance[${i}].site`, message: `no site "${m.site}"; sites: ${[...siteIds].join(', ')}` });
  });
  for (const [name, text] of Object.entries(s.metrics)) {
    try {
      compileFormula(text!, FORMULA_NAMES);
    } catch (e) {
      if (!(e instanceof FormulaError)) throw e;
      issues.push({ path: `metrics.${name}`, message: e.message });
    }
  }
  return issues;
}

/** "WAN links": the plural of a target's noun. */
const plural = (target: FailureTarget) => `${failureTargetInfo(target).noun}s`;

/** Parses YAML, treating warnings (an unknown tag, say) as errors rather than printing them. */
function parseYamlStrict(text: string): unknown {
  const d = parseDocument(text, { logLevel: 'silent', uniqueKeys: true });
  const problem = d.errors[0] ?? d.warnings[0];
  if (problem) throw problem;
  return d.toJS({ maxAliasCount: 100 });
}

function syntaxMessage(e: unknown, text: string, format: ScenarioFormat): string {
  if (e instanceof YAMLParseError || e instanceof YAMLWarning) {
    const pos = e.linePos?.[0];
    return `not valid YAML${pos ? ` at line ${pos.line}, column ${pos.col}` : ''}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?\s*$/, '')}`;
  }
  if (format === 'json') {
    const at = jsonSyntaxError(text);
    if (at) return `not valid JSON at line ${at.line}, column ${at.column}: ${at.message}`;
  }
  return `not valid ${format.toUpperCase()}: ${String((e as Error)?.message ?? e).replace(/\s+/g, ' ').slice(0, 200)}`;
}
