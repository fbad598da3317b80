import { rangesToList, type GpuRanges } from '../../../src/sim/policy/GpuRanges.ts';
/**
 * An independent oracle for a batch-model run: it follows the observer callbacks (and, through
 * a wrapping scheduling policy, what the policy is shown), keeps its own account of task
 * states, GPU ownership and component failures, and checks every step against the rules of
 * the model. Violations are collected as messages (the first few are enough to debug).
 *
 * The network: a failed rack uplink takes its rack's GPUs down (kept apart from the rack
 * itself: a rack cut off keeps its stored data); a failed WAN link takes no GPU down but
 * interrupts, at once, the work running on GPUs in both of its sites. At the end, the
 * oracle checks each site's storage (stripes lost to rack and site failures, replayed) and
 * copies to another site (counts, outages and RPO bounds; with nothing in the way, the exact
 * schedule).
 */
import { FAILURE_TARGETS, type FailureTarget, type Scenario } from '../../../src/sim/scenario/types.ts';
import type { RunResult } from '../../../src/sim/model/RunResult.ts';
import type { SimObserver } from '../../../src/sim/model/SimObserver.ts';
import type { ClusterView, QueuedWork, SchedulingPolicy } from '../../../src/sim/policy/SchedulingPolicy.ts';

const St = { Queued: 0, Running: 1, Done: 2 } as const;
type St = (typeof St)[keyof typeof St];
const stateName = ['queued', 'running', 'done'];

interface TaskInfo {
  readonly workload: string;
  readonly arrivalS: number;
  state: St;
  gpus: readonly number[] | null;
  startS: number;
  starts: number;
  interruptions: number;
}

/** A GPU index range [first, end). */
export interface GpuRange {
  readonly first: number;
  readonly end: number;
  readonly level: FailureTarget;
}

/**
 * GPU index ↔ component ids, numbered site by site, rack by rack, node by node; plus the
 * network components: a rack's uplink (named as its rack, covering the rack's GPUs) and the
 * WAN links (by id, covering no GPUs: they join two sites).
 */
export class GpuMap {
  /** Ids of each GPU's site, rack, node and itself. */
  readonly ancestors: string[][] = [];
  readonly speed: number[] = [];
  /** GPU index range of every site, rack, node and GPU id. */
  readonly range = new Map<string, GpuRange>();
  /** The two sites of every WAN link, by link id. */
  readonly wan = new Map<string, readonly [string, string]>();

  constructor(s: Scenario) {
    let g = 0;
    for (const site of s.cluster.sites) {
      const siteFirst = g;
      for (let r = 0; r < site.racks; r++) {
        const rackFirst = g;
        for (let n = 0; n < site.nodesPerRack; n++) {
          const nodeFirst = g;
          for (let k = 0; k < site.node.gpus; k++, g++) {
            const ids = [site.id, `${site.id}/r${r}`, `${site.id}/r${r}/n${n}`, `${site.id}/r${r}/n${n}/g${k}`];
            this.ancestors.push(ids);
            this.speed.push(site.node.speed);
            this.range.set(ids[3], { first: g, end: g + 1, level: 'gpu' });
          }
          this.range.set(`${site.id}/r${r}/n${n}`, { first: nodeFirst, end: g, level: 'node' });
        }
        this.range.set(`${site.id}/r${r}`, { first: rackFirst, end: g, level: 'rack' });
      }
      this.range.set(site.id, { first: siteFirst, end: g, level: 'site' });
    }
    for (const l of s.cluster.wan ?? []) this.wan.set(l.id, l.sites);
  }

  get gpuCount(): number {
    return this.ancestors.length;
  }

  /**
   * The GPUs a failure of `target` "id" takes down: an uplink those of its rack, a WAN link
   * none (an empty range). Undefined for an id that names no such component.
   */
  rangeOf(target: FailureTarget, id: string): GpuRange | undefined {
    if (target === 'wan') return this.wan.has(id) ? { first: 0, end: 0, level: 'wan' } : undefined;
    const r = this.range.get(id);
    if (!r) return undefined;
    if (target === 'uplink') return r.level === 'rack' ? { ...r, level: 'uplink' } : undefined;
    return r.level === target ? r : undefined;
  }

  /** Site id of a GPU. */
  siteOf(gpu: number): string {
    return this.ancestors[gpu][0];
  }

