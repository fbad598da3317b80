/** The small pure pieces of the scenario panel: description paragraphs, presets, format conversion, saved state, trace source. */
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { convertText } from '../../../src/ui/scenario/convertText.ts';
import { createTraceSource, MissingTraceError, traceFileName } from '../../../src/ui/scenario/createTraceSource.ts';
import { descriptionParagraphs } from '../../../src/ui/scenario/descriptionParagraphs.ts';
import { presets } from '../../../src/ui/scenario/presets.ts';
import { presetsFrom } from '../../../src/ui/scenario/presetsFrom.ts';
import { readSavedScenario, writeSavedScenario } from '../../../src/ui/scenario/savedScenario.ts';

describe('descriptionParagraphs', () => {
  it('splits at blank lines and joins wrapped lines', () => {
    expect(descriptionParagraphs('One\ntwo.\n\n  Three.  \r\n\r\n\n<b>x</b>')).toEqual(['One two.', 'Three.', '<b>x</b>']);
    expect(descriptionParagraphs('')).toEqual([]);
  });
});

describe('presets', () => {
  it('lists every scenarios/*.json, the seed example first, with names and stories', () => {
    const files = readdirSync(new URL('../../../scenarios/', import.meta.url)).filter((f) => f.endsWith('.json'));
    expect(presets.map((p) => p.id).sort()).toEqual(files.map((f) => f.slice(0, -5)).sort());
    expect(presets[0].id).toBe('seed-example');
    for (const p of presets) {
      expect(p.name).not.toBe('');
      expect(p.description.length).toBeGreaterThan(0);
    }
  });

  it('sorts by name after the first, and lists a broken file under its id', () => {
    const p = presetsFrom({ '/scenarios/b.json': '{"name":"Zeta"}', '/scenarios/a.json': '{"name":"Alpha","description":"d"}', '/scenarios/seed-example.json': '{"name":"S"}', '/scenarios/bad.json': '{' });
    expect(p.map((x) => [x.id, x.name])).toEqual([['seed-example', 'S'], ['a', 'Alpha'], ['bad', 'bad'], ['b', 'Zeta']]);
  });
});

describe('convertText', () => {
  it('goes JSON → YAML → JSON keeping the data', () => {
    const json = '{"name":"x","horizon":"1d","list":[1,{"a":"b: c"}],"description":"p1\\n\\np2"}';
    const yaml = convertText(json, 'json', 'yaml');
    expect(yaml).toContain('name: x');
    expect(JSON.parse(convertText(yaml, 'yaml', 'json'))).toEqual(JSON.parse(json));
  });

  it('refuses text that does not parse', () => {
    expect(() => convertText('{"a":', 'json', 'yaml')).toThrow(/cannot convert/);
    expect(() => convertText('a: [', 'yaml', 'json')).toThrow(/cannot convert/);
  });
});

describe('saved scenario', () => {
  const store = () => { const m = new Map<string, string>(); return { m, getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => { m.set(k, v); } }; };

  it('round-trips, and ignores what is not a saved scenario', () => {
    const s = store();
    expect(readSavedScenario(s, 'k')).toBeNull();
    expect(writeSavedScenario(s, 'k', { text: 'a: 1', format: 'yaml', presetId: 'p' })).toBe(true);
    expect(readSavedScenario(s, 'k')).toEqual({ text: 'a: 1', format: 'yaml', presetId: 'p' });
    s.m.set('k', '{"text": 1}');
    expect(readSavedScenario(s, 'k')).toBeNull();
    s.m.set('k', 'not json');
    expect(readSavedScenario(s, 'k')).toBeNull();
  });

  it('survives a store that throws', () => {
    const bad = { getItem: () => { throw new Error('denied'); }, setItem: () => { throw new Error('full'); } };
    expect(readSavedScenario(bad, 'k')).toBeNull();
    expect(writeSavedScenario(bad, 'k', { text: '', format: 'json', presetId: null })).toBe(false);
  });
});

describe('createTraceSource', () => {
  const ok = (text: string) => ({ ok: true, status: 200, text: async () => text });

  it('fetches a trace by its file name under the base URL, once', async () => {
    const urls: string[] = [];
    const src = createTraceSource('./traces/', async (u) => { urls.push(u); return ok('csv'); });
    expect(traceFileName('../../shared/traces/a b.csv')).toBe('a b.csv');
    expect(await src.read('../../shared/traces/a b.csv', 'f')).toBe('csv');
    expect(await src.read('other/a b.csv', 'g')).toBe('csv');
    expect(urls).toEqual(['./traces/a%20b.csv']);
  });

  it('rejects a missing trace with the field, and uses a supplied file instead', async () => {
    const src = createTraceSource('./traces/', async () => ({ ok: false, status: 404, text: async () => '' }));
    const e = await src.read('x/t.csv', 'workloads[0].trace.path').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MissingTraceError);
    expect(e).toMatchObject({ field: 'workloads[0].trace.path', fileName: 't.csv' });
    expect((e as Error).message).toMatch(/"t.csv" is not available here \(not found at .\/traces\/t.csv\): choose the CSV file/);
    expect(src.has('t.csv')).toBe(false);
    src.supply('t.csv', 'mine');
    expect(await src.read('x/t.csv', 'f')).toBe('mine');
  });

  it('treats a page served in place of the file (an app fallback) as missing', async () => {
    const src = createTraceSource('./traces/', async () => ({ ok: true, status: 200, headers: { get: () => 'text/html; charset=utf-8' }, text: async () => '<!doctype html>' }));
    await expect(src.read('t.csv', 'f')).rejects.toBeInstanceOf(MissingTraceError);
  });

  it('reports a network failure as missing too', async () => {
    const src = createTraceSource('/t/', async () => { throw new TypeError('Failed to fetch'); });
    await expect(src.read('a.csv', 'f')).rejects.toThrow(/cannot fetch \/t\/a.csv: Failed to fetch/);
  });
});
