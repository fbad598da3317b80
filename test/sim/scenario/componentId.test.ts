import { describe, expect, it } from 'vitest';
import { resolveComponent } from '../../../src/sim/scenario/componentId.ts';
import type { ClusterSpec } from '../../../src/sim/scenario/types.ts';

const cluster: ClusterSpec = {
  sites: [
    { id: 'east', racks: 2, nodesPerRack: 4, node: { gpus: 8, gpu: 'H100', speed: 1 } },
    { id: 'west', racks: 3, nodesPerRack: 1, node: { gpus: 2, gpu: 'A100', speed: 0.32 } },
  ],
};

describe('resolveComponent', () => {
  it('resolves ids at every level to indices', () => {
    expect(resolveComponent(cluster, 'site', 'west')).toEqual({ site: 1, rack: 0, node: 0, gpu: 0, link: -1 });
    expect(resolveComponent(cluster, 'rack', 'east/r1')).toEqual({ site: 0, rack: 1, node: 0, gpu: 0, link: -1 });
    expect(resolveComponent(cluster, 'node', 'east/r1/n3')).toEqual({ site: 0, rack: 1, node: 3, gpu: 0, link: -1 });
    expect(resolveComponent(cluster, 'gpu', 'west/r2/n0/g1')).toEqual({ site: 1, rack: 2, node: 0, gpu: 1, link: -1 });
  });

  it('rejects an id with the wrong depth for its level, with an example', () => {
    expect(resolveComponent(cluster, 'node', 'east/r0')).toMatch(/expected a node id such as "east\/r0\/n3", got "east\/r0"/);
    expect(resolveComponent(cluster, 'site', 'east/r0')).toMatch(/expected a site id/);
  });

  it('rejects a missing site, listing the sites', () => {
    expect(resolveComponent(cluster, 'rack', 'north/r0')).toBe('no site "north"; sites: east, west');
  });

  it('rejects a missing rack such as "east/r9", giving the valid range', () => {
    expect(resolveComponent(cluster, 'rack', 'east/r9')).toBe('rack 9 does not exist in "east/r9": there are 2 (r0 to r1)');
  });

  it('rejects a missing node and GPU, giving the valid range', () => {
    expect(resolveComponent(cluster, 'node', 'east/r0/n4')).toMatch(/node 4 does not exist.*n0 to n3/);
    expect(resolveComponent(cluster, 'gpu', 'west/r0/n0/g2')).toMatch(/GPU 2 does not exist.*g0 to g1/);
  });

  it('rejects a part without its letter prefix', () => {
    expect(resolveComponent(cluster, 'rack', 'east/0')).toMatch(/expected "r<number>" for the rack/);
    expect(resolveComponent(cluster, 'node', 'east/r0/x1')).toMatch(/expected "n<number>" for the node/);
  });
});
