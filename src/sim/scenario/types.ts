import type { MetricFormulas } from '../metrics/formulaNames.ts';
import type { Distribution } from '../random/distributions.ts';
import type { PolicyFamilyName } from './policyFamilies.ts';
import type { FailureTarget } from './failureTargets.ts';

/**
 * A validated scenario with every unit resolved: times in seconds, rates per second.
 * This is what the model runs; the text a user writes is described in docs/scenario-format.md.
 */
export interface Scenario {
  /** Short title. */
  readonly name: string;
  /** The story: what happens, what to compare, what to look for. */
  readonly description: string;
  /** Seed from which every random stream is derived. */
  readonly seed: number;
  /** Longest simulated time, in seconds. */
  readonly horizonS: number;
  /**
   * When false (the default), the run ends as soon as every workload has had all its
   * arrivals and no work is waiting or running; when true it always runs to the horizon.
   */
  readonly runToHorizon: boolean;
  readonly cluster: ClusterSpec;
  readonly workloads: readonly WorkloadSpec[];
  readonly failures: readonly FailureSpec[];
  readonly policies: PolicySelection;
  /**
   * Policy sets worth comparing on this scenario (presets carry them): each replaces the
   * scenario's choice for the families it names and keeps the others.
   */
  readonly policySets: readonly NamedPolicySet[];
  /** How failures are noticed. */
  readonly monitoring: MonitoringSpec;
  /** Planned maintenance and rolling deployments. */
  readonly maintenance: readonly MaintenanceSpec[];
  /** Formulas that replace the default definition of a headline figure. */
  readonly metrics: MetricFormulas;
}

/**
 * Failure detection. Work hit by a failure hangs, holding its GPUs, for `detectionS` before
 * anything notices; only then is it stopped and handed to the failover policy.
 */
export interface MonitoringSpec {
  /** Seconds from a failure to its detection (heartbeat interval × missed beats, or an alert delay). */
  readonly detectionS: number;
}

/**
 * Planned work — a maintenance window or a rolling model deployment — that takes the
 * components of one level (optionally in one site) down in waves: wave k, the k-th group of
 * `perWave` components in index order, is down during [atS + k·durationS, atS + (k+1)·durationS).
 * Work on them is interrupted as by a failure but needs no detection; reported apart from failures.
 */
export interface MaintenanceSpec {
  readonly target: FailureTarget;
  readonly site?: string;
  readonly atS: number;
  /** How long each wave keeps its components down. */
  readonly durationS: number;
  /** Components down at once (at least 1). */
  readonly perWave: number;
}

/** The physical cluster. */
export interface ClusterSpec {
  readonly sites: readonly SiteSpec[];
  /** Links between sites; none when absent. */
  readonly wan?: readonly WanLinkSpec[];
}

/** A network link: its bandwidth and one-way latency. */
export interface LinkSpec {
  /** Bytes per second; Infinity when not a limit. */
  readonly bandwidthBps: number;
  /** Propagation delay added to every transfer over it, seconds. */
  readonly latencyS: number;
}

/**
 * A wide-area link between two sites. Copies between them go over it, sharing its bandwidth;
 * when it fails, transfers over it are cut and work spanning the two sites is interrupted.
 */
export interface WanLinkSpec extends LinkSpec {
  /** Link id, for failures: "east-west" unless given. */
  readonly id: string;
  readonly sites: readonly [string, string];
}

/** One site: `racks` racks of `nodesPerRack` identical nodes. */
export interface SiteSpec {
  readonly id: string;
  readonly racks: number;
  readonly nodesPerRack: number;
  readonly node: NodeSpec;
  /** The site's storage, when modelled. */
  readonly storage?: StorageSpec;
  /**
   * Each rack's uplink (its top-of-rack switch and the link to the site's spine), when
   * modelled: transfers from a rack's GPUs to storage cross it, sharing its bandwidth; when it
   * fails, the rack is cut off (its GPUs unreachable, its data kept).
   */
  readonly uplink?: LinkSpec;
}

/**
 * A site's storage: `stripes` data stripes, each stored as `pieces` pieces on as many
 * different racks (rotating over the racks), of which any `needed` rebuild the data —
 * replication r is pieces = r, needed = 1; erasure coding k+m is pieces = k + m, needed = k.
 * A rack that goes down loses its pieces until it is repaired (the repair stands for the
 * rebuild); a stripe with fewer than `needed` pieces left is lost for good: a data-loss event.
 */