  /** True when the GPUs lie in both sites of WAN link `link` (work a failure of the link interrupts). */
  spans(gpus: readonly number[], link: string): boolean {
    const [a, b] = this.wan.get(link)!;
    let inA = false, inB = false;
    for (const g of gpus) { const s = this.siteOf(g); inA ||= s === a; inB ||= s === b; }
    return inA && inB;
  }
}

/** Follows a run and records every broken rule. */
export class RunOracle implements SimObserver {
  readonly errors: string[] = [];
  readonly map: GpuMap;
  readonly tasks: TaskInfo[] = [];
  /** Arrival times per workload, in order. */
  readonly arrivals = new Map<string, number[]>();
  /** workS per task as shown to the policy (first sighting), keyed `${workload}#${index}`. */
  readonly workSeen = new Map<string, number>();
  /** Failures in force per component, keyed `${target} ${id}` (an uplink and its rack apart). */
  readonly downCount = new Map<string, number>();
  /** Times at which each site went down (its failures in force went from 0 to 1). */
  readonly siteOutages = new Map<string, number[]>();
  /** Times at which each WAN link went down (from 0 failures in force to 1). */
  readonly wanOutages = new Map<string, number[]>();
  /**
   * Per site whose data is modelled: rack and site failures in force over each rack (not its
   * uplink: a rack cut off keeps its data), down pieces per stripe group, and the losses.
   */
  private readonly stores = new Map<string, { racks: number; pieces: number; needed: number; stripes: number; rackDown: number[]; downPieces: number[]; lost: boolean[]; lostStripes: number; events: number; firstLossS: number | null }>();
  private readonly gpuDown: Int32Array;
  private readonly owner: Int32Array;
  private readonly workloadGpus = new Map<string, number>();
  private readonly countOf = new Map<string, number>();
  private readonly sloOf = new Map<string, number>();
  private lastT = 0;
  private readonly queued = new Set<number>();
  /** Running tasks that hold a GPU that just went down: they must be interrupted at once. */
  private pendingHit = new Set<number>();
  private lastDown: { target: FailureTarget; id: string; timeS: number } | null = null;
  // Time integrals, recomputed from the callbacks.
  upGpuS = 0;
  busyGpuS = 0;
  lostGpuS = 0;
  failures: Record<FailureTarget, number> = { gpu: 0, node: 0, rack: 0, site: 0, uplink: 0, wan: 0 };
  interruptions: Record<FailureTarget, number> = { gpu: 0, node: 0, rack: 0, site: 0, uplink: 0, wan: 0 };
  /** First time the run had nothing more to do (all arrivals in, nothing queued or running). */
  drainedAtS: number | null = null;
  responses: number[] = [];
  /** Copy schedules the oracle replayed exactly (see {@link checkCopies}), for tests to check they are not vacuous. */
  copyReplays = 0;

  constructor(readonly scenario: Scenario) {
    this.map = new GpuMap(scenario);
    this.gpuDown = new Int32Array(this.map.gpuCount);
    this.owner = new Int32Array(this.map.gpuCount).fill(-1);
    for (const w of scenario.workloads) {
      this.workloadGpus.set(w.id, w.kind === 'inference' ? w.gpusPerReplica : w.gpus);
      this.countOf.set(w.id, w.kind === 'batch' ? w.count : 1);
      this.sloOf.set(w.id, w.sloS);
      this.arrivals.set(w.id, []);
    }
    if (scenario.workloads.length > 0 && scenario.workloads.every((w) => w.kind === 'batch' && w.count === 0)) this.drainedAtS = 0;
    for (const x of scenario.cluster.sites) {
      const st = x.storage;
      if (st && st.pieces > 0) {
        this.stores.set(x.id, { racks: x.racks, pieces: st.pieces, needed: st.needed, stripes: st.stripes, rackDown: Array(x.racks).fill(0), downPieces: Array(x.racks).fill(0), lost: Array(x.racks).fill(false), lostStripes: 0, events: 0, firstLossS: null });
      }
    }
  }

  private fail(msg: string): void {
    if (this.errors.length < 20) this.errors.push(`t=${this.lastT}: ${msg}`);
  }

  private get upCount(): number {
    let up = 0;
    for (let g = 0; g < this.gpuDown.length; g++) if (this.gpuDown[g] === 0) up++;
    return up;
  }

  private get busyCount(): number {
    let busy = 0;
    for (let g = 0; g < this.owner.length; g++) if (this.owner[g] >= 0) busy++;
    return busy;
  }

