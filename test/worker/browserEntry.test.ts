import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const ENTRY = resolve(ROOT, 'src/worker/browserWorker.ts');

/** Every module specifier a file imports (static, side-effect, re-export, and dynamic with a literal). */
function specifiers(file: string): string[] {
  const code = readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\/|(^|[^:])\/\/.*$/gm, '$1');
  const out: string[] = [];
  for (const m of code.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of code.matchAll(/(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) out.push(m[1]);
  for (const m of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) out.push(m[1]);
  return out;
}

/** The module graph of our sources from `entry`: each file and the packages it imports. */
function graph(entry: string): Map<string, string[]> {
  const seen = new Map<string, string[]>();
  const todo = [entry];
  while (todo.length > 0) {
    const f = todo.pop()!;
    if (seen.has(f)) continue;
    const specs = specifiers(f);
    seen.set(f, specs.filter((s) => !s.startsWith('.')));
    for (const s of specs) if (s.startsWith('.')) todo.push(resolve(dirname(f), s));
  }
  return seen;
}

describe('the browser worker entry', () => {
  it('pulls in no Node API anywhere in its module graph (no node: or built-in module imports)', () => {
    const g = graph(ENTRY);
    const builtins = new Set(builtinModules);
    const bad = [...g].flatMap(([f, pkgs]) => pkgs.filter((p) => p.startsWith('node:') || builtins.has(p.split('/')[0])).map((p) => `${relative(ROOT, f)} imports ${p}`));
    expect(bad).toEqual([]);
    // The scan is not vacuous: it reaches the worker module and the simulator through it.
    const files = [...g.keys()].map((f) => relative(ROOT, f));
    expect(files).toEqual(expect.arrayContaining(['src/worker/simWorker.ts', 'src/worker/runScenario.ts', 'src/sim/model/simulate.ts']));
    expect(files.length).toBeGreaterThan(30);
    expect(g.get(ENTRY)).toContain('comlink');
  });

  it('shares its worker module with the Node entry', () => {
    expect(readFileSync(resolve(ROOT, 'src/worker/node/worker.mjs'), 'utf8')).toMatch(/import\('\.\.\/simWorker\.ts', import\.meta\.url\)/);
    expect(specifiers(ENTRY)).toContain('./simWorker.ts');
  });
});
