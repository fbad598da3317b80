import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { childFolderGraph, fileEdges, folderCycles, foldersWithSubfolders } from './importGraph.ts';

const root = resolve(import.meta.dirname, '../..');
const ui = join(root, 'src/ui');

/**
 * DESIGN.md: "A cycle between folders is a design error". Inside src/ui, at every level —
 * src/ui/* (app, charts, runs, scenario, share, theme, timeline), then the subfolders of
 * each, and so on down — the folders one level below a folder import each other without a
 * cycle: a folder stands for everything under it, and every import counts (`import type`
 * too). Files directly in a folder (ui/main.ts) are not a node of its level.
 */
describe('folders inside src/ui', () => {
  const edges = fileEdges(ui);
  const levels = foldersWithSubfolders(ui);

  it('have no import cycle between any two folders, at any level', () => {
    expect(folderCycles(ui, root)).toEqual([]);
  });

  it('reads a real graph (the scan is not vacuous)', () => {
    const top = childFolderGraph(ui, edges);
    expect(levels).toContain(ui);
    expect(top.get('app')?.has('timeline')).toBe(true);
    expect(top.get('app')?.has('runs')).toBe(true);
    // import type counts: shared links carry the runs panel's policy sets as types only.
    expect(top.get('share')?.has('runs')).toBe(true);
  });

  it('keeps the theme a leaf: it imports nothing of the app', () => {
    expect([...(childFolderGraph(ui, edges).get('theme')?.keys() ?? [])]).toEqual([]);
  });
});
