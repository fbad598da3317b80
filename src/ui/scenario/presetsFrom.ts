/** A preset scenario shipped in scenarios/: its id (file name without extension), title, story and text. */
export interface Preset {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly text: string;
}

/** The preset listed first: the worked example. */
export const FIRST_PRESET = 'seed-example';

/**
 * Turns preset files (path → JSON text) into presets, the worked example first, then by
 * name. The name and description are read as data (JSON.parse); a file that does not
 * parse is still listed, under its id, so its errors can be seen in the editor.
 */
export function presetsFrom(files: Readonly<Record<string, string>>): Preset[] {
  const presets = Object.entries(files).map(([path, text]): Preset => {
    const id = path.replace(/^.*\//, '').replace(/\.(json|ya?ml)$/i, '');
    let name = id, description = '';
    try {
      const d: unknown = JSON.parse(text);
      if (typeof d === 'object' && d !== null) {
        const r = d as Record<string, unknown>;
        if (typeof r.name === 'string' && r.name.trim() !== '') name = r.name;
        if (typeof r.description === 'string') description = r.description;
      }
    } catch { /* listed under its id */ }
    return { id, name, description, text };
  });
  return presets.sort((a, b) => (a.id === FIRST_PRESET ? -1 : b.id === FIRST_PRESET ? 1 : a.name.localeCompare(b.name) || a.id.localeCompare(b.id)));
}
