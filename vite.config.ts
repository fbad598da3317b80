import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/**
 * The Content Security Policy of the built page: scripts only from the page's own origin
 * (a user's policy module runs in the runs' workers, loaded from a blob: URL, and only after
 * the user consents), no inline scripts, no eval, no network but the page's origin.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** Adds the CSP to the built page only: the dev server injects inline scripts of its own. */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'dcsim-csp',
    apply: 'build',
    transformIndexHtml: (html) => html.replace('<meta charset="utf-8" />', `<meta charset="utf-8" />\n    <meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}" />`),
  };
}

/** The public traces the trace presets replay, copied next to the page when they are there. */
const TRACES = ['azure-llm-2023-conv.csv', 'alibaba-gpu-2023-pods.csv'];
function copyTraces(): Plugin {
  let outDir = 'dist';
  return {
    name: 'dcsim-traces',
    apply: 'build',
    configResolved: (c) => { outDir = resolve(c.root, c.build.outDir); },
    closeBundle() {
      const from = resolve(import.meta.dirname, '../shared/traces');
      if (!existsSync(from)) return;
      mkdirSync(resolve(outDir, 'traces'), { recursive: true });
      for (const f of TRACES) if (existsSync(resolve(from, f))) copyFileSync(resolve(from, f), resolve(outDir, 'traces', f));
    },
  };
}

/** The same traces under /traces/ while `npm run dev` serves the app. */
function serveTraces(): Plugin {
  return {
    name: 'dcsim-traces-dev',
    apply: 'serve',
    configureServer(server) {
      server.middlewares.use('/traces', (req, res, next) => {
        const name = decodeURIComponent((req.url ?? '').replace(/^\//, '').split('?')[0]);
        const file = resolve(import.meta.dirname, '../shared/traces', name);
        if (!TRACES.includes(name) || !existsSync(file)) return next();
        res.setHeader('Content-Type', 'text/csv');
        res.end(readFileSync(file));
      });
    },
  };
}

export default defineConfig({
  base: './',
  plugins: [contentSecurityPolicy(), copyTraces(), serveTraces()],
  worker: { format: 'es' },
  build: { outDir: 'dist', target: 'es2022', chunkSizeWarningLimit: 2000, rolldownOptions: { checks: { pluginTimings: false } } },
  preview: { port: 4173 },
});
