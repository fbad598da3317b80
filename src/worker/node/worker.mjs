// The Node entry of a simulation worker (worker_threads). Node cannot start a .ts worker, so
// this plain module has tsx compile the simulator — registered under a namespace, so that
// only our sources and what they import go through it: a policy module that is plain
// JavaScript loads as Node itself would load it (an ES module .js outside a "type": "module"
// package too) — then serves the same module as the browser's worker (../simWorker.ts) to
// the parent thread through comlink's Node adapter.
import { parentPort } from 'node:worker_threads';
import * as Comlink from 'comlink';
import nodeEndpoint from 'comlink/dist/esm/node-adapter.mjs';
import { register } from 'tsx/esm/api';

if (!parentPort) throw new Error('src/worker/node/worker.mjs runs as a worker thread, not on its own');
const tsx = register({ namespace: 'dcsim-worker' });
const { simWorkerApi } = await tsx.import('../simWorker.ts', import.meta.url);
Comlink.expose(simWorkerApi, nodeEndpoint(parentPort));