export interface StorageSpec {
  /** Pieces per stripe; 0 when the site's data is not modelled (only its bandwidth or copies). */
  readonly pieces: number;
  readonly needed: number;
  readonly stripes: number;
  /** Write bandwidth of the site's storage, bytes per second (Infinity when not given). */
  readonly bandwidthBps: number;
  /**
   * A copy of the site's data to another site, started every `everyS`: either safe a fixed
   * `durationS` later, or once `sizeBytes` have crossed the WAN link between the sites (read
   * from this site's storage, written to the other's, sharing all three with other
   * transfers). A copy cut by an outage of either site or of the link is not safe; a copy
   * due while the previous one is still under way is skipped.
   */
  readonly copy?: StorageCopySpec;
}

/** Scheduled copies of a site's data to another site: a fixed duration, or a size sent over the WAN. */
export interface StorageCopySpec {
  readonly to: string;
  readonly everyS: number;
  /** Time one copy takes, seconds, when given by duration. */
  readonly durationS?: number;
  /** Bytes one copy sends, when given by size. */
  readonly sizeBytes?: number;
}

/** One node: `gpus` GPUs of one type. */
export interface NodeSpec {
  readonly gpus: number;
  /** GPU model name, e.g. "H100". */
  readonly gpu: string;
  /** Relative speed of one GPU; the reference (1.0) is an H100. Work takes `work / speed` seconds. */
  readonly speed: number;
}

/**
 * A real trace read from a file. The scenario names it; the data is attached when the file
 * is read (by the command line, or the app), since the model itself reads no files.
 */
export interface TraceSource<Format extends string, Data> {
  readonly format: Format;
  /** File path, relative to the scenario file. */
  readonly path: string;
  /** Arrival times are multiplied by this (0.5 replays twice as fast). */
  readonly timeScale: number;
  /** Use only the first `limit` entries. */
  readonly limit: number;
  /** The parsed trace, once read. */
  readonly data?: Data;
}

/** Batch tasks from a GPU cluster trace: arrival, run time and GPUs (possibly a fraction of one) of each. */
export interface TaskTraceData {
  readonly arrivalS: Float64Array;
  readonly durationS: Float64Array;
  readonly gpus: Float64Array;
}

/** Inference requests from an LLM serving trace: arrival and token counts of each. */
export interface RequestTraceData {
  readonly arrivalS: Float64Array;
  readonly promptTokens: Float64Array;
  readonly outputTokens: Float64Array;
}

/** A stream of independent batch tasks. */
export interface BatchWorkloadSpec {
  readonly kind: 'batch';
  readonly id: string;
  /** Number of arrivals after which the workload stops; Infinity for "until the horizon". */
  readonly count: number;
  /** GPUs each task holds while it runs. */
  readonly gpus: number;
  /** Poisson arrival rate, tasks per second. */
  readonly arrivalRatePerS: number;
  /** Service time of a task on GPUs of speed 1.0, in seconds. */
  readonly work: Distribution;
  /** Deadline after arrival, in seconds; Infinity when the workload has no SLO. */
  readonly sloS: number;
  /** Importance in the business-continuity figure C. */
  readonly weight: number;
  /**
   * Tasks read from a trace instead of drawn (then `count`, `gpus`, the arrival rate and
   * `work` are unused): each task's work is its traced run time × `traceSpeed`.
   */
  readonly trace?: TraceSource<'alibaba-gpu-2023', TaskTraceData> & { readonly traceSpeed: number };
}

/**
 * One large training job, gang-scheduled on `gpus` GPUs: all start together or not at all,
 * and a failure under any of them interrupts all of it. Progress since the last completed
 * checkpoint is lost on an interruption.
 */
export interface TrainingWorkloadSpec {
  readonly kind: 'training';
  readonly id: string;
  /** GPUs the job runs on, all at once. */
  readonly gpus: number;
  /** Compute time the job needs on `gpus` GPUs of speed 1.0, seconds. */
  readonly workS: number;
  /** When the job is submitted, seconds. */
  readonly startS: number;
  /** Time one checkpoint write takes (the job makes no progress meanwhile), seconds; with a size, an estimate (size / bandwidth). */
  readonly checkpointCostS: number;
  /**
   * Size of a checkpoint, bytes, when given instead of a cost: a write then streams it to the
   * site's storage, sharing the storage bandwidth fairly with the other writers there.
   */
  readonly checkpointSizeBytes?: number;
  /** Time to restart after an interruption (relaunch and read the checkpoint), seconds. */
  readonly restartS: number;
  /** False when the job has no `checkpoint` block: it never checkpoints and restarts from scratch. */
  readonly checkpoints: boolean;
  /** Deadline after submission, seconds; Infinity when none. */
  readonly sloS: number;
  /** Importance in the business-continuity figure C. */
  readonly weight: number;
}

/** A time-varying multiplier of a Poisson rate. */
export interface RateShape {
  /** Daily cycle: rate × (1 + amplitude · cos(2π (t − peak) / period)). */
  readonly diurnal?: { readonly amplitude: number; readonly periodS: number; readonly peakS: number };
  /** Windows during which the rate is multiplied by `factor`. */
  readonly bursts: readonly { readonly atS: number; readonly durationS: number; readonly factor: number }[];
}

