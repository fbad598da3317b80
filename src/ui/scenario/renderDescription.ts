import { descriptionParagraphs } from './descriptionParagraphs.ts';

/**
 * Renders a scenario's description as paragraphs of plain text (never as HTML: scenario
 * text is data) in a new `<div class="scn-story">`; `firstOnly` keeps the first paragraph.
 */
export function renderDescription(description: string, opts: { firstOnly?: boolean; doc?: Document } = {}): HTMLElement {
  const doc = opts.doc ?? document;
  const div = doc.createElement('div');
  div.className = 'scn-story';
  const paragraphs = descriptionParagraphs(description);
  for (const p of opts.firstOnly ? paragraphs.slice(0, 1) : paragraphs) {
    const el = doc.createElement('p');
    el.textContent = p;
    div.append(el);
  }
  return div;
}
