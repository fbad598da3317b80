/** What scenario text holds as data, whatever its layout and format (DOM-free). */
import { parse as parseYaml } from 'yaml';
import type { ScenarioFormat } from '../../sim/scenario/parseScenario.ts';

/** The document's data, or undefined when it does not parse. */
export function parseData(text: string, format: ScenarioFormat): unknown {
  try {
    return format === 'json' ? JSON.parse(text) : parseYaml(text, { logLevel: 'silent', maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/** The data as canonical JSON, to compare texts regardless of layout and format; null when it does not parse. */
export function canonical(text: string, format: ScenarioFormat): string | null {
  const d = parseData(text, format);
  return d === undefined ? null : JSON.stringify(d);
}

/** The scenario's `name`, when the text parses and has a non-blank one. */
export function scenarioName(text: string, format: ScenarioFormat): string | null {
  const d = parseData(text, format);
  if (typeof d !== 'object' || d === null) return null;
  const name = (d as Record<string, unknown>).name;
  return typeof name === 'string' && name.trim() !== '' ? name : null;
}
