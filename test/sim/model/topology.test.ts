import { describe, expect, it } from 'vitest';
import { Topology } from '../../../src/sim/model/Topology.ts';
import type { ClusterSpec } from '../../../src/sim/scenario/types.ts';

const spec: ClusterSpec = {
  sites: [
    { id: 'east', racks: 2, nodesPerRack: 3, node: { gpus: 4, gpu: 'H100', speed: 1 } },
    { id: 'west', racks: 1, nodesPerRack: 2, node: { gpus: 8, gpu: 'A100', speed: 0.32 } },
  ],
};
const topo = new Topology(spec);

describe('Topology', () => {
  it('counts GPUs, nodes, racks and sites', () => {
    expect([topo.gpuCount, topo.nodeCount, topo.rackCount, topo.siteCount]).toEqual([24 + 16, 8, 3, 2]);
    expect(topo.maxGpusPerNode).toBe(8);
    expect(topo.count('gpu')).toBe(40);
    expect(topo.count('node', 1)).toBe(2);
    expect(topo.count('rack', 0)).toBe(2);
    expect(topo.count('site')).toBe(2);
  });

  it('numbers GPUs site by site, rack by rack, node by node', () => {
    expect(topo.gpuId(0)).toBe('east/r0/n0/g0');
    expect(topo.gpuId(5)).toBe('east/r0/n1/g1');
    expect(topo.gpuId(12)).toBe('east/r1/n0/g0');
    expect(topo.gpuId(23)).toBe('east/r1/n2/g3');
    expect(topo.gpuId(24)).toBe('west/r0/n0/g0');
    expect(topo.gpuId(39)).toBe('west/r0/n1/g7');
    expect(topo.nodeId(6)).toBe('west/r0/n0');
    expect(topo.gpuNode[23]).toBe(5);
    expect(topo.gpuNode[24]).toBe(6);
    expect(topo.gpuSpeed[23]).toBe(1);
    expect(topo.gpuSpeed[24]).toBe(0.32);
    expect([...topo.nodeFirstGpu]).toEqual([0, 4, 8, 12, 16, 20, 24, 32, 40]);
    expect([...topo.rackFirstGpu]).toEqual([0, 12, 24, 40]);
    expect([...topo.siteFirstGpu]).toEqual([0, 24, 40]);
  });

  it('gives each component a contiguous GPU range', () => {
    expect(topo.rangeOf('site', { site: 1, rack: 0, node: 0, gpu: 0, link: -1 })).toEqual({ firstGpu: 24, endGpu: 40 });
    expect(topo.rangeOf('rack', { site: 0, rack: 1, node: 0, gpu: 0, link: -1 })).toEqual({ firstGpu: 12, endGpu: 24 });
    expect(topo.rangeOf('node', { site: 0, rack: 1, node: 2, gpu: 0, link: -1 })).toEqual({ firstGpu: 20, endGpu: 24 });
    expect(topo.rangeOf('gpu', { site: 1, rack: 0, node: 1, gpu: 3, link: -1 })).toEqual({ firstGpu: 35, endGpu: 36 });
  });

  it('lists components with their ids and ranges, optionally within one site', () => {
    expect(topo.components('rack')).toEqual([
      { id: 'east/r0', firstGpu: 0, endGpu: 12 },
      { id: 'east/r1', firstGpu: 12, endGpu: 24 },
      { id: 'west/r0', firstGpu: 24, endGpu: 40 },
    ]);
    expect(topo.components('node', 1)).toEqual([
      { id: 'west/r0/n0', firstGpu: 24, endGpu: 32 },
      { id: 'west/r0/n1', firstGpu: 32, endGpu: 40 },
    ]);
    expect(topo.components('gpu')).toHaveLength(40);
    expect(topo.components('site').map((c) => c.id)).toEqual(['east', 'west']);
  });
});