  /** Called first by every callback: time order, integrals, and the "hit tasks go at once" rule. */
  private tick(timeS: number, interrupting = false): void {
    if (!(timeS >= this.lastT)) this.fail(`time went back from ${this.lastT} to ${timeS}`);
    if (!(timeS <= this.scenario.horizonS)) this.fail(`callback at ${timeS}, after the horizon ${this.scenario.horizonS}`);
    if (this.drainedAtS !== null && !this.scenario.runToHorizon && timeS > this.drainedAtS) {
      this.fail(`the run went on at ${timeS} after it drained at ${this.drainedAtS}`);
    }
    if (!interrupting && this.pendingHit.size > 0) {
      this.fail(`tasks ${[...this.pendingHit].join(', ')} kept running on failed GPUs (or across a failed WAN link)`);
      this.pendingHit.clear();
    }
    this.advance(timeS);
  }

  /** Integrates up and busy GPU counts to `timeS`. */
  advance(timeS: number): void {
    const dt = timeS - this.lastT;
    if (dt > 0) {
      this.upGpuS += this.upCount * dt;
      this.busyGpuS += this.busyCount * dt;
      this.lastT = timeS;
    }
  }

  private checkDrained(timeS: number): void {
    if (this.drainedAtS !== null || this.scenario.workloads.length === 0) return;
    for (const w of this.scenario.workloads) if ((this.arrivals.get(w.id)!.length) < (w.kind === 'batch' ? w.count : 1)) return;
    for (const t of this.tasks) if (t.state !== St.Done) return;
    this.drainedAtS = timeS;
  }

  taskArrived(task: number, workloadId: string, timeS: number): void {
    this.tick(timeS);
    if (task !== this.tasks.length) this.fail(`task ${task} arrived, expected id ${this.tasks.length} (ids count in arrival order)`);
    const list = this.arrivals.get(workloadId);
    if (!list) { this.fail(`arrival for unknown workload ${workloadId}`); return; }
    list.push(timeS);
    if (list.length > this.countOf.get(workloadId)!) this.fail(`workload ${workloadId} had ${list.length} arrivals, count is ${this.countOf.get(workloadId)}`);
    this.tasks[task] = { workload: workloadId, arrivalS: timeS, state: St.Queued, gpus: null, startS: NaN, starts: 0, interruptions: 0 };
    this.queued.add(task);
  }

  taskStarted(task: number, ranges: GpuRanges, timeS: number): void {
    const gpus = rangesToList(ranges);
    this.tick(timeS);
    const t = this.tasks[task];
    if (!t) { this.fail(`task ${task} started before it arrived`); return; }
    if (t.state !== St.Queued) this.fail(`task ${task} started while ${stateName[t.state]}`);
    const need = this.workloadGpus.get(t.workload)!;
    if (gpus.length !== need) this.fail(`task ${task} started on ${gpus.length} GPUs, needs ${need}`);
    if (new Set(gpus).size !== gpus.length) this.fail(`task ${task} got a GPU twice: ${gpus.join(',')}`);
    for (const g of gpus) {
      if (!Number.isInteger(g) || g < 0 || g >= this.map.gpuCount) { this.fail(`task ${task} on GPU ${g}, which does not exist`); continue; }
      if (this.owner[g] >= 0) this.fail(`task ${task} started on GPU ${this.map.ancestors[g][3]}, already running task ${this.owner[g]}`);
      if (this.gpuDown[g] > 0) this.fail(`task ${task} started on GPU ${this.map.ancestors[g][3]}, which is down`);
      // The same by ids: a GPU is down when it or any of its site, rack or node is down, or its
      // rack's uplink (which cuts the rack off).
      const [site, rack, node, gpu] = this.map.ancestors[g];
      const downAncestor = ([['site', site], ['rack', rack], ['uplink', rack], ['node', node], ['gpu', gpu]] as const).find(([k, id]) => (this.downCount.get(`${k} ${id}`) ?? 0) > 0);
      if (downAncestor !== undefined) this.fail(`task ${task} started on GPU ${gpu} while ${downAncestor[0] === 'uplink' ? 'the uplink of ' : ''}${downAncestor[1]} is down`);
      this.owner[g] = task;
    }
    t.state = St.Running;
    this.queued.delete(task);
    t.gpus = gpus.slice();
    t.startS = timeS;
    t.starts++;
  }

  taskCompleted(task: number, timeS: number): void {
    this.tick(timeS);
    const t = this.tasks[task];
    if (!t) { this.fail(`task ${task} completed before it arrived`); return; }
    if (t.state !== St.Running) { this.fail(`task ${task} completed while ${stateName[t.state]}`); return; }
    this.release(task, t);
    t.state = St.Done;
    this.responses.push(timeS - t.arrivalS);
    this.checkDrained(timeS);
  }

