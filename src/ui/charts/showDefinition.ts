/**
 * A figure's definition in a modal `<dialog>` (one per document, made on first use): Esc or
 * the Close button closes it and focus returns to what opened it. "All definitions" lists
 * every figure in the same dialog.
 */
import './charts.css';
import { FIGURE_DEFINITIONS, FIGURE_KEYS, type FigureDefinition, type FigureKey } from './figureDefinitions.ts';

let dialog: HTMLDialogElement | null = null;
let returnFocus: HTMLElement | null = null;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function theDialog(): HTMLDialogElement {
  if (dialog && dialog.isConnected) return dialog;
  const d = el('dialog', 'fig-dialog');
  d.setAttribute('aria-labelledby', 'fig-dialog-title');
  d.dataset.testid = 'figure-definition';
  d.addEventListener('close', () => {
    const back = returnFocus;
    returnFocus = null;
    if (back && back.isConnected) back.focus();
  });
  // A click on the backdrop (outside the dialog's box) closes it.
  d.addEventListener('click', (e) => {
    if (e.target !== d) return;
    const r = d.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) d.close();
  });
  document.body.append(d);
  dialog = d;
  return d;
}

function definitionBlock(key: FigureKey, def: FigureDefinition, heading: 'h2' | 'h3', id?: string): HTMLElement {
  const box = el('section', 'fig-def');
  box.dataset.figure = key;
  const h = el(heading, 'fig-def-title');
  if (id) h.id = id;
  h.append(el('span', 'fig-def-name', def.name), el('span', 'fig-def-words', ` ${def.title}`));
  const meta = el('p', 'fig-def-meta', def.better ? `${def.unit} · ${def.better}` : def.unit);
  box.append(h, meta, el('p', 'fig-def-text', def.text));
  return box;
}

function frame(d: HTMLDialogElement, body: HTMLElement[], footer: HTMLElement[]): void {
  d.replaceChildren();
  const scroll = el('div', 'fig-dialog-body');
  scroll.append(...body);
  const foot = el('div', 'fig-dialog-foot');
  foot.append(...footer);
  d.append(scroll, foot);
}

function closeButton(d: HTMLDialogElement): HTMLButtonElement {
  const b = el('button', 'primary', 'Close');
  b.type = 'button';
  b.addEventListener('click', () => d.close());
  return b;
}

function open(d: HTMLDialogElement, opener: HTMLElement | null | undefined, focus: HTMLElement): void {
  if (!d.open) {
    returnFocus = opener ?? (document.activeElement instanceof HTMLElement ? document.activeElement : null);
    d.showModal();
  }
  focus.focus();
}

/** Opens the definition of `key`; focus returns to `opener` (default: the focused element) when it closes. */
export function showDefinition(key: FigureKey, opener?: HTMLElement | null): void {
  const d = theDialog();
  const all = el('button', '', 'All definitions');
  all.type = 'button';
  all.addEventListener('click', () => showAllDefinitions(undefined, key));
  const close = closeButton(d);
  frame(d, [definitionBlock(key, FIGURE_DEFINITIONS[key], 'h2', 'fig-dialog-title')], [all, close]);
  open(d, opener, close);
}

/** Opens the list of every figure's definition (scrolled to `focusKey` when given). */
export function showAllDefinitions(opener?: HTMLElement | null, focusKey?: FigureKey): void {
  const d = theDialog();
  const title = el('h2', 'fig-dialog-heading', 'Figure definitions');
  title.id = 'fig-dialog-title';
  const intro = el('p', 'fig-def-meta', 'A run covers [0, E]. N: provisioned GPUs; up(t): GPUs up at t (neither the GPU nor its node, rack or site failed); busy(t): GPUs held by work.');
  const blocks = FIGURE_KEYS.map((k) => definitionBlock(k, FIGURE_DEFINITIONS[k], 'h3'));
  const close = closeButton(d);
  frame(d, [title, intro, ...blocks], [close]);
  open(d, opener, close);
  if (focusKey) d.querySelector(`[data-figure="${focusKey}"]`)?.scrollIntoView({ block: 'start' });
}

/** Closes the definition dialog if it is open. */
export function closeDefinition(): void {
  dialog?.close();
}

/**
 * A button naming a figure that opens its definition: `label` as its text, and an accessible
 * name saying what it does.
 */
export function definitionButton(key: FigureKey, label: string, cls = 'fig-name'): HTMLButtonElement {
  const b = el('button', cls);
  b.type = 'button';
  b.textContent = label;
  b.dataset.def = key;
  b.title = `Definition of ${FIGURE_DEFINITIONS[key].name} (${FIGURE_DEFINITIONS[key].title})`;
  b.addEventListener('click', () => showDefinition(key, b));
  return b;
}
