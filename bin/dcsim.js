#!/usr/bin/env node
// Starts the dcsim command line. The sources are TypeScript; tsx compiles them on load.
import { register } from 'tsx/esm/api';

// Under a namespace, so only our sources go through tsx: a policy module in plain JavaScript
// loads as Node loads it (an ES module .js outside a "type": "module" package too).
const tsx = register({ namespace: 'dcsim' });
const { main } = await tsx.import('../src/cli/main.ts', import.meta.url);
process.exitCode = await main(process.argv.slice(2));
