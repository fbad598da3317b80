/**
 * The Web Worker entry: serves {@link simWorkerApi} to the page through comlink
 * (`new Worker(new URL('./browserWorker.ts', import.meta.url), { type: 'module' })`, then
 * `Comlink.wrap<SimWorkerApi>(worker)`). Its module graph uses no Node API.
 */
import * as Comlink from 'comlink';
import { simWorkerApi } from './simWorker.ts';

Comlink.expose(simWorkerApi);
