/**
 * Made-up but plausible results of three runs of one scenario (a week of a 512-GPU
 * cluster with a batch queue, a training job and an inference service) under three policy
 * sets, with their C, S, T, R over time: for the chart, card and table tests and harness.
 */
import type { MetricSeries } from '../../../src/sim/metrics/metricSeries.ts';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';

const HOUR = 3600;
const ZERO = { gpu: 0, node: 0, rack: 0, site: 0, uplink: 0, wan: 0 };

/** A small deterministic generator (LCG) so that fixtures never change. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

interface RunShape {
  readonly name: string;
  readonly seed: number;
  readonly endS: number;
  /** Outages: [start h, length h, share of GPUs down]. */
  readonly outages: readonly (readonly [number, number, number])[];
  readonly baseT: number;
  readonly baseR: number;
  readonly recoverH: number;
}

const SHAPES: readonly RunShape[] = [
  { name: 'baseline', seed: 11, endS: 168 * HOUR, outages: [[30, 6, 0.12], [95, 3, 0.25], [140, 10, 0.06]], baseT: 14 * 60, baseR: 0.78, recoverH: 8 },
  { name: 'hot spares', seed: 12, endS: 168 * HOUR, outages: [[30, 1.5, 0.12], [95, 1, 0.25], [140, 2, 0.06]], baseT: 12 * 60, baseR: 0.74, recoverH: 2 },
  { name: 'ckpt every 10 min', seed: 13, endS: 160.5 * HOUR, outages: [[30, 6, 0.12], [95, 3, 0.25], [140, 10, 0.06]], baseT: 13 * 60, baseR: 0.81, recoverH: 5 },
];

/** C, S, T, R over hourly windows for one run shape. */
function seriesOf(shape: RunShape): MetricSeries {
  const rnd = lcg(shape.seed);
  const n = Math.ceil(shape.endS / HOUR);
  const timeS = new Float64Array(n), C = new Float64Array(n), S = new Float64Array(n), T = new Float64Array(n), R = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const h = i;
    timeS[i] = h * HOUR;
    let down = 0, after = Infinity;
    for (const [at, len, share] of shape.outages) {
      if (h >= at && h < at + len) down = Math.max(down, share);
      if (h >= at + len) after = Math.min(after, h - (at + len));
    }
    const recovering = after < shape.recoverH ? 1 - after / shape.recoverH : 0;
    S[i] = 1 - down - 0.004 * rnd();
    R[i] = Math.min(1, shape.baseR + 0.08 * Math.sin(h / 4) + 0.05 * rnd() + 0.15 * down);
    C[i] = Math.max(0, Math.min(1, 0.985 - 1.6 * down - 0.12 * recovering - 0.02 * rnd()));
    // A quiet night: nothing completed in a couple of windows (a gap in T).
    T[i] = h >= 60 && h < 63 ? NaN : shape.baseT * (1 + 0.25 * Math.sin(h / 3) + 0.3 * rnd() + 6 * down + 1.5 * recovering);
  }
  return { timeS, widthS: HOUR, C, S, T, R };
}

