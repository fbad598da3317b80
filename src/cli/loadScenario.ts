import { readFileSync } from 'node:fs';
import { formatOf, parseScenarioText } from '../sim/scenario/parseScenario.ts';
import { ScenarioError } from '../sim/scenario/formatIssue.ts';
import type { Scenario } from '../sim/scenario/types.ts';
import { checkPolicies } from '../worker/bindPolicies.ts';
import type { PolicyTables } from '../worker/catalog.ts';
import { CliError } from './CliError.ts';
import { loadTraces } from './loadTraces.ts';

/**
 * Reads and validates a scenario file, policies included (from `catalog`: the built-ins
 * unless given), and reads its traces; throws {@link ScenarioError}, {@link CliError} or TraceError.
 */
export function loadScenario(file: string, catalog?: PolicyTables): Scenario {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    throw new CliError(`cannot read scenario ${file}: ${why}`);
  }
  if (text.trim() === '') throw new CliError(`${file}: the file is empty`);
  const scenario = parseScenarioText(text, formatOf(file), file);
  const issues = checkPolicies(scenario, catalog);
  if (issues.length > 0) throw new ScenarioError(issues, file);
  return loadTraces(scenario, file);
}
