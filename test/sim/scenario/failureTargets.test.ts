/**
 * The table of failure targets is the single source of the targets: the schema, the trace
 * reader, component ids, counts, the topology, the MTBF estimate, per-target results, the
 * timeline's cause codes and the docs all follow it.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { makeMtbfEstimator } from '../../../src/sim/model/failureRates.ts';
import { Topology } from '../../../src/sim/model/Topology.ts';
import { componentIdOf, exampleId, resolveComponent, type ComponentAddress } from '../../../src/sim/scenario/componentId.ts';
import {
  byTarget, CLUSTER_LEVELS, componentCount, coveredLevel, FAILURE_TARGET_TABLE, FAILURE_TARGETS, failureTargetInfo, isFailureTarget, levelCountInSite,
  type FailureTarget,
} from '../../../src/sim/scenario/failureTargets.ts';
import { ScenarioError } from '../../../src/sim/scenario/formatIssue.ts';
import { validateScenario } from '../../../src/sim/scenario/parseScenario.ts';
import * as scenarioTypes from '../../../src/sim/scenario/types.ts';
import type { ClusterSpec } from '../../../src/sim/scenario/types.ts';
import { causeNames } from '../../../src/sim/timeline/Timeline.ts';
import { parseFailureTrace } from '../../../src/sim/trace/parseFailureTrace.ts';

const cluster: ClusterSpec = {
  sites: [
    { id: 'east', racks: 2, nodesPerRack: 3, node: { gpus: 4, gpu: 'H100', speed: 1 } },
    { id: 'west', racks: 3, nodesPerRack: 1, node: { gpus: 2, gpu: 'A100', speed: 0.32 } },
    { id: 'north', racks: 1, nodesPerRack: 2, node: { gpus: 1, gpu: 'H100', speed: 1 } },
  ],
  wan: [
    { id: 'east-west', sites: ['east', 'west'], bandwidthBps: 1e9, latencyS: 0 },
    { id: 'west-north', sites: ['west', 'north'], bandwidthBps: 1e9, latencyS: 0 },
  ],
};

/** The same cluster as a scenario writes it. */
const clusterDoc = {
  sites: cluster.sites.map((s) => ({ id: s.id, racks: s.racks, nodesPerRack: s.nodesPerRack, node: { gpus: s.node.gpus, gpu: s.node.gpu } })),
  wan: cluster.wan!.map((l) => ({ id: l.id, between: l.sites, bandwidth: '1Gb/s' })),
};

const scenarioWith = (extra: object) => ({ name: 'targets', horizon: '1h', cluster: clusterDoc, ...extra });

/** Every component of a target, as addresses, in index order (site by site, then down the hierarchy). */
function addresses(target: FailureTarget): ComponentAddress[] {
  const level = coveredLevel(target);
  if (level === null) return cluster.wan!.map((_, link) => ({ site: -1, rack: -1, node: -1, gpu: -1, link }));
  const depth = CLUSTER_LEVELS.indexOf(level) + 1;
  const out: ComponentAddress[] = [];
  cluster.sites.forEach((s, site) => {
    for (let rack = 0; rack < (depth > 1 ? s.racks : 1); rack++) {
      for (let node = 0; node < (depth > 2 ? s.nodesPerRack : 1); node++) {
        for (let gpu = 0; gpu < (depth > 3 ? s.node.gpus : 1); gpu++) out.push({ site, rack, node, gpu, link: -1 });
      }
    }
  });
  return out;
}

