/**
 * The summary table: a row per figure (the headline C, S, T, R first, then every run-level
 * figure the results carry, then a collapsible section per workload), a column per run;
 * each later run's cell shows its difference to the first (▲/▼ with the signed difference,
 * coloured by whether it is better or worse as a secondary cue). Each figure's name is a
 * button that opens its definition.
 */
import './charts.css';
import type { SummaryRun } from './createHeadlineCards.ts';
import { figureDiff } from './figureDiff.ts';
import { formatFigure } from './formatFigure.ts';
import { definitionButton, showAllDefinitions } from './showDefinition.ts';
import { summaryCsv } from './summaryCsv.ts';
import { summarySections, type FigureSection } from './summaryFigures.ts';

export type { SummaryRun } from './createHeadlineCards.ts';

export interface SummaryTable {
  /** Shows these runs (the first is the one the others are compared with); none shows a placeholder. */
  setRuns(runs: readonly SummaryRun[]): void;
  /** The table as CSV (RFC 4180): see {@link summaryCsv}. */
  toCsv(): string;
  destroy(): void;
}

const VERDICT_WORDS = { better: 'better', worse: 'worse', same: '', neutral: '', none: '' } as const;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function runHeader(runs: readonly SummaryRun[]): HTMLTableSectionElement {
  const thead = el('thead');
  const tr = el('tr');
  const corner = el('th', 'st-corner', 'Figure');
  corner.scope = 'col';
  tr.append(corner);
  runs.forEach((run, i) => {
    const th = el('th', 'st-run');
    th.scope = 'colgroup';
    if (i > 0) th.colSpan = 2;
    th.style.setProperty('--run-color', run.color);
    const sw = el('span', 'st-swatch');
    sw.setAttribute('aria-hidden', 'true');
    const name = el('span', 'st-run-name', run.name);
    th.append(sw, name);
    th.title = i > 0 ? `${run.name}: value, and difference to ${runs[0].name}` : run.name;
    th.append(el('span', 'st-vs', i > 0 ? `value · Δ vs ${runs[0].name}` : 'value'));
    tr.append(th);
  });
  thead.append(tr);
  return thead;
}

function colgroup(n: number): HTMLElement {
  const g = el('colgroup');
  g.append(el('col', 'st-col-figure'), el('col', 'st-col-value'));
  for (let i = 1; i < n; i++) g.append(el('col', 'st-col-value'), el('col', 'st-col-delta'));
  return g;
}

/** Sections the user collapsed (by id), kept across updates. */
type Collapsed = Set<string>;

function sectionBody(section: FigureSection, runs: readonly SummaryRun[], collapsed: Collapsed | null): HTMLTableSectionElement {
  const tbody = el('tbody');
  tbody.dataset.section = section.id;
  const rows: HTMLTableRowElement[] = [];
  let setOpen: ((open: boolean) => void) | null = null;
  if (collapsed) {
    const tr = el('tr', 'st-section');
    const th = el('th');
    th.scope = 'colgroup';
    th.colSpan = 2 * runs.length;
    const toggle = el('button', 'st-toggle');
    toggle.type = 'button';
    toggle.append(el('span', 'st-chevron'), el('span', '', section.title));
    const set = (open: boolean) => {
      toggle.setAttribute('aria-expanded', String(open));
      for (const r of rows) r.hidden = !open;
    };
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      if (open) collapsed.delete(section.id); else collapsed.add(section.id);
      set(open);
    });
    th.append(toggle);
    tr.append(th);
    tbody.append(tr);
    setOpen = set;
  }
  for (const row of section.rows) {
    const tr = el('tr', row.sub ? 'st-row st-sub' : 'st-row');
    tr.dataset.figure = row.id;
    const th = el('th');
    th.scope = 'row';
    th.append(definitionButton(row.def, row.label));
    tr.append(th);
    const first = row.get(runs[0].result);
    runs.forEach((run, i) => {
      const v = row.get(run.result);
      const td = el('td', 'st-cell', v === undefined ? '' : formatFigure(row.kind, v));
      tr.append(td);
      if (i === 0) return;
      const dd = el('td', 'st-delta');
      const d = row.diff === false ? null : figureDiff(row.kind, row.better, first, v);
      if (d && d.verdict === 'same') dd.append(el('span', 'st-diff diff-same', '±0'));
      else if (d && d.arrow) {
        const diff = el('span', `st-diff diff-${d.verdict}`, `${d.arrow} ${d.text}`);
        const words = VERDICT_WORDS[d.verdict];
        if (words) diff.append(el('span', 'sr-only', ` (${words})`));
        dd.append(diff);
      }
      tr.append(dd);
    });
    rows.push(tr);
    tbody.append(tr);
  }
  if (collapsed) setOpen?.(!collapsed.has(section.id));
  return tbody;
}

/** Creates the summary table in `root`. */
export function createSummaryTable(root: HTMLElement): SummaryTable {
  const box = el('div', 'st');
  root.append(box);
  let current: readonly SummaryRun[] = [];
  let sections: FigureSection[] = [];
  /** Workload sections the user opened, kept open across updates. */
  const open = new Set<string>();
  let allOpen = false;
  const collapsed: Collapsed = new Set();

  function table(parts: readonly FigureSection[], titles: boolean, caption: string): HTMLTableElement {
    const t = el('table', 'st-table');
    t.append(el('caption', 'sr-only', caption), colgroup(current.length), runHeader(current));
    for (const s of parts) t.append(sectionBody(s, current, titles ? collapsed : null));
    return t;
  }

  function render(): void {
    box.replaceChildren();
    if (current.length === 0) {
      box.append(el('p', 'st-empty muted', 'No runs yet: run the scenario to see its figures.'));
      return;
    }
    const head = el('div', 'st-head');
    head.append(el('h2', 'st-title', 'Summary'));
    const note = el('span', 'st-note muted', current.length > 1 ? `later runs: difference to ${current[0].name} (▲ up, ▼ down)` : '');
    const all = el('button', 'st-all', 'All definitions');
    all.type = 'button';
    all.addEventListener('click', () => showAllDefinitions(all));
    head.append(note, all);
    box.append(head);
    const runLevel = sections.filter((s) => s.workload === undefined);
    const workloads = sections.filter((s) => s.workload !== undefined);
    box.append(table(runLevel, true, 'Figures of each run'));
    if (workloads.length) {
      const outer = el('details', 'st-workloads');
      outer.open = allOpen;
      outer.addEventListener('toggle', () => { allOpen = outer.open; });
      outer.append(el('summary', 'st-summary', `Per workload (${workloads.length})`));
      for (const s of workloads) {
        const d = el('details', 'st-workload');
        d.dataset.workload = s.workload!;
        d.open = open.has(s.workload!);
        d.addEventListener('toggle', () => { if (d.open) open.add(s.workload!); else open.delete(s.workload!); });
        d.append(el('summary', 'st-summary st-workload-name', s.title));
        d.append(table([s], false, `Figures of workload ${s.title}`));
        outer.append(d);
      }
      box.append(outer);
    }
  }

  render();
  return {
    setRuns(runs) {
      current = runs.slice();
      sections = summarySections(current.map((r) => r.result));
      render();
    },
    toCsv: () => summaryCsv(current.map((r) => r.name), current.map((r) => r.result), sections),
    destroy: () => box.remove(),
  };
}
