import { h } from './h.ts';
import type { LocatedIssue } from './validateText.ts';

/** An issue as the panel lists it: placed in the text, possibly about a trace file the user can supply. */
export interface PanelIssue extends LocatedIssue {
  /** Set when the issue is a trace file that could not be had: its file name. */
  readonly missingTrace?: string;
}

/** Callbacks of the issue list. */
export interface IssueListActions {
  /** The user picked an issue: show it in the editor. */
  reveal(issue: PanelIssue): void;
  /** The user chose a file for a missing trace. */
  supplyTrace(fileName: string, file: File): void;
}

/**
 * Renders issues into `list` (a `<ul>`): each with its field path — a button that moves the
 * editor's cursor to the field — its line, and its message (as text); a missing trace also
 * gets a file picker for the CSV.
 */
export function renderIssueList(list: HTMLElement, issues: readonly PanelIssue[], actions: IssueListActions): void {
  list.replaceChildren(...issues.map((issue) => {
    const where = issue.path || 'document';
    const picker = issue.missingTrace === undefined ? null : tracePicker(issue.missingTrace, actions);
    return h('li', { class: 'scn-issue' },
      h('button', {
        type: 'button', class: 'scn-issue-path', text: where,
        title: issue.line === undefined ? `Show ${where}` : `Show ${where} (line ${issue.line})`,
        onclick: () => actions.reveal(issue),
      }),
      issue.line === undefined ? null : h('span', { class: 'scn-issue-line muted', text: `line ${issue.line}` }),
      h('span', { class: 'scn-issue-message', text: issue.message }),
      picker,
    );
  }));
}

function tracePicker(fileName: string, actions: IssueListActions): HTMLElement {
  const input = h('input', { type: 'file', accept: '.csv,text/csv', class: 'sr-only', tabindex: -1, 'aria-hidden': 'true' });
  input.addEventListener('change', () => {
    const f = input.files?.[0];
    if (f) actions.supplyTrace(fileName, f);
  });
  return h('span', { class: 'scn-issue-fix' },
    h('button', { type: 'button', text: `Choose ${fileName}…`, onclick: () => input.click() }),
    input,
  );
}