  taskInterrupted(task: number, cause: FailureTarget, timeS: number): void {
    this.tick(timeS, true);
    const t = this.tasks[task];
    if (!t) { this.fail(`task ${task} interrupted before it arrived`); return; }
    if (t.state !== St.Running) { this.fail(`task ${task} interrupted while ${stateName[t.state]}`); return; }
    if (!this.pendingHit.delete(task)) this.fail(`task ${task} interrupted though none of its GPUs just failed (nor a WAN link it spans)`);
    if (cause === 'wan') {
      // A WAN link takes no GPU down: the task must span the two sites of the link that failed.
      if (this.lastDown?.target === 'wan' && !this.map.spans(t.gpus!, this.lastDown.id)) this.fail(`task ${task} interrupted by WAN link ${this.lastDown.id}, which it does not span`);
    } else if (!t.gpus!.some((g) => this.gpuDown[g] > 0)) this.fail(`task ${task} interrupted with all its GPUs up`);
    if (!this.lastDown || this.lastDown.timeS !== timeS || this.lastDown.target !== cause) {
      this.fail(`task ${task} interrupted by a ${cause} failure, the last failure was ${JSON.stringify(this.lastDown)}`);
    }
    this.interruptions[cause]++;
    this.lostGpuS += (timeS - t.startS) * t.gpus!.length;
    t.interruptions++;
    this.release(task, t);
    t.state = St.Queued;
    this.queued.add(task);
  }

  componentChanged(target: FailureTarget, id: string, down: boolean, timeS: number): void {
    this.tick(timeS);
    const r = this.map.rangeOf(target, id);
    if (!r) { this.fail(`change of unknown ${target} "${id}"`); return; }
    const key = `${target} ${id}`;
    const c = this.downCount.get(key) ?? 0;
    if (!down && c === 0) { this.fail(`${target} ${id} came back up while it was not down`); return; }
    this.downCount.set(key, c + (down ? 1 : -1));
    for (let g = r.first; g < r.end; g++) this.gpuDown[g] += down ? 1 : -1;
    if (target === 'rack' || target === 'site') this.storageChange(id, down, timeS);
    if (down) {
      this.failures[target]++;
      this.lastDown = { target, id, timeS };
      if (c === 0 && (target === 'site' || target === 'wan')) {
        const outages = target === 'site' ? this.siteOutages : this.wanOutages;
        outages.set(id, [...(outages.get(id) ?? []), timeS]);
      }
      for (let g = r.first; g < r.end; g++) if (this.owner[g] >= 0) this.pendingHit.add(this.owner[g]);
      // A WAN link failure interrupts the work running on GPUs in both of its sites (each time
      // the link fails, even while it is already down: work placed across it since is hit).
      if (target === 'wan') {
        for (const [task, t] of this.tasks.entries()) if (t.state === St.Running && this.map.spans(t.gpus!, id)) this.pendingHit.add(task);
      }
    }
  }

  private release(task: number, t: TaskInfo): void {
    for (const g of t.gpus ?? []) {
      if (this.owner[g] !== task) this.fail(`GPU ${g} of task ${task} is owned by ${this.owner[g]}`);
      this.owner[g] = -1;
    }
    t.gpus = null;
  }

  /** Wraps a scheduling policy to check what it is shown against the oracle's own account. */
  wrap(inner: SchedulingPolicy): SchedulingPolicy {
    return {
      name: inner.name,
      schedule: (queue: readonly QueuedWork[], cluster: ClusterView, nowS: number) => {
        this.checkView(queue, cluster, nowS);
        return inner.schedule(queue, cluster, nowS);
      },
    };
  }

