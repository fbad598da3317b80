import { describe, expect, it } from 'vitest';
import { loadPreset, runSets, training, withSet } from './presets.ts';
import type { RunResult } from '../../src/sim/model/RunResult.ts';
import type { Scenario, StorageSpec } from '../../src/sim/scenario/types.ts';
import { runScenario } from '../../src/worker/runScenario.ts';

// Manufacturing (scenarios/manufacturing-storage.json): racks 2 and 3, neighbours, are down
// together on day 2. The storage layout, not the checkpoint policy, decides what is lost.
const scenario = loadPreset('manufacturing-storage.json');
const SEEDS = [1, 2, 3, 4, 5];
const SETS = ['Young/Daly interval', 'Every 4 hours'];
const JOB = 'pdm-model';

/** The scenario with another layout of the plant's stripes: `pieces` per stripe, any `needed` of them rebuild it. */
function withStorage(layout: Pick<StorageSpec, 'pieces' | 'needed'>): Scenario {
  const site = scenario.cluster.sites[0];
  return { ...scenario, cluster: { ...scenario.cluster, sites: [{ ...site, storage: { ...site.storage!, ...layout } }] } };
}

/** A run and the failures it saw: "<target> <component id> at <time in s>", in order (maintenance left out). */
interface Observed {
  readonly result: RunResult;
  readonly failures: readonly { readonly what: string; readonly timeS: number }[];
}

/** Like `runSets`, also recording each run's failures through an observer. */
function runObserved(s: Scenario): Record<string, Observed[]> {
  const out: Record<string, Observed[]> = {};
  for (const name of SETS) {
    out[name] = SEEDS.map((seed) => {
      const failures: { what: string; timeS: number }[] = [];
      const observer = {
        componentChanged: (target: string, id: string, down: boolean, timeS: number, planned: boolean) => {
          if (down && !planned) failures.push({ what: `${target} ${id} at ${timeS} s`, timeS });
        },
      };
      return { result: runScenario(withSet(s, name), { seed, maxEvents: 10_000, observer }), failures };
    });
  }
  return out;
}

const two = runObserved(scenario);
const three = runObserved(withStorage({ pieces: 3, needed: 1 }));
const results = (runs: Record<string, Observed[]>) => Object.fromEntries(SETS.map((n) => [n, runs[n].map((o) => o.result)]));
const twoReplicas = results(two);
const threeReplicas = results(three);

describe('Manufacturing: storage replication, not the checkpoint policy, decides the data loss', () => {
  it('stores 2 replicas of each stripe', () => {
    expect(scenario.cluster.sites[0].storage).toMatchObject({ pieces: 2, needed: 1 });
  });

  it('with 2 replicas on neighbouring racks the double rack failure loses data and every checkpoint, under either policy', () => {
    for (const name of SETS) {
      for (const r of twoReplicas[name]) {
        expect(r.storage.plant.dataLossEvents).toBe(1);
        const t = training(r, JOB);
        expect(t.training.checkpointsLost).toBeGreaterThan(0);
        expect(t.training.goodput).toBeLessThan(0.75);
        expect(t.sloAttainment).toBe(0); // ships after its 6-day deadline
      }
    }
  });

  it('the two checkpoint policies lose about the same', () => {
    SEEDS.forEach((_, i) => {
      const a = training(twoReplicas[SETS[0]][i], JOB).training.goodput!, b = training(twoReplicas[SETS[1]][i], JOB).training.goodput!;
      expect(Math.abs(a - b)).toBeLessThan(0.02);
    });
  });

  it('with 3 replicas the same failures strike (up to the earlier end of the two runs)', () => {
    // Each run stops when its work is done, and counts failures up to its own end: a failure
    // between the two ends is seen by one run only. Up to the earlier end, both see the same
    // components fail at the same times.
    for (const name of SETS) {
      SEEDS.forEach((_, i) => {
        const a = two[name][i], b = three[name][i];
        const end = Math.min(a.result.metrics.endS, b.result.metrics.endS);
        const before = (o: Observed) => o.failures.filter((f) => f.timeS < end).map((f) => f.what);
        expect(before(b)).toEqual(before(a));
        expect(before(a)).toEqual(expect.arrayContaining([expect.stringMatching(/^rack /)])); // the double rack failure, at least
      });
    }
  });

  it('with 3 replicas nothing is lost, goodput is above 0.9 and the model ships in time', () => {
    for (const name of SETS) {
      SEEDS.forEach((_, i) => {
        const r = threeReplicas[name][i];
        expect(r.storage.plant.dataLossEvents).toBe(0);
        const t = training(r, JOB);
        expect(t.training.checkpointsLost).toBe(0);
        expect(t.training.goodput).toBeGreaterThan(0.9);
        expect(t.sloAttainment).toBe(1);
      });
    }
  });

  it('so does erasure coding 4+2, at half the raw capacity of 3 replicas', () => {
    const ec = runSets(withStorage({ pieces: 6, needed: 4 }), SETS.slice(0, 1), SEEDS, 10_000);
    for (const r of ec[SETS[0]]) {
      expect(r.storage.plant.dataLossEvents).toBe(0);
      expect(training(r, JOB).training.goodput).toBeGreaterThan(0.9);
    }
  });
});
