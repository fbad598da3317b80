import type { Simulator } from '../engine/Simulator.ts';
import { sampler, type Sampler } from '../random/distributions.ts';
import { StreamBank } from '../random/streamBank.ts';
import type { RandomStreams } from '../random/streams.ts';
import { resolveComponent } from '../scenario/componentId.ts';
import type { FailureSpec, FailureTarget, MaintenanceSpec } from '../scenario/types.ts';
import { componentAt, type ComponentIndices, type Topology } from './Topology.ts';

/**
 * The components of one random failure rule: slots `firstSlot` … `firstSlot + set.count − 1`
 * of the stream bank, slot `firstSlot + k` for the k-th component of `set`.
 */
interface RandomRule {
  /** Index of the rule in the scenario's `failures`. */
  readonly specIndex: number;
  readonly target: FailureTarget;
  readonly set: ComponentIndices;
  readonly firstSlot: number;
  readonly ttf: Sampler;
  readonly repair: Sampler;
}

/** One scheduled or traced outage: a component down from `atS` for `durationS` seconds. */
interface Outage {
  readonly target: FailureTarget;
  readonly id: string;
  readonly firstGpu: number;
  readonly endGpu: number;
  readonly atS: number;
  readonly durationS: number;
}

/**
 * One planned maintenance: its components in waves of `perWave`, wave w (global number
 * `firstWave + w`) down from `atS + w·durationS` for `durationS`.
 */
interface Maintenance {
  readonly target: FailureTarget;
  readonly set: ComponentIndices;
  readonly firstWave: number;
  readonly perWave: number;
  readonly atS: number;
  readonly durationS: number;
}

/**
 * Called when a component goes down (`delta` = +1) or comes back (`delta` = -1). Components
 * of one maintenance wave change together, in one event: `settled` is false for all but the
 * last of them, so that nothing is placed on a component the same wave is about to take down.
 */
export type ComponentChange = (target: FailureTarget, id: string, firstGpu: number, endGpu: number, delta: 1 | -1, planned: boolean, settled: boolean) => void;

/**
 * Drives every failure of a scenario: each component under a random failure rule fails
 * after a draw from its time-to-failure distribution and is repaired after a draw from its
 * repair distribution, over and over, on its own random stream; scheduled outages, traced
 * failures and planned maintenance waves start and end at fixed times.
 *
 * Cost per component: 16 bytes of random-stream state per random rule that covers it and
 * one pending event; nothing else. Components are known by their index at their level
 * (GPU, node, rack, …), their ids built only when they change.
 *
 * Random streams: the stream of rule i's component is a {@link StreamBank} stream keyed by
 * the seed and "failure/<i>/<site id>" (or "failure/<i>/<WAN link id>") and placed in that
 * family by the rack, node and GPU numbers of the component's id — one stream per
 * "failure/<i>/<component id>", as the README names them. Its failure and repair times are
 * drawn from it alone (stateless samplers), so adding components to the cluster or rules
 * after rule i never changes the failures of rule i's other components, and every policy
 * set run on one seed sees the same failures.
 */
export class FailureProcesses {
  private readonly rules: RandomRule[] = [];
  /** `firstSlot` of each rule, and the slot count after the last: finds a slot's rule. */
  private readonly ruleStarts: Int32Array;
  private readonly streams: StreamBank;
  private readonly outages: Outage[] = [];
  private readonly maintenance: Maintenance[] = [];
  /** In spec order: a random rule (its index) or a run of outages (−1 − its first outage, and its end). */
  private readonly startOrder: [number, number][] = [];
  private waveCount = 0;
  /** `firstWave` of each maintenance: finds a wave's maintenance. */
  private readonly waveStarts: Int32Array;
  private readonly failKind: number;
  private readonly repairKind: number;
  private readonly outageKind: number;
  private readonly waveKind: number;

  constructor(
    private readonly sim: Simulator,
    private readonly topo: Topology,
    specs: readonly FailureSpec[],
    maintenance: readonly MaintenanceSpec[],
    streams: RandomStreams,
    private readonly onChange: ComponentChange,
  ) {
    this.failKind = sim.on((slot) => this.fail(slot));
    this.repairKind = sim.on((slot) => this.repair(slot));
    // An outage's event: payload 2o takes outage o down, 2o + 1 brings it back.
    this.outageKind = sim.on((p) => this.outage(Math.floor(p / 2), p % 2 ? -1 : 1));
    // A wave's event: payload 2w takes wave w down, 2w + 1 brings it back.
    this.waveKind = sim.on((p) => this.wave(Math.floor(p / 2), p % 2 ? -1 : 1));
    // Samplers that keep no Box–Muller spare: one stream's draw never hands a value to another's.
    const stateless = { stateless: true };
    let slots = 0;
    specs.forEach((f, i) => {
      if (f.kind === 'random') {
        const set = topo.componentIndices(f.target, this.siteIndex(f.site));
        this.startOrder.push([this.rules.length, 0]);
        this.rules.push({ specIndex: i, target: f.target, set, firstSlot: slots, ttf: sampler(f.timeToFailure, stateless), repair: sampler(f.repair, stateless) });
        slots += set.count;
      } else {
        const first = this.outages.length;
        if (f.kind === 'scheduled') {
          this.addOutage(f, `failures[${i}].id`);
        } else {
          if (!f.data) throw new Error(`failures[${i}].trace: the failure trace "${f.path}" was not read; load the scenario with its traces (the command line does)`);
          for (const o of f.data) this.addOutage(o, `failures[${i}].trace`);
        }
        this.startOrder.push([-1 - first, this.outages.length]);
      }
    });
    this.ruleStarts = Int32Array.from([...this.rules.map((r) => r.firstSlot), slots]);
    this.streams = new StreamBank(slots);
    for (const rule of this.rules) this.seedRule(rule, streams);
    for (const m of maintenance) this.addMaintenance(m);
    this.waveStarts = Int32Array.from(this.maintenance.map((m) => m.firstWave));
  }

