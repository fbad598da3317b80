import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { parseScenarioText } from '../../../src/sim/scenario/parseScenario.ts';
import { fromNamedSet, policiesOf } from '../../../src/ui/runs/UiPolicySet.ts';
import { runScenario } from '../../../src/worker/runScenario.ts';
import { launch, openApp, screenshot } from './support/browser.ts';

const seed = readFileSync(new URL('../../../scenarios/seed-example.json', import.meta.url), 'utf8');

/** Skips the first-visit tour if it shows. */
async function skipTour(page: Page): Promise<void> {
  const skip = page.getByTestId('tour-skip');
  await expect.poll(() => skip.isVisible()).toBe(true);
  await skip.click();
}

async function headline(page: Page): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of ['C', 'S', 'T', 'R']) out[f] = (await page.getByTestId(`metric-${f}`).textContent())!.trim();
  return out;
}

async function runAndWait(page: Page): Promise<void> {
  await expect.poll(() => page.getByTestId('run-button').isEnabled(), { timeout: 20_000 }).toBe(true);
  await page.getByTestId('run-button').click();
  await expect.poll(() => page.getByTestId('metric-C').count(), { timeout: 60_000 }).toBe(1);
}

describe('the app, end to end', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it('runs the seed example under two policy sets, shows C, S, T and R, replays, and shares the comparison by link', async () => {
    const { page, errors } = await openApp(browser);
    await screenshot(page, 'app-tour');
    await skipTour(page);
    // Two sets: keep the preset's first two.
    while (await page.locator('.runs-set').count() > 2) await page.locator('.runs-remove').last().click();
    const t0 = Date.now();
    await runAndWait(page);
    console.log(`click → first chart: ${await page.evaluate(() => document.body.dataset.firstChartMs)} ms in the page (${Date.now() - t0} ms seen by the test)`);
    const h = await headline(page);
    for (const f of ['C', 'S', 'R']) expect(Number(h[f])).toBeGreaterThan(0), expect(Number(h[f])).toBeLessThanOrEqual(1);
    expect(h.T).toMatch(/^\d[\d.]* (s|min|h)$/);
    expect(await page.locator('.runs-status[data-kind="ok"]').count()).toBe(2);
    await screenshot(page, 'app-results');

    // Scrub: the replay slider moves the cursor of the timeline and the charts.
    const slider = page.locator('.rp-slider');
    await slider.focus();
    await page.keyboard.press('End');
    const end = await page.locator('.rp-time, [data-testid="replay"]').first().textContent();
    expect(end).toMatch(/\d+:\d\d:\d\d/);
    await page.keyboard.press('Home');
    await page.getByTestId('timeline').scrollIntoViewIfNeeded();
    await screenshot(page, 'app-timeline');
    await page.locator('.app-charts').scrollIntoViewIfNeeded();
    await screenshot(page, 'app-charts');
    // Usable at 1024 wide: nothing wider than the page.
    await page.setViewportSize({ width: 1024, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'app-1024');
    await page.setViewportSize({ width: 1440, height: 900 });

    // Export: the results as JSON and CSV, the charts as SVG and PNG.
    const download = async (testid: string) => {
      const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testid).click()]);
      return { name: d.suggestedFilename(), text: readFileSync((await d.path())!, 'utf8') };
    };
    const json = await download('export-json');
    expect(json.name).toBe('seed-example-results.json');
    const doc = JSON.parse(json.text);
    expect(doc.runs).toHaveLength(2);
    expect(doc.runs[0].metrics.C.toFixed(3)).toBe(h.C);
    expect(doc.runs[0].overTime.C.length).toBeGreaterThan(10);
    // Same scenario, seed and policies: the same figures in the browser's worker as in Node.
    const scenario = parseScenarioText(seed, 'json');
    const inNode = runScenario({ ...scenario, policies: policiesOf(scenario.policies, fromNamedSet(scenario.policySets[0])) });
    expect(doc.runs[0].metrics).toEqual(JSON.parse(JSON.stringify(inNode.metrics)));
    expect(doc.runs[0].workloads).toEqual(JSON.parse(JSON.stringify(inNode.workloads)));
    const csv = await download('export-csv');
    expect(csv.text.split('\n')[0]).toContain('FIFO');
    const [svg] = await Promise.all([page.waitForEvent('download'), page.locator('.app-header [data-action="export-svg"]').click()]);
    expect(readFileSync((await svg.path())!, 'utf8')).toMatch(/^<\?xml|^<svg/);
    const [png] = await Promise.all([page.waitForEvent('download'), page.locator('.app-header [data-action="export-png"]').click()]);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe('PNG');

    // Share: a link that reproduces the comparison.
    await page.getByTestId('share-button').click();
    await expect.poll(() => page.evaluate(() => location.hash)).toMatch(/^#c=/);
    const link = await page.evaluate(() => location.hash);
    const again = await openApp(browser, link);
    await expect.poll(() => again.page.getByTestId('metric-C').count(), { timeout: 60_000 }).toBe(1);
    expect(await headline(again.page)).toEqual(h);
    expect(await again.page.locator('.runs-set').count()).toBe(2);
    expect(await again.page.getByTestId('tour').count()).toBe(0);
    expect(again.errors).toEqual([]);
    expect(errors).toEqual([]);
  });

  it('shows a scenario error at its field and keeps the run button off until it is fixed', async () => {
    const { page, errors } = await openApp(browser);
    await skipTour(page);
    await page.getByRole('tab', { name: 'Editor' }).click();
    // Replace the text, as a user pasting a scenario would: the arrival rate made negative.
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(seed.replace('"rate": 0.08', '"rate": -0.08'));
    await expect.poll(() => page.locator('.cm-lintRange-error').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    await expect.poll(() => page.getByText('workloads[0].arrival.poisson.rate').count()).toBeGreaterThan(0);
    // The error is marked on the line of the field.
    expect(await page.locator('.cm-line', { has: page.locator('.cm-lintRange-error') }).first().textContent()).toContain('"rate": -0.08');
    expect(await page.getByTestId('run-button').isDisabled()).toBe(true);
    await screenshot(page, 'app-error');
    // Fixed, it runs again.
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(seed);
    await expect.poll(() => page.getByTestId('run-button').isEnabled(), { timeout: 10_000 }).toBe(true);
    expect(await page.locator('.cm-lintRange-error').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
