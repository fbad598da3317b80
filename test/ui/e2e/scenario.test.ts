/**
 * The scenario panel alone (test/ui/harness/scenario.html), in real headless Chromium under
 * the built site's CSP: the preset gallery, the editor's inline diagnostics and issue list,
 * the form rewriting the text, unsaved edits surviving a reload, traces and files.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launch, openApp, screenshot, type AppPage } from './support/browser.ts';

const SCENARIOS = new URL('../../../scenarios/', import.meta.url);
const PRESETS = readdirSync(SCENARIOS).filter((f) => f.endsWith('.json')).map((f) => JSON.parse(readFileSync(new URL(f, SCENARIOS), 'utf8')) as { name: string; description: string });
const SEED = readFileSync(new URL('seed-example.json', SCENARIOS), 'utf8');
/** The build copies the public traces into the site when they are beside the repository. */
const HAVE_TRACES = existsSync(new URL('../../../../shared/traces/azure-llm-2023-conv.csv', import.meta.url));

let n = 0;
/** Opens the harness with a fresh storage key (unless given). */
async function open(browser: Browser, key = `t${n++}-${Date.now()}`, size?: { width: number; height: number }): Promise<AppPage & { key: string }> {
  const app = await openApp(browser, `test/ui/harness/scenario.html?key=${key}`, size);
  await app.page.waitForFunction(() => window.__panel !== undefined);
  return { ...app, key };
}

const state = (page: Page) => page.evaluate(() => {
  const s = window.__panel!.state;
  return { text: s.text, format: s.format, presetId: s.presetId, issues: s.issues, loading: s.loading, modified: s.modified, valid: s.scenario !== null };
});

/** Replaces the editor's text as a paste would (select all, insert). */
async function typeText(page: Page, text: string): Promise<void> {
  await page.getByRole('tab', { name: 'Editor' }).click();
  await page.locator('.cm-content').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText(text);
}

