import type { EventHandle } from '../engine/EventQueue.ts';
import type { CheckpointPlan } from '../policy/BackupPolicy.ts';
import type { TrainingWorkloadSpec } from '../scenario/types.ts';
import type { ClusterNetwork, Path } from './ClusterNetwork.ts';
import type { TrainingPhase } from './SimObserver.ts';

/* The records TrainingJobs keeps per job, and the ports it is built with. */

/** What the jobs need to know of sites when one restarts away from its checkpoints. */
export interface SiteAccess {
  /** No site-level failure is in force at the site. */
  up(site: number): boolean;
  /** Start of the newest safe copy of site `from`'s data in site `to` (NaN when none). */
  copiedUpToS(from: number, to: number): number;
  /** The WAN link between two sites, -1 when none. */
  wanBetween(a: number, b: number): number;
  /** False while a WAN link joining the two sites is down (true when none joins them). */
  linkUp(a: number, b: number): boolean;
  /** Index of a site by id, -1 when none. */
  indexOf(id: string): number;
}




/** A completed checkpoint: when, where, and the job's state it saved. */
export interface Checkpoint {
  readonly timeS: number;
  readonly site: number;
  readonly progressS: number;
  /** Useful GPU-seconds up to it. */
  readonly usefulGpuS: number;
  /** Destroyed by a data loss in its site's storage (and not copied away before). */
  lost: boolean;
  /** In storage (else only local: in memory, with a copy on a peer node). */
  durable: boolean;
  /** Site a background copy reached (-1 for none). */
  copiedTo: number;
}

export interface Job {
  readonly task: number;
  readonly spec: TrainingWorkloadSpec;
  progressS: number;
  phase: TrainingPhase | 'waiting' | 'done';
  phaseStartS: number;
  /** Wall length of the current compute phase. */
  computeS: number;
  /** True when the current compute phase runs to the end of the work. */
  final: boolean;
  timer: EventHandle;
  speed: number;
  gpus: number;
  mtbfS: number;
  started: boolean;
  interruptions: number;
  usefulGpuS: number;
  lostGpuS: number;
  checkpointGpuS: number;
  restartGpuS: number;
  checkpoints: number;
  /** When it first started (its state then is the one to fall back to without checkpoints). */
  firstStartS: number;
  /** Its completed checkpoints, oldest first. */
  readonly history: Checkpoint[];
  /** Checkpoints it had to skip back over at an interruption because a data loss destroyed them. */
  checkpointsLost: number;
  /** Site of its current GPUs. */
  site: number;
  /** How the checkpoint being written is kept. */
  plan: CheckpointPlan;
  /** During a restart that reads from another site: that site and the WAN link (-1 for none). */
  readFrom: number;
  readLink: number;
  /** Wall time it held GPUs over its finished attempts, and when the current one began (NaN when not running). */
  runS: number;
  attemptStartS: number;
  /** From its current GPUs to their site's storage; the checkpoint write or read under way (-1 for none). */
  path: Path | null;
  transfer: number;
  /** Over its interruptions: the age of the newest safe copy when each struck (RPO). */
  rpoSumS: number;
  rpoMaxS: number;
}

/** How {@link TrainingJobs} reaches the rest of the model. */
export interface TrainingPorts {
  /** A job did all its work. */
  finished(task: number): void;
  /** A job entered a phase; `progressS` is its checkpointed progress at speed 1.0. */
  phase?(task: number, phase: TrainingPhase, progressS: number, timeS: number): void;
  /** Storage and links, for checkpoints given by size. */
  readonly network?: ClusterNetwork;
  /** Keep every checkpoint (some storage can lose data), not only the last. */
  readonly tracksDataLoss?: boolean;
  /** Which sites are up and what their copies saved, for restarts in another site (none: every site up, no copies). */
  readonly sites?: SiteAccess | null;
}
