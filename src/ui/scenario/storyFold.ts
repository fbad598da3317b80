import { StateEffect, StateField, type EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, WidgetType, type DecorationSet } from '@codemirror/view';
import { isMap, isScalar, parseDocument } from 'yaml';

/** Characters of the story kept in view while it is folded. */
const KEEP = 80;
/** Stories longer than this are folded. */
const FOLD_OVER = 200;

const expand = StateEffect.define<boolean>();

/** The button standing for the folded rest of the story. */
class StoryWidget extends WidgetType {
  constructor(readonly hidden: number) { super(); }
  override eq(other: StoryWidget): boolean { return other.hidden === this.hidden; }
  toDOM(view: EditorView): HTMLElement {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'scn-story-fold';
    b.textContent = `… ${this.hidden.toLocaleString('en')} more characters of the story — show`;
    b.title = 'Show the whole description';
    b.addEventListener('click', () => view.dispatch({ effects: expand.of(true) }));
    return b;
  }
  override ignoreEvent(): boolean { return false; }
}

/** Where the top-level `description` value is, when it is long enough to fold. */
function storyRange(state: EditorState): { from: number; to: number } | null {
  const text = state.doc.toString();
  if (!/description/.test(text)) return null;
  const doc = parseDocument(text, { logLevel: 'silent' });
  if (!isMap(doc.contents)) return null;
  for (const pair of doc.contents.items) {
    if (!isScalar(pair.key) || pair.key.value !== 'description' || !isScalar(pair.value) || !pair.value.range) continue;
    const [start, end] = pair.value.range;
    if (end - start <= FOLD_OVER) return null;
    return { from: start + KEEP, to: end };
  }
  return null;
}

interface Fold { readonly expanded: boolean; readonly deco: DecorationSet; readonly range: { from: number; to: number } | null }

function foldOf(state: EditorState, expanded: boolean): Fold {
  const range = expanded ? null : storyRange(state);
  const deco = range ? Decoration.set([Decoration.replace({ widget: new StoryWidget(range.to - range.from) }).range(range.from, range.to)]) : Decoration.none;
  return { expanded, deco, range };
}

const foldField = StateField.define<Fold>({
  create: (state) => foldOf(state, false),
  update(fold, tr) {
    let expanded = fold.expanded;
    for (const e of tr.effects) if (e.is(expand)) expanded = e.value;
    // The cursor landing in the folded part (a click on an issue, a search) unfolds it.
    const head = tr.selection?.main.head;
    if (!expanded && fold.range && head !== undefined && tr.selection && !tr.docChanged && head > fold.range.from && head < fold.range.to) expanded = true;
    if (expanded === fold.expanded && !tr.docChanged) return fold;
    return foldOf(tr.state, expanded);
  },
  provide: (f) => EditorView.decorations.from(f, (v) => v.deco),
});

/** Folds a long scenario description (its story) to its first words, with a button to show it all. */
export function storyFold(): Extension {
  return foldField;
}

/** The effect that folds (false) or shows (true) the story again: dispatch it when the text is replaced. */
export const setStoryExpanded = expand;
