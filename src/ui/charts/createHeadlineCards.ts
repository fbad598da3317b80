/**
 * The headline figures C, S, T and R as large numbers: a card per figure, a line per run
 * (marked with the run's colour), each later run with its difference to the first. The
 * first run's values carry `data-testid="metric-C"` … `"metric-R"`. Each card's label opens
 * the figure's definition.
 */
import './charts.css';
import type { RunResult } from '../../sim/model/RunResult.ts';
import { figureDiff } from './figureDiff.ts';
import { FIGURE_DEFINITIONS } from './figureDefinitions.ts';
import { formatFigure } from './formatFigure.ts';
import { definitionButton } from './showDefinition.ts';
import { HEADLINE_ROWS } from './summaryFigures.ts';

/** A run as the cards and the summary table show it. */
export interface SummaryRun {
  readonly name: string;
  /** Its colour (from palette.ts `runColors`). */
  readonly color: string;
  readonly result: RunResult;
}

export interface HeadlineCards {
  /** Shows these runs (the first is the one the others are compared with); none shows a placeholder. */
  setRuns(runs: readonly SummaryRun[]): void;
  destroy(): void;
}

const VERDICT_WORDS = { better: 'better', worse: 'worse', same: 'same', neutral: '', none: '' } as const;

/** Creates the headline cards in `root`. */
export function createHeadlineCards(root: HTMLElement): HeadlineCards {
  const box = document.createElement('div');
  box.className = 'hc';
  root.append(box);

  function setRuns(runs: readonly SummaryRun[]): void {
    box.replaceChildren();
    if (runs.length === 0) {
      const p = document.createElement('p');
      p.className = 'hc-empty muted';
      p.textContent = 'Run the scenario to see C, S, T and R.';
      box.append(p);
      return;
    }
    for (const row of HEADLINE_ROWS) {
      const def = FIGURE_DEFINITIONS[row.def];
      const card = document.createElement('section');
      card.className = 'hc-card';
      card.dataset.figure = row.id;
      const head = document.createElement('h3');
      head.className = 'hc-head';
      const b = definitionButton(row.def, '', 'hc-label');
      b.innerHTML = '';
      const sym = document.createElement('span');
      sym.className = 'hc-symbol';
      sym.textContent = row.id;
      const words = document.createElement('span');
      words.className = 'hc-words';
      words.textContent = def.title;
      b.append(sym, words);
      head.append(b);
      card.append(head);
      const list = document.createElement('ul');
      list.className = 'hc-runs';
      const first = row.get(runs[0].result);
      runs.forEach((run, i) => {
        const v = row.get(run.result);
        const li = document.createElement('li');
        li.className = i === 0 ? 'hc-run hc-first' : 'hc-run';
        li.style.setProperty('--run-color', run.color);
        const name = document.createElement('span');
        name.className = 'hc-run-name';
        name.textContent = run.name;
        name.title = run.name;
        const value = document.createElement('span');
        value.className = 'hc-value';
        value.textContent = formatFigure(row.kind, v);
        if (v === null) value.title = 'nothing completed';
        if (i === 0) value.dataset.testid = `metric-${row.id}`;
        li.append(name, value);
        if (i > 0) {
          const d = figureDiff(row.kind, row.better, first, v);
          const diff = document.createElement('span');
          diff.className = `hc-diff diff-${d.verdict}`;
          diff.textContent = d.arrow ? `${d.arrow} ${d.text}` : '';
          const words = VERDICT_WORDS[d.verdict];
          if (words) {
            const sr = document.createElement('span');
            sr.className = 'sr-only';
            sr.textContent = ` (${words} than ${runs[0].name})`;
            diff.append(sr);
          }
          li.append(diff);
        }
        list.append(li);
      });
      card.append(list);
      box.append(card);
    }
  }

  setRuns([]);
  return {
    setRuns,
    destroy: () => box.remove(),
  };
}
