import './scenario.css';
import { parse as parseYaml } from 'yaml';
import { formatOf, type ScenarioFormat } from '../../sim/scenario/parseScenario.ts';
import { ScenarioError } from '../../sim/scenario/formatIssue.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import { TraceError } from '../../sim/trace/TraceError.ts';
import { attachTraces, traceFiles, type TraceCache } from '../../worker/attachTraces.ts';
import type { PolicyTables } from '../../worker/catalog.ts';
import { convertText } from './convertText.ts';
import { createEditor } from './createEditor.ts';
import { createForm } from './createForm.ts';
import { createGallery } from './createGallery.ts';
import { renderIssueList, type PanelIssue } from './createIssueList.ts';
import { createTraceSource, MissingTraceError, traceFileName } from './createTraceSource.ts';
import { knobInputValue, knobsOf, type Knob } from './formKnobs.ts';
import { h } from './h.ts';
import { presets as bundledPresets } from './presets.ts';
import type { Preset } from './presetsFrom.ts';
import { readSavedScenario, writeSavedScenario, type KeyValueStore } from './savedScenario.ts';
import { setFieldInText } from './setFieldInText.ts';
import { locateIssues, validateText } from './validateText.ts';

export type { PanelIssue } from './createIssueList.ts';

/** What the scenario panel holds: the text, and what it means. */
export interface ScenarioState {
  readonly text: string;
  readonly format: ScenarioFormat;
  /** The validated scenario with its traces attached, or null while the text has errors (or traces are loading). */
  readonly scenario: Scenario | null;
  /** Every problem, with its field path, message, and where it is in the text. */
  readonly issues: readonly PanelIssue[];
  /** The preset it came from (file name without extension), if any and unmodified-or-modified. */
  readonly presetId: string | null;
  /** True while the scenario's traces are being fetched and parsed. */
  readonly loading: boolean;
  /** True when the text differs (as data) from its preset's; false without a preset. */
  readonly modified: boolean;
}

/** The panels of the scenario panel. */
export type ScenarioTab = 'presets' | 'form' | 'editor';

/** The scenario panel: presets, a form of common knobs, and the text editor, over one text. */
export interface ScenarioPanel {
  readonly state: ScenarioState;
  /** Calls `cb` after every change of state (text, validation, traces loaded). */
  onChange(cb: (s: ScenarioState) => void): void;
  /** Replaces the text (e.g. from a shared link); validates it. */
  setText(text: string, format: ScenarioFormat, presetId?: string | null): void;
  /** Replaces the text with a preset's. */
  loadPreset(id: string): void;
  /** Shows one of the panels. */
  selectTab(tab: ScenarioTab): void;
  /**
   * Checks policy names against these tables from now on (the built-ins extended with
   * policies loaded from modules), and validates again.
   */
  setPolicyTables(tables: PolicyTables | undefined): void;
  /** Saves the text to local storage now (it is also saved shortly after each edit). */
  flush(): void;
  destroy(): void;
}

/** Options of {@link createScenarioPanel}. */
export interface ScenarioPanelOptions {
  /** Local-storage key of the unsaved text (default `dcsim.scenario`). */
  readonly storageKey?: string;
  /** Where trace files are fetched from (default `./traces/` beside the page). */
  readonly traceBaseUrl?: string;
  /** The presets (default: scenarios/*.json). */
  readonly presets?: readonly Preset[];
  /** Policy tables the names are checked against (default: the built-ins). */
  readonly policyTables?: PolicyTables;
  /** Where the text is kept (default: localStorage; null: nowhere). */
  readonly storage?: KeyValueStore | null;
}

