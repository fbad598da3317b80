import './scenario.css';
import { formatOf, type ScenarioFormat } from '../../sim/scenario/parseScenario.ts';
import { traceFiles, type TraceCache } from '../../worker/attachTraces.ts';
import { convertText } from './convertText.ts';
import { createEditorTab } from './createEditorTab.ts';
import { createFormTab } from './createFormTab.ts';
import { createGallery } from './createGallery.ts';
import type { IssueListActions } from './createIssueList.ts';
import { createModifiedCheck } from './createModifiedCheck.ts';
import { createScenarioHeader } from './createScenarioHeader.ts';
import { createScenarioTabs } from './createScenarioTabs.ts';
import { createTraceSource } from './createTraceSource.ts';
import { knobInputValue } from './formKnobs.ts';
import { h } from './h.ts';
import { presets as bundledPresets } from './presets.ts';
import { readSavedScenario, writeSavedScenario, type KeyValueStore } from './savedScenario.ts';
import { saveScenarioFile } from './saveScenarioFile.ts';
import type { ScenarioPanel, ScenarioPanelOptions, ScenarioState } from './ScenarioPanel.ts';
import { scenarioWithTraces } from './scenarioWithTraces.ts';
import { setFieldInText } from './setFieldInText.ts';
import { validateText } from './validateText.ts';

export type { PanelIssue } from './createIssueList.ts';
export type { ScenarioPanel, ScenarioPanelOptions, ScenarioState, ScenarioTab } from './ScenarioPanel.ts';

const VALIDATE_DELAY_MS = 250;
const SAVE_DELAY_MS = 300;

/**
 * Builds the scenario panel in `root`: a gallery of the presets, a form of the common
 * knobs, and a JSON/YAML editor with the validation's issues shown at their fields, all
 * over one text; open and save files; unsaved edits kept in local storage. The text is
 * data: it is parsed, never evaluated, and shown only as text.
 */