  private checkView(queue: readonly QueuedWork[], cluster: ClusterView, nowS: number): void {
    if (nowS !== this.lastT && this.tasks.length > 0) this.fail(`policy called at ${nowS}, the last callback was at ${this.lastT}`);
    // The waiting line holds exactly the queued tasks, in arrival (= id) order.
    let ordered = queue.length === this.queued.size;
    for (let i = 0; i < queue.length && ordered; i++) ordered = this.queued.has(queue[i].id) && (i === 0 || queue[i - 1].id < queue[i].id);
    if (!ordered) this.fail(`the policy sees queue [${queue.map((q) => q.id).join(',')}], the queued tasks are [${[...this.queued].sort((a, b) => a - b).join(',')}]`);
    for (const q of queue) {
      const t = this.tasks[q.id];
      if (!t) continue;
      if (q.workloadId !== t.workload) this.fail(`queue entry ${q.id} says workload ${q.workloadId}, it is ${t.workload}`);
      if (q.arrivalS !== t.arrivalS) this.fail(`queue entry ${q.id} says arrival ${q.arrivalS}, it was ${t.arrivalS}`);
      if (q.attempts !== t.interruptions) this.fail(`queue entry ${q.id} says ${q.attempts} attempts, it was interrupted ${t.interruptions} times`);
      if (q.gpus !== this.workloadGpus.get(t.workload)) this.fail(`queue entry ${q.id} needs ${q.gpus} GPUs`);
      const slo = this.sloOf.get(t.workload)!;
      if (q.deadlineS !== t.arrivalS + slo) this.fail(`queue entry ${q.id} has deadline ${q.deadlineS}, expected ${t.arrivalS + slo}`);
      if (!(q.workS >= 0) || Number.isNaN(q.workS)) this.fail(`queue entry ${q.id} has work ${q.workS}`);
      const index = this.arrivals.get(t.workload)!.indexOf(t.arrivalS);
      const key = `${t.workload}#${index}`;
      const seen = this.workSeen.get(key);
      if (seen === undefined) this.workSeen.set(key, q.workS);
      else if (seen !== q.workS) this.fail(`task ${q.id}'s work changed from ${seen} to ${q.workS}`);
    }
    const up = this.upCount, free = up - this.busyCount;
    if (cluster.upGpuCount !== up) this.fail(`cluster view says ${cluster.upGpuCount} GPUs up, the oracle counts ${up}`);
    if (cluster.freeGpuCount !== free) this.fail(`cluster view says ${cluster.freeGpuCount} GPUs free, the oracle counts ${free}`);
    if (cluster.gpuCount !== this.map.gpuCount) this.fail(`cluster view says ${cluster.gpuCount} GPUs`);
    for (let g = 0; g < this.map.gpuCount; g++) {
      if (cluster.isGpuUp(g) !== (this.gpuDown[g] === 0)) this.fail(`isGpuUp(${g}) disagrees with the oracle`);
      if (cluster.isGpuFree(g) !== (this.gpuDown[g] === 0 && this.owner[g] < 0)) this.fail(`isGpuFree(${g}) disagrees with the oracle`);
    }
  }

  /**
   * A rack or site failure starts or ends: each rack of it whose site models data loses its
   * pieces while down. Stripe i lies on racks i, i+1, … (mod the racks): group g = i mod racks
   * has a piece on racks g … g + pieces − 1; with fewer than `needed` left it is lost for good.
   */
  private storageChange(id: string, down: boolean, timeS: number): void {
    const [siteId, rackPart] = id.split('/');
    const st = this.stores.get(siteId);
    if (!st) return;
    const racks = rackPart === undefined ? Array.from({ length: st.racks }, (_, k) => k) : [Number(rackPart.slice(1))];
    // What one failure destroys in a site is one data-loss event, however many racks it tips.
    let lostByChange = 0;
    for (const rack of racks) {
      const before = st.rackDown[rack];
      st.rackDown[rack] += down ? 1 : -1;
      if (down ? before !== 0 : before !== 1) continue;
      let lostNow = 0;
      for (let j = 0; j < st.pieces; j++) {
        const g = (rack - j + st.racks) % st.racks;
        st.downPieces[g] += down ? 1 : -1;
        if (down && !st.lost[g] && st.pieces - st.downPieces[g] < st.needed) {
          st.lost[g] = true;
          lostNow += Math.floor(st.stripes / st.racks) + (g < st.stripes % st.racks ? 1 : 0);
        }
      }
      lostByChange += lostNow;
    }
    if (lostByChange > 0) {
      st.lostStripes += lostByChange;
      st.events++;
      st.firstLossS ??= timeS;
    }
  }