  private siteIndex(id: string | undefined): number | undefined {
    return id === undefined ? undefined : this.topo.spec.sites.findIndex((s) => s.id === id);
  }

  /**
   * Seeds the streams of a rule's components: the family "failure/<spec index>/<site id>"
   * (or "/<WAN link id>"), each placed in it by its rack, node and GPU numbers.
   */
  private seedRule(rule: RandomRule, streams: RandomStreams): void {
    const { topo } = this, path = new Int32Array(4), keys = new Map<string, Uint32Array>();
    const keyOf = (name: string) => {
      let k = keys.get(name);
      if (!k) keys.set(name, (k = streams.key(`failure/${rule.specIndex}/${name}`)));
      return k;
    };
    for (let k = 0; k < rule.set.count; k++) {
      const c = componentAt(rule.set, k);
      topo.componentPath(rule.target, c, path);
      const key = keyOf(path[0] < 0 ? topo.componentId(rule.target, c) : topo.spec.sites[path[0]].id);
      this.streams.seed(rule.firstSlot + k, key, path[1], path[2], path[3]);
    }
  }

  private addOutage(o: { target: FailureTarget; id: string; atS: number; durationS: number }, field: string): void {
    const a = resolveComponent(this.topo.spec, o.target, o.id);
    if (typeof a === 'string') throw new Error(`${field}: ${a}`);
    const r = this.topo.rangeOf(o.target, a);
    this.outages.push({ target: o.target, id: o.id, firstGpu: r.firstGpu, endGpu: r.endGpu, atS: o.atS, durationS: o.durationS });
  }

  /** The waves of a planned maintenance: consecutive groups of `perWave` components. */
  private addMaintenance(m: MaintenanceSpec): void {
    const set = this.topo.componentIndices(m.target, this.siteIndex(m.site));
    this.maintenance.push({ target: m.target, set, firstWave: this.waveCount, perWave: m.perWave, atS: m.atS, durationS: m.durationS });
    this.waveCount += Math.ceil(set.count / m.perWave);
  }

  /** Schedules every process's first failure, outage and maintenance wave. */
  start(): void {
    for (const [r, end] of this.startOrder) {
      if (r >= 0) {
        const rule = this.rules[r];
        for (let slot = rule.firstSlot; slot < rule.firstSlot + rule.set.count; slot++) this.sim.after(rule.ttf(this.streams.select(slot)), this.failKind, slot);
      } else {
        for (let o = -1 - r; o < end; o++) this.sim.at(this.outages[o].atS, this.outageKind, 2 * o);
      }
    }
    for (const m of this.maintenance) {
      const waves = Math.ceil(m.set.count / m.perWave);
      for (let w = 0; w < waves; w++) this.sim.at(m.atS + w * m.durationS, this.waveKind, 2 * (m.firstWave + w));
    }
  }

  /** The rule that a stream slot belongs to. */
  private ruleOf(slot: number): RandomRule {
    return this.rules[lastAtMost(this.ruleStarts, this.rules.length, slot)];
  }

  private fail(slot: number): void {
    const rule = this.ruleOf(slot);
    this.change(rule.target, componentAt(rule.set, slot - rule.firstSlot), 1, false, true);
    this.sim.after(rule.repair(this.streams.select(slot)), this.repairKind, slot);
  }

  private repair(slot: number): void {
    const rule = this.ruleOf(slot);
    this.change(rule.target, componentAt(rule.set, slot - rule.firstSlot), -1, false, true);
    this.sim.after(rule.ttf(this.streams.select(slot)), this.failKind, slot);
  }

  /** Reports a change of the component of a level at an index, its id built now. */
  private change(target: FailureTarget, index: number, delta: 1 | -1, planned: boolean, settled: boolean): void {
    const t = this.topo;
    this.onChange(target, t.componentId(target, index), t.componentFirstGpu(target, index), t.componentEndGpu(target, index), delta, planned, settled);
  }

  private outage(o: number, delta: 1 | -1): void {
    const p = this.outages[o];
    this.onChange(p.target, p.id, p.firstGpu, p.endGpu, delta, false, true);
    if (delta > 0) this.sim.after(p.durationS, this.outageKind, 2 * o + 1);
  }

  /** Takes a maintenance wave down (`delta` 1) or brings it back (-1), all its components at once. */
  private wave(wave: number, delta: 1 | -1): void {
    const m = this.maintenance[lastAtMost(this.waveStarts, this.maintenance.length, wave)];
    const first = (wave - m.firstWave) * m.perWave, end = Math.min(m.set.count, first + m.perWave);
    for (let k = first; k < end; k++) this.change(m.target, componentAt(m.set, k), delta, true, k === end - 1);
    if (delta > 0) this.sim.after(m.durationS, this.waveKind, 2 * wave + 1);
  }
}

/** The last index i < n with `starts[i] <= x` (`starts` ascending, `starts[0] <= x`). */
function lastAtMost(starts: Int32Array, n: number, x: number): number {
  let lo = 0, hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
