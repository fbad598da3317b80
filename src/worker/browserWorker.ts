/**
 * The Web Worker entry: serves {@link simWorkerApi} to the page through comlink
 * (`new Worker(new URL('./browserWorker.ts', import.meta.url), { type: 'module' })`, then
 * `Comlink.wrap<SimWorkerApi>(worker)`). Its module graph uses no Node API.
 */
import * as Comlink from 'comlink';
import { z } from 'zod';
import { simWorkerApi } from './simWorker.ts';

// No code generation (zod would try `new Function`): the same in a page with a strict CSP.
z.config({ jitless: true });

Comlink.expose(simWorkerApi);
