import type { ScenarioFormat } from '../../sim/scenario/parseScenario.ts';

/** The editor's text as kept in local storage, so unsaved edits survive a reload. */
export interface SavedScenario {
  readonly text: string;
  readonly format: ScenarioFormat;
  readonly presetId: string | null;
}

/** The part of the Web Storage API used here (localStorage, or a stand-in in tests). */
export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Reads the saved scenario under `key`; null when none, or when what is there is not one. */
export function readSavedScenario(store: KeyValueStore | null, key: string): SavedScenario | null {
  let raw: string | null = null;
  try { raw = store?.getItem(key) ?? null; } catch { return null; }
  if (raw === null) return null;
  try {
    const d: unknown = JSON.parse(raw);
    if (typeof d !== 'object' || d === null) return null;
    const r = d as Record<string, unknown>;
    if (typeof r.text !== 'string' || (r.format !== 'json' && r.format !== 'yaml')) return null;
    return { text: r.text, format: r.format, presetId: typeof r.presetId === 'string' ? r.presetId : null };
  } catch {
    return null;
  }
}

/** Saves the scenario under `key`; false when the store refuses (full, or disabled). */
export function writeSavedScenario(store: KeyValueStore | null, key: string, s: SavedScenario): boolean {
  try {
    store?.setItem(key, JSON.stringify({ text: s.text, format: s.format, presetId: s.presetId }));
    return store !== null;
  } catch {
    return false;
  }
}
