import { computeMetrics, workloadMetrics, type WorkloadMetrics, type WorkloadTally } from '../metrics/computeMetrics.ts';
import { summarize } from '../metrics/percentile.ts';
import type { PolicySet } from '../policy/PolicySet.ts';
import type { Scenario } from '../scenario/types.ts';
import { Model } from './Model.ts';
import type { RunResult } from './RunResult.ts';
import type { SimulateOptions } from './SimulateOptions.ts';
import { TaskState } from './TaskTable.ts';
import type { PendingCounts } from './work/WorkKind.ts';

/**
 * Runs a scenario under a set of policies and returns its figures. Deterministic: the same
 * scenario, seed and policies give the same result. Pure computation: no I/O, no clock.
 * Builds the model (Model.ts assembles and seeds it), runs it, and collects the result.
 */
export function simulate(scenario: Scenario, policies: PolicySet, options: SimulateOptions = {}): RunResult {
  const model = new Model(scenario, policies, options);
  model.run();
  const result = collect(model);
  options.onProgress?.(1);
  return result;
}

/** The run's result from the model's accounts, at the time the run ended. */
function collect(m: Model): RunResult {
  const s = m.scenario, endS = m.sim.nowS, tally = m.tally;
  const tallies = workloadTallies(m, endS);
  // Each workload's response times summarized once (for its figures and, alone, the pooled ones).
  const summaries = tallies.map((w) => summarize(w.responseTimesS));
  const requests = m.inference.services.requestIntegrals();
  const metrics = computeMetrics({
    horizonS: s.horizonS, endS, provisionedGpus: m.topo.gpuCount, upGpuS: tally.upGpuS, busyGpuS: tally.busyGpuS,
    inSystemS: tally.inSystemS + requests.queuedS + requests.servingS, queuedS: tally.queuedS + requests.queuedS, upGpusAtEnd: m.state.upGpuCount, workloads: tallies,
    failuresByTarget: tally.failuresByTarget, interruptionsByCause: tally.interruptionsByCause,
  }, s.metrics, summaries);
  const workloads: Record<string, WorkloadMetrics> = {};
  tallies.forEach((w, i) => { workloads[w.id] = workloadMetrics(w, summaries[i]); });
  const counts = tally.counts();
  const out: RunResult = {
    scenario: s.name, seed: s.seed, horizonS: s.horizonS, metrics, workloads,
    failures: counts.failures, interruptions: counts.interruptions, maintenance: counts.maintenance,
    storage: m.storage.tally(),
    preemptions: counts.preemptions,
    stats: { events: m.sim.eventCount },
  };
  const series = tally.capacitySeries();
  return series ? { ...out, series } : out;
}

/** Each workload's figures, from its kind; tasks and jobs still queued or running are counted here. */
function workloadTallies(m: Model, endS: number): WorkloadTally[] {
  const n = m.scenario.workloads.length;
  const queued = new Array<number>(n).fill(0), running = new Array<number>(n).fill(0), missed = new Array<number>(n).fill(0);
  const t = m.tasks;
  for (let id = 0; id < t.count; id++) {
    const e = t.entries[id];
    if (!e || m.inference.isReplica(id)) continue;
    const w = t.workload[id];
    if (t.state[id] === TaskState.Queued) queued[w]++; else running[w]++;
    if (e.deadlineS <= endS) missed[w]++;
  }
  return m.scenario.workloads.map((w, i) => {
    const pending: PendingCounts = { queued: queued[i], running: running[i], missed: missed[i] };
    return m.kinds[w.kind].tally(i, endS, pending);
  });
}
