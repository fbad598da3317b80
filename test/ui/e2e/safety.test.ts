import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { encodeComparison } from '../../../src/ui/share/shareLink.ts';
import { launch, openApp } from './support/browser.ts';

const seed = readFileSync(new URL('../../../scenarios/seed-example.json', import.meta.url), 'utf8');
const code = readFileSync(new URL('../../../examples/policies/largest-first.js', import.meta.url), 'utf8');

/** A link to the seed example under FIFO and a policy of the link's own code. */
async function linkWithCode(): Promise<string> {
  return '#c=' + await encodeComparison({
    v: 1, format: 'json', text: seed, presetId: 'seed-example', modules: [{ name: 'largest-first.js', code }],
    sets: [{ name: 'fifo', choices: { scheduling: 'fifo' }, params: '' }, { name: 'largest first', choices: { scheduling: 'largest-first' }, params: '' }],
  });
}

const statuses = (page: Page) => page.locator('.runs-status').allTextContents();

describe('safety of the app', () => {
  let browser: Browser;
  beforeAll(async () => { browser = await launch(); });
  afterAll(async () => { await browser?.close(); });

  it('serves the built page with a Content Security Policy that forbids inline scripts', async () => {
    const { page, errors } = await openApp(browser);
    const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    // An inline script (as an injected one would be) does not run.
    const ran = await page.evaluate(() => new Promise<boolean>((resolve) => {
      document.addEventListener('securitypolicyviolation', () => resolve((window as unknown as { __inline?: number }).__inline === 1), { once: true });
      const s = document.createElement('script');
      s.textContent = 'window.__inline = 1';
      document.head.append(s);
    }));
    expect(ran).toBe(false);
    errors.length = 0; // the blocked script above reports itself; nothing else may
    await page.reload();
    await expect.poll(() => page.getByTestId('run-button').isEnabled(), { timeout: 20_000 }).toBe(true);
    expect(errors).toEqual([]);
  });

  it('never runs policy code from a link without consent, and runs it in the workers when given', async () => {
    const link = await linkWithCode();
    const refused = await openApp(browser, link);
    await expect.poll(() => refused.page.getByTestId('consent-dialog').isVisible()).toBe(true);
    expect(await refused.page.getByTestId('consent-dialog').textContent()).toContain('largest-first');
    await refused.page.getByTestId('consent-refuse').click();
    await expect.poll(() => refused.page.getByTestId('metric-C').count(), { timeout: 60_000 }).toBe(1);
    expect(await refused.page.locator('.runs-set').count()).toBe(1);
    expect(await refused.page.evaluate(() => localStorage.getItem('dcsim.modules'))).toBeNull();
    expect(refused.errors).toEqual([]);

    const accepted = await openApp(browser, link);
    await accepted.page.getByTestId('consent-accept').click();
    await expect.poll(() => accepted.page.getByTestId('metric-C').count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(async () => (await statuses(accepted.page)).filter((s) => s.startsWith('done')).length, { timeout: 60_000 }).toBe(2);
    expect(accepted.errors).toEqual([]);
  });

  it('keeps the page responsive during long runs, and cancels one run without the other', async () => {
    const { page, errors } = await openApp(browser);
    await page.getByTestId('tour-skip').click();
    await page.getByRole('tab', { name: 'Editor' }).click();
    await page.locator('.cm-content').click();
    await page.keyboard.press('Control+a');
    await page.keyboard.insertText(seed.replace('"count": 1000', '"count": 2000000').replace('"horizon": "1d"', '"horizon": "400d"'));
    await expect.poll(() => page.getByTestId('run-button').isEnabled(), { timeout: 10_000 }).toBe(true);
    while (await page.locator('.runs-set').count() > 2) await page.locator('.runs-remove').last().click();
    await page.getByTestId('run-button').click();
    await expect.poll(async () => Number((await page.getByTestId('run-status-0').textContent())?.replace('%', '') || 0), { timeout: 30_000 }).toBeGreaterThan(0);
    // The main thread answers at once while both workers run.
    const t0 = Date.now();
    await page.getByRole('tab', { name: 'Presets' }).click();
    expect(await page.evaluate(() => new Promise<number>((r) => { const t = performance.now(); requestAnimationFrame(() => r(performance.now() - t)); }))).toBeLessThan(200);
    expect(Date.now() - t0).toBeLessThan(2000);
    await page.locator('.runs-cancel').first().click();
    await expect.poll(() => page.getByTestId('run-status-0').textContent()).toContain('cancelled');
    await expect.poll(() => page.getByTestId('run-status-1').textContent(), { timeout: 90_000 }).toMatch(/^done/);
    await expect.poll(() => page.getByTestId('metric-C').count()).toBe(1);
    expect(errors).toEqual([]);
  });
});
