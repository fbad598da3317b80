/**
 * The charts, headline cards and summary table on their harness page
 * (test/ui/harness/charts.html: three made-up runs), in real headless Chromium under the
 * built page's CSP.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { formatFigure } from '../../../src/ui/charts/formatFigure.ts';
import { valueAt } from '../../../src/ui/charts/seriesSteps.ts';
import { HEADLINE_ROWS } from '../../../src/ui/charts/summaryFigures.ts';
import { fixtureRuns } from '../support/chartFixtures.ts';
import type { ChartsHarness } from '../harness/charts-harness.ts';
import { launch, openApp, screenshot } from './support/browser.ts';

declare global {
  interface Window { chartsHarness: ChartsHarness }
}

const HARNESS = 'test/ui/harness/charts.html';
const runs = fixtureRuns();

describe('charts, headline cards and summary table', () => {
  let browser: Browser;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    browser = await launch();
    ({ page, errors } = await openApp(browser, HARNESS));
    await page.waitForSelector('body[data-ready="true"]');
  });
  afterAll(async () => { await browser?.close(); });

  it('is served under the strict CSP', async () => {
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self'");
  });

  it('draws a line per run in each of the four charts, and a legend', async () => {
    for (const fig of ['C', 'S', 'T', 'R']) {
      const lines = page.locator(`.mc-panel-${fig} path.mc-line`);
      await expect.poll(() => lines.count()).toBe(3);
      for (let i = 0; i < 3; i++) {
        const d = await lines.nth(i).getAttribute('d');
        expect(d && d.length).toBeGreaterThan(50);
      }
    }
    // T has a gap (a quiet night with no completions): its path has more than one segment.
    const dT = await page.locator('.mc-panel-T path.mc-line').first().getAttribute('d');
    expect(dT!.match(/M/g)!.length).toBeGreaterThan(1);
    expect(await page.locator('.mc-legend-item').allTextContents()).toEqual(runs.map((r) => r.name));
  });

  it('the first run\'s headline values carry the metric-* test ids', async () => {
    for (const row of HEADLINE_ROWS) {
      const text = await page.getByTestId(`metric-${row.id}`).textContent();
      expect(text).toBe(formatFigure(row.kind, row.get(runs[0].result)));
    }
    expect(await page.getByTestId('metric-C').textContent()).toBe('0.961');
  });

  it('hovering shows every run\'s values at that time', async () => {
    const box = (await page.locator('.mc-overlay').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.3, box.y + 40);
    const tip = page.locator('.mc-tip');
    await expect.poll(() => tip.isVisible()).toBe(true);
    const rows = tip.locator('tr[data-run]');
    expect(await rows.count()).toBe(3);
    for (let i = 0; i < 3; i++) {
      expect(await rows.nth(i).locator('td[data-figure="C"]').textContent()).toMatch(/^[01]\.\d{3}$/);
      expect(await rows.nth(i).locator('td[data-figure="T"]').textContent()).toMatch(/ (s|min|h)$|^—$/);
    }
    expect(await page.locator('.mc-hover circle').count()).toBeGreaterThanOrEqual(9);
    await page.locator('.mc').screenshot({ path: `${inject('shotsDir')}/charts-hover.png` });
    await page.mouse.move(box.x - 30, box.y - 30);
    await expect.poll(() => tip.isVisible()).toBe(false);
  });

  it('the keyboard reads the values window by window', async () => {
    await page.locator('.mc-plot').focus();
    await page.keyboard.press('Home');
    for (let k = 0; k < 5; k++) await page.keyboard.press('ArrowRight');
    const t = 5.5 * 3600;
    const rows = page.locator('.mc-tip tr[data-run]');
    for (let i = 0; i < 3; i++) {
      for (const [fig, kind] of [['C', 'fraction'], ['S', 'fraction'], ['T', 'durationS'], ['R', 'fraction']] as const) {
        const v = valueAt(runs[i].series, fig, t, runs[i].endS);
        expect(await rows.nth(i).locator(`td[data-figure="${fig}"]`).textContent()).toBe(formatFigure(kind, v));
      }
    }
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => window.chartsHarness.scrubs.at(-1))).toBe(t);
    await page.keyboard.press('Escape');
  });

  it('the replay cursor follows setCursor across all four charts', async () => {
    const cursor = page.locator('.mc-cursor line');
    await page.evaluate(() => window.chartsHarness.charts.setCursor(24 * 3600));
    const x1 = Number(await cursor.getAttribute('x1'));
    await page.evaluate(() => window.chartsHarness.charts.setCursor(72 * 3600));
    const x2 = Number(await cursor.getAttribute('x1'));
    expect(x2).toBeGreaterThan(x1);
    // Linear in time: 72 h is as far from 24 h as 24 h is from 0 times two.
    const x0 = Number(await page.locator('.mc-overlay').getAttribute('x'));
    expect(x2 - x1).toBeCloseTo(2 * (x1 - x0), 0);
    const y1 = Number(await cursor.getAttribute('y1')), y2 = Number(await cursor.getAttribute('y2'));
    const panels = await page.locator('.mc-panel').count();
    expect(panels).toBe(4);
    expect(y2 - y1).toBeGreaterThan(4 * 84);
    await page.evaluate(() => window.chartsHarness.charts.setCursor(null));
    expect(await cursor.count()).toBe(0);
  });

  it('clicking on the charts scrubs the replay', async () => {
    const before = await page.evaluate(() => window.chartsHarness.scrubs.length);
    const box = (await page.locator('.mc-overlay').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + 100);
    const scrubs = await page.evaluate(() => window.chartsHarness.scrubs);
    expect(scrubs.length).toBe(before + 1);
    expect(scrubs.at(-1)! / 3600).toBeCloseTo(84, -0.5); // the middle of a week, within about a pixel's worth
    expect(await page.locator('.mc-cursor line').count()).toBe(1);
  });

  it('exports a standalone SVG document', async () => {
    const svg = await page.evaluate(() => window.chartsHarness.charts.toSvg());
    expect(svg.startsWith('<?xml')).toBe(true);
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.querySelector('parsererror')?.textContent ?? null,
        root: doc.documentElement.localName,
        ns: doc.documentElement.namespaceURI,
        lines: doc.querySelectorAll('path.mc-line').length,
        live: doc.querySelectorAll('.mc-live').length,
        width: doc.documentElement.getAttribute('width'),
      };
    }, svg);
    expect(parsed).toMatchObject({ error: null, root: 'svg', ns: 'http://www.w3.org/2000/svg', lines: 12, live: 0 });
    expect(Number(parsed.width)).toBeGreaterThan(400);
    expect(svg).not.toContain('var(--');
  });

  it('exports a PNG', async () => {
    const png = await page.evaluate(async () => {
      const blob = await window.chartsHarness.charts.toPng(2);
      const bytes = new Uint8Array(await blob.arrayBuffer());
      const view = new DataView(bytes.buffer);
      return { type: blob.type, size: blob.size, magic: Array.from(bytes.slice(0, 8)), width: view.getUint32(16), height: view.getUint32(20), bytes: Array.from(bytes) };
    });
    mkdirSync(inject('shotsDir'), { recursive: true });
    writeFileSync(`${inject('shotsDir')}/charts-export.png`, Uint8Array.from(png.bytes));
    expect(png.type).toBe('image/png');
    expect(png.magic).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const svgWidth = Number(await page.locator('.mc-svg').getAttribute('width'));
    expect(png.width).toBe(svgWidth * 2);
    expect(png.size).toBeGreaterThan(10_000);
  });

  it('the summary table shows each later run\'s difference to the first, direction-aware', async () => {
    const cRow = page.locator('.st-row[data-figure="C"]');
    expect(await cRow.locator('td.st-cell').allTextContents()).toEqual(['0.961', '0.983', '0.969']);
    const cDiff = cRow.locator('td.st-delta').nth(0).locator('.st-diff');
    expect(await cDiff.textContent()).toBe('▲ +0.021 (better)');
    expect(await cDiff.getAttribute('class')).toContain('diff-better');
    const lostDiff = page.locator('.st-row[data-figure="lostGpuS"] td.st-delta').nth(0).locator('.st-diff');
    expect(await lostDiff.textContent()).toMatch(/^▼ −[\d,.]+ GPU-h \(better\)$/);
    const preempt = page.locator('.st-row[data-figure="preemptions"] td.st-delta').nth(1).locator('.st-diff');
    expect(await preempt.textContent()).toBe('▲ +14 (worse)');
    expect(await preempt.getAttribute('class')).toContain('diff-worse');
    // Sections fold and unfold.
    const storage = page.locator('tbody[data-section="storage"]');
    const toggle = storage.locator('.st-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await storage.locator('.st-row').first().isVisible()).toBe(false);
    await toggle.click();
    expect(await storage.locator('.st-row').first().isVisible()).toBe(true);
    // The per-workload sections are there, collapsed.
    expect(await page.locator('details.st-workload').count()).toBe(3);
    const csv = await page.evaluate(() => window.chartsHarness.table.toCsv());
    expect(csv.split('\r\n')[0]).toBe('section,figure,unit,baseline,hot spares,hot spares − baseline,ckpt every 10 min,ckpt every 10 min − baseline');
    expect(csv).toContain('\r\nHeadline,C · business continuity,,0.9612,0.9825,0.0213,0.9688,0.0076\r\n');
  });

  it('a figure name opens its definition; Esc closes it and focus returns', async () => {
    const button = page.locator('.st-row[data-figure="C"] .fig-name');
    await button.click();
    const dialog = page.getByTestId('figure-definition');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('business continuity');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
    expect(await page.evaluate(() => (document.activeElement as HTMLElement).dataset.def)).toBe('C');
    // The card labels and the chart titles open definitions too, from the keyboard.
    await page.locator('.hc-card[data-figure="T"] .hc-label').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('response time');
    await dialog.getByRole('button', { name: 'All definitions' }).click();
    expect(await dialog.locator('.fig-def').count()).toBeGreaterThan(30);
    await page.keyboard.press('Escape');
    await page.locator('.mc-panel-R .mc-title').focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => dialog.isVisible()).toBe(true);
    expect(await dialog.textContent()).toContain('resource utilisation');
    await page.keyboard.press('Escape');
    await expect.poll(() => dialog.isVisible()).toBe(false);
  });

  it('reads well at 1440×900 and at 1024 wide, with no console errors', async () => {
    await page.mouse.move(10, 10);
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.locator('#h-cursor').fill(String(100 * 3600));
    expect(Number(await page.locator('.mc-cursor').getAttribute('data-time'))).toBe(100 * 3600);
    await screenshot(page, 'charts-1440');
    await page.screenshot({ path: `${inject('shotsDir')}/charts-1440-full.png`, fullPage: true });
    const st = (await page.locator('.st').boundingBox())!;
    await page.screenshot({ path: `${inject('shotsDir')}/charts-table.png`, fullPage: true, clip: { x: st.x, y: st.y, width: st.width, height: Math.min(st.height, 1100) } });
    await page.setViewportSize({ width: 1024, height: 800 });
    await expect.poll(async () => Number(await page.locator('.mc-svg').getAttribute('width'))).toBeLessThan(1024);
    // Nothing overflows the page sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await page.screenshot({ path: `${inject('shotsDir')}/charts-1024-full.png`, fullPage: true });
    await page.locator('.hc').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${inject('shotsDir')}/charts-1024.png` });
    expect(errors).toEqual([]);
  });

  it('shows placeholders without runs, and no differences with one run', async () => {
    await page.evaluate(() => {
      const h = window.chartsHarness;
      h.charts.setRuns([]);
      h.table.setRuns([]);
      h.cards.setRuns([]);
    });
    expect(await page.locator('.mc-line').count()).toBe(0);
    expect(await page.locator('.mc-svg').textContent()).toContain('No runs yet');
    expect(await page.locator('.st-empty').count()).toBe(1);
    expect(await page.getByTestId('metric-C').count()).toBe(0);
    const one = await page.evaluate(() => {
      const h = window.chartsHarness;
      h.table.setRuns(h.runs.slice(0, 1));
      h.cards.setRuns(h.runs.slice(0, 1));
      return document.querySelectorAll('.st-delta, .hc-diff').length;
    });
    expect(one).toBe(0);
    expect(await page.getByTestId('metric-C').textContent()).toBe('0.961');
    expect(errors).toEqual([]);
  });
});
