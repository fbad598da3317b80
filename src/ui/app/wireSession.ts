import { builtinPolicies, familyNames } from '../../worker/catalog.ts';
import { downloadBlob } from '../charts/exportImage.ts';
import { showAllDefinitions } from '../charts/showDefinition.ts';
import type { PolicyModulesDialog } from '../runs/createPolicyModules.ts';
import type { RunsPanel } from '../runs/createRunsPanel.ts';
import type { PolicyCode } from '../runs/PolicyCode.ts';
import { initialSets, type UiPolicySet } from '../runs/UiPolicySet.ts';
import type { ScenarioPanel } from '../scenario/createScenarioPanel.ts';
import { presetById } from '../scenario/presets.ts';
import { askConsent } from '../share/askConsent.ts';
import { resultsDocument } from '../share/exportResults.ts';
import { decodeComparison, encodeComparison, type SharedComparison } from '../share/shareLink.ts';
import type { Header } from './createHeader.ts';
import type { ResultsView } from './createResultsView.ts';
import { startTour } from './createTour.ts';
import type { Comparison } from './startComparison.ts';

const SETS_KEY = 'dcsim.sets';
const MODULES_KEY = 'dcsim.modules';
const TOURED_KEY = 'dcsim.toured';

function load<T>(key: string): T | null {
  try {
    const v = localStorage.getItem(key);
    return v === null ? null : JSON.parse(v) as T;
  } catch {
    return null;
  }
}
function save(key: string, value: unknown): void {
  try { localStorage.setItem(key, JSON.stringify(value)); } catch { /* storage full or off: nothing to keep */ }
}

/**
 * Wires the session: shared links in (with consent for code) and out, exports, the sets and
 * modules kept across reloads, the presets' sets and stories, and the tour on a first visit.
 */
export function wireSession(d: { header: Header; scenario: ScenarioPanel; runs: RunsPanel; modules: PolicyModulesDialog; results: ResultsView; comparison: Comparison }): void {
  const { header, scenario, runs, modules, results, comparison } = d;
  let presetId = scenario.state.presetId;
  let autoRun = false;

  const savedSets = load<UiPolicySet[]>(SETS_KEY);
  runs.setSets(savedSets && savedSets.length >= 1 ? savedSets : initialSets(scenario.state.scenario?.policySets ?? []));
  modules.setModules(load<PolicyCode[]>(MODULES_KEY) ?? []);
  runs.onChange((sets) => save(SETS_KEY, sets));
  modules.onChange(async (next) => {
    const problem = await comparison.checkModules(next);
    if (problem === null) save(MODULES_KEY, next);
    return problem;
  });
  void comparison.checkModules(modules.modules).then((problem) => { if (problem) header.say(`Your saved policy modules did not load: ${problem}`, 'error'); });

  const onScenario = () => {
    const s = scenario.state;
    runs.setCanRun(s.scenario !== null && !s.loading, s.loading ? 'Loading the scenario\'s traces…' : s.scenario ? '' : `Fix the scenario first: ${s.issues.length} problem${s.issues.length === 1 ? '' : 's'} (see the editor).`);
    if (s.presetId !== presetId && s.scenario) {
      presetId = s.presetId;
      runs.setSets(initialSets(s.scenario.policySets));
      save(SETS_KEY, runs.sets);
    }
    const story = s.scenario?.description ?? (s.presetId ? presetById(s.presetId)?.description : '') ?? '';
    results.setStory(story);
    if (autoRun && s.scenario && !s.loading) { autoRun = false; void comparison.run(); }
  };
  scenario.onChange(onScenario);
  onScenario();
  runs.onRun(() => void comparison.run());

  header.on('share', async () => {
    const c: SharedComparison = { v: 1, format: scenario.state.format, text: scenario.state.text, presetId: scenario.state.presetId, sets: runs.sets, modules: modules.modules };
    const url = `${location.origin}${location.pathname}#c=${await encodeComparison(c)}`;
    history.replaceState(null, '', url);
    try {
      await navigator.clipboard.writeText(url);
      header.say('Link copied: it reproduces this comparison.');
    } catch {
      header.say('The link is in the address bar: copy it from there.');
    }
  });
  const name = () => (scenario.state.presetId ?? 'scenario');
  header.on('export-json', () => {
    if (results.runs.length === 0) return header.say('Run a comparison first.', 'error');
    const doc = resultsDocument(scenario.state.scenario?.name ?? name(), results.runs);
    downloadBlob(new Blob([JSON.stringify(doc, null, 2)], { type: 'application/json' }), `${name()}-results.json`);
  });
  header.on('export-csv', () => {
    if (results.runs.length === 0) return header.say('Run a comparison first.', 'error');
    downloadBlob(new Blob([results.table.toCsv()], { type: 'text/csv' }), `${name()}-results.csv`);
  });
  header.on('export-svg', () => {
    if (results.runs.length === 0) return header.say('Run a comparison first.', 'error');
    downloadBlob(new Blob([results.charts.toSvg()], { type: 'image/svg+xml' }), `${name()}-charts.svg`);
  });
  header.on('export-png', async () => {
    if (results.runs.length === 0) return header.say('Run a comparison first.', 'error');
    downloadBlob(await results.charts.toPng(), `${name()}-charts.png`);
  });
  header.on('modules', () => modules.open());
  header.on('definitions', () => showAllDefinitions());
  header.on('tour', () => void startTour());

  void openSharedLink().then((opened) => {
    if (!opened && load<boolean>(TOURED_KEY) !== true) {
      save(TOURED_KEY, true);
      void startTour();
    }
  });

  /** Opens the comparison of a `#c=` link, if any: code in it runs only with consent. */
  async function openSharedLink(): Promise<boolean> {
    const m = /^#c=([A-Za-z0-9_-]+)$/.exec(location.hash);
    if (!m) return false;
    let c: SharedComparison;
    try {
      c = await decodeComparison(m[1]);
    } catch (e) {
      header.say(`This link cannot be opened: ${(e as Error).message}`, 'error');
      return true;
    }
    let sets = c.sets;
    if (c.modules.length > 0) {
      if (await askConsent(c.modules)) {
        const problem = await comparison.checkModules(c.modules);
        if (problem) header.say(problem, 'error');
        else modules.setModules(c.modules);
      } else {
        header.say('The link\'s policy code was not run: sets that need it were left out.', 'error');
        sets = sets.filter((s) => !Object.values(s.choices).some((n) => n && !isBuiltin(n)));
      }
    }
    presetId = c.presetId;
    runs.setSets(sets.length > 0 ? sets : initialSets([]));
    autoRun = true;
    scenario.setText(c.text, c.format, c.presetId);
    return true;
  }

  function isBuiltin(name: string): boolean {
    return familyNames.some((f) => builtinPolicies[f].some((p) => p.name === name));
  }
}
