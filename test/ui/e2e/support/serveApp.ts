/**
 * Vitest global set-up of the end-to-end tests: builds the app (vite build, into a
 * temporary folder, with the harness pages of test/ui/harness/) and serves it with `vite preview` on a free port; the tests get its
 * URL with `inject('appUrl')`. Runs once per test run, only when e2e tests are selected.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build, preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    appUrl: string;
    /** Where screenshots go (not committed). */
    shotsDir: string;
  }
}

export default async function serveApp(project: TestProject): Promise<() => Promise<void>> {
  const root = resolve(import.meta.dirname, '../../../..');
  const outDir = mkdtempSync(join(tmpdir(), 'dcsim-app-'));
  // The app, plus the harness pages under test/ui/harness/ (one component each, for tests
  // of a component alone); `npm start` builds the app only.
  const harness = resolve(root, 'test/ui/harness');
  const input: Record<string, string> = { main: resolve(root, 'index.html') };
  if (existsSync(harness)) for (const f of readdirSync(harness)) if (f.endsWith('.html')) input[f.slice(0, -5)] = resolve(harness, f);
  await build({ root, logLevel: 'warn', build: { outDir, emptyOutDir: true, rollupOptions: { input } } });
  const server = await preview({ root, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false } });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview gave no URL');
  project.provide('appUrl', url);
  project.provide('shotsDir', resolve(root, 'test-results/screenshots'));
  return async () => {
    await server.close();
    rmSync(outDir, { recursive: true, force: true });
  };
}