/** The RunResult of a run shape, with figures consistent with its series where it matters. */
function resultOf(shape: RunShape, k: number, series: MetricSeries): RunResult {
  const mean = (xs: Float64Array) => { let s = 0, n = 0; for (const x of xs) if (Number.isFinite(x)) { s += x; n++; } return s / n; };
  const gpus = 512;
  const provisionedGpuS = gpus * shape.endS;
  const S = mean(series.S), R = mean(series.R);
  const upGpuS = S * provisionedGpuS, busyGpuS = R * upGpuS;
  const lostGpuS = [61_200, 18_400, 23_900][k] * HOUR / 100;
  const checkpointGpuS = [9_000, 9_000, 38_000][k] * HOUR / 100;
  const restartGpuS = [12_000, 4_100, 12_500][k] * HOUR / 100;
  const T = mean(series.T);
  const arrived = [48_210, 48_210, 46_090][k];
  const completed = [47_602, 47_990, 45_611][k];
  const recovery = (count: number, det: number, dec: number, rec: number, max: number) =>
    ({ count, meanRtoS: det + dec + rec, meanDetectionS: det, meanDecisionS: dec, meanRecoveryS: rec, maxRtoS: max });
  return {
    scenario: 'week-512-gpus',
    seed: 7,
    horizonS: 168 * HOUR,
    metrics: {
      C: [0.9612, 0.9825, 0.9688][k], S, T, R,
      Tp50: T * 0.8, Tp95: T * 2.6, Tp99: T * 4.1,
      sloAttainment: [0.948, 0.979, 0.957][k],
      goodput: 1 - (lostGpuS + checkpointGpuS + restartGpuS) / busyGpuS,
      lostGpuS, checkpointGpuS, restartGpuS, busyGpuS, upGpuS, provisionedGpuS,
      meanInSystem: [41.3, 33.8, 37.2][k], meanQueued: [12.6, 7.9, 10.1][k],
      throughputPerS: completed / shape.endS,
      arrived, completed,
      interruptions: [57, 54, 55][k], failures: 41, endS: shape.endS,
    },
    workloads: {
      'batch-jobs': {
        arrived: arrived - 40_000, completed: completed - 40_000, queued: [312, 11, 260][k], running: 64, T: { mean: T * 1.6, p50: T * 1.2, p95: T * 4, p99: T * 6.5 },
        sloAttainment: [0.91, 0.962, 0.93][k], missed: [712, 305, 560][k], lostGpuS: lostGpuS * 0.4, interruptions: [38, 36, 37][k],
        recovery: recovery([38, 36, 37][k], 45, [1900, 260, 1100][k], 120, [21_600, 5_400, 14_400][k]),
      },
      'llm-pretrain': {
        arrived: 1, completed: 0, queued: 0, running: 1, T: { mean: null, p50: null, p95: null, p99: null },
        sloAttainment: null, missed: 0, lostGpuS: lostGpuS * 0.6, interruptions: [12, 12, 12][k],
        training: {
          usefulGpuS: busyGpuS * 0.5, lostGpuS: lostGpuS * 0.6, checkpointGpuS, restartGpuS, inProgressGpuS: 3_600 * 40,
          checkpoints: [168, 168, 963][k], checkpointsLost: [1, 0, 0][k],
          meanRpoS: [1_900, 1_850, 310][k], maxRpoS: [3_550, 3_500, 600][k],
          goodput: [0.86, 0.93, 0.9][k], progress: [0.41, 0.45, 0.43][k],
          allocatedGpuS: busyGpuS * 0.5 + lostGpuS * 0.6 + checkpointGpuS + restartGpuS + 3_600 * 40,
        },
        recovery: recovery(12, 45, [600, 30, 600][k], 900, [28_800, 4_000, 28_800][k]),
      },
      'chat-api': {
        arrived: 40_000 - 1, completed: 40_000 - 1 - [90, 40, 75][k], queued: 0, running: 0, T: { mean: 2.4, p50: 1.9, p95: 6.1, p99: 11.8 },
        sloAttainment: [0.995, 0.998, 0.996][k], missed: [210, 80, 160][k], lostGpuS: 0, interruptions: [7, 6, 6][k],
        inference: { availability: [0.9934, 0.9991, 0.9934][k], meanReadyReplicas: [7.6, 7.9, 7.6][k], utilisation: [0.62, 0.6, 0.63][k], failed: [52, 18, 41][k], dropped: [38, 22, 34][k], retried: [140, 61, 120][k], quality: 1 },
      },
    },
    failures: { count: 41, byTarget: { ...ZERO, gpu: 31, node: 8, rack: 1, uplink: 1 } },
    interruptions: { count: [57, 54, 55][k], byCause: { ...ZERO, gpu: [40, 38, 39][k], node: 12, rack: 2, uplink: 1 }, planned: 2 },
    maintenance: { count: 4, byTarget: { ...ZERO, node: 4 } },
    storage: {
      s0: { stripes: 4096, lostStripes: [2, 0, 0][k], dataLossEvents: [1, 0, 0][k], firstLossS: [96.2 * HOUR, null, null][k], copies: { made: 167, skipped: [3, 1, 3][k], cut: 1, outages: 1, meanRpoS: [2_700, 900, 2_700][k], maxRpoS: [2_700, 900, 2_700][k] } },
    },
    preemptions: [0, 0, 14][k],
    stats: { events: [2_418_220, 2_401_877, 2_377_104][k] },
  };
}

/** One run of the fixture: its name, its result and its series. */
export interface FixtureRun {
  readonly name: string;
  readonly result: RunResult;
  readonly series: MetricSeries;
  readonly endS: number;
}

/** The three runs, in order (the first is the one the others are compared with). */
export function fixtureRuns(): FixtureRun[] {
  return SHAPES.map((shape, k) => {
    const series = seriesOf(shape);
    return { name: shape.name, result: resultOf(shape, k, series), series, endS: shape.endS };
  });
}
