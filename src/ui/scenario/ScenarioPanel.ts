import type { ScenarioFormat } from '../../sim/scenario/parseScenario.ts';
import type { Scenario } from '../../sim/scenario/types.ts';
import type { PolicyTables } from '../../worker/catalog.ts';
import type { PanelIssue } from './createIssueList.ts';
import type { Preset } from './presetsFrom.ts';
import type { KeyValueStore } from './savedScenario.ts';

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

/** Options of `createScenarioPanel`. */
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