describe('the table of failure targets', () => {
  it('lists the targets in results order, each with what it covers, a noun and a description', () => {
    expect(FAILURE_TARGETS).toEqual(['gpu', 'node', 'rack', 'site', 'uplink', 'wan']);
    for (const t of FAILURE_TARGETS) {
      const info = failureTargetInfo(t);
      expect(info.covers === 'wan-link' || CLUSTER_LEVELS.includes(info.covers)).toBe(true);
      expect(info.noun).not.toBe('');
      expect(info.description.length).toBeGreaterThan(10);
      expect(isFailureTarget(t)).toBe(true);
    }
    expect(isFailureTarget('switch')).toBe(false);
    expect(isFailureTarget('toString')).toBe(false);
    expect(coveredLevel('uplink')).toBe('rack');
    expect(coveredLevel('wan')).toBeNull();
  });

  it('is what the scenario types export', () => {
    expect(scenarioTypes.FAILURE_TARGETS).toBe(FAILURE_TARGETS);
  });

  it('the schema accepts exactly the targets of the table, in random rules, outages and maintenance', () => {
    for (const t of FAILURE_TARGETS) {
      const id = componentIdOf(cluster, t, addresses(t)[0]);
      const s = validateScenario(scenarioWith({
        failures: [
          { target: t, mtbf: '1000h', repair: '1h' },
          { target: t, id, at: '10m', duration: '5m' },
        ],
        maintenance: [{ target: t, at: '20m', duration: '5m', perWave: 1 }],
      }));
      expect(s.failures.map((f) => f.kind !== 'trace' && f.target)).toEqual([t, t]);
      expect(s.maintenance[0].target).toBe(t);
    }
    try {
      validateScenario(scenarioWith({ failures: [{ target: 'switch', mtbf: '1000h', repair: '1h' }] }));
      expect.unreachable('a target not in the table validated');
    } catch (e) {
      expect(e).toBeInstanceOf(ScenarioError);
      const issue = (e as ScenarioError).issues[0];
      expect(issue.path).toBe('failures[0].target');
      for (const t of FAILURE_TARGETS) expect(issue.message).toContain(`"${t}"`);
    }
  });

  it('a failure trace accepts exactly the targets of the table', () => {
    const rows = FAILURE_TARGETS.map((t, k) => `${k},${t},${componentIdOf(cluster, t, addresses(t)[0])},60`);
    const read = parseFailureTrace(['time,target,id,duration', ...rows].join('\n'), 'f.csv', (t, id) => {
      const a = resolveComponent(cluster, t, id);
      return typeof a === 'string' ? a : undefined;
    });
    expect(read.map((f) => f.target)).toEqual(FAILURE_TARGETS);
    expect(() => parseFailureTrace('time,target,id,duration\n0,switch,east,60', 'f.csv', () => undefined))
      .toThrow(`target: expected one of ${FAILURE_TARGETS.join(', ')}, got "switch"`);
  });

  it('every target\'s ids round-trip: written from an address, resolved back to it', () => {
    for (const t of FAILURE_TARGETS) {
      const all = addresses(t);
      expect(all.length).toBe(componentCount(cluster, t));
      const ids = all.map((a) => componentIdOf(cluster, t, a));
      expect(new Set(ids).size).toBe(ids.length);
      all.forEach((a, k) => expect(resolveComponent(cluster, t, ids[k])).toEqual(a));
    }
    expect(componentIdOf(cluster, 'gpu', { site: 1, rack: 2, node: 0, gpu: 1, link: -1 })).toBe('west/r2/n0/g1');
    expect(componentIdOf(cluster, 'uplink', { site: 0, rack: 1, node: 0, gpu: 0, link: -1 })).toBe('east/r1');
    expect(componentIdOf(cluster, 'wan', { site: -1, rack: -1, node: -1, gpu: -1, link: 1 })).toBe('west-north');
  });

  it('rejects an id of the wrong depth for every target named as a level, with an example of that level', () => {
    for (const t of FAILURE_TARGETS) {
      const level = coveredLevel(t);
      if (level === null) continue;
      const wrong = level === 'gpu' ? 'east' : 'east/r0/n0/g0';
      expect(resolveComponent(cluster, t, wrong)).toBe(`expected a ${t} id such as "${exampleId(level)}"${t === level ? '' : ` (the ${level} it serves)`}, got "${wrong}"`);
    }
    expect(exampleId('gpu')).toBe('east/r0/n3/g1');
  });

  it('counts components per target and site as the topology does, and names them alike', () => {
    const topo = new Topology(cluster);
    for (const t of FAILURE_TARGETS) {
      expect(topo.count(t)).toBe(componentCount(cluster, t));
      cluster.sites.forEach((s, si) => expect(topo.count(t, si)).toBe(componentCount(cluster, t, s.id)));
      expect(topo.components(t).map((c) => c.id)).toEqual(addresses(t).map((a) => componentIdOf(cluster, t, a)));
    }
    expect(componentCount(cluster, 'wan', 'north')).toBe(1);
    expect(levelCountInSite('gpu', cluster.sites[0])).toBe(2 * 3 * 4);
  });

  it('a maintenance by fraction takes that fraction of the target\'s components per wave', () => {
    for (const t of FAILURE_TARGETS) {
      const s = validateScenario(scenarioWith({ maintenance: [{ target: t, at: '0s', duration: '1m', fraction: 0.5 }] }));
      expect(s.maintenance[0].perWave).toBe(Math.max(1, Math.ceil(0.5 * componentCount(cluster, t))));
    }
  });

  it('the MTBF estimate counts each target as a component of the level it covers; a WAN link not at all', () => {
    const topo = new Topology(cluster);
    const node0 = [0, 4]; // the 4 GPUs of east/r0/n0
    for (const t of FAILURE_TARGETS) {
      const estimate = makeMtbfEstimator(topo, [{ kind: 'random', target: t, timeToFailure: { kind: 'exponential', mean: 1000 }, repair: { kind: 'constant', value: 1 } }]);
      const level = coveredLevel(t);
      expect(estimate(node0)).toBe(level === null ? Infinity : level === 'gpu' ? 1000 / 4 : 1000);
    }
  });

  it('gives per-target records and the timeline\'s cause codes in table order', () => {
    expect(Object.keys(byTarget(() => 0))).toEqual(FAILURE_TARGETS);
    expect(causeNames).toEqual([...FAILURE_TARGETS, 'planned']);
  });

  it('the scenario format and metrics references list exactly the targets of the table wherever it lists them', () => {
    const docs = ['scenario-format.md', 'metrics.md'].map((f) => readFileSync(new URL(`../../../docs/${f}`, import.meta.url), 'utf8')).join('\n');
    const lists = docs.split('\n').filter((l) => l.includes('`gpu`, `node`'));
    expect(lists.length).toBeGreaterThanOrEqual(3);
    for (const line of lists) {
      // The list itself: `gpu`, `node`, ... or `wan`.
      const list = /`gpu`(?:(?:,? or |, )`\w+`)*/.exec(line)![0];
      expect([...list.matchAll(/`(\w+)`/g)].map((m) => m[1]), line).toEqual(FAILURE_TARGETS);
    }
    expect(Object.keys(FAILURE_TARGET_TABLE)).toEqual(FAILURE_TARGETS);
  });
});
