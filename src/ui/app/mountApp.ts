import { createHeadlineCards } from '../charts/createHeadlineCards.ts';
import { createMetricCharts } from '../charts/createMetricCharts.ts';
import { createSummaryTable } from '../charts/createSummaryTable.ts';
import { createRunsPanel } from '../runs/createRunsPanel.ts';
import { createPolicyModules } from '../runs/createPolicyModules.ts';
import { createScenarioPanel } from '../scenario/createScenarioPanel.ts';
import { createReplay } from '../timeline/createReplay.ts';
import { createTimeline } from '../timeline/createTimeline.ts';
import { createHeader } from './createHeader.ts';
import { createResultsView } from './createResultsView.ts';
import { startComparison } from './startComparison.ts';
import { wireSession } from './wireSession.ts';
import './app.css';

/** The regions of the screen, each filled by one part of the app. */
export interface AppRegions {
  readonly header: HTMLElement;
  readonly scenario: HTMLElement;
  readonly story: HTMLElement;
  readonly runs: HTMLElement;
  readonly figures: HTMLElement;
  readonly charts: HTMLElement;
  readonly timeline: HTMLElement;
  readonly summary: HTMLElement;
}

/** Lays out the screen in `root` and returns its regions. */
export function layout(root: HTMLElement): AppRegions {
  root.innerHTML = `
    <header class="app-header"></header>
    <main class="app-main">
      <aside class="app-scenario" aria-label="Scenario"></aside>
      <section class="app-results" aria-label="Runs and results">
        <details class="app-story panel" open><summary>The story of this scenario</summary><div class="app-story-text"></div></details>
        <div class="app-runs panel"></div>
        <div class="app-figures" aria-live="polite"></div>
        <div class="app-charts panel"></div>
        <div class="app-timeline panel"><div class="app-timeline-head"><h2>Timeline replay</h2><div class="app-timeline-runs" role="radiogroup" aria-label="Run shown"></div></div><div class="app-replay"></div><div class="app-timeline-view"></div></div>
        <div class="app-summary panel"></div>
      </section>
    </main>`;
  const q = (sel: string) => root.querySelector<HTMLElement>(sel)!;
  return {
    header: q('.app-header'), scenario: q('.app-scenario'), story: q('.app-story'), runs: q('.app-runs'), figures: q('.app-figures'),
    charts: q('.app-charts'), timeline: q('.app-timeline'), summary: q('.app-summary'),
  };
}

/** Builds the app in `root` and wires its parts together. */
export function mountApp(root: HTMLElement): void {
  const r = layout(root);
  const header = createHeader(r.header);
  const scenario = createScenarioPanel(r.scenario);
  const runs = createRunsPanel(r.runs);
  const modules = createPolicyModules();
  const results = createResultsView({
    story: r.story,
    cards: createHeadlineCards(r.figures),
    charts: createMetricCharts(r.charts),
    table: createSummaryTable(r.summary),
    timeline: createTimeline(r.timeline.querySelector<HTMLElement>('.app-timeline-view')!),
    replay: createReplay(r.timeline.querySelector<HTMLElement>('.app-replay')!),
    runPicker: r.timeline.querySelector<HTMLElement>('.app-timeline-runs')!,
  });
  const comparison = startComparison({ scenario, runs, modules, results });
  wireSession({ header, scenario, runs, modules, results, comparison });
}
