import { schemeTableau10 } from 'd3';

/**
 * Colours, colour-blind safe (d3-scale-chromatic's Tableau 10, chosen for colour-vision
 * deficiencies): runs take blue, orange, green and purple: the first two — the usual comparison — stay
 * apart for every common deficiency, and the charts add a dash pattern per run as well.
 */
export const runColors: readonly string[] = [schemeTableau10[0], schemeTableau10[1], schemeTableau10[4], schemeTableau10[6]];

/** Workload colours: Tableau 10 without its red, which is kept for failures. */
const workloadColors = schemeTableau10.filter((_, k) => k !== 2);

/** Colour of workload `i` on the timeline (cycles through Tableau 10 less red). */
export function workloadColor(i: number): string {
  return workloadColors[i % workloadColors.length];
}

/** Marks for failures and outages (not a workload colour). */
export const failureColor = '#d62728';
export const outageFill = 'rgba(214, 39, 40, 0.16)';
export const plannedFill = 'rgba(110, 110, 110, 0.18)';
