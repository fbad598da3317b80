/**
 * Harness page of the charts: the headline cards, the C/S/T/R charts and the summary table
 * for three made-up runs (test/ui/support/chartFixtures.ts), laid out like the app's results
 * column, with a cursor slider standing in for the replay. The e2e test drives it through
 * `window.chartsHarness`.
 */
import '../../../src/ui/theme/theme.css';
import { runColors } from '../../../src/ui/theme/palette.ts';
import { createHeadlineCards, type HeadlineCards, type SummaryRun } from '../../../src/ui/charts/createHeadlineCards.ts';
import { createMetricCharts, type ChartRun, type MetricCharts } from '../../../src/ui/charts/createMetricCharts.ts';
import { createSummaryTable, type SummaryTable } from '../../../src/ui/charts/createSummaryTable.ts';
import { fixtureRuns } from '../support/chartFixtures.ts';
import './charts-harness.css';

/** What the e2e test reaches. */
export interface ChartsHarness {
  readonly charts: MetricCharts;
  readonly table: SummaryTable;
  readonly cards: HeadlineCards;
  /** Times (seconds) the charts asked the replay to go to. */
  readonly scrubs: number[];
  /** The three runs shown, with their colours. */
  readonly runs: readonly (SummaryRun & ChartRun)[];
}

declare global {
  interface Window { chartsHarness: ChartsHarness }
}

const root = document.getElementById('harness')!;
root.innerHTML = `
  <header class="h-header"><h1>dcsim</h1><span class="muted">charts harness · three made-up runs</span></header>
  <main class="h-main">
    <aside class="h-aside panel" aria-label="Replay stand-in">
      <h2>Replay (stand-in)</h2>
      <label for="h-cursor">Cursor</label>
      <input id="h-cursor" type="range" min="0" max="604800" step="3600" value="0" />
      <p class="muted" id="h-cursor-text">cursor hidden</p>
      <p class="muted">Click or drag on the charts to scrub; the slider follows.</p>
    </aside>
    <section class="h-results" aria-label="Results">
      <div class="h-figures"></div>
      <div class="h-charts panel"></div>
      <div class="h-summary panel"></div>
    </section>
  </main>`;

const runs = fixtureRuns();
const cards = createHeadlineCards(root.querySelector<HTMLElement>('.h-figures')!);
const charts = createMetricCharts(root.querySelector<HTMLElement>('.h-charts')!);
const table = createSummaryTable(root.querySelector<HTMLElement>('.h-summary')!);
const withColor = runs.map((r, i) => ({ ...r, color: runColors[i % runColors.length] }));
cards.setRuns(withColor);
charts.setRuns(withColor);
table.setRuns(withColor);

const slider = root.querySelector<HTMLInputElement>('#h-cursor')!;
const cursorText = root.querySelector<HTMLElement>('#h-cursor-text')!;
const scrubs: number[] = [];
function moveCursor(timeS: number): void {
  charts.setCursor(timeS);
  slider.value = String(timeS);
  cursorText.textContent = `cursor at ${(timeS / 3600).toFixed(1)} h`;
}
slider.addEventListener('input', () => moveCursor(Number(slider.value)));
charts.onScrub((t) => { scrubs.push(t); moveCursor(t); });

window.chartsHarness = { charts, table, cards, scrubs, runs: withColor };
document.body.dataset.ready = 'true';
