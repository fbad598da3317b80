// Shared by the preset tests: loads a preset from scenarios/ as `dcsim run` does (validated,
// policies checked, traces read) and runs its named policy sets on several seeds.
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadScenario } from '../../src/cli/loadScenario.ts';
import type { RunResult } from '../../src/sim/model/RunResult.ts';
import type { Scenario } from '../../src/sim/scenario/types.ts';
import { runScenario } from '../../src/worker/runScenario.ts';

export const SCENARIOS_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));
export const TRACES_DIR = fileURLToPath(new URL('../../../shared/traces/', import.meta.url));

/** True when the shared traces are beside the repository (CI always has them). */
export const haveTraces = existsSync(`${TRACES_DIR}azure-llm-2023-conv.csv`) && existsSync(`${TRACES_DIR}alibaba-gpu-2023-pods.csv`);

/** The preset files in scenarios/ (the ones the app's gallery lists). */
export function presetFiles(): string[] {
  return readdirSync(SCENARIOS_DIR).filter((f) => f.endsWith('.json')).sort();
}

/** Loads scenarios/FILE as the command line does. */
export function loadPreset(file: string): Scenario {
  return loadScenario(`${SCENARIOS_DIR}${file}`);
}

/** The preset with its named policy set in place (the set replaces the families it names). */
export function withSet(scenario: Scenario, name: string): Scenario {
  const set = scenario.policySets.find((s) => s.name === name);
  if (!set) throw new Error(`no policy set "${name}"; the scenario has ${scenario.policySets.map((s) => `"${s.name}"`).join(', ')}`);
  return { ...scenario, policies: { ...scenario.policies, ...set.policies } };
}

/**
 * Runs each named policy set on each seed, with an event budget (a run that needs more
 * events fails: the bound on a preset's run time that does not depend on the machine).
 * results[name][i] is the run on seeds[i].
 */
export function runSets(scenario: Scenario, names: readonly string[], seeds: readonly number[], maxEvents: number): Record<string, RunResult[]> {
  const out: Record<string, RunResult[]> = {};
  for (const name of names) {
    const s = withSet(scenario, name);
    out[name] = seeds.map((seed) => runScenario(s, { seed, maxEvents }));
  }
  return out;
}

/** The mean of some numbers. */
export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/** The inference figures of a service in a run (throws when it is not a service). */
export function service(r: RunResult, id: string) {
  const w = r.workloads[id];
  if (!w?.inference) throw new Error(`${id} is not an inference service of the run`);
  return { ...w, inference: w.inference };
}

/** The training figures of a job in a run (throws when it is not a training job). */
export function training(r: RunResult, id: string) {
  const w = r.workloads[id];
  if (!w?.training) throw new Error(`${id} is not a training job of the run`);
  return { ...w, training: w.training };
}
