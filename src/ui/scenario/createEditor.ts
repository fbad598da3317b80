import { basicSetup } from 'codemirror';
import { json } from '@codemirror/lang-json';
import { yaml } from '@codemirror/lang-yaml';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Annotation, Compartment, EditorState, StateEffect, StateField, type Range } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import type { ScenarioFormat } from '../../sim/scenario/parseScenario.ts';
import { setStoryExpanded, storyFold } from './storyFold.ts';
import type { LocatedIssue } from './validateText.ts';

/** The scenario text editor (CodeMirror 6): JSON or YAML, line numbers, inline diagnostics. */
export interface ScenarioEditor {
  readonly view: EditorView;
  /** The current text. */
  text(): string;
  /** Replaces the text (not reported as an edit) and sets the language. */
  setText(text: string, format: ScenarioFormat): void;
  /** Shows issues inline (underline, gutter marker, message on hover) when `forText` is the current text. */
  setIssues(issues: readonly LocatedIssue[], forText: string): void;
  /** Moves the cursor to `from` (selecting to `to`), scrolls there and focuses the editor. */
  reveal(from: number, to?: number): void;
  destroy(): void;
}

/** Marks transactions that replace the text from outside (not the user's edits). */
const external = Annotation.define<boolean>();

const language = (format: ScenarioFormat) => (format === 'json' ? json() : yaml());

/** The messages of the issues ending on a line, shown under it (as text). */
class MessagesWidget extends WidgetType {
  constructor(readonly messages: readonly string[]) { super(); }
  override eq(other: MessagesWidget): boolean { return other.messages.join('\n') === this.messages.join('\n'); }
  toDOM(): HTMLElement {
    const div = document.createElement('div');
    div.className = 'scn-inline-issue';
    div.setAttribute('aria-hidden', 'true'); // the issue list below says the same, for screen readers
    for (const m of this.messages) {
      const line = document.createElement('div');
      line.textContent = m;
      div.append(line);
    }
    return div;
  }
}

const setMessages = StateEffect.define<DecorationSet>();

/** The inline messages: block widgets under the lines the issues end on, mapped through edits. */
const messagesField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(value, tr) {
    for (const e of tr.effects) if (e.is(setMessages)) return e.value;
    return tr.docChanged ? value.map(tr.changes) : value;
  },
  provide: (f) => EditorView.decorations.from(f),
});

function messageDecorations(state: EditorState, diagnostics: readonly Diagnostic[]): DecorationSet {
  const byLine = new Map<number, string[]>();
  for (const d of diagnostics) {
    const end = state.doc.lineAt(d.to).to;
    byLine.set(end, [...(byLine.get(end) ?? []), `${d.source}: ${d.message}`]);
  }
  const ranges: Range<Decoration>[] = [...byLine].sort((a, b) => a[0] - b[0])
    .map(([at, messages]) => Decoration.widget({ widget: new MessagesWidget(messages), block: true, side: 1 }).range(at));
  return Decoration.set(ranges);
}

/**
 * Creates the editor in `parent`; `onEdit` is called with the new text after each change
 * the user makes (typing, paste, undo), not after {@link ScenarioEditor.setText}.
 */
export function createEditor(parent: HTMLElement, opts: { text: string; format: ScenarioFormat; onEdit: (text: string) => void }): ScenarioEditor {
  const lang = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: opts.text,
      extensions: [
        basicSetup,
        lang.of(language(opts.format)),
        lintGutter(),
        messagesField,
        storyFold(),
        EditorView.lineWrapping,
        EditorView.contentAttributes.of({ 'aria-label': 'Scenario text' }),
        EditorView.updateListener.of((u) => {
          if (u.docChanged && !u.transactions.some((t) => t.annotation(external))) opts.onEdit(u.state.doc.toString());
        }),
      ],
    }),
  });
  return {
    view,
    text: () => view.state.doc.toString(),
    setText(text, format) {
      const same = view.state.doc.toString() === text;
      view.dispatch({
        ...(same ? {} : { changes: { from: 0, to: view.state.doc.length, insert: text } }),
        effects: same ? [lang.reconfigure(language(format))] : [lang.reconfigure(language(format)), setStoryExpanded.of(false)],
        annotations: external.of(true),
      });
    },
    setIssues(issues, forText) {
      if (view.state.doc.toString() !== forText) return;
      const len = view.state.doc.length;
      const diagnostics: Diagnostic[] = [];
      for (const i of issues) {
        if (i.from === undefined) continue;
        const from = Math.min(i.from, len);
        const to = Math.min(Math.max(i.to ?? from, from), len);
        diagnostics.push({ from, to, severity: 'error', source: i.path || 'document', message: i.message });
      }
      view.dispatch(setDiagnostics(view.state, diagnostics), { effects: setMessages.of(messageDecorations(view.state, diagnostics)) });
    },
    reveal(from, to = from) {
      const len = view.state.doc.length;
      view.dispatch({ selection: { anchor: Math.min(from, len), head: Math.min(to, len) }, scrollIntoView: true });
      view.focus();
    },
    destroy: () => view.destroy(),
  };
}
