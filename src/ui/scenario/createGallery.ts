import { descriptionParagraphs } from './descriptionParagraphs.ts';
import { h } from './h.ts';
import type { Preset } from './presetsFrom.ts';
import { renderDescription } from './renderDescription.ts';

/** The gallery of presets. */
export interface Gallery {
  /** Marks the preset the text came from (null: none). */
  setCurrent(presetId: string | null, modified: boolean): void;
}

/**
 * Renders the presets in `parent` as cards: name, the first paragraph of the story, a
 * "Load" button and, when the story is longer, a button that shows all of it.
 */
export function createGallery(parent: HTMLElement, presets: readonly Preset[], onLoad: (id: string) => void): Gallery {
  const cards = new Map<string, { card: HTMLElement; badge: HTMLElement }>();
  const list = h('ul', { class: 'scn-gallery', 'aria-label': 'Preset scenarios' });
  for (const p of presets) {
    const paragraphs = descriptionParagraphs(p.description);
    const titleId = `scn-preset-${p.id}`;
    const story = renderDescription(p.description, { firstOnly: true });
    const badge = h('span', { class: 'scn-badge', hidden: true });
    let expanded = false;
    const more = paragraphs.length > 1 || (paragraphs[0]?.length ?? 0) > 240
      ? h('button', {
        type: 'button', class: 'scn-link', text: 'Full story', 'aria-expanded': 'false',
        onclick: () => {
          expanded = !expanded;
          story.replaceChildren(...renderDescription(p.description, { firstOnly: !expanded }).childNodes);
          card.classList.toggle('scn-card-open', expanded);
          more!.textContent = expanded ? 'Less' : 'Full story';
          more!.setAttribute('aria-expanded', String(expanded));
        },
      })
      : null;
    const card = h('li', { class: 'scn-card', 'data-preset': p.id, 'aria-labelledby': titleId },
      h('div', { class: 'scn-card-head' }, h('h3', { id: titleId, text: p.name }), badge),
      story,
      h('div', { class: 'scn-card-actions' },
        h('button', { type: 'button', class: 'primary', text: 'Load', 'aria-describedby': titleId, onclick: () => onLoad(p.id) }),
        more,
      ),
    );
    cards.set(p.id, { card, badge });
    list.append(card);
  }
  if (presets.length === 0) list.append(h('li', { class: 'muted', text: 'No presets.' }));
  parent.append(list);
  return {
    setCurrent(presetId, modified) {
      for (const [id, { card, badge }] of cards) {
        const current = id === presetId;
        card.classList.toggle('scn-card-current', current);
        if (current) card.setAttribute('aria-current', 'true'); else card.removeAttribute('aria-current');
        badge.hidden = !current;
        badge.textContent = current ? (modified ? 'loaded · edited' : 'loaded') : '';
      }
    },
  };
}
