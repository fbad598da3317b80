import type { ScenarioFormat } from '../../sim/scenario/parseScenario.ts';
import { h } from './h.ts';
import { scenarioName } from './scenarioTextData.ts';

/**
 * Downloads scenario text as a file named after its preset, else after its name (as a
 * slug), else `scenario`, with the format's extension. Returns the file name.
 */
export function saveScenarioFile(text: string, format: ScenarioFormat, presetId: string | null): string {
  const ext = format === 'json' ? 'json' : 'yaml';
  const base = presetId ?? slug(scenarioName(text, format) ?? '') ?? 'scenario';
  const blob = new Blob([text], { type: format === 'json' ? 'application/json' : 'application/yaml' });
  const url = URL.createObjectURL(blob);
  const a = h('a', { href: url, download: `${base || 'scenario'}.${ext}`, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return `${base || 'scenario'}.${ext}`;
}

/** Lower case, runs of anything but letters and digits as one dash, at most 60 characters; null when nothing is left. */
function slug(name: string): string | null {
  const s = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return s === '' ? null : s;
}