const VALIDATE_DELAY_MS = 250;
const SAVE_DELAY_MS = 300;
const TABS: readonly { id: ScenarioTab; label: string }[] = [{ id: 'presets', label: 'Presets' }, { id: 'form', label: 'Form' }, { id: 'editor', label: 'Editor' }];

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
  const presetData = new Map<string, string | null>();

  let policyTables = opts.policyTables;
  let state: ScenarioState = { text: '', format: 'json', scenario: null, issues: [], presetId: null, loading: false, modified: false };
  let generation = 0;
  let validateTimer: ReturnType<typeof setTimeout> | undefined;
  /** An edit waits for its (debounced) validation: reading the state validates at once. */
  let validatePending = false;
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let knobs: Knob[] = [];

  // ---- layout ----
  const tabButtons = new Map<ScenarioTab, HTMLButtonElement>();
  const tabPanels = new Map<ScenarioTab, HTMLElement>();
  const tablist = h('div', { class: 'scn-tabs', role: 'tablist', 'aria-label': 'Scenario' });
  for (const t of TABS) {
    const b = h('button', { type: 'button', role: 'tab', id: `scn-tab-${t.id}`, 'aria-controls': `scn-panel-${t.id}`, text: t.label, onclick: () => selectTab(t.id) });
    b.addEventListener('keydown', (e) => onTabKey(e, t.id));
    tabButtons.set(t.id, b);
    tablist.append(b);
    tabPanels.set(t.id, h('section', { class: `scn-tabpanel scn-tabpanel-${t.id}`, role: 'tabpanel', id: `scn-panel-${t.id}`, 'aria-labelledby': `scn-tab-${t.id}` }));
  }
  const fileInput = h('input', { type: 'file', accept: '.json,.yaml,.yml,application/json,application/yaml,text/yaml', class: 'sr-only', tabindex: -1, 'aria-hidden': 'true' });
  fileInput.addEventListener('change', () => { void openFile(); });
  const revertButton = h('button', { type: 'button', text: 'Revert to preset', title: 'Discard the edits and go back to the preset', onclick: () => revert() });
  const title = h('div', { class: 'scn-title' });
  const statusBadge = h('span', { class: 'scn-status-badge' });
  const editedBadge = h('span', { class: 'scn-edited muted', text: 'edited', hidden: true });
  const message = h('div', { class: 'scn-message', role: 'status', 'aria-live': 'polite' });
  const header = h('div', { class: 'scn-header' },
    tablist,
    h('div', { class: 'scn-actions' },
      h('button', { type: 'button', text: 'Open file…', title: 'Open a scenario file (.json, .yaml)', onclick: () => fileInput.click() }),
      h('button', { type: 'button', text: 'Save file', title: 'Download the scenario text', onclick: () => saveFile() }),
      revertButton,
      fileInput,
    ),
    h('div', { class: 'scn-status', 'aria-live': 'polite' }, title, editedBadge, statusBadge),
    message,
  );
  const panel = h('div', { class: 'scn' }, header, ...tabPanels.values());
  root.replaceChildren(panel);

  // Presets
  const gallery = createGallery(tabPanels.get('presets')!, presetList, (id) => loadPreset(id));
  // Form
  const form = createForm(tabPanels.get('form')!, (knob, raw) => {
    try {
      const next = setFieldInText(state.text, state.format, knob.path, knobInputValue(raw));
      if (next !== state.text) changeText(next, state.format, state.presetId, 'form');
      return null;
    } catch (e) {
      return (e as Error).message;
    }
  });
  const formIssues = h('ul', { class: 'scn-issues', 'aria-label': 'Other issues' });
  const formIssuesBox = h('div', { class: 'scn-form-issues', hidden: true }, h('h3', { text: 'Other issues' }), formIssues);
  tabPanels.get('form')!.append(formIssuesBox);
  // Editor
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
  tabPanels.get('editor')!.append(
    h('div', { class: 'scn-editor-toolbar' }, h('span', { class: 'muted', text: 'Format' }), formatGroup),
    editorBox,
    h('div', { class: 'scn-issues-box' }, issueHeading, issueList),
  );
  const editor = createEditor(editorBox, { text: '', format: 'json', onEdit: (text) => changeText(text, state.format, state.presetId, 'editor') });
  const issueActions = {
    reveal: (issue: PanelIssue) => {
      selectTab('editor');
      if (issue.from !== undefined) editor.reveal(issue.from, issue.to);
    },
    supplyTrace: (fileName: string, file: File) => {
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
    const preset = state.presetId === null ? undefined : presetList.find((p) => p.id === state.presetId);
    revertButton.hidden = preset === undefined;
    revertButton.disabled = !state.modified;
    for (const [f, b] of formatButtons) b.setAttribute('aria-pressed', String(f === state.format));
    const name = scenarioName(state.text, state.format) ?? preset?.name ?? 'Untitled scenario';
    title.textContent = name;
    title.title = name;
    editedBadge.hidden = !state.modified;
    const n = state.issues.length;
    statusBadge.className = `scn-status-badge ${n > 0 ? 'is-bad' : state.loading ? 'is-busy' : 'is-ok'}`;
    statusBadge.textContent = n > 0 ? `${n} issue${n === 1 ? '' : 's'}` : state.loading ? 'loading traces…' : 'valid';
    editor.setIssues(state.issues, state.text);
    renderIssueList(issueList, state.issues, issueActions);
    issueHeading.textContent = n === 0 ? (state.loading ? 'Loading traces…' : 'No issues') : `Issues (${n})`;
    const data = parseData(state.text, state.format);
    if (data !== undefined) knobs = knobsOf(data);
    const knobPaths = new Set(knobs.map((k) => k.pathText));
    form.update(knobs, state.issues, data === undefined ? 'The text does not parse: fix it in the Editor; the form shows the last values that did.' : null);
    const others = state.issues.filter((i) => !knobPaths.has(i.path));
    renderIssueList(formIssues, others, issueActions);
    formIssuesBox.hidden = others.length === 0;
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
    const scenario = v.scenario;
    void withTraces(scenario).then((issues) => {
      if (gen !== generation) return;
      if (Array.isArray(issues)) publish({ ...state, loading: false, issues });
      else publish({ ...state, loading: false, scenario: issues });
    });
  }

  /** The scenario with its traces, or the issues that stop it (a missing file, a bad row). */
  async function withTraces(scenario: Scenario): Promise<Scenario | PanelIssue[]> {
    const files = traceFiles(scenario);
    const missing: PanelIssue[] = [];
    // Fetch every file first, so every missing one is reported at once.
    const results = await Promise.allSettled(files.map((f) => traces.read(f.path, f.field)));
    results.forEach((r) => {
      if (r.status === 'rejected') missing.push(...traceIssues(r.reason, scenario));
    });
    if (missing.length > 0) return missing;
    try {
      return await attachTraces(scenario, (path, field) => traces.read(path, field), { cache: traceCache, cacheKey: traceFileName });
    } catch (e) {
      return traceIssues(e, scenario);
    }
  }

  function traceIssues(e: unknown, scenario: Scenario): PanelIssue[] {
    const text = state.text;
    if (e instanceof MissingTraceError) return locateIssues(text, [{ path: e.field, message: e.message }]).map((i) => ({ ...i, missingTrace: e.fileName }));
    if (e instanceof TraceError) {
      const field = traceFiles(scenario).find((f) => f.path === e.file)?.field ?? '';
      return locateIssues(text, [{ path: field, message: `bad trace row: ${e.message}` }]).map((i) => ({ ...i, missingTrace: traceFileName(e.file) }));
    }
    if (e instanceof ScenarioError) return locateIssues(text, e.issues);
    return [{ path: '', message: `cannot read the traces: ${(e as Error)?.message ?? String(e)}` }];
  }

  function isModified(text: string, format: ScenarioFormat, presetId: string | null): boolean {
    const preset = presetId === null ? undefined : presetList.find((p) => p.id === presetId);
    if (!preset) return false;
    if (format === 'json' && text === preset.text) return false;
    if (!presetData.has(preset.id)) presetData.set(preset.id, canonical(preset.text, 'json'));
    const mine = canonical(text, format);
    return mine === null || mine !== presetData.get(preset.id);
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

  async function openFile(): Promise<void> {
    const f = fileInput.files?.[0];
    fileInput.value = '';
    if (!f) return;
    try {
      const text = await f.text();
      setText(text, formatOf(f.name), null);
      say(`Opened ${f.name}.`);
      selectTab('editor');
    } catch (e) {
      say(`Cannot read ${f.name}: ${(e as Error).message}`);
    }
  }

  function saveFile(): void {
    const ext = state.format === 'json' ? 'json' : 'yaml';
    const base = state.presetId ?? slug(scenarioName(state.text, state.format) ?? '') ?? 'scenario';
    const blob = new Blob([state.text], { type: state.format === 'json' ? 'application/json' : 'application/yaml' });
    const url = URL.createObjectURL(blob);
    const a = h('a', { href: url, download: `${base || 'scenario'}.${ext}`, hidden: true });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    say(`Saved ${base || 'scenario'}.${ext}.`);
  }

  function selectTab(t: ScenarioTab): void {
    for (const [id, b] of tabButtons) {
      const on = id === t;
      b.setAttribute('aria-selected', String(on));
      b.tabIndex = on ? 0 : -1;
      tabPanels.get(id)!.hidden = !on;
    }
    if (t === 'editor') editor.view.requestMeasure();
  }

  function onTabKey(e: KeyboardEvent, id: ScenarioTab): void {
    const i = TABS.findIndex((t) => t.id === id);
    const to = e.key === 'ArrowRight' ? (i + 1) % TABS.length : e.key === 'ArrowLeft' ? (i + TABS.length - 1) % TABS.length : e.key === 'Home' ? 0 : e.key === 'End' ? TABS.length - 1 : -1;
    if (to < 0) return;
    e.preventDefault();
    selectTab(TABS[to].id);
    tabButtons.get(TABS[to].id)!.focus();
  }

  /** Says something in the message line, with an optional action button (such as Undo). */
  function say(text: string, action?: { label: string; run: () => void }): void {
    message.replaceChildren(text);
    if (action) message.append(' ', h('button', { type: 'button', class: 'scn-link', text: action.label, onclick: () => action.run() }));
  }

  // ---- start: the saved text, else the first preset ----
  const saved = readSavedScenario(store, storageKey);
  if (saved) {
    setText(saved.text, saved.format, saved.presetId);
    if (state.modified || state.presetId === null) say('Restored your unsaved edits.');
    selectTab(state.modified || state.presetId === null ? 'editor' : 'presets');
  } else {
    if (presetList.length > 0) setText(presetList[0].text, 'json', presetList[0].id);
    else setText('', 'json', null);
    selectTab('presets');
  }

  return {
    get state() {
      if (validatePending) validateNow();
      return state;
    },
    onChange: (cb) => { listeners.add(cb); },
    setText,
    loadPreset,
    selectTab,
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

/** The document's data, or undefined when it does not parse. */
function parseData(text: string, format: ScenarioFormat): unknown {
  try {
    return format === 'json' ? JSON.parse(text) : parseYaml(text, { logLevel: 'silent', maxAliasCount: 100 });
  } catch {
    return undefined;
  }
}

/** The data as canonical JSON, to compare texts regardless of layout and format; null when it does not parse. */
function canonical(text: string, format: ScenarioFormat): string | null {
  const d = parseData(text, format);
  return d === undefined ? null : JSON.stringify(d);
}

function scenarioName(text: string, format: ScenarioFormat): string | null {
  const d = parseData(text, format);
  if (typeof d !== 'object' || d === null) return null;
  const name = (d as Record<string, unknown>).name;
  return typeof name === 'string' && name.trim() !== '' ? name : null;
}

function slug(name: string): string | null {
  const s = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60);
  return s === '' ? null : s;
}
