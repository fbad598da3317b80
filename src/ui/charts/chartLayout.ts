/** Layout of the C/S/T/R charts: sizes in CSS pixels, where each panel goes, and how runs and figures are told apart. */
import { SERIES_FIGURES } from './seriesSteps.ts';

/** Layout in CSS pixels: margins, the legend's and each panel's title, plot and gap, the time axis. */
export const M = { left: 58, right: 18, legend: 30, title: 26, plot: 84, gap: 10, axis: 40 };
/** Height of one figure's panel. */
export const PANEL = M.title + M.plot + M.gap;

/** Dash patterns of runs 1, 2, 3, 4… (a second cue beside colour). */
export const DASHES = ['', '7 4', '2 3', '10 3 2 3'];

/** How each figure's values are written. */
export const FIG_KIND = { C: 'fraction', S: 'fraction', T: 'durationS', R: 'fraction' } as const;

/** Top of panel `k`'s plot (below its title). */
export const panelTop = (k: number): number => M.legend + k * PANEL + M.title;

/** Bottom of the last panel's plot, where the shared time axis goes. */
export const plotsBottom = (): number => panelTop(SERIES_FIGURES.length - 1) + M.plot;
