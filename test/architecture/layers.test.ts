import { readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importsOf as imports, tsFiles as files } from './importGraph.ts';

const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');

/** The top folder under src/ a file belongs to: sim, policies, worker, cli, ui, types. */
const layerOf = (file: string) => relative(src, file).split('/')[0];

/** Which layers each layer may import (DESIGN.md: ui → worker → (policies → sim); cli → worker). */
const ALLOWED: Record<string, string[]> = {
  sim: ['sim', 'types'],
  policies: ['policies', 'sim', 'types'],
  worker: ['worker', 'policies', 'sim', 'types'],
  cli: ['cli', 'worker', 'sim', 'types'],
  ui: ['ui', 'worker', 'sim', 'types'],
  types: ['types'],
};

describe('module layering', () => {
  const all = files(src);

  it('imports point down only: sim imports nothing of ours, policies only sim, cli and ui never each other', () => {
    const bad: string[] = [];
    for (const f of all) {
      const from = layerOf(f);
      for (const i of imports(f)) {
        if (!i.target) continue;
        const to = layerOf(i.target);
        if (!(ALLOWED[from] ?? []).includes(to)) bad.push(`${relative(root, f)} imports ${i.spec} (${from} → ${to})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('lets the policy layer read only the policy interfaces and the scenario (types and units) of src/sim: never the model or the engine', () => {
    const sim = join(src, 'sim');
    const bad: string[] = [];
    for (const f of all.filter((x) => layerOf(x) === 'policies')) {
      for (const i of imports(f)) {
        if (!i.target || layerOf(i.target) !== 'sim') continue;
        const folder = relative(sim, i.target).split('/')[0];
        if (!['policy', 'scenario'].includes(folder)) bad.push(`${relative(root, f)} imports ${i.spec} (policies → sim/${folder})`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('keeps Node, the DOM and wall-clock time or Math.random out of src/sim and src/policies', () => {
    const bad: string[] = [];
    for (const f of all.filter((x) => ['sim', 'policies'].includes(layerOf(x)))) {
      const text = readFileSync(f, 'utf8');
      for (const i of imports(f)) if (i.spec.startsWith('node:')) bad.push(`${relative(root, f)} imports ${i.spec}`);
      const code = text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
      for (const re of [/\bMath\.random\b/, /\bDate\.now\b/, /\bperformance\.now\b/, /\bnew Date\(/, /\bprocess\.\w/, /\bdocument\.\w/, /\bwindow\.\w/]) {
        if (re.test(code)) bad.push(`${relative(root, f)} uses ${re.source}`);
      }
    }
    expect(bad).toEqual([]);
  });

  it('finds the files it checks (the scan is not vacuous)', () => {
    expect(all.filter((f) => layerOf(f) === 'sim').length).toBeGreaterThan(10);
    expect(imports(join(src, 'cli/main.ts')).some((i) => i.target && layerOf(i.target) === 'worker')).toBe(true);
    expect(all.filter((f) => layerOf(f) === 'policies').flatMap((f) => imports(f)).some((i) => i.target && relative(src, i.target).startsWith('sim/policy/'))).toBe(true);
  });
});
