import { callPolicy } from './callPolicy.ts';
import type { TrainingPhase } from './SimObserver.ts';
import type { GpuRanges } from '../policy/GpuRanges.ts';
import type { Simulator } from '../engine/Simulator.ts';
import type { BackupPolicy, CheckpointPlan, TrainingJobView } from '../policy/BackupPolicy.ts';
import { failureTargetInfo, type FailureTarget } from '../scenario/failureTargets.ts';
import { BackgroundCopies } from './BackgroundCopies.ts';
import type { TrainingWorkloadSpec } from '../scenario/types.ts';
import type { TrainingAccount } from '../metrics/computeMetrics.ts';
import { PolicyError } from './PolicyError.ts';
import type { Path } from './ClusterNetwork.ts';
import type { Checkpoint, Job, SiteAccess, TrainingPorts } from './TrainingJob.ts';
import type { ClusterNetwork } from './ClusterNetwork.ts';

/** Most checkpoints a job remembers (older ones are never needed in practice: copies are more recent). */
const HISTORY_LIMIT = 4096;

export type { TrainingPhase, SiteAccess, TrainingPorts };

/**
 * The life of training jobs on their GPUs: restart (after an interruption), compute until
 * the backup policy's next checkpoint or the end of the work, write the checkpoint (no
 * progress meanwhile), and so on. An interruption loses the computation since the last
 * completed checkpoint; a checkpoint cut short saves nothing.
 */
export class TrainingJobs {
  private readonly jobs = new Map<number, Job>();
  private readonly phaseEndKind: number;
  private readonly background: BackgroundCopies;
  /** Keep every checkpoint (some storage can lose data), not only the last. */
  private readonly tracksDataLoss: boolean;
  /** Which sites are up and what their copies saved, for restarts in another site (none: every site up, no copies). */
  private readonly sites: SiteAccess | null;
  /** Storage and links, for checkpoints given by size. */
  private readonly network: ClusterNetwork | undefined;

  constructor(private readonly sim: Simulator, private readonly backup: BackupPolicy, private readonly ports: TrainingPorts) {
    this.tracksDataLoss = ports.tracksDataLoss ?? false;
    this.sites = ports.sites ?? null;
    this.network = ports.network;
    this.phaseEndKind = sim.on((task) => this.phaseEnd(task));
    this.background = new BackgroundCopies(sim, (h) => sim.on(h), ports.network);
  }

  /** Adds a job (it waits for the scheduler to place it). */
  add(task: number, spec: TrainingWorkloadSpec): void {
    this.jobs.set(task, {
      task, spec, progressS: 0, phase: 'waiting', phaseStartS: 0, computeS: 0, final: false, timer: -1, speed: 1, gpus: spec.gpus,
      mtbfS: Infinity, started: false, interruptions: 0, usefulGpuS: 0, lostGpuS: 0, checkpointGpuS: 0, restartGpuS: 0, checkpoints: 0,
      firstStartS: NaN, history: [], checkpointsLost: 0, site: 0, plan: {}, readFrom: -1, readLink: -1, runS: 0, attemptStartS: NaN, rpoSumS: 0, rpoMaxS: 0, path: null, transfer: -1,
    });
  }

  /** True when `task` is a training job. */
  has(task: number): boolean {
    return this.jobs.has(task);
  }

  /** Starts (or restarts) a job on GPUs of the given speed in a site; `mtbfS` is M on those GPUs. */
  start(task: number, speed: number, mtbfS: number, gpus: GpuRanges, site: number): void {
    const j = this.jobs.get(task)!;
    // Elastic: on fewer GPUs than it was given, it computes proportionally slower.
    j.speed = (speed * j.gpus) / j.spec.gpus;
    j.mtbfS = mtbfS;
    j.site = site;
    j.attemptStartS = this.sim.nowS;
    j.path = this.network && j.spec.checkpointSizeBytes !== undefined ? this.network.storagePath(gpus) : null;
    if (!j.started) j.firstStartS = this.sim.nowS;
    const wasStarted = j.started;
    j.started = true;
    if (!wasStarted) { this.compute(j); return; }
    const from = this.reachableCheckpoint(j);
    // A local checkpoint is restored from a peer's memory: no read from storage.
    if (j.path && from && from.durable) this.readBack(j, this.readPath(j, from));
    else if (j.spec.restartS > 0) this.enter(j, 'restart', j.spec.restartS);
    else this.compute(j);
  }

