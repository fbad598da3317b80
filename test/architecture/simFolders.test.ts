import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childFolderGraph, cyclicComponents, fileEdges, folderCycles, foldersWithSubfolders } from './importGraph.ts';

const root = resolve(import.meta.dirname, '../..');
const sim = join(root, 'src/sim');

/**
 * DESIGN.md: "A cycle between folders is a design error". Inside src/sim, at every level —
 * src/sim/* (engine, random, scenario, policy, model, metrics, timeline, ...), then the
 * subfolders of each (model/cluster, model/work, ...), and so on down — the folders one level
 * below a folder import each other without a cycle: a folder stands for everything under it,
 * and every import counts (`import type` too). A folder's own files (model/simulate.ts beside
 * model/cluster/) are not a node of its level: they are inside it, as are its subfolders.
 */
describe('folders inside src/sim', () => {
  const edges = fileEdges(sim);
  const levels = foldersWithSubfolders(sim);

  it('have no import cycle between any two folders, at any level', () => {
    expect(folderCycles(sim, root)).toEqual([]);
  });

  it('reads a real graph (the scan is not vacuous)', () => {
    const top = childFolderGraph(sim, edges);
    expect(levels).toContain(sim);
    expect(levels).toContain(join(sim, 'model'));
    expect(top.get('model')?.has('engine')).toBe(true);
    expect(top.get('model')?.has('scenario')).toBe(true);
    // import type counts: the model reads the policy interfaces as types only.
    expect(top.get('model')?.has('policy')).toBe(true);
  });

  it('finds every cycle of a graph, and none in a graph without one', () => {
    const g = (e: [string, string][]) => {
      const m = new Map<string, Map<string, true>>();
      for (const [a, b] of e) (m.get(a) ?? m.set(a, new Map()).get(a)!).set(b, true);
      return m;
    };
    expect(cyclicComponents(g([['a', 'b'], ['b', 'c'], ['a', 'c']]))).toEqual([]);
    expect(cyclicComponents(g([['a', 'b'], ['b', 'a'], ['b', 'c'], ['c', 'd'], ['d', 'e'], ['e', 'c']]))).toEqual([['a', 'b'], ['c', 'd', 'e']]);
  });
});
