/**
 * FailureProcesses on its own: a Simulator, a small Topology and the changes it reports.
 * Random processes are checked for their alternation, their statistics and their common
 * random numbers (adding components or rules leaves the others' failures as they were).
 */
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/engine/Simulator.ts';
import { FailureProcesses } from '../../../src/sim/model/FailureProcesses.ts';
import { Topology } from '../../../src/sim/model/Topology.ts';
import { RandomStreams } from '../../../src/sim/random/streams.ts';
import type { FailureTarget } from '../../../src/sim/scenario/types.ts';
import { scenario } from './helpers.ts';

interface Change { target: FailureTarget; id: string; firstGpu: number; endGpu: number; delta: 1 | -1; planned: boolean; settled: boolean; timeS: number; event: number }

const HOUR = 3600;

/** Runs only the failure processes of a scenario document until `untilS`; returns every change. */
function changes(doc: Record<string, unknown>, untilS: number, seed = 1): Change[] {
  const s = scenario(doc);
  const sim = new Simulator(), topo = new Topology(s.cluster), out: Change[] = [];
  let event = 0;
  sim.beforeEach = () => { event++; };
  const fp = new FailureProcesses(sim, topo, s.failures, s.maintenance, new RandomStreams(seed),
    (target, id, firstGpu, endGpu, delta, planned, settled) => out.push({ target, id, firstGpu, endGpu, delta, planned, settled, timeS: sim.nowS, event }));
  fp.start();
  sim.run(untilS);
  return out;
}

/** One site of `racks` racks of `nodes` nodes of `gpus` GPUs. */
const cluster = (racks: number, nodes: number, gpus: number, id = 'dc') => ({ id, racks, nodesPerRack: nodes, node: { gpus, gpu: 'H100' } });

/**
 * The first `cycles` up times and repair times of every component (each must have had them):
 * draws taken by their number, not by whether they end before a horizon, are unbiased.
 */
function firstCycles(list: Change[], cycles: number): { up: number[]; repair: number[] } {
  const up: number[] = [], repair: number[] = [];
  for (const times of byComponent(list).values()) {
    expect(times.length).toBeGreaterThanOrEqual(2 * cycles);
    for (let k = 0; k < cycles; k++) {
      up.push(times[2 * k] - (k === 0 ? 0 : -times[2 * k - 1]));
      repair.push(-times[2 * k + 1] - times[2 * k]);
    }
  }
  return { up, repair };
}

/** Each component's changes (down and up times in order), by target and id. */
function byComponent(list: Change[]): Map<string, number[]> {
  const m = new Map<string, number[]>();
  for (const c of list) {
    const k = `${c.target} ${c.id}`;
    if (!m.has(k)) m.set(k, []);
    m.get(k)!.push(c.delta * c.timeS);
  }
  return m;
}

describe('FailureProcesses: fixed times', () => {
  it('takes a scheduled outage down and up at its times, over its GPU range', () => {
    const out = changes({
      cluster: { sites: [cluster(2, 2, 4)] },
      failures: [{ target: 'node', id: 'dc/r1/n0', at: '2h', duration: '30m' }, { target: 'rack', id: 'dc/r0', at: '1h', duration: '3h' }],
    }, 10 * HOUR);
    expect(out.map(({ target, id, firstGpu, endGpu, delta, planned, timeS }) => [target, id, firstGpu, endGpu, delta, planned, timeS])).toEqual([
      ['rack', 'dc/r0', 0, 8, 1, false, 1 * HOUR],
      ['node', 'dc/r1/n0', 8, 12, 1, false, 2 * HOUR],
      ['node', 'dc/r1/n0', 8, 12, -1, false, 2.5 * HOUR],
      ['rack', 'dc/r0', 0, 8, -1, false, 4 * HOUR],
    ]);
    expect(out.every((c) => c.settled)).toBe(true);
  });

  it('changes a maintenance wave in one event, settled only at its last component, one wave after another', () => {
    const out = changes({
      cluster: { sites: [cluster(1, 5, 2)] },
      maintenance: [{ target: 'node', at: '1h', duration: '1h', perWave: 2 }],
    }, 10 * HOUR);
    expect(out.every((c) => c.planned && c.target === 'node')).toBe(true);
    const waves: Change[][] = [];
    for (const c of out) if (waves.length > 0 && waves[waves.length - 1][0].event === c.event) waves[waves.length - 1].push(c); else waves.push([c]);
    expect(waves.map((w) => [w[0].timeS, w[0].delta, w.map((c) => c.id)])).toEqual([
      [1 * HOUR, 1, ['dc/r0/n0', 'dc/r0/n1']],
      // Each wave's start was scheduled first: it goes down just before the last one is back.
      [2 * HOUR, 1, ['dc/r0/n2', 'dc/r0/n3']],
      [2 * HOUR, -1, ['dc/r0/n0', 'dc/r0/n1']],
      [3 * HOUR, 1, ['dc/r0/n4']],
      [3 * HOUR, -1, ['dc/r0/n2', 'dc/r0/n3']],
      [4 * HOUR, -1, ['dc/r0/n4']],
    ]);
    for (const w of waves) expect(w.map((c) => c.settled)).toEqual(w.map((_, j) => j === w.length - 1));
    expect(out.find((c) => c.id === 'dc/r0/n4')).toMatchObject({ firstGpu: 8, endGpu: 10 });
  });
});

