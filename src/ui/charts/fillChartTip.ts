import { FIG_KIND, panelTop } from './chartLayout.ts';
import type { ChartState } from './ChartState.ts';
import { formatFigure, formatInUnit } from './formatFigure.ts';
import { SERIES_FIGURES, valueAt } from './seriesSteps.ts';

/**
 * Fills the hover readout with every run's C, S, T and R at time `t` (a table, a row per
 * run) and shows it right of the hover line at `hx`, or left of it near the right edge.
 */
export function fillChartTip(tip: HTMLElement, c: ChartState, t: number, hx: number): void {
  tip.replaceChildren();
  const head = document.createElement('div');
  head.className = 'mc-tip-time';
  head.textContent = `t = ${formatInUnit(t, c.unitX)} ${c.unitX.symbol}`;
  const table = document.createElement('table');
  const hr = document.createElement('tr');
  hr.append(document.createElement('th'));
  for (const f of SERIES_FIGURES) { const th = document.createElement('th'); th.textContent = f; hr.append(th); }
  table.append(hr);
  c.runs.forEach((run) => {
    const tr = document.createElement('tr');
    tr.dataset.run = run.name;
    const n = document.createElement('th');
    n.className = 'mc-tip-run';
    n.style.setProperty('--run-color', run.color);
    n.textContent = run.name;
    tr.append(n);
    for (const f of SERIES_FIGURES) {
      const td = document.createElement('td');
      td.dataset.figure = f;
      const v = valueAt(run.series, f, t, run.endS);
      td.textContent = formatFigure(FIG_KIND[f], Number.isFinite(v) ? v : null);
      tr.append(td);
    }
    table.append(tr);
  });
  tip.append(head, table);
  tip.hidden = false;
  // Right of the hover line, or left of it near the right edge.
  const w = tip.offsetWidth || 260;
  const left = hx + 14 + w > c.width ? hx - 14 - w : hx + 14;
  tip.style.left = `${Math.max(0, left)}px`;
  tip.style.top = `${panelTop(0)}px`;
}
