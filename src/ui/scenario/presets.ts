import { presetsFrom, type Preset } from './presetsFrom.ts';

export type { Preset } from './presetsFrom.ts';

/** The preset scenarios of scenarios/*.json, bundled as text: the worked example first, then by name. */
export const presets: readonly Preset[] = presetsFrom(
  import.meta.glob('/scenarios/*.json', { query: '?raw', import: 'default', eager: true }) as Record<string, string>,
);

/** The preset with this id, if any. */
export function presetById(id: string): Preset | undefined {
  return presets.find((p) => p.id === id);
}