  /** Goes back to the newest checkpoint the job can reach from its new site; null when none is left. */
  private reachableCheckpoint(j: Job): Checkpoint | null {
    const sites = this.sites;
    const reachable = (c: Checkpoint) => !sites || c.site === j.site || c.copiedTo === j.site
      || (c.durable && ((sites.up(c.site) && sites.linkUp(c.site, j.site)) || c.timeS <= sites.copiedUpToS(c.site, j.site)));
    const h = j.history;
    if (h.length > 0 && !reachable(h[h.length - 1])) {
      while (h.length > 0 && !reachable(h[h.length - 1])) { h.pop(); j.checkpointsLost++; }
      this.rewind(j);
    }
    return h.at(-1) ?? null;
  }

  /**
   * Where a restart reads checkpoint `c` from: here (written here, or a copy here), else its
   * own site's storage — over the WAN link joining the sites, or storage to storage when no
   * link is modelled. Records the remote site and link, whose failure cuts the read.
   */
  private readPath(j: Job, c: Checkpoint): Path {
    const s = this.sites;
    const here = c.site === j.site || c.copiedTo === j.site || !s || !(s.up(c.site) && s.linkUp(c.site, j.site));
    if (here) return j.path!;
    const link = s.wanBetween(c.site, j.site);
    j.readFrom = c.site;
    j.readLink = link;
    return link >= 0 ? this.network!.copyPath(c.site, j.site, link) : this.network!.directPath(c.site, j.site);
  }

  /** Jobs reading a checkpoint from site `site`, or over WAN link `link` (-1: any link), now. */
  readingRemotely(site: number, link: number): number[] {
    const out: number[] = [];
    for (const j of this.jobs.values()) {
      if (j.transfer < 0 || j.readFrom < 0) continue;
      if ((site >= 0 && j.readFrom === site) || (link >= 0 && j.readLink === link)) out.push(j.task);
    }
    return out;
  }

  /** Sets the job's progress and useful time back to its newest remaining checkpoint (or its start), the rest counted as lost. */
  private rewind(j: Job): void {
    const back = j.history.at(-1);
    const usefulGpuS = back ? back.usefulGpuS : 0;
    j.lostGpuS += j.usefulGpuS - usefulGpuS;
    j.usefulGpuS = usefulGpuS;
    j.progressS = back ? back.progressS : 0;
  }

  /** Elastic training: the job goes on with `gpus` GPUs from its next start. */
  resize(task: number, gpus: number): void {
    this.jobs.get(task)!.gpus = gpus;
  }

  /** A restart that reads the checkpoint back over `path` (shared), then relaunches (`restart`). */
  private readBack(j: Job, path: Path): void {
    this.enter(j, 'restart', Infinity);
    j.transfer = this.network!.flows.start(path.hops, j.spec.checkpointSizeBytes!, path.latencyS, () => {
      j.transfer = -1;
      j.readFrom = -1;
      j.readLink = -1;
      if (j.spec.restartS > 0) j.timer = this.sim.after(j.spec.restartS, this.phaseEndKind, j.task);
      else this.phaseEnd(j.task);
    });
  }

  /**
   * The write time of one checkpoint the policies see: its cost, or, given by size, the time
   * to send it alone over its path (the narrowest link for its share, plus the latency).
   */
  private checkpointCostS(j: Job): number {
    const bytes = j.spec.checkpointSizeBytes;
    if (bytes === undefined || !j.path) return j.spec.checkpointCostS;
    let s = 0;
    for (const h of j.path.hops) s = Math.max(s, (bytes * h.weight) / this.network!.flows.capacityOf(h.link));
    return s + j.path.latencyS;
  }

