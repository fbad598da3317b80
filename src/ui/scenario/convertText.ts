import { parseDocument, stringify } from 'yaml';
import type { ScenarioFormat } from '../../sim/scenario/parseScenario.ts';

/**
 * Converts scenario text between JSON and YAML (the same data; YAML comments are lost
 * going to JSON). Throws an Error naming the problem when the text does not parse.
 */
export function convertText(text: string, from: ScenarioFormat, to: ScenarioFormat): string {
  if (from === to) return text;
  let data: unknown;
  if (from === 'json') {
    try { data = JSON.parse(text); } catch (e) { throw new Error(`cannot convert: the JSON does not parse (${(e as Error).message})`); }
  } else {
    const doc = parseDocument(text, { logLevel: 'silent' });
    const problem = doc.errors[0];
    if (problem) throw new Error(`cannot convert: the YAML does not parse (${problem.message.split('\n')[0]})`);
    data = doc.toJS({ maxAliasCount: 100 });
  }
  return to === 'json' ? `${JSON.stringify(data, null, 2)}\n` : stringify(data, { lineWidth: 0 });
}
