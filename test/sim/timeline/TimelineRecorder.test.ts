import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { metricSeries } from '../../../src/sim/metrics/metricSeries.ts';
import { parseScenarioText, validateScenario } from '../../../src/sim/scenario/parseScenario.ts';
import { SpanEnd, type Timeline } from '../../../src/sim/timeline/Timeline.ts';
import { runScenario } from '../../../src/worker/runScenario.ts';

const seedText = readFileSync(new URL('../../../scenarios/seed-example.json', import.meta.url), 'utf8');
const seedExample = parseScenarioText(seedText, 'json', 'seed-example.json');

const sum = (a: ArrayLike<number>) => { let s = 0; for (let i = 0; i < a.length; i++) s += a[i]; return s; };
const close = (a: number, b: number, rel = 1e-9) => expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(b)));

/** GPU-seconds held by the spans. */
function spanGpuS(t: Timeline): number {
  let s = 0;
  for (let k = 0; k < t.spans.count; k++) s += (t.spans.endS[k] - t.spans.startS[k]) * t.spans.gpuCount[k];
  return s;
}

/** No two spans hold the same GPU at once. */
function overlaps(t: Timeline): string[] {
  const bad: string[] = [];
  const byGpu = new Map<string, [number, number][]>();
  for (let k = 0; k < t.spans.count; k++) {
    for (let g = 0; g < t.spans.gpuCount[k]; g++) {
      const key = `${t.spans.row[k]}:${t.spans.gpuFirst[k] + g}`;
      (byGpu.get(key) ?? byGpu.set(key, []).get(key)!).push([t.spans.startS[k], t.spans.endS[k]]);
    }
  }
  for (const [key, list] of byGpu) {
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) if (list[i][0] < list[i - 1][1] - 1e-9) bad.push(`${key} at ${list[i][0]}`);
  }
  return bad;
}

describe('the timeline of a run', () => {
  const result = runScenario(seedExample, { recordTimeline: true });
  const t = result.timeline!;

  it('is recorded only when asked for', () => {
    expect(runScenario(seedExample).timeline).toBeUndefined();
  });

  it('has one row per node and a span per piece of work, adding up to the busy GPU-time', () => {
    expect(t.rows.ids).toHaveLength(10);
    expect(t.rows.ids[0]).toBe('dc/r0/n0');
    expect(t.spans.count).toBeGreaterThanOrEqual(result.metrics.completed);
    close(spanGpuS(t), result.metrics.busyGpuS);
    expect(overlaps(t)).toEqual([]);
  });

  it('ends every span as the work did: completions, interruptions by cause, none left running after a drained run', () => {
    const ends = Array.from(t.spans.end);
    expect(ends.filter((e) => e === SpanEnd.completed)).toHaveLength(result.metrics.completed);
    expect(ends.filter((e) => e === SpanEnd.interrupted)).toHaveLength(result.interruptions.count);
    for (let k = 0; k < t.spans.count; k++) {
      if (t.spans.end[k] === SpanEnd.interrupted) expect(t.spans.cause[k]).toBe(1); // node failures
      else expect(t.spans.cause[k]).toBe(-1);
    }
    expect(ends.filter((e) => e === SpanEnd.running)).toHaveLength(0);
  });

  it('has an outage per failure, over the rows of the failed node', () => {
    expect(t.outages.count).toBe(result.failures.count);
    for (let k = 0; k < t.outages.count; k++) {
      expect(t.outages.rowEnd[k] - t.outages.rowFirst[k]).toBe(1);
      expect(t.outages.endS[k]).toBeGreaterThan(t.outages.startS[k]);
      expect(t.outages.ids[k]).toBe(t.rows.ids[t.outages.rowFirst[k]]);
    }
  });

  it('tallies windows that add up to the run\'s figures', () => {
    const w = t.windows;
    close(sum(w.upGpuS), result.metrics.upGpuS);
    close(sum(w.busyGpuS), result.metrics.busyGpuS);
    expect(sum(w.completed)).toBe(result.metrics.completed);
    expect(sum(w.met)).toBe(Math.round(result.metrics.sloAttainment! * sum(w.decided)));
    close(sum(w.responseSumS) / sum(w.completed), result.metrics.T!);
  });

  it('gives C, S, T and R over time that pool back to the headline figures', () => {
    const m = metricSeries(t);
    expect(m.timeS.length).toBe(Math.ceil(t.endS / t.windows.widthS - 1e-9));
    for (const f of ['C', 'S', 'R'] as const) for (const v of m[f]) if (!Number.isNaN(v)) expect(v).toBeGreaterThanOrEqual(0), expect(v).toBeLessThanOrEqual(1 + 1e-12);
    // S pooled over windows (weighted by their lengths) is the headline S.
    let up = 0;
    for (let i = 0; i < m.timeS.length; i++) up += m.S[i] * Math.min(t.windows.widthS, t.endS - m.timeS[i]);
    close(up / t.endS, result.metrics.S);
  });
});

