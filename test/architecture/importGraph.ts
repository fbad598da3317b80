/**
 * Reads the import graph of our sources from their text (no compiler): which files a file
 * imports, and the folder-level graphs made of them. Shared by the architecture tests.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

/** The .ts files under a folder, recursively. */
export function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? tsFiles(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** One import of a file: its specifier, and the file it names when relative (resolved). */
export interface ImportRef {
  readonly spec: string;
  readonly target?: string;
}

/**
 * Static `import … from` / `export … from` (`import type` and `export type` included), side-effect
 * imports (`import './x.ts'`) and `import('…')` (dynamic, or a type such as `typeof import('./x.ts')`).
 * Statements must start a line; `import(` in a comment line (`*`, `//`) is not one.
 */
const STATIC = /(?:^|\n)[ \t]*(?:import|export)\b[^'";]*?\bfrom\s+['"]([^'"]+)['"]|(?:^|\n)[ \t]*import\s+['"]([^'"]+)['"]/g;
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The imports of a file, in order of appearance (static first, then `import(…)`). */
export function importsOf(file: string): ImportRef[] {
  const text = readFileSync(file, 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(STATIC)) specs.push(m[1] ?? m[2]);
  for (const line of text.split('\n')) {
    const t = line.trimStart();
    if (t.startsWith('*') || t.startsWith('//') || t.startsWith('/*')) continue;
    for (const m of line.matchAll(DYNAMIC)) specs.push(m[1]);
  }
  return specs.map((spec) => ({ spec, target: spec.startsWith('.') ? resolve(dirname(file), spec) : undefined }));
}

/** A file-to-file import: `from` imports `to` with specifier `spec` (absolute paths). */
export interface FileEdge {
  readonly from: string;
  readonly to: string;
  readonly spec: string;
}

/** Every import between two files under `dir` (a relative specifier resolving inside it). */
export function fileEdges(dir: string): FileEdge[] {
  const inside = (p: string) => p.startsWith(dir + sep);
  return tsFiles(dir).flatMap((from) => importsOf(from).flatMap((i) => (i.target && inside(i.target) ? [{ from, to: i.target, spec: i.spec }] : [])));
}

/**
 * The folder-level graph one level below `parent`: a node per child folder of `parent` (the
 * whole subtree under it), and an edge a → b, with the file imports behind it, when a file
 * under `parent/a` imports one under `parent/b`. Files directly in `parent` belong to no node.
 */
export function childFolderGraph(parent: string, edges: readonly FileEdge[]): Map<string, Map<string, FileEdge[]>> {
  const child = (p: string): string | undefined => {
    const parts = relative(parent, p).split(sep);
    return parts.length > 1 && parts[0] !== '..' ? parts[0] : undefined;
  };
  const graph = new Map<string, Map<string, FileEdge[]>>();
  for (const e of edges) {
    const a = child(e.from), b = child(e.to);
    if (a === undefined || b === undefined || a === b) continue;
    const out = graph.get(a) ?? graph.set(a, new Map()).get(a)!;
    (out.get(b) ?? out.set(b, []).get(b)!).push(e);
  }
  return graph;
}

/** Every folder under `dir` (itself included) that has subfolders. */
export function foldersWithSubfolders(dir: string): string[] {
  const subs = readdirSync(dir).map((n) => join(dir, n)).filter((p) => statSync(p).isDirectory());
  return subs.length === 0 ? [] : [dir, ...subs.flatMap(foldersWithSubfolders)];
}

/**
 * The strongly connected components of a graph with more than one node: each is a set of
 * nodes every one of which reaches every other, so each holds at least one cycle. Tarjan's
 * algorithm; components and their nodes sorted by name.
 */
export function cyclicComponents<E>(graph: ReadonlyMap<string, ReadonlyMap<string, E>>): string[][] {
  const nodes = [...new Set([...graph.keys(), ...[...graph.values()].flatMap((m) => [...m.keys()])])].sort();
  const index = new Map<string, number>(), low = new Map<string, number>(), onStack = new Set<string>();
  const stack: string[] = [], out: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next); low.set(v, next); next++;
    stack.push(v); onStack.add(v);
    for (const w of [...(graph.get(v)?.keys() ?? [])].sort()) {
      if (!index.has(w)) { visit(w); low.set(v, Math.min(low.get(v)!, low.get(w)!)); }
      else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const comp: string[] = [];
      let w: string;
      do { w = stack.pop()!; onStack.delete(w); comp.push(w); } while (w !== v);
      if (comp.length > 1) out.push(comp.sort());
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out.sort((a, b) => a[0].localeCompare(b[0]));
}

/**
 * Each folder-level import cycle under `dir`, at every level (see childFolderGraph), with
 * every import that makes it: one string per cycle, paths relative to `root`.
 */
export function folderCycles(dir: string, root: string): string[] {
  const edges = fileEdges(dir);
  const out: string[] = [];
  for (const parent of foldersWithSubfolders(dir)) {
    const graph = childFolderGraph(parent, edges);
    for (const comp of cyclicComponents(graph)) {
      const lines = comp.flatMap((a) => comp.flatMap((b) => (graph.get(a)?.get(b) ?? []).map((e) => `  ${relative(root, e.from)} imports ${e.spec} (${a} → ${b})`)));
      out.push(`${relative(root, parent)}: a cycle between ${comp.join(', ')}\n${lines.join('\n')}`);
    }
  }
  return out;
}
