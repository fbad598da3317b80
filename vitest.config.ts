import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/ui/e2e/**'] },
      },
      {
        // The browser app in real headless Chromium: built once and served by globalSetup.
        extends: true,
        test: {
          name: 'e2e',
          include: ['test/ui/e2e/**/*.test.ts'],
          globalSetup: ['test/ui/e2e/support/serveApp.ts'],
          hookTimeout: 180_000,
          testTimeout: 120_000,
        },
      },
    ],
  },
});
