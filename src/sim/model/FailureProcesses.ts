import type { Simulator } from '../engine/Simulator.ts';
import { sampler, type Sampler } from '../random/distributions.ts';
import type { RandomStreams, Rng } from '../random/streams.ts';
import { resolveComponent } from '../scenario/componentId.ts';
import type { FailureSpec, FailureTarget, MaintenanceSpec } from '../scenario/types.ts';
import type { Topology } from './Topology.ts';

/** One component's failure process or one scheduled outage: a GPU range that goes down and up. */
interface Process {
  readonly target: FailureTarget;
  readonly id: string;
  readonly firstGpu: number;
  readonly endGpu: number;
  /** Null for a scheduled outage. */
  readonly rng: Rng | null;
  readonly ttf: Sampler | null;
  readonly repair: Sampler | null;
  readonly scheduled: { atS: number; durationS: number } | null;
  /** Planned maintenance rather than a failure. */
  readonly planned: boolean;
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
 * repair distribution, over and over, on its own random stream
 * ("failure/<rule index>/<component id>"); scheduled outages, traced failures and planned
 * maintenance waves start and end at fixed times.
 */
export class FailureProcesses {
  private readonly processes: Process[] = [];
  /** Maintenance waves: the processes of each, which go down and up together. */
  private readonly waves: number[][] = [];
  private readonly failKind: number;
  private readonly repairKind: number;
  private readonly waveKind: number;

  constructor(
    private readonly sim: Simulator,
    topo: Topology,
    specs: readonly FailureSpec[],
    maintenance: readonly MaintenanceSpec[],
    streams: RandomStreams,
    private readonly onChange: ComponentChange,
  ) {
    this.failKind = sim.on((p) => this.fail(p));
    this.repairKind = sim.on((p) => this.repair(p));
    // A wave's event: payload 2w takes wave w down, 2w + 1 brings it back.
    this.waveKind = sim.on((p) => this.wave(p >> 1, p & 1 ? -1 : 1));
    specs.forEach((f, i) => {
      if (f.kind === 'random') {
        const site = f.site === undefined ? undefined : topo.spec.sites.findIndex((s) => s.id === f.site);
        const ttf = sampler(f.timeToFailure), repair = sampler(f.repair);
        for (const c of topo.components(f.target, site)) {
          this.processes.push({ target: f.target, id: c.id, firstGpu: c.firstGpu, endGpu: c.endGpu, rng: streams.stream(`failure/${i}/${c.id}`), ttf, repair, scheduled: null, planned: false });
        }
      } else if (f.kind === 'scheduled') {
        this.addOutage(topo, f, `failures[${i}].id`);
      } else {
        if (!f.data) throw new Error(`failures[${i}].trace: the failure trace "${f.path}" was not read; load the scenario with its traces (the command line does)`);
        for (const o of f.data) this.addOutage(topo, o, `failures[${i}].trace`);
      }
    });
    for (const m of maintenance) this.addMaintenance(topo, m);
  }

  private addOutage(topo: Topology, o: { target: FailureTarget; id: string; atS: number; durationS: number }, field: string): void {
    const a = resolveComponent(topo.spec, o.target, o.id);
    if (typeof a === 'string') throw new Error(`${field}: ${a}`);
    const r = topo.rangeOf(o.target, a);
    this.processes.push({ target: o.target, id: o.id, firstGpu: r.firstGpu, endGpu: r.endGpu, rng: null, ttf: null, repair: null, scheduled: { atS: o.atS, durationS: o.durationS }, planned: false });
  }

  /** The waves of a planned maintenance: consecutive groups of `perWave` components. */
  private addMaintenance(topo: Topology, m: MaintenanceSpec): void {
    const site = m.site === undefined ? undefined : topo.spec.sites.findIndex((s) => s.id === m.site);
    const first = this.waves.length;
    topo.components(m.target, site).forEach((c, k) => {
      const wave = Math.floor(k / m.perWave);
      if (first + wave === this.waves.length) this.waves.push([]);
      this.waves[first + wave].push(this.processes.length);
      this.processes.push({
        target: m.target, id: c.id, firstGpu: c.firstGpu, endGpu: c.endGpu, rng: null, ttf: null, repair: null,
        scheduled: { atS: m.atS + wave * m.durationS, durationS: m.durationS }, planned: true,
      });
    });
  }

  /** Schedules every process's first failure. */
  start(): void {
    const inWave = new Set(this.waves.flat());
    this.processes.forEach((p, i) => {
      if (inWave.has(i)) return;
      if (p.scheduled) this.sim.at(p.scheduled.atS, this.failKind, i);
      else this.sim.after(p.ttf!(p.rng!), this.failKind, i);
    });
    this.waves.forEach((w, k) => this.sim.at(this.processes[w[0]].scheduled!.atS, this.waveKind, 2 * k));
  }

  private fail(i: number): void {
    const p = this.processes[i];
    this.onChange(p.target, p.id, p.firstGpu, p.endGpu, 1, p.planned, true);
    this.sim.after(p.scheduled ? p.scheduled.durationS : p.repair!(p.rng!), this.repairKind, i);
  }

  private repair(i: number): void {
    const p = this.processes[i];
    this.onChange(p.target, p.id, p.firstGpu, p.endGpu, -1, p.planned, true);
    if (!p.scheduled) this.sim.after(p.ttf!(p.rng!), this.failKind, i);
  }

  /** Takes a maintenance wave down (`delta` 1) or brings it back (-1), all its components at once. */
  private wave(k: number, delta: 1 | -1): void {
    const w = this.waves[k];
    w.forEach((i, j) => {
      const p = this.processes[i];
      this.onChange(p.target, p.id, p.firstGpu, p.endGpu, delta, true, j === w.length - 1);
    });
    if (delta > 0) this.sim.after(this.processes[w[0]].scheduled!.durationS, this.waveKind, 2 * k + 1);
  }
}