describe('the timeline of a training job', () => {
  const scenario = validateScenario({
    name: 'training', horizon: '30d', seed: 3,
    cluster: { sites: [{ id: 's', racks: 2, nodesPerRack: 4, node: { gpus: 8, gpu: 'H100' } }] },
    workloads: [{ kind: 'training', id: 'llm', gpus: 64, work: '10d', checkpoint: { cost: '5m', restart: '10m' } }],
    failures: [{ target: 'node', mtbf: '20d', repair: { constant: '2h' } }],
    policies: { backup: { name: 'fixed-interval', interval: '2h' } },
  });
  const result = runScenario(scenario, { recordTimeline: true });
  const t = result.timeline!;
  const tr = result.workloads.llm.training!;

  it('books allocated GPU-time by window, adding up to the job\'s', () => {
    expect(result.interruptions.count).toBeGreaterThan(0);
    close(sum(t.windows.allocatedGpuS), tr.allocatedGpuS, 1e-6);
  });

  it('counts checkpoints, restarts and lost computation as wasted', () => {
    close(sum(t.windows.wastedGpuS), tr.lostGpuS + tr.checkpointGpuS + tr.restartGpuS, 1e-6);
  });

  it('spans the job on every node it holds, eight GPUs each', () => {
    for (let k = 0; k < t.spans.count; k++) expect(t.spans.gpuCount[k]).toBe(8);
    expect(overlaps(t)).toEqual([]);
  });
});

describe('the timeline of an inference service', () => {
  const scenario = validateScenario({
    name: 'inference', horizon: '2h', seed: 5, runToHorizon: true,
    cluster: { sites: [{ id: 's', racks: 1, nodesPerRack: 4, node: { gpus: 2, gpu: 'H100' } }] },
    workloads: [{ kind: 'inference', id: 'api', replicas: 3, gpusPerReplica: 2, concurrency: 2, arrival: { poisson: { rate: 2 } }, service: { exponential: { mean: '1s' } }, slo: '3s', queueLimit: 20 }],
    failures: [{ target: 'node', mtbf: '2h', repair: { constant: '10m' } }],
  });
  const result = runScenario(scenario, { recordTimeline: true });
  const t = result.timeline!;
  const inf = result.workloads.api.inference!;

  it('decides every request that ended in the window where it ended', () => {
    expect(sum(t.windows.completed)).toBe(result.workloads.api.completed);
    expect(sum(t.windows.decided)).toBe(result.workloads.api.completed + inf.failed + inf.dropped);
    close(sum(t.windows.responseSumS) / sum(t.windows.completed), result.workloads.api.T.mean!, 1e-6);
  });

  it('spans the replicas, interrupted by the node failures', () => {
    expect(t.spans.count).toBeGreaterThanOrEqual(3);
    expect(Array.from(t.spans.end).filter((e) => e === SpanEnd.interrupted).length).toBe(result.interruptions.count);
    expect(overlaps(t)).toEqual([]);
  });
});
