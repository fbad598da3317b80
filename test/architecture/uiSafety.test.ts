import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const code = (f: string) => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');

describe('the browser app treats text as data', () => {
  const ui = files(join(root, 'src/ui'));

  it('never evaluates text: no eval, new Function, or string timers', () => {
    const bad = ui.filter((f) => /\beval\s*\(|new Function\s*\(|set(Timeout|Interval)\(\s*['"`]/.test(code(f))).map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });

  it('writes HTML only from fixed templates: innerHTML is never given text from outside (only numbers are interpolated)', () => {
    const bad: string[] = [];
    for (const f of ui) {
      for (const m of code(f).matchAll(/\.(innerHTML|outerHTML)\s*=\s*([^;]*)/g)) {
        const rhs = m[2];
        // A template may interpolate only indices and numbers (`${i + 1}`), never names or text.
        const holes = [...rhs.matchAll(/\$\{([^}]*)\}/g)].map((h) => h[1].trim());
        if (!/^[`'"]/.test(rhs.trim()) || holes.some((h) => !/^[\w.]+( [+-] \d+)?$/.test(h) || /name|text|title|id|description|label|message|error/i.test(h))) {
          bad.push(`${relative(root, f)}: ${m[0].slice(0, 80)}`);
        }
      }
      if (/insertAdjacentHTML|document\.write/.test(code(f))) bad.push(`${relative(root, f)}: insertAdjacentHTML/document.write`);
    }
    expect(bad).toEqual([]);
  });
});
