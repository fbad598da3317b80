/**
 * Real headless Chromium (Debian's, never downloaded) driven by playwright-core, with the
 * flags this machine needs. `openApp` opens the served app in a fresh page at 1440×900 and
 * collects console errors and page errors, which every test expects to be none.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { inject } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface AppPage {
  readonly page: Page;
  /** Console errors and uncaught page errors seen so far. */
  readonly errors: string[];
}

/** Opens the app (with an optional `?…` or `#…` suffix) in a new page of `browser`. */
export async function openApp(browser: Browser, suffix = '', size = { width: 1440, height: 900 }): Promise<AppPage> {
  const context = await browser.newContext({ viewport: size });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('pageerror', (e) => errors.push(`page: ${e.message}`));
  await page.goto(inject('appUrl') + suffix);
  return { page, errors };
}

/** Saves a screenshot to test-results/screenshots/NAME.png (not committed) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  const dir = inject('shotsDir');
  mkdirSync(dir, { recursive: true });
  const path = `${dir}/${name}.png`;
  await page.screenshot({ path });
  return path;
}
