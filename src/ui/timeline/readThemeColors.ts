import type { ThemeColors } from './drawLayers.ts';

/** The theme's colours and fonts (CSS variables) as computed on `el`, with fallbacks. */
export function readThemeColors(el: Element): ThemeColors {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string): string => css.getPropertyValue(name).trim() || fallback;
  return {
    ink: v('--ink', '#1d2330'), ink2: v('--ink-2', '#4a5366'), ink3: v('--ink-3', '#7a8396'),
    line: v('--line', '#dde1e8'), panel: v('--panel', '#ffffff'), font: v('--font', 'system-ui, sans-serif'), mono: v('--mono', 'monospace'),
  };
}
