import type { ScenarioFormat } from '../../sim/scenario/parseScenario.ts';
import { createEditor, type ScenarioEditor } from './createEditor.ts';
import { renderIssueList, type IssueListActions } from './createIssueList.ts';
import { h } from './h.ts';
import type { ScenarioState } from './ScenarioPanel.ts';

/** The Editor tab of the scenario panel. */
export interface EditorTab {
  readonly editor: ScenarioEditor;
  /** Shows the state: its format's button pressed, its issues in the text and listed under it. */
  show(state: ScenarioState, actions: IssueListActions): void;
}

/**
 * Fills `panel` with the Editor tab: a JSON/YAML switch (`switchFormat` is called with the
 * format picked), the text editor (`onEdit` is called with the text after each edit) and
 * the list of issues.
 */
export function createEditorTab(panel: HTMLElement, switchFormat: (to: ScenarioFormat) => void, onEdit: (text: string) => void): EditorTab {
  const formatButtons = new Map<ScenarioFormat, HTMLButtonElement>();
  const formatGroup = h('div', { class: 'scn-segmented', role: 'group', 'aria-label': 'Format' });
  for (const f of ['json', 'yaml'] as const) {
    const b = h('button', { type: 'button', text: f.toUpperCase(), 'aria-pressed': 'false', title: `Show the scenario as ${f.toUpperCase()}`, onclick: () => switchFormat(f) });
    formatButtons.set(f, b);
    formatGroup.append(b);
  }
  const editorBox = h('div', { class: 'scn-editor' });
  const issueList = h('ul', { class: 'scn-issues', 'aria-label': 'Issues' });
  const issueHeading = h('h3', { class: 'scn-issues-heading', text: 'Issues' });
  panel.append(
    h('div', { class: 'scn-editor-toolbar' }, h('span', { class: 'muted', text: 'Format' }), formatGroup),
    editorBox,
    h('div', { class: 'scn-issues-box' }, issueHeading, issueList),
  );
  const editor = createEditor(editorBox, { text: '', format: 'json', onEdit });
  return {
    editor,
    show(state, actions) {
      for (const [f, b] of formatButtons) b.setAttribute('aria-pressed', String(f === state.format));
      const n = state.issues.length;
      editor.setIssues(state.issues, state.text);
      renderIssueList(issueList, state.issues, actions);
      issueHeading.textContent = n === 0 ? (state.loading ? 'Loading traces…' : 'No issues') : `Issues (${n})`;
    },
  };
}