  /** Checks the result against the oracle's account, at the end of a run. */
  finish(r: RunResult): void {
    const m = r.metrics;
    if (this.pendingHit.size > 0) this.fail(`tasks ${[...this.pendingHit].join(', ')} kept running on failed GPUs (or across a failed WAN link) at the end`);
    if (!(m.endS >= this.lastT)) this.fail(`the run ended at ${m.endS}, before its last callback at ${this.lastT}`);
    this.advance(m.endS);
    const s = this.scenario;
    if (s.runToHorizon || this.drainedAtS === null) {
      if (m.endS !== s.horizonS) this.fail(`the run ended at ${m.endS}, expected the horizon ${s.horizonS}`);
    } else if (m.endS !== this.drainedAtS) {
      this.fail(`the run ended at ${m.endS}, but everything was done at ${this.drainedAtS}`);
    }
    const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
    for (const w of s.workloads) {
      const wm = r.workloads[w.id];
      const mine = this.tasks.filter((t) => t.workload === w.id);
      const arrived = mine.length;
      const completed = mine.filter((t) => t.state === St.Done).length;
      const running = mine.filter((t) => t.state === St.Running).length;
      const queued = mine.filter((t) => t.state === St.Queued).length;
      if (wm.arrived !== wm.completed + wm.queued + wm.running) this.fail(`${w.id}: arrived ${wm.arrived} != completed ${wm.completed} + queued ${wm.queued} + running ${wm.running}`);
      if (wm.arrived !== arrived || wm.completed !== completed || wm.running !== running || wm.queued !== queued) {
        this.fail(`${w.id}: result says ${JSON.stringify({ a: wm.arrived, c: wm.completed, r: wm.running, q: wm.queued })}, observed ${JSON.stringify({ a: arrived, c: completed, r: running, q: queued })}`);
      }
      const interrupted = mine.reduce((a, t) => a + t.interruptions, 0);
      if (wm.interruptions !== interrupted) this.fail(`${w.id}: ${wm.interruptions} interruptions reported, ${interrupted} observed`);
      if (wm.missed < 0 || wm.missed > wm.arrived) this.fail(`${w.id}: missed ${wm.missed}`);
      if (wm.sloAttainment !== null && !(wm.sloAttainment >= 0 && wm.sloAttainment <= 1)) this.fail(`${w.id}: sloAttainment ${wm.sloAttainment}`);
    }
    if (m.arrived !== this.tasks.length) this.fail(`metrics.arrived ${m.arrived}, observed ${this.tasks.length}`);
    if (m.completed !== this.responses.length) this.fail(`metrics.completed ${m.completed}, observed ${this.responses.length}`);
    for (const k of FAILURE_TARGETS) {
      if (r.failures.byTarget[k] !== this.failures[k]) this.fail(`failures.byTarget.${k} ${r.failures.byTarget[k]}, observed ${this.failures[k]}`);
      if (r.interruptions.byCause[k] !== this.interruptions[k]) this.fail(`interruptions.byCause.${k} ${r.interruptions.byCause[k]}, observed ${this.interruptions[k]}`);
    }
    const keys = (o: object) => Object.keys(o).sort().join(',');
    const allKeys = [...FAILURE_TARGETS].sort().join(',');
    if (keys(r.failures.byTarget) !== allKeys || keys(r.interruptions.byCause) !== allKeys || keys(r.maintenance.byTarget) !== allKeys) {
      this.fail(`byTarget / byCause keys ${keys(r.failures.byTarget)} / ${keys(r.interruptions.byCause)} / ${keys(r.maintenance.byTarget)}, expected ${allKeys}`);
    }
    // No maintenance here: nothing planned.
    if (r.maintenance.count !== 0 || r.interruptions.planned !== 0 || FAILURE_TARGETS.some((k) => r.maintenance.byTarget[k] !== 0)) this.fail(`maintenance ${JSON.stringify(r.maintenance)}, planned interruptions ${r.interruptions.planned} without maintenance`);
    const sumF = FAILURE_TARGETS.reduce((a, k) => a + this.failures[k], 0), sumI = FAILURE_TARGETS.reduce((a, k) => a + this.interruptions[k], 0);
    if (r.failures.count !== sumF || m.failures !== sumF) this.fail(`failures.count ${r.failures.count} / metrics.failures ${m.failures}, observed ${sumF}`);
    if (r.interruptions.count !== sumI || m.interruptions !== sumI) this.fail(`interruptions.count ${r.interruptions.count}, observed ${sumI}`);
    // Headline figures in range, everything finite.
    // (With a rounding tolerance: exact bounds are checked by their own property, so that a
    // last-bit overshoot does not hide the other checks.)
    for (const k of ['C', 'S', 'R', 'goodput'] as const) if (!(m[k] >= 0 && m[k] <= 1 + 1e-12)) this.fail(`${k} = ${m[k]} is outside [0, 1]`);
    if (m.T !== null && !(m.T >= 0)) this.fail(`T = ${m.T}`);
    if ((m.T === null) !== (this.responses.length === 0)) this.fail(`T = ${m.T} with ${this.responses.length} completions`);
    for (const [k, v] of Object.entries(m)) {
      if (v !== null && !(typeof v === 'number' && Number.isFinite(v))) this.fail(`metrics.${k} = ${v} is not a finite number`);
    }
    if (m.Tp50 !== null && !(m.Tp50 <= m.Tp95! && m.Tp95! <= m.Tp99!)) this.fail(`percentiles out of order: ${m.Tp50}, ${m.Tp95}, ${m.Tp99}`);
    if (m.sloAttainment !== null && !(m.sloAttainment >= 0 && m.sloAttainment <= 1)) this.fail(`sloAttainment ${m.sloAttainment}`);
    if (!(m.meanInSystem >= m.meanQueued && m.meanQueued >= 0)) this.fail(`meanInSystem ${m.meanInSystem} < meanQueued ${m.meanQueued}`);
    // Figures the oracle can recompute.
    if (!close(m.upGpuS, this.upGpuS)) this.fail(`upGpuS ${m.upGpuS}, oracle ${this.upGpuS}`);
    if (!close(m.busyGpuS, this.busyGpuS)) this.fail(`busyGpuS ${m.busyGpuS}, oracle ${this.busyGpuS}`);
    if (!close(m.lostGpuS, this.lostGpuS)) this.fail(`lostGpuS ${m.lostGpuS}, oracle ${this.lostGpuS}`);
    if (!close(m.provisionedGpuS, this.map.gpuCount * m.endS)) this.fail(`provisionedGpuS ${m.provisionedGpuS}`);
    if (this.responses.length > 0) {
      const mean = this.responses.reduce((a, b) => a + b, 0) / this.responses.length;
      if (!close(m.T!, mean)) this.fail(`T ${m.T}, oracle mean response ${mean}`);
    }
    if (m.endS > 0 && !close(m.S, this.upGpuS / (this.map.gpuCount * m.endS))) this.fail(`S ${m.S}, oracle ${this.upGpuS / (this.map.gpuCount * m.endS)}`);
    if (this.upGpuS > 0 && !close(m.R, this.busyGpuS / this.upGpuS)) this.fail(`R ${m.R}, oracle ${this.busyGpuS / this.upGpuS}`);
    this.checkCopies(r);
    for (const [site, st] of this.stores) {
      const got = r.storage[site];
      const want = { stripes: st.stripes, lostStripes: st.lostStripes, dataLossEvents: st.events, firstLossS: st.firstLossS };
      if (!got || got.stripes !== want.stripes || got.lostStripes !== want.lostStripes || got.dataLossEvents !== want.dataLossEvents || got.firstLossS !== want.firstLossS) {
        this.fail(`storage.${site}: ${JSON.stringify(got && { stripes: got.stripes, lostStripes: got.lostStripes, dataLossEvents: got.dataLossEvents, firstLossS: got.firstLossS })}, the oracle (rack and site failures only, not uplinks) expects ${JSON.stringify(want)}`);
      }
    }
  }

