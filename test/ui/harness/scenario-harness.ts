/**
 * Harness page of the scenario panel alone, for the end-to-end tests: mounts the panel in
 * a 420 px column and exposes it as `window.__panel`. `?key=NAME` picks the local-storage
 * key (each test its own).
 */
import { z } from 'zod';
import '../../../src/ui/theme/theme.css';
import { createScenarioPanel, type ScenarioPanel } from '../../../src/ui/scenario/createScenarioPanel.ts';

// The page's Content Security Policy forbids eval; zod must not try `new Function`.
z.config({ jitless: true });

declare global {
  interface Window { __panel?: ScenarioPanel }
}

const root = document.getElementById('root')!;
root.style.cssText = 'width: 420px; height: calc(100vh - 24px); margin: 12px;';
const key = new URLSearchParams(location.search).get('key') ?? 'dcsim.scenario.harness';
// The built site serves the preset traces at its top, three folders above this page.
window.__panel = createScenarioPanel(root, { storageKey: key, traceBaseUrl: new URL('../../../traces/', location.href).href });