/** How long one request takes to serve on a replica of speed 1.0. */
export type ServiceTimeSpec =
  | { readonly kind: 'distribution'; readonly distribution: Distribution }
  | {
    readonly kind: 'tokens';
    /** Prompt (context) tokens per request. */
    readonly prompt: Distribution;
    /** Generated tokens per request. */
    readonly output: Distribution;
    /** Prefill time per prompt token, seconds, at speed 1.0. */
    readonly prefillPerTokenS: number;
    /** Time per output token, seconds, at speed 1.0. */
    readonly decodePerTokenS: number;
  };

/**
 * A service: `replicas` copies of a model, each on `gpusPerReplica` GPUs, serving requests
 * from one queue; a request goes to any ready replica with a free slot.
 */
export interface InferenceWorkloadSpec {
  readonly kind: 'inference';
  readonly id: string;
  readonly replicas: number;
  /**
   * Bounds of the replica count under autoscaling (policies.autoscaling); both default to
   * `replicas`, which is then the count the service starts with.
   */
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly gpusPerReplica: number;
  /** Site the replicas must run in; any site when absent. */
  readonly site?: string;
  /** Time from a replica's placement until it serves (load the model), seconds. */
  readonly startupS: number;
  /** Requests one replica serves at once. */
  readonly concurrency: number;
  /** Mean Poisson request rate, per second, before the rate shape. */
  readonly arrivalRatePerS: number;
  readonly rateShape: RateShape;
  /** Number of requests after which arrivals stop; Infinity for "until the horizon". */
  readonly count: number;
  readonly service: ServiceTimeSpec;
  /** Latency objective from arrival to completion, seconds; Infinity when none. */
  readonly sloS: number;
  /** Times a request cut off by a replica failure is tried again before it fails. */
  readonly retries: number;
  /** Largest number of waiting requests; an arrival finding it full is dropped. */
  readonly queueLimit: number;
  readonly weight: number;
  /**
   * Requests read from a trace instead of drawn (then the arrival rate, its shape and
   * `count` are unused); with `tokens`, service times come from the traced token counts.
   */
  readonly trace?: TraceSource<'azure-llm-2023', RequestTraceData>;
}

/** Any workload. */
export type WorkloadSpec = BatchWorkloadSpec | TrainingWorkloadSpec | InferenceWorkloadSpec;

/**
 * What a failure can strike, and every failure target in the order results list them: both
 * read from the table of targets (failureTargets.ts), where each target is defined once.
 */
export { FAILURE_TARGETS, type FailureTarget } from './failureTargets.ts';

/** Every component of one level fails and is repaired independently, over and over. */
export interface RandomFailureSpec {
  readonly kind: 'random';
  readonly target: FailureTarget;
  /** Time from a repair (or the start) to the next failure of one component, in seconds. */
  readonly timeToFailure: Distribution;
  /** Time to repair, in seconds. */
  readonly repair: Distribution;
  /** Restrict the process to the components of this site (all sites when absent). */
  readonly site?: string;
}

/** One component down from `atS` for `durationS` seconds: a drill or a disaster. */
export interface ScheduledOutageSpec {
  readonly kind: 'scheduled';
  readonly target: FailureTarget;
  /** Component id: "east", "east/r0", "east/r0/n3" or "east/r0/n3/g1". */
  readonly id: string;
  readonly atS: number;
  readonly durationS: number;
}

/** Failures read from a CSV file (`time,target,id,duration`), each one a scheduled outage. */
export interface FailureTraceSpec {
  readonly kind: 'trace';
  /** File path, relative to the scenario file. */
  readonly path: string;
  /** The outages read from the file, once read (the model reads no files). */
  readonly data?: readonly Omit<ScheduledOutageSpec, 'kind'>[];
}

/** A failure process, a scheduled outage, or a trace of failures. */
export type FailureSpec = RandomFailureSpec | ScheduledOutageSpec | FailureTraceSpec;

/** A policy chosen by name, with its parameters. */
export interface PolicyRef {
  readonly name: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/** A named policy set of a scenario: choices for some policy families. */
export interface NamedPolicySet {
  readonly name: string;
  readonly policies: Partial<PolicySelection>;
}

/** The policy chosen for each family (the families and what each decides: POLICY_FAMILIES). */
export type PolicySelection = { readonly [F in PolicyFamilyName]: PolicyRef };

/** Names of the headline figures, and formula text per headline figure a scenario overrides (defined with the metrics). */
export type { HeadlineName, MetricFormulas } from '../metrics/formulaNames.ts';