  /**
   * Copies of a site's data to another: one falls due every `every` from time 0 and is made,
   * skipped (the previous one still under way, or a side or the link down) or cut by an
   * outage (or still under way at the end); each of the site's outages records the age of
   * its newest safe copy (RPO). A copy alone on its links takes exactly its duration, or its
   * size over the narrowest of them plus the link's latency: with no outage in the way the
   * oracle replays the schedule and finds the same counts.
   */
  private checkCopies(r: RunResult): void {
    const s = this.scenario, endS = r.metrics.endS;
    const sized = s.cluster.sites.filter((x) => x.storage?.copy?.sizeBytes !== undefined).length;
    for (const site of s.cluster.sites) {
      const st = site.storage, c = st?.copy;
      if (!st || !c) continue;
      const tally = r.storage[site.id]?.copies;
      if (!tally) { this.fail(`storage.${site.id}.copies is missing`); continue; }
      const { made, skipped, cut, outages, meanRpoS, maxRpoS } = tally;
      const label = `storage.${site.id}.copies ${JSON.stringify(tally)}`;
      if (![made, skipped, cut, outages].every((x) => Number.isInteger(x) && x >= 0)) { this.fail(`${label}: counts must be whole numbers >= 0`); continue; }
      // The least time one copy takes: alone on its links.
      const to = s.cluster.sites.find((x) => x.id === c.to)!;
      const link = (s.cluster.wan ?? []).find((l) => l.sites.includes(site.id) && l.sites.includes(c.to));
      let oneCopyS: number;
      if (c.sizeBytes === undefined) oneCopyS = c.durationS!;
      else if (!link) { this.fail(`${label}: a copy by size with no WAN link between ${site.id} and ${c.to}`); continue; }
      else oneCopyS = c.sizeBytes / Math.min(st.bandwidthBps, link.bandwidthBps, to.storage?.bandwidthBps ?? Infinity) + link.latencyS;
      // Copies falling due up to the end (one at the very end may not have been looked at).
      const n = endS / c.everyS;
      const dueMax = Math.floor(n * (1 + 1e-9)) + 1, dueMin = Math.floor(n * (1 - 1e-9));
      const attempts = made + skipped + cut;
      if (attempts > dueMax || attempts < dueMin - 1) this.fail(`${label}: ${attempts} copies made, skipped or cut; ${dueMin}..${dueMax} fell due by ${endS}`);
      // Copies run one at a time, each at least as long as alone on its links.
      if (made * oneCopyS > endS * (1 + 1e-9) + 1e-9) this.fail(`${label}: ${made} copies of ${oneCopyS} s each do not fit in ${endS} s`);
      const mine = this.siteOutages.get(site.id) ?? [];
      if (outages !== mine.length) this.fail(`${label}: ${outages} outages, the site went down ${mine.length} times`);
      const cutters = mine.length + (this.siteOutages.get(c.to)?.length ?? 0) + (link ? this.wanOutages.get(link.id)?.length ?? 0 : 0);
      if (cut > cutters) this.fail(`${label}: ${cut} copies cut by ${cutters} outages of the sites and link`);
      if ((meanRpoS === null) !== (outages === 0) || (maxRpoS === null) !== (outages === 0)) this.fail(`${label}: RPO figures must be null exactly when there was no outage`);
      if (outages > 0 && meanRpoS !== null && maxRpoS !== null) {
        // At an outage at t, the newest safe copy began at or after 0 and (if any) ended by t.
        const lo = mine.map((t) => Math.min(t, oneCopyS));
        const tol = 1e-9 * Math.max(1, endS);
        if (!(maxRpoS <= Math.max(...mine) + tol && maxRpoS >= Math.max(...lo) - tol)) this.fail(`${label}: maxRpoS outside [${Math.max(...lo)}, ${Math.max(...mine)}]`);
        const meanHi = mine.reduce((a, b) => a + b, 0) / mine.length, meanLo = lo.reduce((a, b) => a + b, 0) / lo.length;
        if (!(meanRpoS <= meanHi + tol && meanRpoS >= meanLo - tol && meanRpoS <= maxRpoS + tol)) this.fail(`${label}: meanRpoS outside [${meanLo}, ${Math.min(meanHi, maxRpoS)}]`);
      }
      // With nothing in its way (no outage of either site or of its link, no other sized copy
      // to share the link or the storage with), the schedule is exact.
      // A link's failures cut and block copies given by duration too.
      const undisturbed = mine.length === 0 && !this.siteOutages.has(c.to) && !(link && this.wanOutages.has(link.id))
        && (c.sizeBytes === undefined || sized === 1);
      if (!undisturbed) continue;
      const expected = replayCopies(c.everyS, oneCopyS, endS);
      if (expected) this.copyReplays++;
      if (expected && (made !== expected.made || skipped !== expected.skipped || cut !== 0)) {
        this.fail(`${label}: undisturbed copies of ${oneCopyS} s every ${c.everyS} s until ${endS}, expected ${JSON.stringify(expected)}`);
      }
    }
  }
}

/**
 * The copies made and skipped by `endS` when each one takes `oneCopyS` and one falls due every
 * `everyS` from 0 (a due copy is skipped while the previous one is under way); null when a
 * copy ends or falls due too close to another event (or the end) for the order to be certain.
 */
export function replayCopies(everyS: number, oneCopyS: number, endS: number): { made: number; skipped: number } | null {
  const eps = 1e-7 * Math.max(1, endS);
  let made = 0, skipped = 0, busyUntil = -Infinity;
  for (let t = 0; t <= endS + eps; t += everyS) {
    if (Math.abs(t - endS) <= eps || Math.abs(busyUntil - t) <= eps) return null;
    if (busyUntil > t) { skipped++; continue; }
    if (busyUntil > -Infinity) made++;
    busyUntil = t + oneCopyS;
  }
  if (Math.abs(busyUntil - endS) <= eps) return null;
  if (busyUntil < endS) made++;
  return { made, skipped };
}
