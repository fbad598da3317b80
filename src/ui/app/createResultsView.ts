import { metricSeries } from '../../sim/metrics/metricSeries.ts';
import type { HeadlineCards } from '../charts/createHeadlineCards.ts';
import type { MetricCharts } from '../charts/createMetricCharts.ts';
import type { SummaryTable } from '../charts/createSummaryTable.ts';
import { renderDescription } from '../scenario/renderDescription.ts';
import type { ComparedRun } from '../share/exportResults.ts';
import type { ReplayControls } from '../timeline/createReplay.ts';
import type { TimelineView } from '../timeline/createTimeline.ts';
import { runColors, workloadColor } from '../theme/palette.ts';

/** The results side of the screen: story, headline cards, charts, replay and summary table. */
export interface ResultsView {
  /** The runs shown (in set order; failed runs left out). */
  readonly runs: readonly ComparedRun[];
  setStory(description: string): void;
  /** Shows a comparison: runs with their colour index (the set they ran). */
  show(runs: readonly (ComparedRun & { readonly colorIndex: number })[]): void;
  readonly charts: MetricCharts;
  readonly table: SummaryTable;
}

interface Parts {
  readonly story: HTMLElement;
  readonly cards: HeadlineCards;
  readonly charts: MetricCharts;
  readonly table: SummaryTable;
  readonly timeline: TimelineView;
  readonly replay: ReplayControls;
  readonly runPicker: HTMLElement;
}

export function createResultsView(p: Parts): ResultsView {
  let runs: readonly (ComparedRun & { colorIndex: number })[] = [];
  let lastStory: string | null = null;
  const storyText = p.story.querySelector<HTMLElement>('.app-story-text')!;
  const cursor = (t: number) => { p.timeline.setCursor(t); p.charts.setCursor(t); };
  p.replay.onTime(cursor);
  const scrub = (t: number) => { p.replay.setTime(t); cursor(t); };
  p.timeline.onScrub(scrub);
  p.charts.onScrub(scrub);
  p.charts.setRuns([]);
  p.cards.setRuns([]);
  p.table.setRuns([]);

  function showTimeline(k: number): void {
    const run = runs[k];
    p.timeline.setData(run?.result.timeline ?? null, workloadColor);
    for (const [i, b] of [...p.runPicker.querySelectorAll<HTMLButtonElement>('button')].entries()) b.setAttribute('aria-checked', String(i === k));
    p.timeline.setCursor(p.replay.time);
  }

  return {
    get runs() { return runs; },
    charts: p.charts,
    table: p.table,
    setStory(description) {
      if (description === lastStory) return;
      lastStory = description;
      storyText.replaceChildren(renderDescription(description));
      p.story.hidden = description.trim() === '';
      (p.story as HTMLDetailsElement).open = true;
    },
    show(next) {
      runs = next;
      const colored = next.map((r) => ({ name: r.name, color: runColors[r.colorIndex], result: r.result }));
      p.cards.setRuns(colored);
      p.table.setRuns(colored);
      p.charts.setRuns(next.filter((r) => r.result.timeline).map((r) => ({
        name: r.name, color: runColors[r.colorIndex], series: metricSeries(r.result.timeline!), endS: r.result.metrics.endS,
      })));
      p.runPicker.replaceChildren(...next.map((r, i) => {
        const b = document.createElement('button');
        b.type = 'button';
        b.setAttribute('role', 'radio');
        b.style.setProperty('--run-color', runColors[r.colorIndex]);
        b.textContent = r.name;
        b.addEventListener('click', () => showTimeline(i));
        return b;
      }));
      const endS = Math.max(0, ...next.map((r) => r.result.metrics.endS));
      // The results take the room: the story folds away (one click brings it back).
      (p.story as HTMLDetailsElement).open = false;
      p.replay.pause();
      p.replay.setDuration(endS);
      p.replay.setTime(0);
      cursor(0);
      showTimeline(0);
    },
  };
}
