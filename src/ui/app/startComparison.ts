import { PolicySetError } from '../../worker/policySets.ts';
import type { FamilyName, PolicyInfo } from '../../worker/catalog.ts';
import type { PolicyModulesDialog } from '../runs/createPolicyModules.ts';
import type { RunsPanel } from '../runs/createRunsPanel.ts';
import type { PolicyCode } from '../runs/PolicyCode.ts';
import { policyModuleRefs } from '../runs/policyModuleRefs.ts';
import { RunSlot, type SlotOutcome } from '../runs/RunSlot.ts';
import { policiesOf } from '../runs/UiPolicySet.ts';
import type { ScenarioPanel } from '../scenario/createScenarioPanel.ts';
import type { PolicySelection } from '../../sim/scenario/types.ts';
import type { ResultsView } from './createResultsView.ts';

/** Runs comparisons: one worker per policy set, progress and cancel per run. */
export interface Comparison {
  /** Runs the current scenario under the current sets; resolves when every run has ended. */
  run(): Promise<void>;
  readonly running: boolean;
  /** Asks a worker which policies exist with these modules (null when they loaded), and offers them. */
  checkModules(modules: readonly PolicyCode[]): Promise<string | null>;
  /** Time from the last click on run to the first chart drawn (ms), for the record. */
  readonly lastFirstChartMs: number | null;
}

const FAIL_WORDS: Record<string, string> = { failure: 'failed', 'bad-input': 'bad input', error: 'error', crash: 'crashed', timeout: 'timed out', cancelled: 'cancelled' };

export function startComparison(d: { scenario: ScenarioPanel; runs: RunsPanel; modules: PolicyModulesDialog; results: ResultsView }): Comparison {
  const slots = [new RunSlot(), new RunSlot(), new RunSlot(), new RunSlot()];
  let running = false;
  let lastFirstChartMs: number | null = null;
  d.runs.onCancel((i) => slots[i].cancel());
  // Start the workers of the sets shown while the user reads: a run then starts at once.
  const warm = () => { for (let i = 0; i < d.runs.sets.length; i++) void slots[i].remote().ping(); };
  if ('requestIdleCallback' in window) requestIdleCallback(warm, { timeout: 2000 }); else setTimeout(warm, 500);
  d.runs.onChange(() => { if (!running) warm(); });

  async function offerPolicies(modules: readonly PolicyCode[]): Promise<string | null> {
    const answer = await slots[0].remote().describe(policyModuleRefs(modules));
    if (!answer.ok) return answer.error;
    d.runs.setPolicies(answer.policies as Record<FamilyName, PolicyInfo[]>);
    return null;
  }

  async function run(): Promise<void> {
    const scenario = d.scenario.state.scenario;
    if (running || !scenario) return;
    running = true;
    const t0 = performance.now();
    const sets = d.runs.sets;
    const refs = policyModuleRefs(d.modules.modules);
    d.runs.setRunning(true);
    /** Shows how run `i` ended (again after the panel re-renders when all have). */
    const showOutcome = (i: number, o: SlotOutcome) => {
      if (o.ok) d.runs.setProgress(i, 1, `done in ${(o.wallMs / 1000).toFixed(1)} s`, 'ok');
      else d.runs.setProgress(i, o.kind === 'cancelled' ? 0 : 1, `${FAIL_WORDS[o.kind] ?? o.kind}: ${o.error}`, 'error');
    };
    const outcomes = await Promise.all(sets.map(async (set, i): Promise<{ out: SlotOutcome; policies?: PolicySelection }> => {
      let policies;
      try {
        policies = policiesOf(scenario.policies, set);
      } catch (e) {
        const out: SlotOutcome = { ok: false, kind: 'bad-input', error: e instanceof PolicySetError ? e.message : String(e), wallMs: 0 };
        showOutcome(i, out);
        return { out };
      }
      d.runs.setProgress(i, 0, 'starting…');
      let shown = -1;
      const out = await slots[i].run({ ...scenario, policies }, refs, (f) => {
        const pct = Math.floor(f * 100);
        if (pct !== shown) { shown = pct; d.runs.setProgress(i, f, `${pct}%`); }
      });
      showOutcome(i, out);
      return { out, policies };
    }));
    running = false;
    d.runs.setRunning(false);
    outcomes.forEach(({ out }, i) => showOutcome(i, out));
    const ok = outcomes.flatMap(({ out, policies }, i) => (out.ok && policies ? [{ name: sets[i].name, policies, result: out.result, colorIndex: i }] : []));
    if (ok.length > 0) {
      d.results.show(ok);
      await new Promise(requestAnimationFrame);
      lastFirstChartMs = performance.now() - t0;
      document.body.dataset.firstChartMs = lastFirstChartMs.toFixed(0);
    }
  }

  return {
    run,
    get running() { return running; },
    checkModules: offerPolicies,
    get lastFirstChartMs() { return lastFirstChartMs; },
  };
}