  /**
   * Stops a running job hit by a failure of `cause` (or preempted) and books what it loses;
   * local checkpoints survive GPU and node failures and preemption only.
   */
  interrupt(task: number, cause: FailureTarget | 'preempted'): void {
    const j = this.jobs.get(task)!;
    const elapsed = this.sim.nowS - j.phaseStartS;
    this.sim.cancel(j.timer);
    this.background.cancel(task);
    if (j.transfer >= 0) { this.network!.flows.cancel(j.transfer); j.transfer = -1; }
    j.readFrom = -1;
    j.readLink = -1;
    if (j.phase === 'restart') j.restartGpuS += elapsed * j.gpus;
    else if (j.phase === 'compute') j.lostGpuS += elapsed * j.gpus;
    else if (j.phase === 'checkpoint') {
      j.checkpointGpuS += elapsed * j.gpus;
      j.lostGpuS += j.computeS * j.gpus;
    }
    j.interruptions++;
    j.runS += this.sim.nowS - j.attemptStartS;
    j.attemptStartS = NaN;
    this.fallBack(j, cause === 'preempted' || failureTargetInfo(cause).keepsLocalCheckpoints);
    const last = j.history.at(-1);
    const rpo = this.sim.nowS - (last ? last.timeS : j.firstStartS);
    j.rpoSumS += rpo;
    j.rpoMaxS = Math.max(j.rpoMaxS, rpo);
    j.phase = 'waiting';
  }

  /**
   * A data loss in site `site`'s storage at `nowS` destroys the checkpoints stored there,
   * except those already copied to another site (written no later than `copiedUpToS`, the
   * start of the newest safe copy; NaN when none).
   */
  dataLoss(site: number, copiedUpToS: number): void {
    for (const j of this.jobs.values()) {
      for (const c of j.history) if (c.site === site && !(c.timeS <= copiedUpToS)) c.lost = true;
    }
  }

  /**
   * After an interruption: drop the checkpoints at the end of the history that are gone —
   * destroyed by a data loss, or local ones when `localSurvives` is false — moving their
   * useful work to lost.
   */
  private fallBack(j: Job, localSurvives: boolean): void {
    const h = j.history;
    const gone = (c: Checkpoint) => c.lost || (!c.durable && !localSurvives && c.copiedTo < 0);
    if (h.length === 0 || !gone(h[h.length - 1])) return;
    while (h.length > 0 && gone(h[h.length - 1])) { h.pop(); j.checkpointsLost++; }
    this.rewind(j);
  }

  /** Books GPU time a stopped job held without use (hanging until its failure was detected) as lost. */
  addLost(task: number, gpuS: number): void {
    this.jobs.get(task)!.lostGpuS += gpuS;
  }

  /** What the policies see of a job. */
  /** What a policy sees of a job: a flat object (freeze it before handing it out). */
  view(task: number): TrainingJobView {
    const j = this.jobs.get(task)!;
    return {
      id: j.spec.id, gpus: j.gpus, workS: j.spec.workS, checkpointedS: j.progressS, speed: j.speed,
      checkpointCostS: this.checkpointCostS(j), restartS: j.spec.restartS, mtbfS: j.mtbfS, interruptions: j.interruptions,
      fullGpus: j.spec.gpus, runS: j.runS + (Number.isNaN(j.attemptStartS) ? 0 : this.sim.nowS - j.attemptStartS),
    };
  }

  /** The job's accounting so far; a phase still running is counted up to now. */
  account(task: number): TrainingAccount {
    const j = this.jobs.get(task)!;
    const open = (this.sim.nowS - j.phaseStartS) * j.gpus;
    return {
      usefulGpuS: j.usefulGpuS,
      lostGpuS: j.lostGpuS,
      checkpointGpuS: j.checkpointGpuS + (j.phase === 'checkpoint' ? open : 0),
      restartGpuS: j.restartGpuS + (j.phase === 'restart' ? open : 0),
      inProgressGpuS: j.phase === 'compute' ? open : j.phase === 'checkpoint' ? j.computeS * j.gpus : 0,
      checkpoints: j.checkpoints,
      checkpointsLost: j.checkpointsLost,
      progressS: j.progressS,
      interruptions: j.interruptions,
      rpoSumS: j.rpoSumS,
      rpoMaxS: j.rpoMaxS,
    };
  }

  private compute(j: Job): void {
    const remainingS = (j.spec.workS - j.progressS) / j.speed;
    const interval = j.spec.checkpoints ? this.askBackup(j) : Infinity;
    j.final = interval >= remainingS;
    j.computeS = j.final ? remainingS : interval;
    this.enter(j, 'compute', j.computeS);
  }

