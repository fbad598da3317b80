import { createForm } from './createForm.ts';
import { renderIssueList, type IssueListActions } from './createIssueList.ts';
import { knobsOf, type Knob } from './formKnobs.ts';
import { h } from './h.ts';
import type { ScenarioState } from './ScenarioPanel.ts';
import { parseData } from './scenarioTextData.ts';

/** The Form tab of the scenario panel. */
export interface FormTab {
  /** Shows the state: the knobs of its text (the last that parsed, with a note when it does not), and the issues of no knob. */
  show(state: ScenarioState, actions: IssueListActions): void;
}

/**
 * Fills `panel` with the Form tab: the form of common knobs (`onSet` writes a knob's typed
 * value into the text and returns an error message, or null) and the other issues.
 */
export function createFormTab(panel: HTMLElement, onSet: (knob: Knob, raw: string) => string | null): FormTab {
  const form = createForm(panel, onSet);
  const formIssues = h('ul', { class: 'scn-issues', 'aria-label': 'Other issues' });
  const formIssuesBox = h('div', { class: 'scn-form-issues', hidden: true }, h('h3', { text: 'Other issues' }), formIssues);
  panel.append(formIssuesBox);
  let knobs: Knob[] = [];
  return {
    show(state, actions) {
      const data = parseData(state.text, state.format);
      if (data !== undefined) knobs = knobsOf(data);
      const knobPaths = new Set(knobs.map((k) => k.pathText));
      form.update(knobs, state.issues, data === undefined ? 'The text does not parse: fix it in the Editor; the form shows the last values that did.' : null);
      const others = state.issues.filter((i) => !knobPaths.has(i.path));
      renderIssueList(formIssues, others, actions);
      formIssuesBox.hidden = others.length === 0;
    },
  };
}
