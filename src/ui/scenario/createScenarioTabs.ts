import { h } from './h.ts';
import type { ScenarioTab } from './ScenarioPanel.ts';

/** The tabs of the scenario panel, in order. */
const TABS: readonly { id: ScenarioTab; label: string }[] = [{ id: 'presets', label: 'Presets' }, { id: 'form', label: 'Form' }, { id: 'editor', label: 'Editor' }];

/** The scenario panel's tab list and tab panels. */
export interface ScenarioTabs {
  /** The tab buttons (`role=tablist`). */
  readonly tablist: HTMLElement;
  /** The panel of each tab (`section#scn-panel-<tab>`), to be placed by the caller. */
  readonly panels: ReadonlyMap<ScenarioTab, HTMLElement>;
  /** Shows tab `tab`'s panel and marks its button selected (the only one in the tab order). */
  select(tab: ScenarioTab): void;
}

/**
 * Creates the tabs (Presets, Form, Editor): a click selects one, and on a tab ←/→ move to
 * the previous or next, Home/End to the first or last. `onSelect` is called after each
 * selection.
 */
export function createScenarioTabs(onSelect: (tab: ScenarioTab) => void): ScenarioTabs {
  const buttons = new Map<ScenarioTab, HTMLButtonElement>();
  const panels = new Map<ScenarioTab, HTMLElement>();
  const tablist = h('div', { class: 'scn-tabs', role: 'tablist', 'aria-label': 'Scenario' });
  const select = (tab: ScenarioTab): void => {
    for (const [id, b] of buttons) {
      const on = id === tab;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      panels.get(id)!.hidden = !on;
    }
    onSelect(tab);
  };
  const onKey = (e: KeyboardEvent, id: ScenarioTab): void => {
    const i = TABS.findIndex((t) => t.id === id);
    const to = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    select(TABS[to].id);
    buttons.get(TABS[to].id)!.focus();
  };
  for (const t of TABS) {
    const b = h('button', { type: 'button', role: 'tab', id: `scn-tab-${t.id}`, 'aria-controls': `scn-panel-${t.id}`, text: t.label, onclick: () => select(t.id) });
    b.addEventListener('keydown', (e) => onKey(e, t.id));
    buttons.set(t.id, b);
    tablist.append(b);
    panels.set(t.id, h('section', { class: `scn-tabpanel scn-tabpanel-${t.id}`, role: 'tabpanel', id: `scn-panel-${t.id}`, 'aria-labelledby': `scn-tab-${t.id}` }));
  }
  return { tablist, panels, select };
}