  /** The backup policy's next interval, checked: a positive number of seconds (Infinity for none). */
  private askBackup(j: Job): number {
    const interval: unknown = callPolicy(this.backup, 'checkpointIntervalS', () => this.backup.checkpointIntervalS(Object.freeze(this.view(j.task)), this.sim.nowS));
    if (typeof interval !== 'number' || !(interval > 0)) {
      throw new PolicyError(this.backup.name, `checkpointIntervalS returned ${String(interval)}; expected a time > 0 (seconds; Infinity for none)`);
    }
    return interval;
  }

  /** Asks the backup policy how the next checkpoint is kept, and checks the answer. */
  private askPlan(j: Job): CheckpointPlan {
    if (!this.backup.nextCheckpoint) return {};
    const backup = this.backup;
    const plan: CheckpointPlan = callPolicy(backup, 'nextCheckpoint', () => backup.nextCheckpoint!(Object.freeze(this.view(j.task)), this.sim.nowS));
    const bad = (why: string) => new PolicyError(this.backup.name, `nextCheckpoint returned ${JSON.stringify(plan)}: ${why}`);
    if (typeof plan !== 'object' || plan === null) throw bad('expected an object { localCostS?, persist?, replicateTo? }');
    if (plan.localCostS !== undefined && !(typeof plan.localCostS === 'number' && plan.localCostS >= 0 && plan.localCostS < Infinity)) throw bad('localCostS must be a time ≥ 0 in seconds');
    if (plan.replicateTo !== undefined && (!this.sites || this.sites.indexOf(plan.replicateTo) < 0)) throw bad(`no site ${JSON.stringify(plan.replicateTo)}`);
    return plan;
  }

  /** Starts the background work a new checkpoint's plan asks for (unless the job's previous is still under way). */
  private keep(j: Job, c: Checkpoint): void {
    const persist = !c.durable && j.plan.persist === true;
    const to = j.plan.replicateTo === undefined ? -1 : this.sites!.indexOf(j.plan.replicateTo);
    if ((!persist && (to < 0 || to === j.site)) || this.background.busy(j.task)) return;
    this.background.start(j.task, {
      checkpoint: c, persist, replicateTo: to === j.site ? -1 : to, site: j.site, path: j.path,
      sizeBytes: j.spec.checkpointSizeBytes, writeS: this.checkpointCostS(j),
    });
  }

  private enter(j: Job, phase: TrainingPhase, durationS: number): void {
    j.phase = phase;
    j.phaseStartS = this.sim.nowS;
    j.timer = durationS === Infinity ? -1 : this.sim.after(durationS, this.phaseEndKind, j.task);
    this.ports.phase?.(j.task, phase, j.progressS, this.sim.nowS);
  }

  private phaseEnd(task: number): void {
    const j = this.jobs.get(task)!;
    const elapsed = this.sim.nowS - j.phaseStartS;
    if (j.phase === 'restart') {
      j.restartGpuS += elapsed * j.gpus;
      this.compute(j);
    } else if (j.phase === 'compute' && !j.final) {
      j.plan = this.askPlan(j);
      if (j.plan.localCostS !== undefined) this.enter(j, 'checkpoint', j.plan.localCostS);
      else if (!j.path) this.enter(j, 'checkpoint', j.spec.checkpointCostS);
      else {
        // The write streams the checkpoint to the site's storage; it ends when the transfer does.
        this.enter(j, 'checkpoint', Infinity);
        j.transfer = this.network!.flows.start(j.path.hops, j.spec.checkpointSizeBytes!, j.path.latencyS, () => { j.transfer = -1; this.phaseEnd(task); });
      }
    } else if (j.phase === 'checkpoint') {
      j.checkpointGpuS += elapsed * j.gpus;
      j.usefulGpuS += j.computeS * j.gpus;
      j.progressS = Math.min(j.spec.workS, j.progressS + j.computeS * j.speed);
      j.checkpoints++;
      if (!this.tracksDataLoss && !this.sites) j.history.length = 0; // only the last one matters then
      else if (j.history.length >= HISTORY_LIMIT) j.history.shift();
      const c: Checkpoint = { timeS: this.sim.nowS, site: j.site, progressS: j.progressS, usefulGpuS: j.usefulGpuS, lost: false, durable: j.plan.localCostS === undefined, copiedTo: -1 };
      j.history.push(c);
      this.keep(j, c);
      this.compute(j);
    } else {
      j.usefulGpuS += elapsed * j.gpus;
      j.progressS = j.spec.workS;
      j.phase = 'done';
      this.ports.finished(task);
    }
  }
}
