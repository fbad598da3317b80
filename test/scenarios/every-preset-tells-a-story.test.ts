import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { haveTraces, loadPreset, presetFiles, SCENARIOS_DIR } from './presets.ts';

// What the app's gallery and a workshop rely on, for every file in scenarios/: it validates
// (policies and traces included), tells its story, carries two or more policy sets, and has
// its section in docs/presets.md. Each preset's own test checks that its story holds.
const presetsDoc = readFileSync(new URL('../../docs/presets.md', import.meta.url), 'utf8');
const readsTrace = (file: string) => /"trace"\s*:/.test(readFileSync(`${SCENARIOS_DIR}${file}`, 'utf8'));

describe('every preset scenario', () => {
  it('there are at least ten stories (the DR drill is one story in four files)', () => {
    const stories = new Set(presetFiles().map((f) => f.replace(/^dr-drill-.*/, 'dr-drill')));
    expect(stories.size).toBeGreaterThanOrEqual(10);
  });

  for (const file of presetFiles()) {
    describe(file, () => {
      it.skipIf(readsTrace(file) && !haveTraces)('validates, with its policy sets, as `dcsim validate` does', () => {
        const s = loadPreset(file);
        expect(s.policySets.length).toBeGreaterThanOrEqual(2);
        expect(new Set(s.policySets.map((p) => JSON.stringify(p.policies))).size).toBe(s.policySets.length);
      });

      it('tells its story: what happens, then what to compare and look for', () => {
        const d = JSON.parse(readFileSync(`${SCENARIOS_DIR}${file}`, 'utf8')) as { name: string; description: string };
        expect(d.name.length).toBeLessThanOrEqual(120);
        expect(d.description.length).toBeGreaterThan(400);
        expect(d.description).toMatch(/\bCompare\b/);
        expect(d.description).toMatch(/\bLook at\b|\blook at\b|\bwatch\b/);
      });

      it('has its section in docs/presets.md', () => {
        const id = file.replace(/\.json$/, '').replace(/^dr-drill-.*/, 'dr-drill');
        expect(presetsDoc).toContain(`## ${id}\n`);
        expect(presetsDoc).toContain(file.startsWith('dr-drill') ? file : `[${file}]`);
      });
    });
  }
});