describe('the scenario panel', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it('lists every preset with its name and the first paragraph of its story; the worked example first', async () => {
    const { page, errors } = await open(browser);
    const cards = page.locator('.scn-card');
    await expect.poll(() => cards.count()).toBe(PRESETS.length);
    const names = await cards.locator('h3').allTextContents();
    expect([...names].sort()).toEqual(PRESETS.map((p) => p.name).sort());
    expect(names[0]).toBe(PRESETS.find((p) => p.name.startsWith('Seed example'))!.name);
    for (const p of PRESETS) {
      const card = page.locator('.scn-card', { has: page.getByRole('heading', { name: p.name, exact: true }) });
      const first = p.description.split(/\n\s*\n/)[0].replace(/\s*\n\s*/g, ' ').trim();
      expect(await card.locator('.scn-story p').first().textContent()).toBe(first);
    }
    // The full story, on demand.
    const seed = cards.first();
    await seed.getByRole('button', { name: 'Full story' }).click();
    const seedStory = PRESETS.find((p) => p.name.startsWith('Seed example'))!.description.split(/\n\s*\n/).length;
    await expect.poll(() => seed.locator('.scn-story p').count()).toBe(seedStory);
    // The first preset is loaded at the start.
    expect(await seed.getAttribute('aria-current')).toBe('true');
    expect((await state(page)).presetId).toBe('seed-example');
    expect(errors).toEqual([]);
  });

  it('loads a preset into the editor, and its trace from the site', async () => {
    const { page, errors } = await open(browser);
    const azure = PRESETS.find((p) => p.name.startsWith('Azure'))!;
    await page.locator('.scn-card', { has: page.getByRole('heading', { name: azure.name }) }).getByRole('button', { name: 'Load' }).click();
    await page.getByRole('tab', { name: 'Editor' }).click();
    await expect.poll(() => page.locator('.cm-content').textContent()).toContain('"azure-llm-2023"');
    expect((await state(page)).presetId).toBe('azure-llm-conv');
    // The trace is served beside the page when ../shared/traces exists, else it is a clear issue with a file picker.
    await expect.poll(async () => (await state(page)).loading, { timeout: 20_000 }).toBe(false);
    const s = await state(page);
    expect(s.valid).toBe(HAVE_TRACES);
    if (s.valid) expect(s.issues).toEqual([]);
    else {
      expect(s.issues[0].path).toBe('workloads[0].trace.path');
      await expect.poll(() => page.getByRole('button', { name: /Choose azure-llm-2023-conv.csv/ }).count()).toBe(1);
    }
    expect(errors).toEqual([]);
  });

  it('shows a bad value and a misspelt field at their lines and in the issue list; fixing clears them', async () => {
    const { page, errors } = await open(browser);
    const bad = SEED.replace('"rate": 0.08', '"rate": -1').replace('"slo": "3m"', '"sol": "3m"');
    await typeText(page, bad);
    const rateLine = page.locator('.cm-line', { hasText: '"rate": -1' });
    await expect.poll(() => rateLine.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.cm-line', { hasText: '"sol": "3m"' }).locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('.cm-gutter-lint .cm-lint-marker-error').count()).toBe(2);
    const items = page.locator('.scn-tabpanel-editor .scn-issue');
    await expect.poll(() => items.count()).toBe(2);
    const rate = items.filter({ hasText: 'workloads[0].arrival.poisson.rate' });
    expect(await rate.textContent()).toMatch(/expected a number > 0, got -1/);
    expect(await items.filter({ hasText: 'workloads[0].sol' }).textContent()).toMatch(/unknown field/);
    const lineNo = bad.split('\n').findIndex((l) => l.includes('"rate": -1')) + 1;
    expect(await rate.locator('.scn-issue-line').textContent()).toBe(`line ${lineNo}`);
    expect(await page.locator('.scn-status-badge').textContent()).toBe('2 issues');
    // The path moves the cursor to the field.
    await rate.getByRole('button', { name: 'workloads[0].arrival.poisson.rate' }).click();
    await expect.poll(() => page.locator('.cm-activeLine').textContent()).toContain('"rate": -1');
    // The gutter marker sits on that line.
    const markerTop = await page.locator('.cm-gutter-lint .cm-gutterElement', { has: page.locator('.cm-lint-marker-error') }).first().boundingBox();
    const lineTop = await page.locator('.cm-gutter.cm-lineNumbers .cm-gutterElement', { hasText: new RegExp(`^${lineNo}$`) }).boundingBox();
    expect(Math.abs(markerTop!.y - lineTop!.y)).toBeLessThan(2);
    await screenshot(page, 'scenario-issues');
    await typeText(page, SEED);
    await expect.poll(() => page.locator('.scn-status-badge').textContent()).toBe('valid');
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);
    expect(await items.count()).toBe(0);
    expect(errors).toEqual([]);
  });

  it('makes an unknown policy name an error at its field', async () => {
    const { page, errors } = await open(browser);
    await typeText(page, SEED.replace('"scheduling": "fifo"', '"scheduling": "fastest"'));
    const item = page.locator('.scn-tabpanel-editor .scn-issue', { hasText: 'policies.scheduling' });
    await expect.poll(() => item.count()).toBe(1);
    expect(await item.textContent()).toMatch(/fastest/);
    await expect.poll(() => page.locator('.cm-line', { hasText: '"scheduling": "fastest"' }).locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
  });

  it('rewrites the field in the text when a form knob changes, and shows a bad value beside it', async () => {
    const { page, errors } = await open(browser);
    await page.getByRole('tab', { name: 'Form' }).click();
    const rate = page.getByLabel('Arrival rate');
    expect(await rate.inputValue()).toBe('0.08');
    await rate.fill('0.095');
    await expect.poll(async () => (await state(page)).text).toBe(SEED.replace('"rate": 0.08', '"rate": 0.095'));
    await expect.poll(async () => (await state(page)).modified).toBe(true);
    const racks = page.getByLabel('Racks');
    await racks.fill('0');
    const error = page.locator('.scn-field', { has: racks }).locator('.scn-field-error');
    await expect.poll(() => error.textContent()).toMatch(/expected a number >= 1, got 0/);
    expect(await racks.getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'scenario-form');
    await racks.fill('2');
    await expect.poll(() => error.textContent()).toBe('');
    // The editor shows the same text.
    await page.getByRole('tab', { name: 'Editor' }).click();
    expect(await page.locator('.cm-content').textContent()).toContain('"rate": 0.095');
    // Revert to preset.
    await page.getByRole('button', { name: 'Revert to preset' }).click();
    await expect.poll(async () => (await state(page)).text).toBe(SEED);
    // ... and the edits can be had back.
    await page.locator('.scn-message').getByRole('button', { name: 'Undo' }).click();
    await expect.poll(async () => (await state(page)).text).toContain('"rate": 0.095');
    expect(errors).toEqual([]);
  });

  it('keeps unsaved edits over a reload', async () => {
    const { page, errors, key } = await open(browser);
    await typeText(page, SEED.replace('"horizon": "1d"', '"horizon": "2d"'));
    await page.waitForTimeout(500);
    await page.reload();
    await page.waitForFunction(() => window.__panel !== undefined);
    await expect.poll(async () => (await state(page)).text).toContain('"horizon": "2d"');
    const s = await state(page);
    expect(s.presetId).toBe('seed-example');
    expect(s.modified).toBe(true);
    expect(await page.locator('.cm-content').textContent()).toContain('"horizon": "2d"');
    expect(await page.locator('.scn-message').textContent()).toMatch(/Restored your unsaved edits/);
    expect(key).not.toBe('');
    expect(errors).toEqual([]);
  });

  it('converts between JSON and YAML, and saves the text as a file', async () => {
    const { page, errors } = await open(browser);
    await page.getByRole('tab', { name: 'Editor' }).click();
    await page.getByRole('button', { name: 'YAML' }).click();
    await expect.poll(async () => (await state(page)).format).toBe('yaml');
    const s = await state(page);
    expect(s.text).toContain('horizon: 1d');
    expect(s.modified).toBe(false);
    await expect.poll(() => page.locator('.scn-status-badge').textContent()).toBe('valid');
    // Diagnostics work in YAML too.
    await typeText(page, s.text.replace('rate: 0.08', 'rate: -1'));
    await expect.poll(() => page.locator('.cm-line', { hasText: 'rate: -1' }).locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    expect(await page.locator('.scn-tabpanel-editor .scn-issue').textContent()).toMatch(/workloads\[0\]\.arrival\.poisson\.rate.*expected a number > 0, got -1/);
    await typeText(page, s.text);
    await expect.poll(() => page.locator('.scn-status-badge').textContent()).toBe('valid');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save file' }).click()]);
    expect(download.suggestedFilename()).toBe('seed-example.yaml');
    await page.getByRole('button', { name: 'JSON' }).click();
    await expect.poll(async () => JSON.parse((await state(page)).text)).toEqual(JSON.parse(SEED));
    expect(errors).toEqual([]);
  });

  it('opens a file, and asks for a trace file that is not there', async () => {
    const { page, errors } = await open(browser);
    const yaml = 'name: Mine\nhorizon: 1h\ncluster: { sites: [ { id: dc, racks: 1, nodesPerRack: 2, node: { gpus: 8, gpu: H100 } } ] }\n'
      + 'workloads:\n  - kind: batch\n    id: pods\n    trace: { format: alibaba-gpu-2023, path: data/my-pods.csv }\n';
    await page.locator('.scn-actions input[type=file]').setInputFiles({ name: 'mine.yaml', mimeType: 'application/yaml', buffer: Buffer.from(yaml) });
    await expect.poll(async () => (await state(page)).issues.map((i) => i.path)).toEqual(['workloads[0].trace.path']);
    const s = await state(page);
    expect(s).toMatchObject({ format: 'yaml', presetId: null, valid: false });
    expect(s.issues[0].message).toMatch(/"my-pods.csv" is not available here .*choose the CSV file/);
    expect(s.issues[0].line).toBe(7);
    const csv = 'name,cpu_milli,memory_mib,num_gpu,gpu_milli,gpu_spec,qos,pod_phase,creation_time,deletion_time,scheduled_time\np0,1000,1024,1,1000,,LS,Running,0,100,0\n';
    await page.locator('.scn-tabpanel-editor .scn-issue-fix input[type=file]').setInputFiles({ name: 'my-pods.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await expect.poll(async () => (await state(page)).valid).toBe(true);
    expect(errors.filter((e) => !/404/.test(e))).toEqual([]);
  });

  it('is keyboard operable: arrows move between the tabs', async () => {
    const { page, errors } = await open(browser);
    await page.getByRole('tab', { name: 'Presets' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Form' }).getAttribute('aria-selected')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Form');
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Home');
    expect(await page.getByRole('tab', { name: 'Editor' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('End');
    expect(await page.getByRole('tab', { name: 'Editor' }).getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('Home');
    expect(await page.getByRole('tab', { name: 'Presets' }).getAttribute('aria-selected')).toBe('true');
    expect(errors).toEqual([]);
  });

  it('reads well at 1440×900 and fits at 1024 wide', async () => {
    const { page, errors } = await open(browser);
    await page.getByRole('tab', { name: 'Presets' }).click();
    await screenshot(page, 'scenario-presets');
    await page.getByRole('tab', { name: 'Editor' }).click();
    await screenshot(page, 'scenario-editor');
    // The long story is folded to its first words; "show" unfolds it.
    const lastWords = JSON.parse(SEED).description.slice(-30);
    expect(await page.locator('.cm-content').textContent()).not.toContain(lastWords);
    await page.locator('.scn-story-fold').click();
    await expect.poll(() => page.locator('.cm-content').textContent()).toContain(lastWords);
    const narrow = await open(browser, undefined, { width: 1024, height: 700 });
    await narrow.page.getByRole('tab', { name: 'Form' }).click();
    await screenshot(narrow.page, 'scenario-form-1024');
    const box = await narrow.page.locator('.scn').boundingBox();
    expect(box!.height).toBeLessThanOrEqual(700);
    expect(errors).toEqual([]);
    expect(narrow.errors).toEqual([]);
  });
});
