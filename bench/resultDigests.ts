/**
 * `npx tsx bench/resultDigests.ts > before.txt`, change the code, run it again and `diff`:
 * one line per preset × policy set with a digest of the whole result (series and timeline
 * included) and its event count. A change meant to leave results alone (a refactor, a
 * speed-up) must leave every line as it was. Trace presets read ../shared/traces when it is
 * there (their lines say so when it is not).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { attachTraces } from '../src/worker/attachTraces.ts';
import { runScenario } from '../src/worker/runScenario.ts';
import { parseScenarioText } from '../src/sim/scenario/parseScenario.ts';

const dir = new URL('../scenarios/', import.meta.url);
const traces = new URL('../../shared/traces/', import.meta.url);
const digest = (x: unknown) => createHash('sha256').update(JSON.stringify(x, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v))).digest('hex').slice(0, 12);

for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
  let scenario = parseScenarioText(readFileSync(new URL(file, dir), 'utf8'), 'json');
  try {
    scenario = attachTraces(scenario, (path: string) => readFileSync(new URL(path.split('/').pop()!, traces), 'utf8'));
  } catch (e) {
    console.log(`${file}: traces not attached (${(e as Error).message.slice(0, 60)})`);
    continue;
  }
  const sets = scenario.policySets.length > 0 ? scenario.policySets : [{ name: 'default', policies: {} }];
  for (const set of sets) {
    try {
      const r = runScenario({ ...scenario, policies: { ...scenario.policies, ...set.policies } }, { recordSeries: true, recordTimeline: true, maxEvents: 5_000_000 });
      console.log(`${file} | ${set.name}: ${digest(r)} events ${r.stats.events}`);
    } catch (e) {
      console.log(`${file} | ${set.name}: ERROR ${(e as Error).message.slice(0, 100)}`);
    }
  }
}
