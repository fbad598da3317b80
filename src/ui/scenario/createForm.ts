import { h } from './h.ts';
import type { Knob } from './formKnobs.ts';
import type { PanelIssue } from './createIssueList.ts';

/** The form of common knobs; each edit rewrites its field in the document text. */
export interface ScenarioForm {
  /** Shows the knobs of the current document, their issues, and a note (or none) above them. */
  update(knobs: readonly Knob[], issues: readonly PanelIssue[], note: string | null): void;
}

/**
 * Creates the form in `parent`. `onSet` is called as the user types in a knob, with the
 * text typed; it returns an error message when the edit could not be written (the text
 * does not parse), else null. Inputs keep their focus and text while the document is
 * rewritten under them; a knob's validation issues are shown beside it.
 */
export function createForm(parent: HTMLElement, onSet: (knob: Knob, raw: string) => string | null): ScenarioForm {
  const note = h('p', { class: 'scn-form-note', role: 'status' });
  const body = h('div', { class: 'scn-form-body' });
  parent.append(note, body);
  let shape = '';
  let fields = new Map<string, { input: HTMLInputElement; error: HTMLElement; knob: Knob }>();
  let writeError: { path: string; message: string } | null = null;

  const build = (knobs: readonly Knob[]) => {
    fields = new Map();
    const groups = new Map<string, HTMLElement>();
    body.replaceChildren();
    knobs.forEach((knob, n) => {
      let fieldset = groups.get(knob.group);
      if (!fieldset) {
        fieldset = h('fieldset', { class: 'scn-group' }, h('legend', { text: knob.group }));
        groups.set(knob.group, fieldset);
        body.append(fieldset);
      }
      const id = `scn-knob-${n}`;
      const input = h('input', {
        id, type: 'text', class: 'scn-input', spellcheck: 'false', autocomplete: 'off',
        inputmode: knob.kind === 'duration' ? 'text' : 'decimal', 'data-path': knob.pathText,
        'aria-describedby': `${id}-unit ${id}-error`, placeholder: knob.placeholder,
      });
      const error = h('div', { id: `${id}-error`, class: 'scn-field-error', 'aria-live': 'polite' });
      input.addEventListener('input', () => {
        const problem = onSet(fields.get(knob.pathText)?.knob ?? knob, input.value);
        writeError = problem === null ? null : { path: knob.pathText, message: problem };
        error.textContent = problem ?? '';
        input.setAttribute('aria-invalid', String(problem !== null));
      });
      fieldset.append(h('div', { class: 'scn-field' },
        h('label', { for: id }, knob.label),
        input,
        h('span', { id: `${id}-unit`, class: 'scn-unit muted', text: knob.unit }),
        error,
      ));
      fields.set(knob.pathText, { input, error, knob });
    });
    if (knobs.length === 0) body.append(h('p', { class: 'muted', text: 'No common knobs in this document: edit it in the Editor tab.' }));
  };

  return {
    update(knobs, issues, text) {
      const s = knobs.map((k) => `${k.group}\u0000${k.pathText}\u0000${k.label}`).join('\u0001');
      if (s !== shape) { shape = s; build(knobs); }
      note.textContent = text ?? '';
      note.hidden = text === null;
      for (const knob of knobs) {
        const f = fields.get(knob.pathText)!;
        f.knob = knob;
        if (document.activeElement !== f.input && f.input.value !== knob.value) f.input.value = knob.value;
        const own = issues.filter((i) => i.path === knob.pathText).map((i) => i.message);
        if (writeError?.path === knob.pathText) own.unshift(writeError.message);
        f.error.textContent = own.join('; ');
        f.input.setAttribute('aria-invalid', String(own.length > 0));
      }
    },
  };
}
