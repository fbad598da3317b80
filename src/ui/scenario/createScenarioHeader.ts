import type { ScenarioState } from './ScenarioPanel.ts';
import { h } from './h.ts';
import type { Preset } from './presetsFrom.ts';
import { scenarioName } from './scenarioTextData.ts';

/** What the header's buttons do. */
export interface HeaderActions {
  /** A file was chosen with "Open file…". */
  open(file: File): void;
  save(): void;
  /** "Revert to preset". */
  revert(): void;
}

/** The scenario panel's header. */
export interface ScenarioHeader {
  readonly element: HTMLElement;
  /** Shows the state: the scenario's name (else its preset's), whether edited, its issues or validity; "Revert" only with a preset. */
  show(state: ScenarioState, preset: Preset | undefined): void;
  /** Says something in the message line, with an optional action button (such as Undo). */
  say(text: string, action?: { label: string; run: () => void }): void;
}

/**
 * Creates the header of the scenario panel: the tab list, the file actions (open, save,
 * revert to the preset), the status line (title, "edited", a badge: issues, loading or
 * valid) and the message line.
 */
export function createScenarioHeader(tablist: HTMLElement, actions: HeaderActions): ScenarioHeader {
  const fileInput = h('input', { type: 'file', accept: '.json,.yaml,.yml,application/json,application/yaml,text/yaml', class: 'sr-only', tabindex: -1, 'aria-hidden': 'true' });
  fileInput.addEventListener('change', () => {
    const f = fileInput.files?.[0];
    fileInput.value = '';
    if (f) actions.open(f);
  });
  const revertButton = h('button', { type: 'button', text: 'Revert to preset', title: 'Discard the edits and go back to the preset', onclick: () => actions.revert() });
  const title = h('div', { class: 'scn-title' });
  const statusBadge = h('span', { class: 'scn-status-badge' });
  const editedBadge = h('span', { class: 'scn-edited muted', text: 'edited', hidden: true });
  const message = h('div', { class: 'scn-message', role: 'status', 'aria-live': 'polite' });
  const element = h('div', { class: 'scn-header' },
    tablist,
    h('div', { class: 'scn-actions' },
      h('button', { type: 'button', text: 'Open file…', title: 'Open a scenario file (.json, .yaml)', onclick: () => fileInput.click() }),
      h('button', { type: 'button', text: 'Save file', title: 'Download the scenario text', onclick: () => actions.save() }),
      revertButton,
      fileInput,
    ),
    h('div', { class: 'scn-status', 'aria-live': 'polite' }, title, editedBadge, statusBadge),
    message,
  );
  return {
    element,
    show(state, preset) {
      revertButton.hidden = preset === undefined;
      revertButton.disabled = !state.modified;
      const name = scenarioName(state.text, state.format) ?? preset?.name ?? 'Untitled scenario';
      title.textContent = name;
      title.title = name;
      editedBadge.hidden = !state.modified;
      const n = state.issues.length;
      statusBadge.className = `scn-status-badge ${n > 0 ? 'is-bad' : state.loading ? 'is-busy' : 'is-ok'}`;
      statusBadge.textContent = n > 0 ? `${n} issue${n === 1 ? '' : 's'}` : state.loading ? 'loading traces…' : 'valid';
    },
    say(text, action) {
      message.replaceChildren(text);
      if (action) message.append(' ', h('button', { type: 'button', class: 'scn-link', text: action.label, onclick: () => action.run() }));
    },
  };
}
