/**
 * The definition of every figure a run reports, from the README's "Metrics" section
 * (DOM-free). A run covers [0, E]; N is the number of provisioned GPUs, up(t) the GPUs up
 * at t (neither the GPU nor its node, rack or site failed), busy(t) those held by work.
 */

import { FAILURE_TARGETS } from '../../sim/scenario/failureTargets.ts';

/** One figure's definition. */
export interface FigureDefinition {
  /** Short name as the UI shows it, e.g. `C` or `goodput`. */
  readonly name: string;
  /** What it is called in words, e.g. `business continuity`. */
  readonly title: string;
  /** Unit and range, e.g. `fraction in [0, 1]`, `seconds`. */
  readonly unit: string;
  /** The definition, precise. */
  readonly text: string;
  /** Which way is better, in words (empty when neither). */
  readonly better: string;
}

const SHARE = 'fraction in [0, 1]';

/** The failure targets as results key them, in table order: "gpu, node, rack, site, uplink, wan". */
const TARGET_KEYS = FAILURE_TARGETS.join(', ');

/** Every figure's definition, by key (the keys the summary table, cards and charts refer to). */
export const FIGURE_DEFINITIONS = {
  C: {
    name: 'C', title: 'business continuity', unit: SHARE, better: 'higher is better',
    text: 'Σ_w weight_w · attainment_w / Σ_w weight_w over the workloads with decided demand, where attainment_w = met_w / decided_w for batch work and inference, and a training job\'s goodput (useful / allocated GPU-time) for training. An item meets its SLO when it completes no later than its deadline (arrival + slo; no slo means no deadline). An outcome is decided when the item completed (on time or late), ended unserved (an inference request that failed or was dropped: missed), or is still queued or running at E with its deadline past (missed); items pending at E with a deadline beyond E count neither way. With no decided demand, C = 1. Over time: the same, restricted to each window (a training job counts 1 − wasted / allocated GPU-time in the window).',
  },
  S: {
    name: 'S', title: 'stability', unit: SHARE, better: 'higher is better',
    text: '∫₀ᴱ up(t) dt / (N · E): the time-average fraction of the provisioned GPU capacity that is up. A GPU is up when neither it nor its node, rack or site is failed. Over time: ∫ up dt / (N · window width) per window.',
  },
  T: {
    name: 'T', title: 'response time', unit: 'seconds (shown in s, min or h)', better: 'lower is better',
    text: 'Mean time from arrival to completion of the items completed in [0, E]. No value (—) when nothing completed. Over time: the mean over the items completed in each window (a gap where nothing completed).',
  },
  R: {
    name: 'R', title: 'resource utilisation', unit: SHARE, better: '',
    text: '∫₀ᴱ busy(t) dt / ∫₀ᴱ up(t) dt: busy GPU-time over up GPU-time. busy(t) counts the GPUs held by work — a task, a training job, or an inference replica, serving or idle; time lost to interrupted work counts as busy. Over time: per window (a gap where nothing was up).',
  },
  Tp: {
    name: 'Tp50 · Tp95 · Tp99', title: 'response-time percentiles', unit: 'seconds', better: 'lower is better',
    text: 'Nearest-rank 50th, 95th and 99th percentiles of the arrival-to-completion times of the items completed in [0, E]: the smallest time with at least p % of them at or below it. No value when nothing completed.',
  },
  sloAttainment: {
    name: 'sloAttainment', title: 'SLO attainment (pooled)', unit: SHARE, better: 'higher is better',
    text: 'Items that met their deadline / items whose outcome is decided, over all workloads pooled (unweighted, unlike C). No value when nothing is decided.',
  },
  goodput: {
    name: 'goodput', title: 'goodput', unit: SHARE, better: 'higher is better',
    text: '1 − (lostGpuS + checkpointGpuS + restartGpuS) / busyGpuS: the share of busy GPU-time neither thrown away by interruptions nor spent on checkpoints and restarts.',
  },
  availability: {
    name: 'availability', title: 'inference availability', unit: SHARE, better: 'higher is better',
    text: 'For an inference service, the fraction of [0, E] with at least one replica ready to serve. The run\'s figure (as `dcsim compare` reports it) is the mean over the scenario\'s inference services; no value without services.',
  },
  lostGpuS: {
    name: 'lostGpuS', title: 'lost GPU time', unit: 'GPU-seconds (shown in GPU-hours)', better: 'lower is better',
    text: 'GPU time of work thrown away by interruptions: a batch task interrupted after running x s on g GPUs loses x · g; a training job loses its computation since its last completed checkpoint.',
  },
  checkpointGpuS: {
    name: 'checkpointGpuS', title: 'checkpoint GPU time', unit: 'GPU-seconds (shown in GPU-hours)', better: 'lower is better',
    text: 'GPU time training jobs spent writing checkpoints (completed or cut short).',
  },
  restartGpuS: {
    name: 'restartGpuS', title: 'restart GPU time', unit: 'GPU-seconds (shown in GPU-hours)', better: 'lower is better',
    text: 'GPU time training jobs spent restarting after an interruption (completed or cut short).',
  },
  busyGpuS: {
    name: 'busyGpuS', title: 'busy GPU time', unit: 'GPU-seconds (shown in GPU-hours)', better: '',
    text: '∫₀ᴱ busy(t) dt: GPU time held by work (tasks, training jobs, inference replicas serving or idle).',
  },
  upGpuS: {
    name: 'upGpuS', title: 'up GPU time', unit: 'GPU-seconds (shown in GPU-hours)', better: 'higher is better',
    text: '∫₀ᴱ up(t) dt: GPU time of GPUs that were up (not failed themselves, nor their node, rack or site).',
  },
  provisionedGpuS: {
    name: 'provisionedGpuS', title: 'provisioned GPU time', unit: 'GPU-seconds (shown in GPU-hours)', better: '',
    text: 'N · E: the provisioned GPUs times the length of the run.',
  },
  meanInSystem: {
    name: 'meanInSystem', title: 'mean items in system', unit: 'items', better: 'lower is better',
    text: 'Time-average number of items queued or running over [0, E] (L of Little\'s law).',
  },
  meanQueued: {
    name: 'meanQueued', title: 'mean items queued', unit: 'items', better: 'lower is better',
    text: 'Time-average number of items waiting in a queue over [0, E].',
  },
  throughputPerS: {
    name: 'throughputPerS', title: 'throughput', unit: 'completions per second (shown per s, min or h)', better: 'higher is better',
    text: 'completed / E: completions per unit of time over the run.',
  },
  arrived: {
    name: 'arrived', title: 'arrived', unit: 'count', better: '',
    text: 'Items (tasks, jobs, requests) that arrived in [0, E].',
  },
  completed: {
    name: 'completed', title: 'completed', unit: 'count', better: 'higher is better',
    text: 'Items that completed in [0, E].',
  },
  interruptions: {
    name: 'interruptions', title: 'interruptions', unit: 'count', better: 'lower is better',
    text: `Running work stopped by a failure or by planned maintenance; by cause: the level of the failed component (${TARGET_KEYS}), plus planned (maintenance).`,
  },
  failures: {
    name: 'failures', title: 'failures', unit: 'count', better: 'lower is better',
    text: `Component failures in [0, E], by target: ${TARGET_KEYS}.`,
  },
  maintenance: {
    name: 'maintenance', title: 'maintenance', unit: 'count', better: '',
    text: 'Components taken down by planned work (not failures), by target.',
  },
  preemptions: {
    name: 'preemptions', title: 'preemptions', unit: 'count', better: 'lower is better',
    text: 'Running work stopped and sent back to the queue by the scheduling policy ({ preempt } decisions).',
  },
  endS: {
    name: 'endS', title: 'run length E', unit: 'seconds', better: '',
    text: 'When the run ended: the horizon, or — unless the scenario sets runToHorizon — the moment every workload has had all its arrivals and no work is waiting or running.',
  },
  events: {
    name: 'events', title: 'events simulated', unit: 'count', better: '',
    text: 'Discrete events the simulator processed (a measure of the run\'s cost, not of the cluster).',
  },
  seed: {
    name: 'seed', title: 'seed', unit: 'integer', better: '',
    text: 'The random seed of the run. Runs on the same seed see the same arrivals and the same failures (common random numbers), so their differences come from the policies.',
  },
  recoveries: {
    name: 'recoveries', title: 'recoveries', unit: 'count', better: '',
    text: 'Interruptions the work of batch and training workloads recovered from (ran again) during the run.',
  },
  rto: {
    name: 'RTO', title: 'recovery time achieved (mean)', unit: 'seconds', better: 'lower is better',
    text: 'Over the interruptions the work recovered from, the mean time from the failure until the work ran again. Run level: the mean over all workloads\' recoveries (weighted by their count).',
  },
  rtoMax: {
    name: 'RTO max', title: 'worst recovery time', unit: 'seconds', better: 'lower is better',
    text: 'The longest time from a failure until the interrupted work ran again.',
  },
  rtoDetection: {
    name: 'detection', title: 'RTO part: detection', unit: 'seconds', better: 'lower is better',
    text: 'Mean time from the failure until it was noticed (monitoring).',
  },
  rtoDecision: {
    name: 'decision', title: 'RTO part: decision', unit: 'seconds', better: 'lower is better',
    text: 'Mean time from detection until the scheduler placed the work again (waiting to be placed).',
  },
  rtoRecovery: {
    name: 'recovery', title: 'RTO part: recovery', unit: 'seconds', better: 'lower is better',
    text: 'Mean time from placement until the work computes again (the restart).',
  },
  rpo: {
    name: 'RPO', title: 'recovery point achieved (training)', unit: 'seconds', better: 'lower is better',
    text: 'The age of a training job\'s newest safe copy (its last completed checkpoint, or its start) when an interruption struck: mean and largest. Run level: over all training jobs\' interruptions.',
  },
  storageRpo: {
    name: 'storage RPO', title: 'recovery point achieved (storage copies)', unit: 'seconds', better: 'lower is better',
    text: 'For sites whose storage is copied to another site: the age of the newest safe copy when an outage of the site or link struck, mean and largest over the outages.',
  },
  requestsFailed: {
    name: 'failed requests', title: 'failed requests', unit: 'count', better: 'lower is better',
    text: 'Inference requests that failed after their retries ran out (missed for C).',
  },
  requestsDropped: {
    name: 'dropped requests', title: 'dropped requests', unit: 'count', better: 'lower is better',
    text: 'Inference requests turned away by a full queue (missed for C).',
  },
  requestsRetried: {
    name: 'retried requests', title: 'retried requests', unit: 'count', better: 'lower is better',
    text: 'Retries of inference requests after replica failures.',
  },
  quality: {
    name: 'quality', title: 'answer quality', unit: SHARE, better: 'higher is better',
    text: 'Mean, over completed requests, of the quality of the model variant (compression) that served each; 1 for the full model. No value when none completed.',
  },
  meanReadyReplicas: {
    name: 'meanReadyReplicas', title: 'mean ready replicas', unit: 'replicas', better: '',
    text: 'Time-average number of an inference service\'s replicas ready to serve.',
  },
  utilisation: {
    name: 'utilisation', title: 'replica utilisation', unit: SHARE, better: '',
    text: 'Busy request slots / ready request slots of an inference service, time-averaged.',
  },
  storageLoss: {
    name: 'data loss', title: 'storage data loss', unit: 'count', better: 'lower is better',
    text: 'Per site that models storage: stripes lost for good (fewer pieces left than needed to rebuild them), the moments at which stripes were lost (data-loss events), and the time of the first loss.',
  },
  storageCopies: {
    name: 'copies', title: 'copies to another site', unit: 'count', better: '',
    text: 'With copies to another site: copies made, skipped (due while the previous one was under way or a side was down), cut short by an outage, and outages of the site or link.',
  },
  queued: {
    name: 'queued', title: 'queued at E', unit: 'count', better: '',
    text: 'Items of the workload still waiting at the end of the run.',
  },
  running: {
    name: 'running', title: 'running at E', unit: 'count', better: '',
    text: 'Items of the workload still running at the end of the run.',
  },
  missed: {
    name: 'missed', title: 'missed', unit: 'count', better: 'lower is better',
    text: 'Decided items that did not meet their deadline: completed late, ended unserved, or pending at E past their deadline.',
  },
  trainingGoodput: {
    name: 'goodput (training)', title: 'training goodput', unit: SHARE, better: 'higher is better',
    text: 'useful / allocated GPU-time of a training job; its attainment in C. No value before the job ever ran.',
  },
  progress: {
    name: 'progress', title: 'training progress', unit: SHARE, better: 'higher is better',
    text: 'Share of the training job\'s work done and saved (by its last completed checkpoint, or the whole work once done).',
  },
  trainingGpuS: {
    name: 'training GPU time', title: 'training GPU-time accounting', unit: 'GPU-seconds (shown in GPU-hours)', better: '',
    text: 'allocated = useful + lost + checkpoint + restart + in progress. Useful: computation whose progress was kept (checkpointed, or finished the job). Lost: computation thrown away by interruptions. Checkpoint, restart: time writing checkpoints and restarting. In progress: computation not yet saved when the run ended.',
  },
  checkpoints: {
    name: 'checkpoints', title: 'checkpoints', unit: 'count', better: '',
    text: 'Checkpoints the training job completed.',
  },
  checkpointsLost: {
    name: 'checkpointsLost', title: 'checkpoints lost', unit: 'count', better: 'lower is better',
    text: 'Completed checkpoints a storage data loss destroyed before a restart needed them (the restart went back past them).',
  },
} as const satisfies Record<string, FigureDefinition>;

/** Key of a figure definition. */
export type FigureKey = keyof typeof FIGURE_DEFINITIONS;

/** Every key, in the order "All definitions" lists them. */
export const FIGURE_KEYS: readonly FigureKey[] = Object.keys(FIGURE_DEFINITIONS) as FigureKey[];

/** The definition of `key`. */
export function figureDefinition(key: FigureKey): FigureDefinition {
  return FIGURE_DEFINITIONS[key];
}