describe('FailureProcesses: random failures', () => {
  const doc = (racks: number, nodes: number, failures: unknown[], sites?: unknown[]) => ({
    cluster: { sites: sites ?? [cluster(racks, nodes, 4)] }, failures,
  });
  const nodeRule = { target: 'node', mtbf: '100h', repair: { lognormal: { median: '5h', sigma: 1 } } };

  it('alternates failure and repair for each component, starting with a failure, with ids and ranges of that component', () => {
    const out = changes(doc(2, 3, [nodeRule]), 2000 * HOUR);
    const per = byComponent(out);
    expect([...per.keys()].sort()).toEqual(['dc/r0/n0', 'dc/r0/n1', 'dc/r0/n2', 'dc/r1/n0', 'dc/r1/n1', 'dc/r1/n2'].map((id) => `node ${id}`));
    for (const times of per.values()) {
      expect(times.length).toBeGreaterThan(10);
      times.forEach((t, k) => expect(Math.sign(t)).toBe(k % 2 === 0 ? 1 : -1));
      const abs = times.map(Math.abs);
      expect(abs.every((t, k) => k === 0 || t > abs[k - 1])).toBe(true);
    }
    const n = out.find((c) => c.id === 'dc/r1/n2')!;
    expect([n.firstGpu, n.endGpu, n.planned, n.settled]).toEqual([20, 24, false, true]);
  });

  it('names GPUs, uplinks (as their rack) and WAN links, over the right ranges', () => {
    const out = changes({
      cluster: { sites: [cluster(1, 2, 2, 'a'), cluster(2, 1, 1, 'b')], wan: [{ between: ['a', 'b'], bandwidth: '1Gb/s' }] },
      failures: ['gpu', 'uplink', 'wan'].map((target) => ({ target, mtbf: '10h', repair: { constant: '1h' } })),
    }, 200 * HOUR);
    const seen = new Map(out.map((c) => [`${c.target} ${c.id}`, [c.firstGpu, c.endGpu]]));
    expect(Object.fromEntries([...seen].sort())).toEqual({
      'gpu a/r0/n0/g0': [0, 1], 'gpu a/r0/n0/g1': [1, 2], 'gpu a/r0/n1/g0': [2, 3], 'gpu a/r0/n1/g1': [3, 4],
      'gpu b/r0/n0/g0': [4, 5], 'gpu b/r1/n0/g0': [5, 6],
      'uplink a/r0': [0, 4], 'uplink b/r0': [4, 5], 'uplink b/r1': [5, 6],
      'wan a-b': [0, 1],
    });
  });

  it('gives the same failures for the same seed, and others for another seed', () => {
    const d = doc(2, 4, [nodeRule]);
    expect(changes(d, 500 * HOUR, 3)).toEqual(changes(d, 500 * HOUR, 3));
    expect(changes(d, 500 * HOUR, 4).map((c) => c.timeS)).not.toEqual(changes(d, 500 * HOUR, 3).map((c) => c.timeS));
  });

  it('keeps every component\'s failures when nodes, racks or sites are added to the cluster', () => {
    const base = byComponent(changes(doc(2, 2, [nodeRule]), 3000 * HOUR));
    const bigger = [
      doc(2, 3, [nodeRule]), // a node more in each rack
      doc(5, 2, [nodeRule]), // more racks
      doc(0, 0, [nodeRule], [cluster(1, 1, 1, 'aa'), cluster(2, 2, 4), cluster(1, 3, 2, 'zz')]), // sites around it
    ];
    for (const d of bigger) {
      const other = byComponent(changes(d, 3000 * HOUR));
      expect(other.size).toBeGreaterThan(base.size);
      for (const [id, times] of base) expect(other.get(id), id).toEqual(times);
    }
  });

  it('keeps the failures of a rule\'s components when a rule is added after it, or when it is restricted to their site', () => {
    const two = [cluster(2, 2, 4), cluster(1, 2, 4, 'west')];
    const base = changes(doc(0, 0, [nodeRule], two), 3000 * HOUR);
    const more = changes(doc(0, 0, [nodeRule, { target: 'gpu', mtbf: '50h', repair: { exponential: { mean: '2h' } } }], two), 3000 * HOUR);
    expect(more.some((c) => c.target === 'gpu')).toBe(true);
    expect(byComponent(more.filter((c) => c.target === 'node'))).toEqual(byComponent(base));
    const dcOnly = changes(doc(0, 0, [{ ...nodeRule, site: 'dc' }], two), 3000 * HOUR);
    expect(byComponent(dcOnly)).toEqual(byComponent(base.filter((c) => c.id.startsWith('dc/'))));
  });

  it('draws up times as the rule says: the MTBF and spread of 1,000 GPUs\' first 16 up times are within 4 standard errors', () => {
    // Exponential up times (mean 100 h) and constant 1 h repairs. Sixteen cycles take 1,616 h
    // on average (sd 400 h): by 5,000 h every GPU has had them.
    const mtbfH = 100, m = mtbfH * HOUR;
    const out = changes({ cluster: { sites: [cluster(25, 5, 8)] }, failures: [{ target: 'gpu', mtbf: `${mtbfH}h`, repair: { constant: '1h' } }] }, 5000 * HOUR);
    const { up, repair } = firstCycles(out, 16);
    expect(up.length).toBe(16_000);
    expect(repair.every((r) => Math.abs(r - HOUR) < 1e-6)).toBe(true);
    const mean = up.reduce((a, b) => a + b, 0) / up.length;
    // Exponential: standard deviation = mean.
    expect(Math.abs(mean - m)).toBeLessThan((4 * m) / Math.sqrt(up.length));
    const sd = Math.sqrt(up.reduce((a, b) => a + (b - mean) ** 2, 0) / (up.length - 1));
    // Var(s²) for an exponential ≈ 8 m⁴ / n (μ4 = 9 m⁴): sd of s ≈ √2 · m / √n.
    expect(Math.abs(sd - m)).toBeLessThan((4 * Math.SQRT2 * m) / Math.sqrt(up.length));
  });

  it('draws repair times as the rule says: the mean of 2,000 nodes\' first 8 lognormal repairs is within 4 standard errors', () => {
    // Lognormal median 5 h, σ = 0.5: mean 5·e^{σ²/2} h, variance mean²·(e^{σ²} − 1). Eight
    // cycles of about 55.7 h (up 50 h, exponential) take 446 h: by 2,000 h every node has had them.
    const sigma = 0.5, medianH = 5;
    const out = changes({ cluster: { sites: [cluster(400, 5, 1)] }, failures: [{ target: 'node', mtbf: '50h', repair: { lognormal: { median: `${medianH}h`, sigma } } }] }, 2000 * HOUR);
    const { repair } = firstCycles(out, 8);
    expect(repair.length).toBe(16_000);
    const mean = repair.reduce((a, b) => a + b, 0) / repair.length;
    const expected = medianH * HOUR * Math.exp((sigma * sigma) / 2), sd = expected * Math.sqrt(Math.exp(sigma * sigma) - 1);
    expect(Math.abs(mean - expected)).toBeLessThan((4 * sd) / Math.sqrt(repair.length));
  });
});
