import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const metrics = join(root, 'src/sim/metrics');

/** The files of ours a file imports (relative specifiers, resolved). */
function localImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => resolve(dirname(file), m[1]));
}

describe('src/sim/metrics is a leaf folder', () => {
  const files = readdirSync(metrics).filter((f) => f.endsWith('.ts')).map((f) => join(metrics, f));

  it('imports nothing of ours outside itself (the scenario and the timeline import it, never the reverse)', () => {
    const bad = files.flatMap((f) => localImports(f).filter((t) => dirname(t) !== metrics).map((t) => `${relative(root, f)} imports ${relative(root, t)}`));
    expect(files.length).toBeGreaterThan(5);
    expect(bad).toEqual([]);
  });
});
