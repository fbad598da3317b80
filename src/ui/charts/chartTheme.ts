/** Colours and font read from the theme (CSS variables). */
export interface ChartTheme { ink: string; ink2: string; ink3: string; line: string; panel: string; font: string; accent: string }

/** The theme as computed on `el`, with fallbacks (the font's double quotes made single, for SVG attributes). */
export function chartTheme(el: Element): ChartTheme {
  const cs = getComputedStyle(el);
  const v = (name: string, fallback: string) => cs.getPropertyValue(name).trim() || fallback;
  return {
    ink: v('--ink', '#1d2330'), ink2: v('--ink-2', '#4a5366'), ink3: v('--ink-3', '#7a8396'), line: v('--line', '#dde1e8'),
    panel: v('--panel', '#ffffff'), accent: v('--accent', '#1f5fbf'),
    font: v('--font', 'system-ui, sans-serif').replace(/"/g, "'"),
  };
}
