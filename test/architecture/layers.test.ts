import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');
const src = join(root, 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The top folder under src/ a file belongs to: sim, policies, worker, cli, ui, types. */
const layerOf = (file: string) => relative(src, file).split('/')[0];

function imports(file: string): { spec: string; target?: string }[] {
  const text = readFileSync(file, 'utf8');
  const out: { spec: string; target?: string }[] = [];
  for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/g)) {
    const spec = m[1];
    out.push({ spec, target: spec.startsWith('.') ? resolve(dirname(file), spec) : undefined });
  }
  return out;
}

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
  });
});
