import type { ScenarioFormat } from '../../sim/scenario/parseScenario.ts';
import type { Preset } from './presetsFrom.ts';
import { canonical } from './scenarioTextData.ts';

/**
 * A check of whether scenario text differs, as data, from the preset it came from (false
 * without a preset, true when it does not parse). Each preset's data is made once.
 */
export function createModifiedCheck(presets: readonly Preset[]): (text: string, format: ScenarioFormat, presetId: string | null) => boolean {
  const presetData = new Map<string, string | null>();
  return (text, format, presetId) => {
    const preset = presetId === null ? undefined : presets.find((p) => p.id === presetId);
    if (!preset) return false;
    if (format === 'json' && text === preset.text) return false;
    if (!presetData.has(preset.id)) presetData.set(preset.id, canonical(preset.text, 'json'));
    const mine = canonical(text, format);
    return mine === null || mine !== presetData.get(preset.id);
  };
}
