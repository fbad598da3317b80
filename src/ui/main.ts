/**
 * The browser app's entry: builds the screen and wires its parts (scenario panel, runs,
 * charts, timeline replay, summary). Each part lives in its own folder under src/ui/.
 */
import { z } from 'zod';
import './theme/theme.css';
import { mountApp } from './app/mountApp.ts';

// zod compiles fast paths with `new Function` when it may; the page's Content Security
// Policy forbids eval, so tell zod not to try (no CSP violation, same validation).
z.config({ jitless: true });

mountApp(document.getElementById('app')!);
