/**
 * The observer's `requestDone` hook: every inference request that ends (completed, failed
 * after a replica failure, dropped by a full queue) is reported exactly once, with its
 * workload's index, arrival time and outcome, consistent with the workload's counts.
 */
import { describe, expect, it } from 'vitest';
import { fifo } from '../../../src/policies/scheduling/fifo.ts';
import { simulate } from '../../../src/sim/model/simulate.ts';
import type { SimObserver } from '../../../src/sim/model/SimObserver.ts';
import { policySet } from '../../helpers/policies.ts';
import { scenario, site } from './helpers.ts';

interface Done { workload: number; arrivalS: number; timeS: number; outcome: 0 | 1 | 2 }

function runLogged(doc: Record<string, unknown>, recordSeries = false) {
  const done: Done[] = [];
  const observer: SimObserver = { requestDone: (workload, arrivalS, timeS, outcome) => { done.push({ workload, arrivalS, timeS, outcome }); } };
  const result = simulate(scenario(doc), policySet({ scheduling: fifo.create({}) }), { observer, recordSeries });
  return { result, done };
}

describe('observer: requestDone', () => {
  // Two services after a batch workload (so workload indices 1 and 2): "a" has a short queue
  // (drops), "b" loses its replicas' GPUs to failures with no retries (fails). Failures of
  // every node, repaired in minutes, over a day.
  const doc = {
    horizon: '6h',
    cluster: { sites: [site('dc', 4, 2)] },
    workloads: [
      { kind: 'batch', id: 'etl', count: 5, gpus: 1, arrival: { poisson: { rate: 0.001 } }, work: '10m' },
      { kind: 'inference', id: 'a', replicas: 2, concurrency: 2, queueLimit: 3, arrival: { poisson: { rate: 3 } }, service: { exponential: { mean: '1s' } }, slo: '5s' },
      { kind: 'inference', id: 'b', replicas: 2, retries: 0, arrival: { poisson: { rate: 0.5 } }, service: { exponential: { mean: '1s' } } },
    ],
    failures: [{ target: 'node', mtbf: '1h', repair: { exponential: { mean: '5m' } } }],
  };

  for (const recordSeries of [false, true]) {
    it(`reports each ended request once, matching completed, failed and dropped${recordSeries ? ' (series recorded: requests run the hooks)' : ''}`, () => {
      const { result, done } = runLogged(doc, recordSeries);
      for (const [index, id] of [[1, 'a'], [2, 'b']] as const) {
        const w = result.workloads[id];
        const mine = done.filter((d) => d.workload === index);
        const count = (o: number) => mine.filter((d) => d.outcome === o).length;
        expect(count(0)).toBe(w.completed);
        expect(count(1)).toBe(w.inference!.failed);
        expect(count(2)).toBe(w.inference!.dropped);
        // Every arrival ended once, or is still waiting or in service at the end.
        expect(mine.length + w.queued + w.running).toBe(w.arrived);
        expect(mine.filter((d) => d.timeS < d.arrivalS || (d.outcome === 2 && d.timeS !== d.arrivalS))).toEqual([]);
        // The latencies reported are the completed requests' response times.
        const mean = mine.filter((d) => d.outcome === 0).reduce((a, d) => a + (d.timeS - d.arrivalS), 0) / w.completed;
        expect(mean).toBeCloseTo(w.T.mean!, 9);
      }
      expect(done.every((d) => d.workload === 1 || d.workload === 2)).toBe(true);
      // The run saw all three outcomes.
      expect(new Set(done.map((d) => d.outcome))).toEqual(new Set([0, 1, 2]));
    });
  }

  it('changes nothing in the result', () => {
    const { result } = runLogged(doc);
    const plain = simulate(scenario(doc), policySet({ scheduling: fifo.create({}) }));
    expect(JSON.stringify(result)).toBe(JSON.stringify(plain));
  });
});