export function createScenarioPanel(root: HTMLElement, opts: ScenarioPanelOptions = {}): ScenarioPanel {
  const storageKey = opts.storageKey ?? 'dcsim.scenario';
  const store = opts.storage !== undefined ? opts.storage : localStore();
  const presetList = opts.presets ?? bundledPresets;
  const traces = createTraceSource(opts.traceBaseUrl ?? new URL('./traces/', document.baseURI).href);
  const traceCache: TraceCache = new Map();
  const listeners = new Set<(s: ScenarioState) => void>();
  const isModified = createModifiedCheck(presetList);

  let policyTables = opts.policyTables;
  let state: ScenarioState = { text: '', format: 'json', scenario: null, issues: [], presetId: null, loading: false, modified: false };
  let generation = 0;
  let validateTimer: ReturnType<typeof setTimeout> | undefined;
  /** An edit waits for its (debounced) validation: reading the state validates at once. */
  let validatePending = false;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;

  // ---- layout ----
  const tabs = createScenarioTabs((t) => { if (t === 'editor') editorTab.editor.view.requestMeasure(); });
  const header = createScenarioHeader(tabs.tablist, { open: (f) => { void openFile(f); }, save: () => saveFile(), revert: () => revert() });
  const say = header.say;
  const panel = h('div', { class: 'scn' }, header.element, ...tabs.panels.values());
  root.replaceChildren(panel);
  const gallery = createGallery(tabs.panels.get('presets')!, presetList, (id) => loadPreset(id));
  const formTab = createFormTab(tabs.panels.get('form')!, (knob, raw) => {
    try {
      const next = setFieldInText(state.text, state.format, knob.path, knobInputValue(raw));
      if (next !== state.text) changeText(next, state.format, state.presetId, 'form');
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  });
  const editorTab = createEditorTab(tabs.panels.get('editor')!, (to) => switchFormat(to), (text) => changeText(text, state.format, state.presetId, 'editor'));
  const editor = editorTab.editor;
  const issueActions: IssueListActions = {
    reveal: (issue) => {
      tabs.select('editor');
      if (issue.from !== undefined) editor.reveal(issue.from, issue.to);
    },
    supplyTrace: (fileName, file) => {
      void file.text().then((text) => {
        traces.supply(fileName, text);
        say(`Using ${file.name} for ${fileName}.`);
        validateNow();
      }, (e: unknown) => say(`Cannot read ${file.name}: ${(e as Error).message}`));
    },
  };

  const onPageHide = () => flush();
  window.addEventListener('pagehide', onPageHide);

  // ---- behaviour ----
  function publish(next: ScenarioState): void {
    state = next;
    gallery.setCurrent(state.presetId, state.modified);
    header.show(state, state.presetId === null ? undefined : presetList.find((p) => p.id === state.presetId));
    editorTab.show(state, issueActions);
    formTab.show(state, issueActions);
    for (const cb of listeners) cb(state);
  }

  function changeText(text: string, format: ScenarioFormat, presetId: string | null, source: 'editor' | 'form' | 'external'): void {
    if (source !== 'editor') editor.setText(text, format);
    state = { ...state, text, format, presetId };
    scheduleSave();
    if (source === 'external') validateNow();
    else {
      clearTimeout(validateTimer);
      validatePending = true;
      validateTimer = setTimeout(validateNow, VALIDATE_DELAY_MS);
    }
  }

  function validateNow(): void {
    clearTimeout(validateTimer);
    validatePending = false;
    const gen = ++generation;
    const { text, format, presetId } = state;
    let v: ReturnType<typeof validateText>;
    try {
      v = validateText(text, format, policyTables);
    } catch (e) {
      // A fault of the checks themselves: say so rather than leave the panel stuck.
      v = { scenario: null, issues: [{ path: '', message: `cannot check the scenario: ${(e as Error)?.message ?? String(e)}` }] };
    }
    const files = v.scenario ? traceFiles(v.scenario) : [];
    const modified = isModified(text, format, presetId);
    publish({ text, format, presetId, scenario: files.length > 0 ? null : v.scenario, issues: v.issues, loading: files.length > 0, modified });
    if (!v.scenario || files.length === 0) return;
    void scenarioWithTraces(v.scenario, traces, traceCache, () => state.text).then((issues) => {
      if (gen !== generation) return;
      if (Array.isArray(issues)) publish({ ...state, loading: false, issues });
      else publish({ ...state, loading: false, scenario: issues });
    });
  }

  function scheduleSave(): void {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(flush, SAVE_DELAY_MS);
  }

  function flush(): void {
    clearTimeout(saveTimer);
    saveTimer = undefined;
    writeSavedScenario(store, storageKey, { text: state.text, format: state.format, presetId: state.presetId });
  }

  function setText(text: string, format: ScenarioFormat, presetId: string | null = null): void {
    changeText(text, format, presetId, 'external');
  }

  function loadPreset(id: string): void {
    const p = presetList.find((x) => x.id === id);
    if (!p) {
      say(`No preset "${id}".`);
      return;
    }
    // Text that is not simply a preset is kept for one undo, so no work is lost by a click.
    const previous = state.text.trim() !== '' && (state.presetId === null || state.modified) ? { text: state.text, format: state.format, presetId: state.presetId } : null;
    setText(p.text, 'json', p.id);
    if (!previous) say(`Loaded the preset "${p.name}".`);
    else {
      say(`Loaded the preset "${p.name}"; your previous text was replaced.`, {
        label: 'Undo', run: () => { setText(previous.text, previous.format, previous.presetId); say('Your previous text is back.'); },
      });
    }
  }

  function revert(): void {
    if (state.presetId !== null) loadPreset(state.presetId);
  }

  function switchFormat(to: ScenarioFormat): void {
    if (to === state.format) return;
    try {
      setText(convertText(state.text, state.format, to), to, state.presetId);
      say(`Converted to ${to.toUpperCase()}.`);
    } catch (e) {
      say((e as Error).message);
    }
  }

  async function openFile(f: File): Promise<void> {
    try {
      const text = await f.text();
      setText(text, formatOf(f.name), null);
      say(`Opened ${f.name}.`);
      tabs.select('editor');
    } catch (e) {
      say(`Cannot read ${f.name}: ${(e as Error).message}`);
    }
  }

  function saveFile(): void {
    say(`Saved ${saveScenarioFile(state.text, state.format, state.presetId)}.`);
  }

  // ---- start: the saved text, else the first preset ----
  const saved = readSavedScenario(store, storageKey);
  if (saved) {
    setText(saved.text, saved.format, saved.presetId);
    if (state.modified || state.presetId === null) say('Restored your unsaved edits.');
    tabs.select(state.modified || state.presetId === null ? 'editor' : 'presets');
  } else {
    if (presetList.length > 0) setText(presetList[0].text, 'json', presetList[0].id);
    else setText('', 'json', null);
    tabs.select('presets');
  }

  return {
    get state() {
      if (validatePending) validateNow();
      return state;
    },
    onChange: (cb) => { listeners.add(cb); },
    setText,
    loadPreset,
    selectTab: tabs.select,
    setPolicyTables(tables) {
      policyTables = tables;
      validateNow();
    },
    flush,
    destroy() {
      if (saveTimer !== undefined) flush();
      clearTimeout(validateTimer);
      validatePending = false;
      generation++;
      listeners.clear();
      window.removeEventListener('pagehide', onPageHide);
      editor.destroy();
      root.replaceChildren();
    },
  };
}

function localStore(): KeyValueStore | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
